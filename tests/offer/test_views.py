import pytest
from django.urls import reverse
from django.utils import timezone

from submissions.services import revision_start_update, revision_update_content
from workflow.services import revision_transition

pytestmark = pytest.mark.django_db


def _publish(revision, provider_user, moderator):
    revision_transition(revision_id=revision.pk, action="submit", user=provider_user)
    for action in ("start_review", "approve", "publish"):
        revision_transition(revision_id=revision.pk, action=action, user=moderator)


def test_only_published_entries_are_public(client, make_entry, provider_user, moderator):
    draft = make_entry(name="Draft club")
    submitted = make_entry(name="Submitted club", provider=draft.provider)
    revision_transition(revision_id=submitted.revisions.get().pk, action="submit", user=provider_user)
    published = make_entry(name="Published club", provider=draft.provider)
    _publish(published.revisions.get(), provider_user, moderator)

    listing = client.get(reverse("offer:home")).content.decode()
    assert "Published club" in listing
    assert "Draft club" not in listing and "Submitted club" not in listing
    assert client.get(reverse("offer:entry", args=[draft.pk])).status_code == 404
    assert client.get(reverse("offer:entry", args=[submitted.pk])).status_code == 404
    page = client.get(reverse("offer:entry", args=[published.pk])).content.decode()
    assert "Published club" in page and "Weekly drop-in sessions for parents." in page


def test_the_live_revision_stays_public_while_an_update_is_reviewed(client, make_entry, provider_user,
                                                                  moderator):
    """Checked through the public pages at every step an update passes through."""
    entry = make_entry(name="Original name")
    _publish(entry.revisions.get(), provider_user, moderator)

    def public_name():
        page = client.get(reverse("offer:entry", args=[entry.pk])).content.decode()
        names = [n for n in ("Original name", "Rejected name", "Updated name") if n in page]
        assert len(names) == 1, names
        return names[0]

    def step(revision, action, who, comment=""):
        revision_transition(revision_id=revision.pk, action=action, user=who, comment=comment)

    rejected = revision_start_update(entry_id=entry.pk, user=provider_user)
    revision_update_content(revision_id=rejected.pk, content={"name": "Rejected name"})
    assert public_name() == "Original name"  # draft
    step(rejected, "submit", provider_user)
    assert public_name() == "Original name"  # submitted
    step(rejected, "start_review", moderator)
    assert public_name() == "Original name"  # in review
    step(rejected, "request_changes", moderator, "Say more")
    assert public_name() == "Original name"  # changes requested
    step(rejected, "submit", provider_user)
    step(rejected, "start_review", moderator)
    step(rejected, "reject", moderator, "Not suitable")
    assert public_name() == "Original name"  # rejected

    update = revision_start_update(entry_id=entry.pk, user=provider_user)
    assert update.name == "Original name"  # copied from the live revision, not the rejected one
    revision_update_content(revision_id=update.pk, content={"name": "Updated name"})
    step(update, "submit", provider_user)
    step(update, "start_review", moderator)
    step(update, "approve", moderator)
    assert public_name() == "Original name"  # approved, not yet published
    step(update, "publish", moderator)
    assert public_name() == "Updated name"


def test_search_matches_words_in_the_name_description_and_provider(client, make_entry, provider_user,
                                                                   moderator):
    _publish(make_entry(name="Sensory play").revisions.get(), provider_user, moderator)
    _publish(make_entry(name="Youth club", description="For teenagers").revisions.get(),
             provider_user, moderator)
    assert "Sensory play" in client.get(reverse("offer:home"), {"q": "sensory"}).content.decode()
    page = client.get(reverse("offer:home"), {"q": "teenagers"}).content.decode()
    assert "Youth club" in page and "Sensory play" not in page
    nothing = client.get(reverse("offer:home"), {"q": "zzzz"}).content.decode()
    assert "Nothing in the Local Offer matches" in nothing


@pytest.mark.parametrize("page", ["0", "-1", "abc", "99999", "1e9"])
def test_bad_page_numbers_do_not_break_the_listing(client, page):
    assert client.get(reverse("offer:home"), {"page": page}).status_code == 200


def test_search_finds_entries_by_the_needs_they_support(client, make_entry, provider_user, moderator, needs):
    _publish(make_entry(name="Sensory play", needs=needs[:1]).revisions.get(), provider_user, moderator)
    page = client.get(reverse("offer:home"), {"q": needs[0].name.lower()}).content.decode()
    assert "Sensory play" in page and ">1 result<" in page


def test_a_result_summary_shows_ampersands_and_angle_brackets_as_typed(client, make_entry, publish):
    publish(make_entry(name="Chip shop club", description="Fish & chips, 'quiet' hours; a < b and <i>c</i> > d."))
    page = client.get(reverse("offer:home"), {"q": "chip"}).content.decode()
    assert "Fish &amp; chips, &#x27;quiet&#x27; hours; a &lt; b and c &gt; d." in page
    assert "&amp;amp;" not in page and "&amp;lt;" not in page


def test_the_entry_page_shows_how_to_get_there_when_it_is_open_what_it_costs_and_the_providers_other_entries(
        client, make_entry, publish):
    from datetime import time

    entry = publish(make_entry(name="Sensory play", address="Town Hall\nMarket Place", in_person=True,
                               by_appointment=False, is_free=False, cost_details="£2 a **session**",
                               opening_times=[(1, time(9, 5), time(11, 30)), (1, time(13, 0), time(15, 0))]))
    other = publish(make_entry(name="Messy play"))
    page = client.get(reverse("offer:entry", args=[entry.pk])).content.decode()
    assert "Town Hall\nMarket Place" in page and "DH1 5UQ" in page
    assert 'href="https://www.google.com/maps/dir/?api=1&amp;destination=DH1%205UQ"' in page
    assert "Tuesday 09:05 to 11:30" in page and "Tuesday 13:00 to 15:00" in page
    assert "£2 a <strong>session</strong>" in page
    assert f"Last reviewed {timezone.localdate(entry.last_confirmed_at):%-d %B %Y}." in page
    assert f'href="{reverse("offer:entry", args=[other.pk])}">Messy play</a>' in page
