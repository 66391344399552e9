"""Real-browser journeys: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's synchronous API keeps an asyncio event loop running in this thread while a browser is
open, and Django then refuses ORM calls from the thread ("you cannot call this from an async
context"). The calls the tests make here really are synchronous (nothing is awaited between
them), so while the browser is open, and only then, DJANGO_ALLOW_ASYNC_UNSAFE is set: the browser
is package-scoped, so the setting is undone before any other folder's tests run.
"""

import itertools
import os
import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser.journey import Journey

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
# Without these, Chromium on this kind of machine reaches for services it may not, and its
# connections to the live server are refused.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
ARTIFACTS = Path(settings.BASE_DIR) / "var" / "test-artifacts" / "browser"


@pytest.fixture(scope="package")
def chromium():
    sync_api = pytest.importorskip("playwright.sync_api",
                                   reason="needs the playwright package: pip install -e '.[dev]'")
    if not CHROMIUM.is_file():
        pytest.skip(f"needs Debian's Chromium at {CHROMIUM}: apt-get install chromium")
    if not AXE.is_file():
        pytest.skip(f"needs axe-core at {AXE}: npm ci")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        with sync_api.sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
            yield browser
            browser.close()


@pytest.fixture(scope="package")
def axe_source(chromium):
    return AXE.read_text(encoding="utf-8")


@pytest.fixture
def journey(chromium, axe_source, live_server, request):
    """Opens a browser window of one person's own: ``journey(variant, "provider")``. Each step's
    screenshot goes to var/test-artifacts/browser/<test>/NN-<who>-<step>.png."""
    contexts = []
    folder = ARTIFACTS / re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    steps = itertools.count(1)

    def open_window(variant, who):
        context = chromium.new_context(base_url=live_server.url, **variant.context_options())
        context.set_default_timeout(10_000)
        contexts.append(context)
        return Journey(context.new_page(), variant, artifacts=folder, steps=steps, who=who, axe_source=axe_source)

    yield open_window
    for context in contexts:
        context.close()
