import re

from django import template

from portal.formatting import age_range_text

register = template.Library()
register.simple_tag(age_range_text, name="age_range")


@register.filter
def tel_href(number: str) -> str:
    """A telephone number as a tap-to-call link's address: its digits (and a leading +) alone,
    the extension and the (0) written after a country code left off."""
    main = re.split(r"(?:ext\.?|extension|x)", number, maxsplit=1, flags=re.IGNORECASE)[0]
    main = main.replace("(0)", "").strip()
    return "tel:" + ("+" if main.startswith("+") else "") + "".join(c for c in main if c.isdigit())
