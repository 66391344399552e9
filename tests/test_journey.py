"""The foundation's acceptance walk: real schools and NHS rows in, a real SEN information report
through the provider's pages, the moderator's pages and onto the public Local Offer."""

import json
import re

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from portal.demo import demo_pdf_bytes
from portal.models import Provider
from portal.services import membership_create
from submissions.models import Entry, Revision
from submissions.sections import report_items_for
from tests.conftest import PROJECT_DATA
from tests.factories import PASSWORD, ModeratorFactory, UserFactory
from workflow.models import TransitionLog

# Transactional, so that the notifications queued with on_commit really go when each request commits.
pytestmark = [pytest.mark.django_db(transaction=True)]


def _sen_report(shared_real, school):
    with open(shared_real / "pages" / "durham_school_sen_information_reports.jsonl", encoding="utf-8") as f:
        records = [json.loads(line) for line in f]
    return next(r for r in records if r["school"] == school and "&" in r["text"])


def _sign_in(email):
    client = Client()
    response = client.post(reverse("login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302, "sign-in failed"
    return client


def _csrf_free_action(client, revision, action, state, comment=""):
    return client.post(reverse("revision_action", args=[revision.pk, action]),
                       {"expected_state": state, "comment": comment}, follow=True)


@pytest.mark.shared_data
def test_a_real_sen_information_report_goes_from_a_senco_to_the_public_local_offer(shared_real):
    call_command("import_schools", str(shared_real / "schools" / "durham_area_open_schools_2025-07.csv"),
                 verbosity=0)
    call_command("import_health_providers",
                 str(shared_real / "health" / "nhs_ods_epraccur_county_durham_84H_2025-08.csv"), verbosity=0)
    call_command("import_postcodes", *map(str, sorted((shared_real / "postcodes").glob("*.csv"))),
                 verbosity=0)
    call_command("import_taxonomy", "need", str(PROJECT_DATA / "taxonomies" / "send_needs.csv"), verbosity=0)
    assert Provider.objects.filter(urn__gt="").count() == 301
    assert Provider.objects.filter(ods_code__gt="").count() == 112

    report = _sen_report(shared_real, "North Durham Academy")
    school = Provider.objects.get(urn="136745")
    assert school.name == "North Durham Academy"
    senco = UserFactory(email="senco@northdurham.example.org")
    membership_create(user=senco, provider=school)
    moderator = ModeratorFactory(email="moderator@durham.example.org")

    # The SENCO signs in and sees only their own school.
    provider_client = _sign_in(senco.email)
    home = provider_client.get(reverse("portal:home"))
    assert "North Durham Academy" in home.content.decode()
    assert "Villa Real" not in home.content.decode()

    # Starts the school's SEN information report and works through the task list, section by
    # section, with the school's real report text spread over the statutory items.
    response = provider_client.post(reverse("submissions:entry_create", args=[school.pk]), {
        "kind": "sen_report", "name": "North Durham Academy SEND information report"})
    assert response.status_code == 302
    entry = Entry.objects.get(provider=school)
    revision = entry.revisions.get()
    tasks = provider_client.get(response.url)
    assert "Not started" in tasks.content.decode()
    paragraphs = [p.strip() for p in report["text"].split("\n") if len(p.split()) >= 3]
    items = report_items_for(school)
    texts = {item.key: paragraphs[n % len(paragraphs)] for n, item in enumerate(items)}
    section_url = reverse("submissions:revision_section", args=[revision.pk, "about"])
    while not section_url.endswith("/check/"):
        form = provider_client.get(section_url).context["form"]
        data = {name: texts[name[len("report_"):]] for name in form.fields if name.startswith("report_")}
        if "needs" in form.fields:
            asd = form.fields["needs"].queryset.get(code="ASD")
            data.update({"name": "North Durham Academy SEND information report", "needs": [asd.pk],
                         "description": paragraphs[0], "age_from_years": "11", "age_to_years": "18"})
        if "contact_name" in form.fields:
            data.update({"contact_name": "SENCO", "contact_email": "send@northdurham.example.org",
                         "contact_phone": "01207 200 000", "address": "Tyne Road East\nStanley",
                         "postcode": "dh9 6ps"})
        if "document" in form.fields:
            data["document"] = SimpleUploadedFile("accessibility-plan.pdf", demo_pdf_bytes("Accessibility plan"))
        response = provider_client.post(section_url, data)
        assert response.status_code == 302, response.content.decode()[:2000]
        section_url = response.url
    check = provider_client.get(section_url).content.decode()
    assert "Not ready to submit" not in check and "Submit for review" in check
    revision.refresh_from_db()
    assert revision.state == "draft"
    assert revision.postcode == "DH9 6PS"
    assert (revision.age_min_months, revision.age_max_months) == (132, 227)
    assert set(revision.report) == {item.key for item in items}

    # A draft is not public.
    assert Client().get(reverse("offer:entry", args=[entry.pk])).status_code == 404

    # Submits it for review.
    page = _csrf_free_action(provider_client, revision, "submit", "draft")
    assert "has been submitted for review" in page.content.decode()
    revision.refresh_from_db()
    assert revision.state == "submitted"
    assert Client().get(reverse("offer:entry", args=[entry.pk])).status_code == 404
    assert "Waiting for review" in page.content.decode()

    # The moderator finds it in the queue, opens it, takes it, approves and publishes it.
    moderator_client = _sign_in(moderator.email)
    queue = moderator_client.get(reverse("workflow:queue")).content.decode()
    assert "North Durham Academy SEND information report" in queue
    review = moderator_client.get(reverse("workflow:review", args=[revision.pk])).content.decode()
    assert escape(paragraphs[1]) in review
    assert "Missing" not in review
    assert "Start review" in review
    for action, state in [("start_review", "submitted"), ("approve", "in_review"), ("publish", "approved")]:
        response = _csrf_free_action(moderator_client, revision, action, state)
        assert response.status_code == 200
    revision.refresh_from_db()
    entry.refresh_from_db()
    assert revision.state == "published"
    assert entry.published_revision == revision
    assert list(TransitionLog.objects.filter(revision=revision).values_list("action", flat=True)) == [
        "submit", "start_review", "approve", "publish"]

    # The public page shows the report, escaped, under the right school.
    public = Client().get(reverse("offer:entry", args=[entry.pk]))
    assert public.status_code == 200
    html = public.content.decode()
    for item in items:
        assert escape(item.title) in html
    with_ampersand = next(p for p in paragraphs if "&" in p)
    assert escape(with_ampersand) in html
    caption = re.search(r'<span class="govuk-caption-l">(.*?)</span>', html).group(1)
    assert caption == "North Durham Academy"
    listing = Client().get(reverse("offer:home"), {"q": "North Durham"}).content.decode()
    assert "North Durham Academy SEND information report" in listing

    # The provider's people were emailed that it is published, with a link to the public page.
    published = [m for m in mail.outbox if m.to == [senco.email] and "now on the Local Offer" in m.subject]
    assert len(published) == 1
    assert f"/entries/{entry.pk}/" in published[0].body
    assert published[0].alternatives[0][1] == "text/html"
    # And the moderator was told of the submission.
    assert any(m.to == [moderator.email] and "waiting for review" in m.subject for m in mail.outbox)


def test_escaping_holds_for_hostile_text(make_entry, moderator, provider_user):
    from workflow.services import revision_transition

    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    entry = make_entry(name=f"Club {hostile}", description=f"Details {hostile}")
    revision = entry.revisions.get()
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)
    for page in (Client().get(reverse("offer:entry", args=[entry.pk])), Client().get(reverse("offer:home"))):
        html = page.content.decode()
        assert "<script>alert" not in html
        assert "<img src=x" not in html
        assert "&lt;script&gt;" in html
    email = next(m for m in mail.outbox if "now on the Local Offer" in m.subject)
    assert "<script>" not in email.alternatives[0][0]
    stored = Revision.objects.get(pk=revision.pk)
    assert stored.name == f"Club {hostile}"  # plain text: stored as typed, escaped wherever shown
    assert "<script" not in stored.description and "onerror" not in stored.description  # cleaned on saving
