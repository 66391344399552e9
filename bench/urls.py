"""The portal's pages, plus the bare page the benchmark compares them with."""

from functools import lru_cache

from django.http import HttpResponse
from django.urls import path

from portal.urls import urlpatterns as portal_urlpatterns

_OPENING = b"<!DOCTYPE html>\n<html lang=\"en\"><head><title>Local Offer</title></head><body>\n"
_CLOSING = b"\n</body></html>\n"


@lru_cache(maxsize=64)
def _page(size: int) -> bytes:
    filler = max(size - len(_OPENING) - len(_CLOSING), 0)
    line = b"<p>The Local Offer for children and young people with SEND.</p>\n"
    body = (line * (filler // len(line) + 1))[:filler]
    return _OPENING + body + _CLOSING


def bare_page(request, size):
    """Through the whole middleware stack, but no database and no template: the ceiling."""
    return HttpResponse(_page(min(size, 2_000_000)), content_type="text/html; charset=utf-8")


urlpatterns = [
    path("bench/bare/<int:size>/", bare_page, name="bench_bare"),
    *portal_urlpatterns,
]
