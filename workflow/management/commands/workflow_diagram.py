from django.conf import settings
from django.core.management.base import BaseCommand

from workflow.diagram import workflow_markdown

DOC = settings.BASE_DIR / "docs" / "workflow.md"


class Command(BaseCommand):
    help = "Write docs/workflow.md, the review state machine drawn from its transition table."

    def handle(self, *args, **options):
        DOC.write_text(workflow_markdown(), encoding="utf-8")
        self.stdout.write(f"Wrote {DOC.relative_to(settings.BASE_DIR)}")
