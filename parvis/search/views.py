from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parvis.search.engine import search
from parvis.search.query import parse
from parvis.search.registry import searchable_types
from parvis.spaces.selectors import published_spaces

MAX_QUERY_LENGTH = 200
#: What chooses a page of results; anything else (tracking parameters) is left out.
CANONICAL_PARAMETERS = ("q", "type", "space", "page")


@require_safe
def search_page(request: HttpRequest) -> HttpResponse:
    """The search page: GET only, nothing stored, no cookie.

    Filters that name nothing known (a type or a space that does not exist, a page that is
    not a number) are ignored rather than refused: a shared or old link still answers.
    """
    # NUL characters are dropped: PostgreSQL text cannot hold them.
    typed = request.GET.get("q", "").replace("\x00", "").strip()
    query = typed[:MAX_QUERY_LENGTH]
    types = searchable_types()
    kinds = [key for key in request.GET.getlist("type") if key in {t.key for t in types}]
    spaces = list(published_spaces().only("slug", "name").order_by("name", "id"))
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    page_text = request.GET.get("page", "1")
    page_number = int(page_text) if page_text.isdigit() and len(page_text) < 7 else 1
    parsed = parse(query)
    result_page = (
        search(parsed, kinds=kinds or None, space=space, page=page_number) if parsed else None
    )
    return render(
        request,
        "search/search.html",
        {
            "query": query,
            # Said on the page: what was searched is not all that was typed, or nothing was.
            "cut": len(typed) > MAX_QUERY_LENGTH,
            "max_length": MAX_QUERY_LENGTH,
            "nothing_to_look_for": bool(query) and not parsed,
            "page": result_page,
            "types": types,
            "selected": kinds,
            "spaces": spaces,
            "space": space,
            # A page of results is `noindex` (its template says so) but its canonical
            # address is itself, filters included: never another page's address.
            "canonical_parameters": CANONICAL_PARAMETERS,
        },
    )
