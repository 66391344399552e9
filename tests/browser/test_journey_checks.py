"""The journeys' own checks must catch what they look for: focus that cannot be seen, and a page
that fails WCAG. Each is shown a small page that fails on purpose, and one that passes."""

import itertools

import pytest

from tests.browser.conftest import ARTIFACTS
from tests.browser.journey import DESKTOP, Journey

pytestmark = pytest.mark.browser

PAGE = """<!DOCTYPE html><html lang="en-GB"><head><title>Checks</title><style>{style}</style></head>
<body><main><h1>Checks</h1><p><a href="#one">First link</a></p>{extra}</main></body></html>"""
GOVUK_FOCUS = "a:focus { outline: 3px solid transparent; background-color: #ffdd00; box-shadow: 0 4px #0b0c0c; }"


@pytest.fixture
def person(chromium, axe_source, request):
    context = chromium.new_context(**DESKTOP.context_options())
    context.set_default_timeout(5_000)
    folder = ARTIFACTS / request.node.name.replace("[", "-").rstrip("]")
    folder.mkdir(parents=True, exist_ok=True)
    yield Journey(context.new_page(), DESKTOP, artifacts=folder, steps=itertools.count(1), who="checks",
                  axe_source=axe_source)
    context.close()


def test_focus_with_the_govuk_yellow_passes(person):
    person.page.set_content(PAGE.format(style=GOVUK_FOCUS, extra=""))
    person.tab_to(person.page.get_by_role("link", name="First link"))
    assert person.page.evaluate("document.activeElement.textContent") == "First link"


def test_focus_that_cannot_be_seen_is_caught(person):
    person.page.set_content(PAGE.format(style="a:focus { outline: none; }", extra=""))
    with pytest.raises(AssertionError, match="focus cannot be seen"):
        person.tab_to(person.page.get_by_role("link", name="First link"))


def test_a_page_that_fails_wcag_is_caught(person):
    person.page.set_content(PAGE.format(style=GOVUK_FOCUS, extra='<img src="data:,"><input type="text">'))
    with pytest.raises(AssertionError, match="image-alt") as failure:
        person.checkpoint("failing page")
    assert '"label"' in str(failure.value)


def test_a_page_that_meets_wcag_passes(person):
    person.page.set_content(PAGE.format(style=GOVUK_FOCUS, extra='<label for="q">Search for</label>'
                                                                  '<input type="text" id="q">'))
    person.checkpoint("passing page")
    assert person.checked_with_axe == ["about:blank"]
