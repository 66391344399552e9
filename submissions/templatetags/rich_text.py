import html

from django import template
from django.utils.html import strip_tags

from submissions.rich_text import rich_text_html

register = template.Library()


@register.filter(name="rich_text")
def rich_text_filter(value):
    return rich_text_html(value)


@register.filter(name="rich_text_plain")
def rich_text_plain_filter(value):
    """The words alone, for a short summary. Taking the tags out leaves the HTML's entities
    (&amp;): they are turned back into characters, which the template then escapes once."""
    return " ".join(html.unescape(strip_tags(rich_text_html(value))).split())
