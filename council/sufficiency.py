"""How the DfE EHC plan statistics meet the Local Offer: which of our needs each DfE primary
need is, the age bands we compare, and the areas we compare County Durham with.

Declared once here; the importer, the sufficiency page and the tests all read these tables.
"""

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class PrimaryNeed:
    dfe_code: str  # the suffix of DfE's number_<code> column
    dfe_name: str  # as the data guidance names it
    need_code: str  # our TaxonomyTerm code, vocabulary "need" (data/taxonomies/send_needs.csv)


# Every primary need DfE publish, in the order of the Code of Practice's broad areas. A file
# with a primary need missing from this table is refused by the importer.
PRIMARY_NEEDS = [
    PrimaryNeed("asd", "Autistic spectrum disorder", "ASD"),
    PrimaryNeed("slcn", "Speech, language and communication needs", "SLCN"),
    PrimaryNeed("mld", "Moderate learning difficulty", "MLD"),
    PrimaryNeed("sld", "Severe learning difficulty", "SLD"),
    PrimaryNeed("pmld", "Profound & multiple learning difficulty", "PMLD"),
    PrimaryNeed("spld", "Specific learning difficulty", "SpLD"),
    PrimaryNeed("semh", "Social, emotional and mental health", "SEMH"),
    PrimaryNeed("hi", "Hearing impairment", "HI"),
    PrimaryNeed("vi", "Visual impairment", "VI"),
    PrimaryNeed("msi", "Multisensory impairment", "MSI"),
    PrimaryNeed("pd", "Physical disability", "PD"),
    PrimaryNeed("oth", "Other difficulty/disability", "OTH"),
]
# Plans whose primary need the council did not record: counted in totals, matched to no need.
NEED_NOT_RECORDED = "need_unknown"
DFE_NEED_CODES = [need.dfe_code for need in PRIMARY_NEEDS] + [NEED_NOT_RECORDED]


@dataclass(frozen=True)
class Area:
    code: str  # ONS code
    name: str


# County Durham first: the council's own figures; the others are for comparison.
COUNCIL_AREA = Area("E06000047", "County Durham")
COMPARED_AREAS = [COUNCIL_AREA, Area("E12000001", "North East"), Area("E92000001", "England")]


@dataclass(frozen=True)
class AgeBand:
    slug: str
    label: str
    youngest: int  # years, inclusive
    oldest: int


# The bands of DfE's own EHC plan tables. The files give single years ("under 3", "age 3"
# ... "age 25"); each falls in exactly one band.
AGE_BANDS = [
    AgeBand("under-5", "Under 5", 0, 4),
    AgeBand("5-10", "5 to 10", 5, 10),
    AgeBand("11-15", "11 to 15", 11, 15),
    AgeBand("16-19", "16 to 19", 16, 19),
    AgeBand("20-25", "20 to 25", 20, 25),
]
ALL_AGES = AgeBand("all", "All ages", 0, 25)
ALL_PLANS_GROUP = "All EHC plans"  # the file's row for every age together
_AGE = re.compile(r"^(?:under (\d+)|age (\d+))$")


def age_group_years(age_group: str) -> tuple[int, int] | None:
    """'under 3' -> (0, 2), 'age 10' -> (10, 10); None for a label DfE do not use."""
    match = _AGE.match(age_group.strip().lower())
    if not match:
        return None
    if match.group(1) is not None:
        under = int(match.group(1))
        return (0, under - 1) if 0 < under <= 25 else None
    age = int(match.group(2))
    return (age, age) if age <= 25 else None


def age_band_of(age_group: str) -> AgeBand | None:
    years = age_group_years(age_group)
    if years is None:
        return None
    for band in AGE_BANDS:
        if band.youngest <= years[0] and years[1] <= band.oldest:
            return band
    return None


def academic_year_label(time_period: str) -> str:
    """'202425' -> '2024/25'."""
    return f"{time_period[:4]}/{time_period[4:]}" if len(time_period) == 6 else time_period
