from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone

from notifications.policy import may_be_out_of_date
from offer import selectors


def home(request):
    # A NUL byte cannot go into a PostgreSQL query; it is never part of a real search.
    query = " ".join(request.GET.get("q", "").replace("\x00", " ").split())[:200]
    paginator = Paginator(selectors.published_entries(query=query), selectors.PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    return render(request, "offer/home.html", {
        "query": query, "page": page, "count": paginator.count,
    })


def entry(request, entry_id):
    entry = selectors.published_entry_get(entry_id)
    return render(request, "offer/entry.html", {
        "entry": entry,
        "revision": entry.published_revision,
        "provider": entry.provider,
        "others": selectors.provider_other_entries(entry),
        "out_of_date": may_be_out_of_date(entry.review_due, timezone.localdate()),
    })
