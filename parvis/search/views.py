from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parvis.search.engine import search
from parvis.search.registry import searchable_types

MAX_QUERY_LENGTH = 200


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    # NUL characters are dropped: PostgreSQL text cannot hold them, and would fail the query.
    query = request.GET.get("q", "").replace("\x00", "").strip()[:MAX_QUERY_LENGTH]
    kinds = [k for k in request.GET.getlist("type") if k in {t.key for t in searchable_types()}]
    results = search(query, kinds=kinds or None) if query else []
    return render(
        request,
        "search/search.html",
        {"query": query, "results": results, "types": searchable_types(), "selected": kinds},
    )
