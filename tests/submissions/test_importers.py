import shutil

import pytest
from django.core.management import CommandError, call_command

from portal.models import Provider, ProviderKind
from submissions.importers import MalformedRow, health_providers_import, postcodes_import, schools_import
from submissions.models import Postcode, TaxonomyTerm
from submissions.postcodes import postcode_normalise
from tests.conftest import PROJECT_DATA

DFE_SCHOOLS = PROJECT_DATA / "schools" / "durham_area_open_schools_2025-07.csv"
ODS = PROJECT_DATA / "health" / "nhs_ods_epraccur_county_durham_84H_2025-08.csv"
GIAS_SAMPLE = "schools/gias_edubasealldata_sample_99rows_npq_registration_2021.csv"


def _copy_with_line(tmp_path, source, line_number, new_line):
    lines = source.read_text(encoding="utf-8-sig").splitlines()
    lines[line_number - 1] = new_line
    broken = tmp_path / source.name
    broken.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return broken


@pytest.mark.parametrize("raw, expected", [
    ("dh1 5uq", "DH1 5UQ"), ("DH15UQ", "DH1 5UQ"), ("  DH1   5UQ ", "DH1 5UQ"),
    ("DL140AA", "DL14 0AA"), ("SW1A 1AA", "SW1A 1AA"), ("DH1", None), ("nonsense", None), ("", None),
])
def test_postcodes_are_normalised_to_upper_case_with_one_space(raw, expected):
    assert postcode_normalise(raw) == expected


@pytest.mark.django_db
def test_dfe_school_list_imports_every_school_keyed_by_urn_and_a_second_run_changes_nothing():
    counts = schools_import(DFE_SCHOOLS)
    assert (counts.created, counts.updated, counts.skipped) == (301, 0, 0)
    villa_real = Provider.objects.get(urn="114345")
    assert villa_real.name == "Villa Real School"
    assert villa_real.kind == ProviderKind.SPECIAL_SCHOOL
    assert villa_real.postcode == "DH8 5BD" or villa_real.postcode.startswith("DH8")
    assert Provider.objects.get(urn="108333").kind == ProviderKind.COMMUNITY_SCHOOL
    before = list(Provider.objects.order_by("pk").values())

    again = schools_import(DFE_SCHOOLS)

    assert (again.created, again.updated, again.unchanged) == (0, 0, 301)
    assert list(Provider.objects.order_by("pk").values()) == before


@pytest.mark.django_db
def test_a_changed_register_row_updates_only_that_school(tmp_path):
    schools_import(DFE_SCHOOLS)
    lines = DFE_SCHOOLS.read_text(encoding="utf-8").splitlines()
    changed = _copy_with_line(tmp_path, DFE_SCHOOLS, 2, lines[1].replace("Ravensworth Terrace Primary School",
                                                                          "Ravensworth Terrace School"))
    counts = schools_import(changed)
    assert (counts.created, counts.updated, counts.unchanged) == (0, 1, 300)
    assert Provider.objects.get(urn="108333").name == "Ravensworth Terrace School"


@pytest.mark.django_db
@pytest.mark.shared_data
def test_gias_layout_keeps_ages_and_sen_provision_and_skips_closed_schools(shared_real):
    counts = schools_import(shared_real / GIAS_SAMPLE)
    assert counts.skipped == 10  # 9 closed and 1 proposed to open
    assert counts.created == 89
    aldgate = Provider.objects.get(urn="100000")
    assert aldgate.kind == ProviderKind.VOLUNTARY_AIDED_SCHOOL
    assert (aldgate.statutory_low_age, aldgate.statutory_high_age) == (3, 11)
    assert aldgate.postcode == "EC3A 5DE"
    resourced = Provider.objects.exclude(sen_provision=[]).order_by("urn")
    assert resourced.exists()
    assert all(code.isupper() or code == "SpLD" for p in resourced for code in p.sen_provision)
    unit = Provider.objects.filter(sen_unit_capacity__isnull=False).first()
    assert unit.resourced_provision_type
    again = schools_import(shared_real / GIAS_SAMPLE)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 89)


@pytest.mark.django_db
def test_nhs_organisations_are_keyed_by_ods_code_and_closed_ones_skipped():
    counts = health_providers_import(ODS)
    assert counts.created == 112
    assert counts.skipped == 10
    practice = Provider.objects.get(ods_code="A83001")
    assert practice.name == "St Andrew's Medical Practice"
    assert practice.kind == ProviderKind.GP_PRACTICE
    assert practice.town == "Spennymoor"
    assert practice.postcode == "DL16 6QA"
    assert Provider.objects.get(ods_code="Y04267").kind == ProviderKind.HEALTH_SERVICE
    assert not Provider.objects.filter(ods_code="A83643").exists()  # closed recovery centre
    again = health_providers_import(ODS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 112)
    assert health_providers_import(ODS, include_closed=True).created == 10


@pytest.mark.django_db
def test_postcodes_import_every_file_normalised_and_a_second_run_changes_nothing():
    files = sorted((PROJECT_DATA / "postcodes").glob("*.csv"))
    counts = postcodes_import(files)
    assert counts.created == 60953
    assert counts.skipped == 206  # postcodes with no grid reference
    assert Postcode.objects.get(pk="DL14 0AA")  # stored 'DL140AA' in the file
    assert Postcode.objects.filter(postcode__contains="  ").count() == 0
    again = postcodes_import(files)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 60953)


@pytest.mark.django_db
@pytest.mark.parametrize("importer, source, line, bad, reason", [
    ("import_schools", DFE_SCHOOLS, 150,
     "12x45,A School,,Durham,DH1 1AA,DH1,core_county_durham,54.7,-1.5,,", "URN must be a number"),
    ("import_schools", DFE_SCHOOLS, 150,
     "123456,A School,,Durham,DH1 1AA,DH1,core_county_durham,north,-1.5,,", "lat is not a number"),
    ("import_schools", DFE_SCHOOLS, 150,
     "108333,Duplicate,,Durham,DH1 1AA,DH1,core_county_durham,54.7,-1.5,,",
     "108333 already appears on line 2"),
    ("import_health_providers", ODS, 40,
     "A83999,SOME PRACTICE,Y63,QHM,1 STREET,,DURHAM,,,DH1 1AA,19740401,,X,B,84H,,,,0,84H,4",
     "status_code must be one of"),
    ("import_postcodes", PROJECT_DATA / "postcodes" / "nspl_2025-05_DH.csv", 5000, "NOT A POSTCODE,54.7,-1.5",
     "not a postcode"),
])
def test_a_malformed_row_names_the_file_and_line_and_commits_nothing(
    tmp_path, importer, source, line, bad, reason
):
    broken = _copy_with_line(tmp_path, source, line, bad)
    with pytest.raises(CommandError) as refused:
        call_command(importer, str(broken), verbosity=0)
    message = str(refused.value)
    assert f"{broken}, line {line}: {reason}" in message
    assert "Nothing was imported" in message
    assert Provider.objects.count() == 0
    assert Postcode.objects.count() == 0


@pytest.mark.django_db
def test_an_unknown_layout_is_refused(tmp_path):
    odd = tmp_path / "odd.csv"
    odd.write_text("a,b\n1,2\n")
    with pytest.raises(MalformedRow, match="not a school register layout"):
        schools_import(odd)


@pytest.mark.django_db
def test_import_commands_print_counts_and_say_when_nothing_changed(capsys, tmp_path):
    copy = tmp_path / "schools.csv"
    shutil.copy(DFE_SCHOOLS, copy)
    call_command("import_schools", str(copy))
    assert "Schools: 301 created, 0 updated, 0 unchanged, 0 skipped." in capsys.readouterr().out
    call_command("import_schools", str(copy))
    assert "0 created, 0 updated, 301 unchanged, 0 skipped. Nothing changed." in capsys.readouterr().out


@pytest.mark.django_db
def test_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="no such file"):
        call_command("import_postcodes", "/nowhere/postcodes.csv", verbosity=0)


@pytest.mark.django_db
def test_taxonomies_hold_the_four_broad_areas_of_need_with_their_specific_needs():
    call_command("import_taxonomy", "need", str(PROJECT_DATA / "taxonomies" / "send_needs.csv"), verbosity=0)
    areas = TaxonomyTerm.objects.filter(vocabulary="need", parent__isnull=True).exclude(code="OTH")
    assert [a.name for a in areas] == [
        "Communication and interaction", "Cognition and learning",
        "Social, emotional and mental health", "Sensory and/or physical needs",
    ]
    assert TaxonomyTerm.objects.get(vocabulary="need", code="ASD").parent.code == (
        "communication-and-interaction")
    call_command("import_taxonomy", "category", str(PROJECT_DATA / "taxonomies" / "service_categories.csv"),
                 verbosity=0)
    send = TaxonomyTerm.objects.get(vocabulary="category", name__startswith="Special educational needs")
    assert send.children.count() == 12


@pytest.mark.django_db
def test_a_long_import_shows_its_progress(capsys):
    call_command("import_postcodes", *map(str, sorted((PROJECT_DATA / "postcodes").glob("*.csv"))))
    err = capsys.readouterr().err
    assert "  10,000 postcodes read…" in err and "  60,000 postcodes read…" in err


@pytest.mark.django_db
@pytest.mark.parametrize("bad, line, reason", [
    ("ASD,Autism again,communication-and-interaction,x", 6, "code 'ASD' appears twice"),
    ("NEW,New need,no-such-area,x", 6, "parent 'no-such-area' is not on an earlier line"),
    (",Nameless,,x", 6, "the code is empty"),
])
def test_a_malformed_taxonomy_row_names_the_file_and_line_and_commits_nothing(tmp_path, bad, line, reason):
    source = PROJECT_DATA / "taxonomies" / "send_needs.csv"
    lines = source.read_text(encoding="utf-8").splitlines()
    broken = tmp_path / "needs.csv"
    broken.write_text("\n".join([*lines[:line - 1], bad, *lines[line - 1:]]) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as refused:
        call_command("import_taxonomy", "need", str(broken), verbosity=0)
    assert f"{broken}, line {line}: {reason}" in str(refused.value)
    assert not TaxonomyTerm.objects.exists()


@pytest.mark.django_db
def test_a_dormant_nhs_organisation_is_skipped_like_a_closed_one(tmp_path):
    lines = ODS.read_text(encoding="utf-8-sig").splitlines()
    assert lines[1].startswith("A83001,") and ",A,B," in lines[1]
    dormant = _copy_with_line(tmp_path, ODS, 2, lines[1].replace(",A,B,", ",D,B,"))
    counts = health_providers_import(dormant)
    assert (counts.created, counts.skipped) == (111, 11)
    assert not Provider.objects.filter(ods_code="A83001").exists()
