from django.conf import settings

from workflow.diagram import workflow_markdown


def test_the_documented_workflow_matches_the_transition_table():
    committed = (settings.BASE_DIR / "docs" / "workflow.md").read_text(encoding="utf-8")
    assert committed == workflow_markdown(), "run: python manage.py workflow_diagram"
