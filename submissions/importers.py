"""Importers of public registers: schools (DfE and GIAS layouts), NHS ODS organisations,
ONS postcodes and our taxonomy lists.

Every importer reads the whole file first and stops at the first malformed row, naming the
file, line and reason, so that nothing is written; then it writes in one transaction.
A second run of the same file changes nothing and reports every row unchanged.
"""

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from portal.models import Provider, ProviderKind
from submissions.models import Postcode, TaxonomyTerm
from submissions.postcodes import postcode_normalise
from submissions.services import entries_search_document_refresh

Progress = Callable[[int], None]


class MalformedRow(Exception):
    def __init__(self, path, line, reason):
        super().__init__(f"{path}, line {line}: {reason}")
        self.path, self.line, self.reason = path, line, reason


@dataclass
class ImportCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0

    def __str__(self):
        return (f"{self.created} created, {self.updated} updated, "
                f"{self.unchanged} unchanged, {self.skipped} skipped")

    def add(self, other):
        for name in ("created", "updated", "unchanged", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class Record:
    key: str
    values: dict  # fields this source knows and keeps up to date
    create_defaults: dict  # fields set only when the row is new


def read_csv(path: Path) -> tuple[list[str], Iterator[tuple[int, dict]]]:
    handle = open(path, newline="", encoding="utf-8-sig")  # noqa: SIM115 - closed by the generator
    reader = csv.DictReader(handle)
    header = reader.fieldnames or []

    def rows():
        with handle:
            for row in reader:
                if None in row:
                    raise MalformedRow(path, reader.line_num, "more values than columns")
                yield reader.line_num, row

    return header, rows()


def _require(header, columns, path):
    missing = [c for c in columns if c not in header]
    if missing:
        raise MalformedRow(path, 1, f"missing column {', '.join(missing)}")


def _int_or_none(value, path, line, column):
    value = (value or "").strip()
    if not value:
        return None
    try:
        number = int(value)
    except ValueError:
        raise MalformedRow(path, line, f"{column} is not a whole number: {value!r}") from None
    if number < 0:
        raise MalformedRow(path, line, f"{column} is negative: {value!r}")
    return number


def _float(value, path, line, column):
    try:
        return float(value)
    except ValueError:
        raise MalformedRow(path, line, f"{column} is not a number: {value!r}") from None


def sync(model, key_field: str, records: Iterable[Record], *, counts: ImportCounts,
         batch_size: int = 2000, changed_pks: set | None = None) -> ImportCounts:
    """Create what is new, update what differs and leave the rest untouched. ``changed_pks``,
    if given, collects the primary keys of the rows updated."""
    records = list(records)
    fields = sorted({f for r in records for f in r.values})
    existing = {}
    keys = [r.key for r in records]
    for start in range(0, len(keys), 5000):
        chunk = keys[start:start + 5000]
        for pk, key, *values in model.objects.filter(**{f"{key_field}__in": chunk}).values_list(
            "pk", key_field, *fields
        ):
            existing[key] = (pk, dict(zip(fields, values, strict=True)))
    to_create, to_update = [], {}
    for record in records:
        if record.key not in existing:
            to_create.append(model(**{key_field: record.key, **record.create_defaults,
                                      **record.values}))
            continue
        pk, current = existing[record.key]
        changed = {f: v for f, v in record.values.items() if current[f] != v}
        if changed:
            # Grouped by which fields changed, so each update writes only those.
            to_update.setdefault(tuple(sorted(changed)), []).append(model(pk=pk, **changed))
        else:
            counts.unchanged += 1
    model.objects.bulk_create(to_create, batch_size=batch_size)
    for changed_fields, objs in to_update.items():
        model.objects.bulk_update(objs, list(changed_fields), batch_size=batch_size)
        if changed_pks is not None and SEARCHED_PROVIDER_FIELDS & set(changed_fields):
            changed_pks.update(obj.pk for obj in objs)
    counts.created += len(to_create)
    counts.updated += sum(len(objs) for objs in to_update.values())
    return counts


# A provider's name and town are in its entries' search document: a change to either rewrites it.
SEARCHED_PROVIDER_FIELDS = {"name", "town"}


# --- Schools -------------------------------------------------------------------------------

_SCHOOL_KINDS = {
    ProviderKind.COMMUNITY_SCHOOL: ["community school"],
    ProviderKind.FOUNDATION_SCHOOL: ["foundation school"],
    ProviderKind.VOLUNTARY_AIDED_SCHOOL: ["voluntary aided school"],
    ProviderKind.VOLUNTARY_CONTROLLED_SCHOOL: ["voluntary controlled school"],
    ProviderKind.NURSERY_SCHOOL: ["la nursery school", "local authority nursery school"],
    ProviderKind.ACADEMY: ["academy converter", "academy sponsor led", "academy 16 to 19 converter",
                           "academy 16 to 19 sponsor led", "academy secure 16 to 19"],
    ProviderKind.FREE_SCHOOL: ["free schools", "free schools 16 to 19",
                               "university technical college", "studio schools"],
    ProviderKind.SPECIAL_SCHOOL: ["community special school", "foundation special school",
                                  "academy special converter", "academy special sponsor led",
                                  "non-maintained special school", "free schools special",
                                  "other independent special school"],
    ProviderKind.ALTERNATIVE_PROVISION: ["pupil referral unit",
                                         "academy alternative provision converter",
                                         "academy alternative provision sponsor led",
                                         "free schools alternative provision"],
    ProviderKind.INDEPENDENT_SCHOOL: ["other independent school", "city technology college"],
    ProviderKind.FE_COLLEGE: ["further education", "sixth form centres"],
    ProviderKind.SPECIALIST_POST_16: ["special post 16 institution"],
}
SCHOOL_KIND_BY_TYPE = {name: kind for kind, names in _SCHOOL_KINDS.items() for name in names}


def school_kind(establishment_type: str) -> str:
    """Map a GIAS establishment type name, in either register's spelling, to a provider kind."""
    name = " ".join(establishment_type.lower().replace(" - ", " ").replace("16-19", "16 to 19")
                    .split())
    if not name:
        return ProviderKind.SCHOOL
    return SCHOOL_KIND_BY_TYPE.get(name, ProviderKind.OTHER_EDUCATION)


_DFE_LIST_COLUMNS = ["urn", "name", "town", "postcode", "lat", "long", "establishment_type_2016"]
_GIAS_COLUMNS = ["URN", "EstablishmentName", "TypeOfEstablishment (name)",
                 "EstablishmentStatus (name)", "StatutoryLowAge", "StatutoryHighAge", "Postcode"]
_GIAS_SEN_COLUMNS = [f"SEN{n} (name)" for n in range(1, 14)]
_GIAS_SKIPPED_STATUSES = {"closed", "proposed to open"}


def _urn(value, path, line):
    value = (value or "").strip()
    if not value.isdigit() or len(value) > 10:
        raise MalformedRow(path, line, f"URN must be a number, not {value!r}")
    return value


def _name(value, path, line):
    value = " ".join((value or "").split())
    if not value:
        raise MalformedRow(path, line, "the name is empty")
    return value


def _postcode(value, path, line):
    value = (value or "").strip()
    if not value:
        return ""
    normalised = postcode_normalise(value)
    if normalised is None:
        raise MalformedRow(path, line, f"not a postcode: {value!r}")
    return normalised


def _dfe_list_records(path, rows):
    for line, row in rows:
        urn = _urn(row["urn"], path, line)
        values = {
            "name": _name(row["name"], path, line),
            "town": row["town"].strip(),
            "postcode": _postcode(row["postcode"], path, line),
        }
        if row["lat"].strip() and row["long"].strip():
            values["latitude"] = _float(row["lat"], path, line, "lat")
            values["longitude"] = _float(row["long"], path, line, "long")
        establishment_type = row["establishment_type_2016"].strip()
        if establishment_type:
            values["kind"] = school_kind(establishment_type)
            values["register_type"] = establishment_type
        yield line, Record(urn, values, {"kind": ProviderKind.SCHOOL})


def _sen_code(value):
    value = value.strip()
    return value.split(" - ", 1)[0].strip() if " - " in value else value


def _gias_records(path, rows, include_closed, counts):
    for line, row in rows:
        urn = _urn(row["URN"], path, line)
        if not include_closed and row["EstablishmentStatus (name)"].strip().lower() in (
            _GIAS_SKIPPED_STATUSES
        ):
            counts.skipped += 1
            continue
        low = _int_or_none(row["StatutoryLowAge"], path, line, "StatutoryLowAge")
        high = _int_or_none(row["StatutoryHighAge"], path, line, "StatutoryHighAge")
        if low is not None and high is not None and low > high:
            raise MalformedRow(path, line, f"StatutoryLowAge {low} is above StatutoryHighAge {high}")
        establishment_type = row["TypeOfEstablishment (name)"].strip()
        phase = row.get("PhaseOfEducation (name)", "").strip()
        address = [row.get(c, "").strip() for c in ("Street", "Locality", "Address3")]
        values = {
            "name": _name(row["EstablishmentName"], path, line),
            "kind": school_kind(establishment_type),
            "register_type": establishment_type,
            "phase": "" if phase == "Not applicable" else phase,
            "address": "\n".join(part for part in address if part),
            "town": row.get("Town", "").strip(),
            "postcode": _postcode(row["Postcode"], path, line),
            "website": row.get("SchoolWebsite", "").strip(),
            "telephone": row.get("TelephoneNum", "").strip(),
            "statutory_low_age": low,
            "statutory_high_age": high,
            "sen_provision": [_sen_code(row[c]) for c in _GIAS_SEN_COLUMNS
                              if row.get(c, "").strip()],
        }
        resourced = row.get("TypeOfResourcedProvision (name)", "").strip()
        values["resourced_provision_type"] = "" if resourced == "Not applicable" else resourced
        for column, field in [
            ("ResourcedProvisionOnRoll", "resourced_provision_on_roll"),
            ("ResourcedProvisionCapacity", "resourced_provision_capacity"),
            ("SenUnitOnRoll", "sen_unit_on_roll"),
            ("SenUnitCapacity", "sen_unit_capacity"),
        ]:
            values[field] = _int_or_none(row.get(column, ""), path, line, column)
        yield line, Record(urn, values, {})


def _with_progress(items, progress: Progress | None, every=10000):
    for count, item in enumerate(items, start=1):
        if progress and count % every == 0:
            progress(count)
        yield item


def _unique(records_with_lines, path):
    seen = {}
    for line, record in records_with_lines:
        if record.key in seen:
            raise MalformedRow(path, line, f"{record.key} already appears on line {seen[record.key]}")
        seen[record.key] = line
        yield record


def schools_import(path: Path, *, include_closed: bool = False,
                   progress: Progress | None = None) -> ImportCounts:
    """Import schools from the DfE open-schools list or a GIAS ``edubasealldata`` extract."""
    path = Path(path)
    header, rows = read_csv(path)
    counts = ImportCounts()
    if all(c in header for c in _GIAS_COLUMNS):
        records_with_lines = _gias_records(path, rows, include_closed, counts)
    elif all(c in header for c in _DFE_LIST_COLUMNS):
        records_with_lines = _dfe_list_records(path, rows)
    else:
        raise MalformedRow(path, 1, "not a school register layout this importer knows "
                                    "(expected the GIAS edubasealldata or DfE open-schools columns)")
    records = list(_unique(_with_progress(records_with_lines, progress), path))
    return _sync_providers("urn", records, counts)


def _sync_providers(key_field, records, counts):
    renamed = set()
    with transaction.atomic():
        sync(Provider, key_field, records, counts=counts, changed_pks=renamed)
        if renamed:
            entries_search_document_refresh(provider_ids=renamed)
    return counts


# --- NHS organisations ------------------------------------------------------------------

_ODS_COLUMNS = ["organisation_code", "name", "address_line_1", "address_line_2", "address_line_3",
                "address_line_4", "address_line_5", "postcode", "status_code",
                "contact_telephone_number", "prescribing_setting"]
_ODS_STATUSES = {"A": "active", "C": "closed", "D": "dormant", "P": "proposed"}
_PRESCRIBING_SETTINGS = {
    "0": "Other", "1": "Walk-in centre", "2": "Out of hours service",
    "3": "Walk-in centre and out of hours service", "4": "GP practice",
    "8": "Public health service", "9": "Community health service", "10": "Hospital service",
    "12": "Urgent and emergency care", "13": "Hospice", "14": "Care home or nursing home",
    "26": "Primary care network",
}
_COUNTIES = {"COUNTY DURHAM", "CO DURHAM", "TYNE AND WEAR", "TYNE & WEAR", "CLEVELAND",
             "NORTH YORKSHIRE"}


# Initialisms in NHS organisation names that stay in capitals.
_NHS_INITIALISMS = {"NHS", "GP", "ENT", "OOH", "CCG", "FT", "ICB", "TOC", "PCN", "UK", "BCSS", "BCSC",
                    "CDD", "DCLS", "DDES", "SDH", "VAWAS", "DC", "EC", "SN", "NE", "S1", "(H&J)"}


def nhs_name(upper: str) -> str:
    """'ST ANDREW'S MEDICAL PRACTICE' -> 'St Andrew's Medical Practice' (str.title would give
    'Andrew'S'); known initialisms such as GP and NHS stay in capitals."""
    words = []
    for word in upper.split():
        if word.upper() in _NHS_INITIALISMS:
            words.append(word.upper())
            continue
        lowered = word.lower()
        for i, ch in enumerate(lowered):
            if ch.isalpha():
                lowered = lowered[:i] + ch.upper() + lowered[i + 1:]
                break
        words.append(lowered)
    return " ".join(words)


def _ods_records(path, rows, include_closed, counts):
    for line, row in rows:
        code = row["organisation_code"].strip().upper()
        if not code.isalnum() or len(code) > 10:
            raise MalformedRow(path, line, f"organisation_code must be letters and digits, "
                                           f"not {code!r}")
        status = row["status_code"].strip().upper()
        if status not in _ODS_STATUSES:
            raise MalformedRow(path, line, f"status_code must be one of A, C, D or P, "
                                           f"not {status!r}")
        if status != "A" and not include_closed:
            counts.skipped += 1
            continue
        lines = [row[f"address_line_{n}"].strip() for n in range(1, 6)]
        lines = [part for part in lines if part]
        places = [part for part in lines if part.upper() not in _COUNTIES]
        setting = row["prescribing_setting"].strip()
        values = {
            "name": nhs_name(_name(row["name"], path, line)),
            "kind": ProviderKind.GP_PRACTICE if setting == "4" else ProviderKind.HEALTH_SERVICE,
            "register_type": _PRESCRIBING_SETTINGS.get(setting, f"Prescribing setting {setting}"),
            "address": "\n".join(nhs_name(part) for part in places[:-1]),
            "town": nhs_name(places[-1]) if places else "",
            "postcode": _postcode(row["postcode"], path, line),
            "telephone": row["contact_telephone_number"].strip(),
        }
        yield line, Record(code, values, {})


def health_providers_import(path: Path, *, include_closed: bool = False,
                            progress: Progress | None = None) -> ImportCounts:
    """Import NHS organisations from an ODS practice file (epraccur layout with a header)."""
    path = Path(path)
    header, rows = read_csv(path)
    _require(header, _ODS_COLUMNS, path)
    counts = ImportCounts()
    records = list(_unique(_with_progress(_ods_records(path, rows, include_closed, counts),
                                          progress), path))
    return _sync_providers("ods_code", records, counts)


# --- Postcodes --------------------------------------------------------------------------

def _postcode_records(path, rows, counts):
    for line, row in rows:
        postcode = _postcode(row["Postcode"], path, line)
        if not postcode:
            raise MalformedRow(path, line, "the postcode is empty")
        lat, lon = row["lat"].strip(), row["long"].strip()
        if not lat or not lon:
            counts.skipped += 1  # a postcode with no grid reference has no place to show
            continue
        latitude = _float(lat, path, line, "lat")
        longitude = _float(lon, path, line, "long")
        if not (49 <= latitude <= 61 and -9 <= longitude <= 2):
            raise MalformedRow(path, line, f"{lat},{lon} is not in the United Kingdom")
        yield line, Record(postcode, {"latitude": latitude, "longitude": longitude}, {})


def postcodes_import(paths: Iterable[Path], *, progress: Progress | None = None) -> ImportCounts:
    """Import ONS postcode centres (columns Postcode, lat, long) from one or more files."""
    counts = ImportCounts()
    records, seen = [], {}
    read = 0
    for path in map(Path, paths):
        header, rows = read_csv(path)
        _require(header, ["Postcode", "lat", "long"], path)
        for line, record in _postcode_records(path, rows, counts):
            if record.key in seen:
                raise MalformedRow(path, line, f"{record.key} already appears in {seen[record.key]}")
            seen[record.key] = f"{path.name}, line {line}"
            records.append(record)
            read += 1
            if progress and read % 10000 == 0:
                progress(read)
    with transaction.atomic():
        return sync(Postcode, "postcode", records, counts=counts, batch_size=5000)


# --- Taxonomies -------------------------------------------------------------------------

def taxonomy_import(path: Path, vocabulary: str) -> ImportCounts:
    """Import a list of terms (columns code, name, parent_code, source). Parents come first."""
    path = Path(path)
    header, rows = read_csv(path)
    _require(header, ["code", "name", "parent_code", "source"], path)
    counts = ImportCounts()
    parsed = []
    codes = set()
    for position, (line, row) in enumerate(rows):
        code, name = row["code"].strip(), _name(row["name"], path, line)
        parent = row["parent_code"].strip()
        if not code:
            raise MalformedRow(path, line, "the code is empty")
        if code in codes:
            raise MalformedRow(path, line, f"code {code!r} appears twice")
        if parent and parent not in codes:
            raise MalformedRow(path, line, f"parent {parent!r} is not on an earlier line")
        codes.add(code)
        parsed.append((code, name, parent, position, row["source"].strip()))
    renamed = []
    with transaction.atomic():
        ids = dict(TaxonomyTerm.objects.filter(vocabulary=vocabulary).values_list("code", "pk"))
        for code, name, parent, position, source in parsed:
            values = {"name": name, "parent_id": ids.get(parent) if parent else None,
                      "position": position, "source": source}
            term = TaxonomyTerm.objects.filter(vocabulary=vocabulary, code=code).first()
            if term is None:
                term = TaxonomyTerm.objects.create(vocabulary=vocabulary, code=code, **values)
                counts.created += 1
            elif any(getattr(term, f) != v for f, v in values.items()):
                if term.name != name:
                    renamed.append(term.pk)
                for f, v in values.items():
                    setattr(term, f, v)
                term.save()
                counts.updated += 1
            else:
                counts.unchanged += 1
            ids[code] = term.pk
        if renamed:
            entries_search_document_refresh(term_ids=renamed)  # needs' names are in the document
    return counts
