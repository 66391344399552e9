"""How the portal writes values for people: ages in years and months, telephone numbers to tap."""

import re

# An extension after a telephone number ("ext 42", "x42"): not part of the number to dial.
PHONE_EXTENSION = re.compile(r" *(?:ext\.?|extension|x) *[0-9]+ *$", re.ASCII | re.IGNORECASE)


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


def telephone_href(number: str) -> str:
    """A telephone number as a tap-to-call link's address: the first number given, its digits
    (and a leading +) alone, without an extension or the (0) written after a country code; empty
    where there is no number to call (older entries were not checked as they are now)."""
    first = re.split(r"\s*(?:/|,|;|\bor\b)\s*", number.strip(), maxsplit=1)[0]
    first = PHONE_EXTENSION.sub("", first)
    first = re.sub(r"^(\+[0-9]{1,3})\s*\(0\)", r"\1", first, flags=re.ASCII)
    digits = "".join(character for character in first if character in "0123456789")
    if len(digits) < 3:
        return ""
    return "tel:" + ("+" if first.startswith("+") else "") + digits
