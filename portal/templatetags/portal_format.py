import re

from django import template

from portal.formatting import age_range_text

register = template.Library()
register.simple_tag(age_range_text, name="age_range")


@register.filter
def tel_href(number: str) -> str:
    """A telephone number as a tap-to-call link's address: the first number given, its digits
    (and a leading +) alone, without an extension or the (0) written after a country code; empty
    where there is no number to call (older entries were not checked as they are now)."""
    first = re.split(r"\s*(?:/|,|;|\bor\b)\s*", number.strip(), maxsplit=1)[0]
    first = re.sub(r"\s*(?:ext\.?|extension|x)\s*[0-9]+\s*$", "", first, flags=re.IGNORECASE | re.ASCII)
    first = re.sub(r"^(\+[0-9]{1,3})\s*\(0\)", r"\1", first, flags=re.ASCII)
    digits = "".join(character for character in first if character in "0123456789")
    if len(digits) < 3:
        return ""
    return "tel:" + ("+" if first.startswith("+") else "") + digits


@register.filter
def lower_first(text: str) -> str:
    """'Something missing from the Local Offer' mid-sentence: the first letter only, so that the
    Local Offer keeps its capitals."""
    text = str(text)
    return text[:1].lower() + text[1:]
