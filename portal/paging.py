"""Pages of a long list, the same way on every page that has one (GOV.UK pagination)."""

from django.core.paginator import Page, Paginator


def page_of(request, rows, per_page: int) -> Page:
    """The page asked for in ``?page=``; a missing, wrong or too-large number gives the nearest
    real page rather than an error."""
    return Paginator(rows, per_page).get_page(request.GET.get("page"))


def query_string_without_page(request) -> str:
    """The request's filters, for links to other pages of the same list."""
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
