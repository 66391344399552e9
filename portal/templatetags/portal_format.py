from django import template

from portal.formatting import age_range_text, telephone_href

register = template.Library()
register.simple_tag(age_range_text, name="age_range")
tel_href = register.filter("tel_href", telephone_href)


@register.filter
def lower_first(text: str) -> str:
    """'Something missing from the Local Offer' mid-sentence: the first letter only, so that the
    Local Offer keeps its capitals."""
    text = str(text)
    return text[:1].lower() + text[1:]
