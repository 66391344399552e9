"""Simple formatting in what providers write: paragraphs, bold, lists and links, written as
Markdown (**bold**, lines starting "- ", [words](https://...)).

Sanitised with nh3's allow-list twice: when saving, so that no stored text holds markup beyond
the allow-list, and when rendering, so that nothing can reach a page or an email however it got
into the database. Scripts, iframes, event-handler attributes and javascript: links never pass.
"""

import html

import markdown
import nh3
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {"p", "br", "strong", "b", "em", "i", "ul", "ol", "li", "a"}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def _sanitise(text: str) -> str:
    return nh3.clean(text, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=URL_SCHEMES,
                     link_rel="noopener noreferrer nofollow")


def rich_text_clean(source: str) -> str:
    """What a provider typed, with any markup outside the allow-list taken out, ready to store.

    The result is still the Markdown they typed (so it reads the same in the form next time):
    nh3 escapes characters such as & and <, which are put back, and the cleaning repeats until
    nothing changes, so that markup hidden behind entities cannot come back.
    """
    text = (source or "").replace("\x00", "").replace("\r\n", "\n")
    for _ in range(5):
        cleaned = html.unescape(_sanitise(text))
        if cleaned == text:
            break
        text = cleaned
    return text.strip()


def rich_text_html(source: str) -> SafeString:
    """The stored text as HTML for a page or an email: Markdown, then the allow-list."""
    rendered = markdown.markdown(source or "", extensions=["sane_lists", "nl2br"], output_format="html")
    return mark_safe(_sanitise(rendered))  # noqa: S308 - nh3 has just removed everything not allowed
