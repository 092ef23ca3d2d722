"""The suggestion pages: the town's list and each space's (filters, pages, the median time
to a first answer), a suggestion's page (answers, supports, comments, follow button, and the
answer form for its officials), the form, and the support and answer actions."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.feeds import feed_links
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on
from parvis.core.pagination import paginate
from parvis.moderation.permissions import ContributionRefused
from parvis.spaces.models import Space
from parvis.spaces.permissions import get_space_for_visitor
from parvis.spaces.selectors import published_spaces
from parvis.suggestions import selectors, services
from parvis.suggestions.forms import AnswerForm, SuggestionForm
from parvis.suggestions.models import Answer, Suggestion, SuggestionStatus
from parvis.suggestions.permissions import can_answer, can_see

PAGE_SIZE = 20
SUBMIT_LIMIT = {"per_user": "10/h", "per_ip": "30/h"}
SUPPORT_LIMIT = {"per_user": "30/m", "per_ip": "120/m"}
ANSWER_LIMIT = {"per_user": "60/h", "per_ip": "120/h"}

#: What a suggestion's page reads only for that suggestion.
_SUGGESTION_PARTS = ["suggestions.suggestion", "suggestions.answer", "suggestions.support"]


def _list_trail() -> tuple[str, str]:
    return (_("Suggestions"), reverse("suggestions:list"))


def _filters(request: HttpRequest) -> dict[str, Any]:
    categories = list(selectors.active_categories())
    category = next((c for c in categories if c.slug == request.GET.get("category")), None)
    status = request.GET.get("status", "")
    if status not in SuggestionStatus.values:
        status = ""
    return {"categories": categories, "category": category, "status": status}


def _list_page(
    request: HttpRequest, *, space: Space | None, template: str, extra: dict[str, Any]
) -> HttpResponse:
    filters = _filters(request)
    page_obj = paginate(
        selectors.suggestion_list(
            space=space, status=filters["status"], category=filters["category"]
        ),
        request.GET.get("page"),
        per_page=PAGE_SIZE,
    )
    return render(
        request,
        template,
        {
            **filters,
            "page_obj": page_obj,
            "statuses": list(SuggestionStatus),
            "median": selectors.median_first_answer(space=space),
            **extra,
        },
    )


@require_safe
def suggestion_list(request: HttpRequest) -> HttpResponse:
    spaces = list(published_spaces().only("slug", "name", "kind"))
    space = next((s for s in spaces if s.slug == request.GET.get("space")), None)
    return _list_page(
        request,
        space=space,
        template="suggestions/suggestion_list.html",
        extra={
            "spaces": spaces,
            "space": space,
            "feeds": feed_links("town", keys=("suggestions",)),
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


@require_safe
def space_suggestions(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug, members=False, pages=False)
    return _list_page(
        request,
        space=space,
        template="suggestions/space_suggestions.html",
        extra={
            "space": space,
            "breadcrumbs": breadcrumbs(
                *space.breadcrumb_trail(),
                (_("Suggestions"), reverse("suggestions:space", args=[space.slug])),
            ),
        },
    )


def _person(name: str) -> dict[str, Any]:
    return {"@type": "Person", "name": name}


def _json_ld(suggestion: Suggestion, answers: list[Answer]) -> dict[str, Any]:
    url = absolute_url(suggestion.get_absolute_url())
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "DiscussionForumPosting",
        "headline": suggestion.title,
        "text": suggestion.text,
        "url": url,
        "datePublished": suggestion.created_at.isoformat(),
        "dateModified": suggestion.updated_at.isoformat(),
        "author": _person(suggestion.author.public_name if suggestion.author else _("a resident")),
        "isPartOf": {
            "@type": "WebPage",
            "name": suggestion.space.name,
            "url": absolute_url(suggestion.space.get_absolute_url()),
        },
        "interactionStatistic": {
            "@type": "InteractionCounter",
            "interactionType": "https://schema.org/LikeAction",
            "userInteractionCount": suggestion.support_count,
        },
        "comment": [
            {
                "@type": "Comment",
                "text": answer.text,
                "dateCreated": answer.created_at.isoformat(),
                "url": absolute_url(answer.get_absolute_url()),
                "author": {**_person(answer.signed_name), "jobTitle": answer.signed_function},
            }
            for answer in answers
        ],
    }
    if suggestion.lat is not None:
        data["contentLocation"] = {
            "@type": "Place",
            "geo": {
                "@type": "GeoCoordinates",
                "latitude": suggestion.lat,
                "longitude": suggestion.lon,
            },
            **({"address": suggestion.address_text} if suggestion.address_text else {}),
        }
    if suggestion.photo:
        data["image"] = absolute_url(suggestion.photo.url)
    return data


def _visible_suggestion(request: HttpRequest, pk: int) -> Suggestion:
    suggestion = selectors.suggestion_for_page(pk)
    if suggestion is None or not can_see(request.user, suggestion):
        raise Http404
    return suggestion


def _detail(
    request: HttpRequest,
    suggestion: Suggestion,
    *,
    answer_form: AnswerForm | None = None,
    status: int = 200,
) -> HttpResponse:
    answers = selectors.answers_of(suggestion)
    answering = can_answer(request.user, suggestion)
    if answering and answer_form is None:
        answer_form = AnswerForm(status=suggestion.status)
    return render(
        request,
        "suggestions/suggestion_detail.html",
        {
            "suggestion": suggestion,
            "answers": answers,
            "answer_form": answer_form if answering else None,
            "supported": selectors.has_supported(suggestion=suggestion, user=request.user),
            "supportable": suggestion.status in services.SUPPORTABLE,
            "json_ld": json_ld_dumps(_json_ld(suggestion, answers))
            if suggestion.is_public
            else None,
            "breadcrumbs": breadcrumbs(
                *suggestion.space.breadcrumb_trail(),
                (_("Suggestions"), reverse("suggestions:space", args=[suggestion.space.slug])),
                (suggestion.title, suggestion.get_absolute_url(), suggestion),
            ),
        },
        status=status,
    )


@require_safe
def suggestion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _visible_suggestion(request, pk)
    depends_on(request, f"suggestions.suggestion:{pk}", instead_of=_SUGGESTION_PARTS)
    return _detail(request, suggestion)


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("suggestion-submit", **SUBMIT_LIMIT)
def suggestion_new(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_space_for_visitor(slug=slug, members=False, pages=False)
    categories = selectors.active_categories()
    status = 200
    if request.method == "POST":
        form = SuggestionForm(request.POST, request.FILES, categories=categories)
        if form.is_valid():
            data = form.cleaned_data
            try:
                suggestion = services.suggestion_submit(
                    author=request.user,  # type: ignore[arg-type]
                    space=space,
                    category=data["category"],
                    title=data["title"],
                    text=data["text"],
                    visibility=data["visibility"],
                    photo=data.get("photo"),
                    photo_alt=data.get("photo_alt", ""),
                    lat=data.get("lat"),
                    lon=data.get("lon"),
                    address_text=data.get("address_text", ""),
                )
            except ValidationError as error:
                add_service_errors(form, error)
            except ContributionRefused as refusal:
                form.add_error(None, str(refusal))
            else:
                if suggestion.is_pending:
                    messages.success(
                        request,
                        _("Thank you: your suggestion is published once a moderator has read it."),
                    )
                elif suggestion.is_private:
                    messages.success(
                        request, _("Thank you: the space's officials will read your suggestion.")
                    )
                else:
                    messages.success(request, _("Thank you: your suggestion is published."))
                return redirect(suggestion.get_absolute_url())
        status = 400
    else:
        form = SuggestionForm(categories=categories)
    return render(
        request,
        "suggestions/suggestion_new.html",
        {
            "space": space,
            "form": form,
            "breadcrumbs": breadcrumbs(
                *space.breadcrumb_trail(),
                (_("Suggestions"), reverse("suggestions:space", args=[space.slug])),
                (_("Make a suggestion"), request.path),
            ),
        },
        status=status,
    )


@login_required
@require_POST
@ratelimit.rate_limit("suggestion-support", **SUPPORT_LIMIT)
def suggestion_support(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _visible_suggestion(request, pk)
    try:
        new = services.suggestion_support(
            suggestion=suggestion,
            user=request.user,  # type: ignore[arg-type]
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Thank you for your support.") if new else _("You already support it."),
        )
    return redirect(suggestion.get_absolute_url())


@never_cache
@login_required
@require_POST
@ratelimit.rate_limit("suggestion-answer", **ANSWER_LIMIT)
def suggestion_answer(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = _visible_suggestion(request, pk)
    if not can_answer(request.user, suggestion):
        raise PermissionDenied
    form = AnswerForm(request.POST, status=suggestion.status)
    if form.is_valid():
        try:
            services.suggestion_answer(
                suggestion=suggestion,
                actor=request.user,  # type: ignore[arg-type]
                text=form.cleaned_data["text"],
                to_status=form.cleaned_data["to_status"],
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Your answer is published; the followers are told."))
            return redirect(suggestion.get_absolute_url())
    return _detail(request, suggestion, answer_form=form, status=400)
