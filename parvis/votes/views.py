"""The pages of votes: the consultations (town-wide and per space), a consultation, its
ballot form, its results and the published list of ballot ids; declaring one's home.

The public pages (lists, consultation, results, ballot ids) show nothing of the visitor:
they are kept by the anonymous page cache and change at opening and closing by the clock
(the manifest's `due`). The ballot form, which shows whether the signed-in visitor may
vote or has voted, is a page of its own, never cached. Results and ballot ids are 404
until the consultation closes: no count is shown anywhere before."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from parvis.accounts.models import User
from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.markdown import render_markdown
from parvis.core.pagecache import depends_on_object, expires_at
from parvis.core.pagination import paginate
from parvis.spaces.selectors import published_spaces
from parvis.votes import charts, results, selectors, services
from parvis.votes.forms import BallotForm, CandidacyForm, ResidenceForm
from parvis.votes.models import Candidacy, CandidacyStatus, Consultation, Method, Residence

#: Ballots are few per person: the limits stop scripts, not voters (a vote is refused a
#: second time anyway). Per address it is generous: a town hall's public computers, or a
#: whole school voting behind one address.
VOTE_LIMIT = {"per_user": "20/h", "per_ip": "2000/m"}
RESIDENCE_LIMIT = {"per_user": "10/h", "per_ip": "60/h"}
CANDIDACY_LIMIT = {"per_user": "10/h", "per_ip": "60/h"}
CLOSED_PAGE_SIZE = 20
BALLOT_IDS_PAGE_SIZE = 500


def _trail() -> tuple[str, str]:
    return (_("Consultations"), reverse("votes:list"))


def _consultation_or_404(slug: str) -> Consultation:
    consultation = selectors.consultation_for_page(slug)
    if consultation is None:
        raise Http404
    return consultation


def _lists(request: HttpRequest, **scope: Any) -> dict[str, Any]:
    now = timezone.now()
    upcoming = list(selectors.open_consultations(now=now, **scope))
    expires_at(request, selectors.next_change(now))
    return {
        "open": [c for c in upcoming if c.opens_at <= now],
        "upcoming": [c for c in upcoming if c.opens_at > now],
        "page_obj": paginate(
            selectors.closed_consultations(now=now, **scope),
            request.GET.get("page"),
            per_page=CLOSED_PAGE_SIZE,
        ),
    }


@require_safe
def consultation_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "votes/consultation_list.html",
        {**_lists(request), "breadcrumbs": breadcrumbs(_trail())},
    )


@require_safe
def space_consultations(request: HttpRequest, slug: str) -> HttpResponse:
    space = get_object_or_404(published_spaces(), slug=slug)
    title = _("Consultations: %(space)s") % {"space": space.name}
    return render(
        request,
        "votes/consultation_list.html",
        {
            **_lists(request, space=space),
            "space": space,
            "title": title,
            "breadcrumbs": breadcrumbs(*space.breadcrumb_trail(), (title, request.path)),
        },
    )


def _json_ld(consultation: Consultation) -> Any:
    return json_ld_dumps(
        {
            "@context": "https://schema.org",
            "@type": "Question",
            "name": consultation.title,
            "text": consultation.summary or consultation.title,
            "url": absolute_url(consultation.get_absolute_url()),
            "dateCreated": consultation.created_at.isoformat(),
            "eduQuestionType": "Multiple choice",
            "answerCount": consultation.options.count(),
            "isPartOf": {
                "@type": "WebPage",
                "name": consultation.space.name,
                "url": absolute_url(consultation.space.get_absolute_url()),
            },
        }
    )


def _state(consultation: Consultation) -> str:
    now = timezone.now()
    if now < consultation.opens_at:
        return "upcoming"
    return "closed" if consultation.is_closed(now) else "open"


@require_safe
def consultation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _consultation_or_404(slug)
    depends_on_object(request, consultation)
    state = _state(consultation)
    expires_at(request, consultation.opens_at if state == "upcoming" else consultation.closes_at)
    options = selectors.options_of(consultation)
    election = consultation.method == Method.ELECTION
    candidates = selectors.candidates_by_option(consultation) if election else {}
    return render(
        request,
        "votes/consultation_detail.html",
        {
            "consultation": consultation,
            "election": election,
            "description": render_markdown(consultation.description),
            "options": [(o, render_markdown(o.description), candidates.get(o.pk)) for o in options],
            "state": state,
            "json_ld": _json_ld(consultation),
            "breadcrumbs": breadcrumbs(
                _trail(), (consultation.title, consultation.get_absolute_url(), consultation)
            ),
        },
    )


def _sub_trail(consultation: Consultation, label: str, path: str) -> Any:
    return breadcrumbs(
        _trail(), (consultation.title, consultation.get_absolute_url(), consultation), (label, path)
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("votes-ballot", **VOTE_LIMIT)
def ballot(request: HttpRequest, slug: str) -> HttpResponse:
    """GET: the ballot form, or why the visitor may not vote (403), or that voting is not
    open (410), or that they voted. POST: the ballot cast and its receipt shown; refused
    input gets the form again (400), nothing kept."""
    consultation = _consultation_or_404(slug)
    user: User = request.user  # type: ignore[assignment]
    options = selectors.options_of(consultation)
    title = _("Vote: %(title)s") % {"title": consultation.title}
    context: dict[str, Any] = {
        "consultation": consultation,
        "title": title,
        "breadcrumbs": _sub_trail(consultation, _("Vote"), request.path),
    }
    closed = services.state_reason(consultation)
    if closed:
        context["refusal"] = closed
        return render(request, "votes/ballot.html", context, status=410)
    # A valid ballot goes straight to the service, whose register refuses a second one (409
    # below): on vote day, the query asking first would cost every voter for the few who
    # post twice. The form and an invalid post ask first.
    posted = request.method == "POST"
    if not posted and selectors.has_voted(consultation, user):
        context["voted"] = True
        return render(request, "votes/ballot.html", context)
    reason = services.ineligibility_reason(consultation, user)
    if reason:
        context["refusal"] = reason
        context["needs_home"] = consultation.residents_of_area
        return render(request, "votes/ballot.html", context, status=403)
    form = BallotForm(
        request.POST if request.method == "POST" else None,
        consultation=consultation,
        options=options,
    )
    if posted:
        if form.is_valid():
            try:
                cast = services.ballot_cast(
                    consultation=consultation, voter=user, choices=form.choices()
                )
            except ValidationError as error:
                if isinstance(error, services.AlreadyVotedError):
                    context["voted"] = True
                    return render(request, "votes/ballot.html", context, status=409)
                add_service_errors(form, error)
            else:
                return render(request, "votes/ballot_done.html", {**context, "receipt": cast.pk})
        elif selectors.has_voted(consultation, user):
            context["voted"] = True
            return render(request, "votes/ballot.html", context, status=409)
        context["form"] = form
        return render(request, "votes/ballot.html", context, status=400)
    context["form"] = form
    return render(request, "votes/ballot.html", context)


def _closed_or_404(slug: str) -> Consultation:
    consultation = _consultation_or_404(slug)
    if not consultation.is_closed():
        raise Http404
    return consultation


@require_safe
def consultation_results(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _closed_or_404(slug)
    depends_on_object(request, consultation)
    tally, options = results.consultation_results(consultation)
    rows = [(options[row.option_id], row) for row in tally.rows]
    highlighted = {row.option_id for row in tally.rows if row.funded or row.winner}
    chart = charts.bar_chart(
        [(options[r.option_id].title, r.votes, r.option_id in highlighted) for r in tally.rows]
    )
    rounds = [
        {
            "number": r.number,
            "cells": [(options[o], r.counts.get(o)) for o in options],
            "exhausted": r.exhausted,
            "eliminated": options[r.eliminated] if r.eliminated is not None else None,
        }
        for r in tally.rounds
    ]
    title = _("Results: %(title)s") % {"title": consultation.title}
    return render(
        request,
        "votes/results.html",
        {
            "consultation": consultation,
            "title": title,
            "tally": tally,
            "rows": rows,
            "chart": chart,
            "rounds": rounds,
            "options": list(options.values()),
            "winner": options.get(tally.winner) if tally.winner is not None else None,
            "register_count": selectors.register_count(consultation),
            "is_ranked": consultation.method == Method.RANKED,
            "is_budget": consultation.method == Method.BUDGET,
            "is_election": consultation.method == Method.ELECTION,
            "elected": _elected(consultation, tally, options),
            "breadcrumbs": _sub_trail(consultation, _("Results"), request.path),
        },
    )


def _elected(consultation: Consultation, tally: Any, options: dict) -> list[tuple[Any, Any]]:
    """The elected candidates of an election: (option, candidacy) in order of votes."""
    if consultation.method != Method.ELECTION:
        return []
    candidates = selectors.candidates_by_option(consultation)
    return [(options[r.option_id], candidates.get(r.option_id)) for r in tally.rows if r.winner]


@require_safe
def ballot_ids(request: HttpRequest, slug: str) -> HttpResponse:
    consultation = _closed_or_404(slug)
    depends_on_object(request, consultation)
    title = _("Ballots cast: %(title)s") % {"title": consultation.title}
    return render(
        request,
        "votes/ballot_ids.html",
        {
            "consultation": consultation,
            "title": title,
            "page_obj": paginate(
                selectors.ballot_ids(consultation),
                request.GET.get("page"),
                per_page=BALLOT_IDS_PAGE_SIZE,
            ),
            "breadcrumbs": _sub_trail(consultation, _("Ballots cast"), request.path),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("votes-residence", **RESIDENCE_LIMIT)
def residence(request: HttpRequest) -> HttpResponse:
    """Where the signed-in resident declares their home, for votes limited to an area."""
    user: User = request.user  # type: ignore[assignment]
    current = Residence.objects.filter(user=user).select_related("address__street").first()
    form = ResidenceForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            services.residence_declare(user=user, address=form.cleaned_data["address"])
            following = request.POST.get("next", "")
            if url_has_allowed_host_and_scheme(following, allowed_hosts=None):
                return redirect(following)
            return redirect("votes:residence")
    title = _("Your home address")
    return render(
        request,
        "votes/residence.html",
        {
            "form": form,
            "current": current,
            "title": title,
            "next": request.GET.get("next", ""),
            "breadcrumbs": breadcrumbs(_trail(), (title, request.path)),
        },
        status=status,
    )


# --- elections ----------------------------------------------------------------------------------


@require_safe
def candidate_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    consultation = _consultation_or_404(slug)
    candidacy = get_object_or_404(
        Candidacy, pk=pk, consultation=consultation, status=CandidacyStatus.VALIDATED
    )
    depends_on_object(request, consultation)
    return render(
        request,
        "votes/candidate_detail.html",
        {
            "consultation": consultation,
            "candidacy": candidacy,
            "presentation": render_markdown(candidacy.presentation),
            "projects": render_markdown(candidacy.projects),
            "json_ld": json_ld_dumps(
                {
                    "@context": "https://schema.org",
                    "@type": "ProfilePage",
                    "name": candidacy.name,
                    "url": absolute_url(request.path),
                    "mainEntity": {"@type": "Person", "name": candidacy.name},
                }
            ),
            "breadcrumbs": _sub_trail(consultation, candidacy.name, request.path),
        },
    )


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
@ratelimit.rate_limit("votes-candidacy", **CANDIDACY_LIMIT)
def candidacy_submit(request: HttpRequest, slug: str) -> HttpResponse:
    """A resident stands in an election: the profile, sent for staff's validation."""
    consultation = _consultation_or_404(slug)
    user: User = request.user  # type: ignore[assignment]
    title = _("Stand as a candidate: %(title)s") % {"title": consultation.title}
    context: dict[str, Any] = {
        "consultation": consultation,
        "title": title,
        "breadcrumbs": _sub_trail(consultation, _("Stand as a candidate"), request.path),
    }
    refusal = services.candidacy_refusal(consultation, user)
    if refusal:
        context["refusal"] = refusal
        return render(request, "votes/candidacy_form.html", context, status=403)
    posted = request.method == "POST"
    form = CandidacyForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        initial={"name": user.display_name},
    )
    if posted:
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.candidacy_submit(
                    consultation=consultation,
                    user=user,
                    name=data["name"],
                    presentation=data["presentation"],
                    projects=data["projects"],
                    photo=data["photo"],
                    photo_alt=data["photo_alt"],
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                context["sent"] = True
                return render(request, "votes/candidacy_form.html", context)
        context["form"] = form
        return render(request, "votes/candidacy_form.html", context, status=400)
    context["form"] = form
    return render(request, "votes/candidacy_form.html", context)
