"""UK postcode normalising: upper case, one space before the inward code."""

import re

_FULL = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")


def postcode_normalise(raw: str) -> str | None:
    """'dh11aa', ' DH1  1AA ', 'DL140AA' -> 'DH1 1AA', 'DL14 0AA'; None if not a postcode."""
    compact = re.sub(r"\s+", "", raw or "").upper()
    if not _FULL.match(compact):
        return None
    return f"{compact[:-3]} {compact[-3:]}"
