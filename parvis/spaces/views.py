from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.geo import area_svg_path
from parvis.core.pagination import paginate
from parvis.notifications.selectors import follower_count
from parvis.spaces import selectors
from parvis.spaces.models import SPACE_KIND_PLURALS, SpaceKind
from parvis.spaces.permissions import get_space_for_visitor

PAGE_SIZE = 24


@require_safe
def space_list(request: HttpRequest) -> HttpResponse:
    return render(request, "spaces/space_list.html", {"groups": selectors.spaces_by_kind()})


@require_safe
def space_kind_list(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in SpaceKind.values:
        raise Http404
    kind = SpaceKind(kind)
    page = paginate(selectors.spaces_of_kind(kind), request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "spaces/space_kind_list.html",
        {
            "kind": kind,
            "title": SPACE_KIND_PLURALS[kind],
            "page_obj": page,
            "breadcrumbs": breadcrumbs(
                (_("Neighbourhoods and projects"), reverse("spaces:list")),
                (SPACE_KIND_PLURALS[kind], reverse("spaces:kind", args=[kind])),
            ),
        },
    )


@require_safe
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug)
    context = {
        "space": space,
        "members": list(space.memberships.all()),
        "pages": space.published_pages,  # type: ignore[attr-defined]  # Prefetch(to_attr=) in get_space_for_visitor
        "followers": follower_count(target=space),
        "map": area_svg_path(space.boundary) if space.boundary else None,
        "breadcrumbs": breadcrumbs(*space.breadcrumb_trail()),
    }
    return render(request, "spaces/space_detail.html", context)


@require_safe
def space_page_detail(request: HttpRequest, slug: str, page_slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug, members=False)
    page = selectors.space_page(space=space, page_slug=page_slug)
    if page is None:
        raise Http404
    return render(
        request,
        "spaces/space_page.html",
        {
            "space": space,
            "page": page,
            "pages": space.published_pages,  # type: ignore[attr-defined]  # Prefetch(to_attr=) in get_space_for_visitor
            "breadcrumbs": breadcrumbs(
                *space.breadcrumb_trail(), (page.title, page.get_absolute_url(), page)
            ),
        },
    )
