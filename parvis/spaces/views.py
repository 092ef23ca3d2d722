from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from parvis.accounts.http import AuthenticatedHttpRequest
from parvis.core.geo import area_svg_path
from parvis.core.ratelimit import rate_limit
from parvis.notifications.selectors import follower_count, is_following
from parvis.notifications.services import subscription_create, subscription_delete
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
    page = Paginator(selectors.spaces_of_kind(kind), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "spaces/space_kind_list.html",
        {"kind": kind, "title": SPACE_KIND_PLURALS[kind], "page_obj": page},
    )


@require_safe
def space_detail(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug)
    context = {
        "space": space,
        "members": list(space.memberships.all()),
        "pages": space.published_pages,  # type: ignore[attr-defined]  # Prefetch(to_attr=) in get_space_for_visitor
        "following": is_following(user=request.user, target=space),
        "followers": follower_count(target=space),
        "map": area_svg_path(space.boundary) if space.boundary else None,
    }
    return render(request, "spaces/space_detail.html", context)


@require_safe
def space_page_detail(request: HttpRequest, slug: str, page_slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug)
    page = selectors.space_page(space=space, page_slug=page_slug)
    if page is None:
        raise Http404
    return render(
        request,
        "spaces/space_page.html",
        {"space": space, "page": page, "pages": space.published_pages},  # type: ignore[attr-defined]  # Prefetch(to_attr=) in get_space_for_visitor
    )


@login_required
@require_POST
@rate_limit("follow", per_user="30/m", per_ip="120/m")
def space_follow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug)
    if subscription_create(user=request.user, target=space):
        messages.success(
            request,
            _("You now follow %(space)s. You can stop at any time.") % {"space": space.name},
        )
    return redirect(space)


@login_required
@require_POST
@rate_limit("follow", per_user="30/m", per_ip="120/m")
def space_unfollow(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug)
    if subscription_delete(user=request.user, target=space):
        messages.success(request, _("You no longer follow %(space)s.") % {"space": space.name})
    return redirect(space)
