"""How the portal writes values for people: ages in years and months."""


def _age(months: int) -> str:
    years, rest = divmod(months, 12)
    if years and rest:
        return f"{years} {'year' if years == 1 else 'years'} {rest} {'month' if rest == 1 else 'months'}"
    if rest:
        return f"{rest} {'month' if rest == 1 else 'months'}"
    return f"{years} {'year' if years == 1 else 'years'}"


def age_range_text(min_months, max_months):
    """Ages are stored in months; the upper bound is the last month of the oldest year."""
    if min_months is None and max_months is None:
        return "All ages up to 25"
    # "To 5 years" is stored as the last month before the sixth birthday.
    upper = None if max_months is None else max_months - 11 if max_months % 12 == 11 else max_months
    if min_months is None:
        return f"Up to {_age(upper)}"
    if max_months is None:
        return f"From {_age(min_months)}"
    if min_months == upper:
        return f"{_age(min_months)} only"
    return f"{_age(min_months)} to {_age(upper)}"
