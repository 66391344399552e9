"""The DfE EHC plan statistics: the number of plans by primary need, area and age.

Follows the rules of ``submissions.importers`` and uses its base: the whole input is read and
checked first, a malformed row stops the import naming the file, line and reason, and only then
is anything written, in one transaction. A second run of the same files changes nothing.
"""

from collections.abc import Iterable
from pathlib import Path

from django.db import transaction

from council.models import AreaLevel, EhcPlanCount
from council.sufficiency import ALL_PLANS_GROUP, COMPARED_AREAS, DFE_NEED_CODES, age_group_years
from submissions.importers import ImportCounts, MalformedRow, Progress, Record, _require, read_csv, sync

_COLUMNS = ["time_period", "time_identifier", "geographic_level", "country_code", "region_code",
            "new_la_code", "region_name", "la_name", "country_name", "breakdown_topic", "breakdown",
            "ehc_plans"]
_NEED_COLUMNS = [f"number_{code}" for code in DFE_NEED_CODES]
# geographic_level: which column holds the area's code and which its name.
_LEVELS = {
    "National": (AreaLevel.NATIONAL, "country_code", "country_name"),
    "Regional": (AreaLevel.REGIONAL, "region_code", "region_name"),
    "Local authority": (AreaLevel.LOCAL_AUTHORITY, "new_la_code", "la_name"),
}
_KEPT_TOPICS = {"All EHC plans", "Child or young persons age"}
# DfE's symbols for a figure they do not give (data guidance, "File formats and conventions").
_NOT_GIVEN = {"x", "z", "c", "u", "low"}
_COMPARED_CODES = {area.code for area in COMPARED_AREAS}


def _count(value, path, line, column):
    value = (value or "").strip()
    if value.lower() in _NOT_GIVEN:
        return None
    if not value.isdigit():
        raise MalformedRow(path, line, f"{column} is not a whole number: {value!r}")
    return int(value)


def _check_header(header, path):
    _require(header, _COLUMNS + _NEED_COLUMNS, path)
    unknown = [c for c in header if c.startswith("number_") and c not in _NEED_COLUMNS]
    if unknown:
        raise MalformedRow(path, 1, f"column {unknown[0]} is a primary need the portal does not know: "
                                    "add it to PRIMARY_NEEDS in council/sufficiency.py")


def _record(path, line, row) -> Record | None:
    """The row as a record, or None for a row of another area or breakdown."""
    if row["time_identifier"].strip() != "Academic year":
        raise MalformedRow(path, line, f"time_identifier is {row['time_identifier']!r}: this importer reads "
                                       "the EHC plans at January of an academic year (sen_needs_all_plans)")
    period = row["time_period"].strip()
    if not (len(period) == 6 and period.isdigit() and int(period[4:]) == (int(period[2:4]) + 1) % 100):
        raise MalformedRow(path, line, f"time_period must be an academic year like 202425, not {period!r}")
    level = row["geographic_level"].strip()
    if level not in _LEVELS:
        raise MalformedRow(path, line, f"geographic_level must be National, Regional or Local authority, "
                                       f"not {level!r}")
    area_level, code_column, name_column = _LEVELS[level]
    area_code = row[code_column].strip()
    topic, age_group = row["breakdown_topic"].strip(), row["breakdown"].strip()
    if area_code not in _COMPARED_CODES or topic not in _KEPT_TOPICS:
        return None
    if topic == "All EHC plans":
        age_group = ALL_PLANS_GROUP
    elif age_group_years(age_group) is None:
        raise MalformedRow(path, line, f"breakdown {age_group!r} is not an age DfE use (under 3, age 3 ... age 25)")
    values = {
        "time_period": period, "area_level": area_level, "area_code": area_code,
        "area_name": row[name_column].strip(), "age_group": age_group,
        "plans": _count(row["ehc_plans"], path, line, "ehc_plans"),
        "plans_by_need": {code: _count(row[f"number_{code}"], path, line, f"number_{code}")
                          for code in DFE_NEED_CODES},
    }
    return Record(f"{period}/{area_code}/{age_group}", values, {})


def ehcp_stats_import(paths: Iterable[Path], *, progress: Progress | None = None) -> ImportCounts:
    """Import the EHC plans by primary need for County Durham, the North East and England, for
    every age and by single year of age, from DfE ``sen_needs_all_plans`` files. Rows for other
    areas and other breakdowns (ethnicity, placement, ...) are skipped."""
    counts = ImportCounts()
    records, seen, read = [], {}, 0
    for path in map(Path, paths):
        header, rows = read_csv(path)
        _check_header(header, path)
        for line, row in rows:
            read += 1
            if progress and read % 1000 == 0:
                progress(read)
            record = _record(path, line, row)
            if record is None:
                counts.skipped += 1
                continue
            if record.key in seen:
                raise MalformedRow(path, line, f"{record.values['area_name']}, {record.values['age_group']} "
                                               f"already appears in {seen[record.key]}")
            seen[record.key] = f"{path.name}, line {line}"
            records.append(record)
    with transaction.atomic():
        return sync(EhcPlanCount, "key", records, counts=counts)
