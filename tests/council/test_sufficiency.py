import csv
import io
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from council.importers import ehcp_stats_import
from council.sufficiency import AGE_BANDS, PRIMARY_NEEDS, age_band_of
from submissions.models import TaxonomyTerm
from tests.conftest import PROJECT_DATA

pytestmark = pytest.mark.django_db
REAL_NEEDS = "send_stats/ehcp_2025_sen_needs_all_plans_durham_ne_england.csv"


def _durham_rows(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return [row for row in csv.DictReader(handle) if row["la_name"] == "County Durham"]


def _need_cells(html):
    """need code -> (County Durham plans, entries) from the main table."""
    cells = {}
    for code, body in re.findall(r'data-need="([^"]+)">(.*?)</tr>', html, re.S):
        plans = re.search(r'data-figure="plans">([\d,]+)', body).group(1)
        entries = re.search(r'data-figure="entries"><a[^>]*>([\d,]+)', body).group(1)
        cells[code] = (int(plans.replace(",", "")), int(entries.replace(",", "")))
    return cells


@pytest.fixture
def needs_vocabulary(db):
    call_command("import_taxonomy", "need", str(PROJECT_DATA / "taxonomies" / "send_needs.csv"), verbosity=0)


@pytest.mark.shared_data
def test_the_real_statistics_show_county_durhams_plans_for_every_primary_need(
    shared_real, needs_vocabulary, moderator_client, make_entry, publish
):
    source = shared_real / REAL_NEEDS
    ehcp_stats_import([source])
    autism = TaxonomyTerm.objects.get(vocabulary="need", code="ASD")
    publish(make_entry(name="Autism outreach", needs=[autism], age_min_months=5 * 12, age_max_months=10 * 12 + 11))
    durham = _durham_rows(source)
    every_age = next(row for row in durham if row["breakdown"] == "All EHC plans")

    page = moderator_client.get(reverse("council:sufficiency")).content.decode()

    cells = _need_cells(page)
    assert set(cells) == {need.need_code for need in PRIMARY_NEEDS}
    for need in PRIMARY_NEEDS:
        assert cells[need.need_code][0] == int(every_age[f"number_{need.dfe_code}"]), need.dfe_name
    assert cells["ASD"] == (2225, 1)
    assert "5,390 children and young people with a plan in County Durham" in page
    assert "January 2025" in page
    assert '<li>Social, emotional and mental health: 1,057 plans</li>' in page  # nothing on the offer for it

    # By age band: the single years of the file added up, and only entries for those ages.
    for band in AGE_BANDS:
        page = moderator_client.get(reverse("council:sufficiency"), {"age": band.slug}).content.decode()
        in_band = [row for row in durham if row["breakdown_topic"] == "Child or young persons age"
                   and age_band_of(row["breakdown"]) == band]
        cells = _need_cells(page)
        for need in PRIMARY_NEEDS:
            assert cells[need.need_code][0] == sum(int(row[f"number_{need.dfe_code}"]) for row in in_band)
        assert cells["ASD"][1] == (1 if band.slug == "5-10" else 0)


def test_shares_compare_areas_and_gaps_stand_out(needs_vocabulary, moderator_client, make_entry, publish):
    ehcp_stats_import([PROJECT_DATA / "send_stats" / "ehcp_2025_sen_needs_all_plans_by_age_durham_ne_england.csv"])
    page = moderator_client.get(reverse("council:sufficiency")).content.decode()
    # County Durham: 2,225 of 5,390 plans name autism (41.3%); the North East 32.9%; England 31.5%.
    assert "2,225 (41.3%)" in page and "32.9%" in page and "31.5%" in page
    assert 'data-cell="ASD-under-5">73 / <strong class="govuk-tag govuk-tag--red">0' in page
    assert 'role="img"' in page and "Share of EHC plans by primary need" in page


def test_the_sufficiency_csv_holds_every_band_and_need(needs_vocabulary, moderator_client):
    ehcp_stats_import([PROJECT_DATA / "send_stats" / "ehcp_2025_sen_needs_all_plans_by_age_durham_ne_england.csv"])
    response = moderator_client.get(reverse("council:sufficiency_csv"))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == 1 + 6 * len(PRIMARY_NEEDS)
    autism = next(row for row in rows if row[1] == "All ages" and row[3] == "Autism")
    assert autism[:6] == ["2024/25", "All ages", "Autistic spectrum disorder", "Autism", "2225", "41.3"]


def test_a_bad_age_band_gets_a_message_not_an_error(moderator_client):
    response = moderator_client.get(reverse("council:sufficiency"), {"age": "<script>"})
    assert response.status_code == 400
    assert "Select ages from the list" in response.content.decode()


def test_without_statistics_the_page_says_how_to_import_them(moderator_client):
    page = moderator_client.get(reverse("council:sufficiency")).content.decode()
    assert "No EHC plan statistics have been imported yet" in page
