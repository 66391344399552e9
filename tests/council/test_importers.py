import csv
import shutil

import pytest
from django.core.management import CommandError, call_command

from council.importers import ehcp_stats_import
from council.models import EhcPlanCount
from council.sufficiency import AGE_BANDS, DFE_NEED_CODES, PRIMARY_NEEDS, age_band_of
from submissions.importers import MalformedRow
from tests.conftest import PROJECT_DATA

STATS = PROJECT_DATA / "send_stats" / "ehcp_2025_sen_needs_all_plans_by_age_durham_ne_england.csv"
REAL_NEEDS = "send_stats/ehcp_2025_sen_needs_all_plans_durham_ne_england.csv"
NEW_PLANS = "send_stats/ehcp_2025_sen_need_newplans_durham_ne_england.csv"

pytestmark = pytest.mark.django_db


def _rows(path):
    with open(path, newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def _copy_with_line(tmp_path, line_number, change):
    lines = STATS.read_text(encoding="utf-8").splitlines()
    lines[line_number - 1] = change(lines[line_number - 1])
    broken = tmp_path / STATS.name
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return broken


def test_the_projects_copy_imports_every_row_and_a_second_run_changes_nothing(capsys):
    call_command("import_ehcp_stats", str(STATS))
    assert "EHC plan figures: 74 created, 0 updated, 0 unchanged, 0 skipped." in capsys.readouterr().out
    durham = EhcPlanCount.objects.get(area_code="E06000047", age_group="All EHC plans")
    assert (durham.area_name, durham.time_period, durham.plans) == ("County Durham", "202425", 5390)
    assert durham.plans_by_need["asd"] == 2225 and durham.plans_by_need["semh"] == 1057
    assert EhcPlanCount.objects.get(area_code="E92000001", age_group="age 10").plans == 41405
    before = list(EhcPlanCount.objects.order_by("pk").values())

    call_command("import_ehcp_stats", str(STATS))

    assert "0 created, 0 updated, 74 unchanged, 0 skipped. Nothing changed." in capsys.readouterr().out
    assert list(EhcPlanCount.objects.order_by("pk").values()) == before


def test_a_changed_figure_updates_only_its_row(tmp_path):
    ehcp_stats_import([STATS])
    changed = _copy_with_line(tmp_path, 2, lambda line: line.replace(",638745,201183,", ",638745,201184,"))
    counts = ehcp_stats_import([changed])
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 73)
    assert EhcPlanCount.objects.get(area_code="E92000001", age_group="All EHC plans").plans_by_need["asd"] == 201184


@pytest.mark.parametrize("line, change, reason", [
    (10, lambda line: ",".join(line.split(",")[:13] + ["lots"] + line.split(",")[14:]),
     "number_asd is not a whole number: 'lots'"),
    (10, lambda line: line.replace("Academic year", "Calendar year"), "time_identifier is 'Calendar year'"),
    (10, lambda line: line.replace("202425", "2024-25"), "time_period must be an academic year like 202425"),
    (40, lambda line: line.replace(",Child or young persons age,age ", ",Child or young persons age,aged "),
     "breakdown 'aged 22' is not an age DfE use"),
    (10, lambda line: line.replace("National", "Ward"), "geographic_level must be National, Regional or Local"),
    (3, lambda line: STATS.read_text(encoding="utf-8").splitlines()[1], "England, All EHC plans already appears in"),
])
def test_a_malformed_row_names_the_file_and_line_and_commits_nothing(tmp_path, line, change, reason):
    broken = _copy_with_line(tmp_path, line, change)
    with pytest.raises(CommandError) as refused:
        call_command("import_ehcp_stats", str(broken), verbosity=0)
    message = str(refused.value)
    assert f"{broken}, line {line}: {reason}" in message
    assert "Nothing was imported" in message
    assert EhcPlanCount.objects.count() == 0


def test_a_primary_need_the_portal_does_not_know_is_refused(tmp_path):
    lines = STATS.read_text(encoding="utf-8").splitlines()
    odd = tmp_path / "needs.csv"
    odd.write_text("\n".join([lines[0] + ",number_new_need"] + [line + ",1" for line in lines[1:]]) + "\n")
    with pytest.raises(MalformedRow, match="number_new_need is a primary need the portal does not know"):
        ehcp_stats_import([odd])
    assert EhcPlanCount.objects.count() == 0


def test_progress_is_reported_on_long_runs(tmp_path, capsys):
    lines = STATS.read_text(encoding="utf-8").splitlines()
    # The same rows for 15 years: 1,110 rows.
    years = [line.replace("202425", f"{2010 + n}{(11 + n) % 100:02d}") for n in range(15) for line in lines[1:]]
    long = tmp_path / "long.csv"
    long.write_text("\n".join([lines[0], *years]) + "\n")
    call_command("import_ehcp_stats", str(long))
    captured = capsys.readouterr()
    assert "1,000 EHC plan figures read" in captured.err
    assert "1110 created" in captured.out


def test_every_dfe_primary_need_maps_to_one_of_our_needs():
    header = STATS.read_text(encoding="utf-8").splitlines()[0].split(",")
    in_file = [column.removeprefix("number_") for column in header if column.startswith("number_")]
    assert sorted(in_file) == sorted(DFE_NEED_CODES)
    our_needs = {row["code"] for row in _rows(PROJECT_DATA / "taxonomies" / "send_needs.csv")}
    assert {need.need_code for need in PRIMARY_NEEDS} <= our_needs
    assert len({need.need_code for need in PRIMARY_NEEDS}) == len(PRIMARY_NEEDS)


def test_every_age_in_the_file_falls_in_exactly_one_band_and_the_bands_cover_0_to_25():
    ages = {row["breakdown"] for row in _rows(STATS) if row["breakdown_topic"] == "Child or young persons age"}
    assert ages
    for age in ages:
        assert age_band_of(age) is not None, age
    covered = [year for band in AGE_BANDS for year in range(band.youngest, band.oldest + 1)]
    assert covered == list(range(26))


@pytest.mark.shared_data
def test_the_dfe_file_imports_durham_the_north_east_and_england_and_skips_other_breakdowns(shared_real):
    source = shared_real / REAL_NEEDS
    counts = ehcp_stats_import([source])
    kept = [row for row in _rows(source) if row["breakdown_topic"] in ("All EHC plans", "Child or young persons age")]
    assert (counts.created, counts.skipped) == (len(kept), len(_rows(source)) - len(kept))
    assert set(EhcPlanCount.objects.values_list("area_name", flat=True)) == {"County Durham", "North East", "England"}
    # The project's copy holds the same rows, so importing it after changes nothing.
    again = ehcp_stats_import([STATS])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 74)


@pytest.mark.shared_data
def test_the_new_plans_file_is_refused_with_a_reason(shared_real, tmp_path):
    copy = tmp_path / "newplans.csv"
    shutil.copy(shared_real / NEW_PLANS, copy)
    with pytest.raises(CommandError, match="line 2: time_identifier is 'Calendar year'"):
        call_command("import_ehcp_stats", str(copy), verbosity=0)


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_ehcp_stats", "/nowhere/ehcp.csv", verbosity=0)
