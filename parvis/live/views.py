"""The pages of live sessions.

- the list (open and coming sessions, then past ones) and a session's page, public and
  cached for readers without a session: the published questions with their answers, kept
  current by a small script over the page's WebSocket (`consumers.py`), or by reloading;
- the forms of signed-in people (ask, vote, answer), which post and redirect back to the
  session's page, so that everything works without JavaScript;
- the moderators' queue (publish or reject, open and close the session), never cached;
- the transcript once published.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST, require_safe

from parvis.core import ratelimit
from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.forms import add_service_errors
from parvis.core.jsonld import json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on
from parvis.core.town import current_town
from parvis.live import selectors, services
from parvis.live.forms import AnswerForm, QuestionForm
from parvis.live.models import STATE_ORDER, LiveSession, Question, SessionState
from parvis.live.permissions import can_moderate, can_take_part, official_for

#: Questions a resident may post: a flood is refused with the time to wait, next to the field.
ASK_LIMIT = {"per_user": "5/5m", "per_ip": "30/5m"}
VOTE_LIMIT = {"per_user": "60/m", "per_ip": "300/m"}
STAFF_LIMIT = {"per_user": "120/m", "per_ip": "600/m"}

#: What a session's page reads, covered by the session's own key.
_SESSION_PARTS = ["live.livesession", "live.question", "live.answer"]


def _list_trail() -> tuple[str, str]:
    return (_("Live Q&A sessions"), reverse("live:list"))


def _session_trail(session: LiveSession) -> tuple[str, str, LiveSession]:
    return (session.title, session.get_absolute_url(), session)


def _session_or_404(pk: int) -> LiveSession:
    session = selectors.session_for_page(pk)
    if session is None:
        raise Http404
    return session


def _question_or_404(session: LiveSession, question_pk: int) -> Question:
    question = Question.objects.filter(session=session, pk=question_pk).first()
    if question is None:
        raise Http404
    return question


def _event_json_ld(session: LiveSession) -> dict[str, Any]:
    town = current_town()
    status = "https://schema.org/EventScheduled"
    return {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": session.title,
        "description": session.description or session.title,
        "startDate": timezone.localtime(session.starts_at).isoformat(),
        "endDate": timezone.localtime(session.ends_at).isoformat(),
        "eventStatus": status,
        "eventAttendanceMode": "https://schema.org/OnlineEventAttendanceMode",
        "location": {"@type": "VirtualLocation", "url": absolute_url(session.get_absolute_url())},
        "url": absolute_url(session.get_absolute_url()),
        "organizer": {"@type": "GovernmentOrganization", "name": town.name},
        "isAccessibleForFree": True,
    }


@require_safe
def session_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "live/list.html",
        {
            "current": selectors.current_and_upcoming(),
            "closed": selectors.closed_sessions(),
            "transcripts": selectors.past_transcripts(),
            "breadcrumbs": breadcrumbs(_list_trail()),
        },
    )


def _order(request: HttpRequest) -> str:
    order = request.GET.get("order", "")
    return order if order in selectors.ORDERS else "votes"


def _session_context(
    request: HttpRequest, session: LiveSession, *, question_form: QuestionForm | None = None
) -> dict[str, Any]:
    user = request.user
    order = _order(request)
    signed_in = can_take_part(user)
    return {
        "session": session,
        "order": order,
        "questions": selectors.published_questions(session, order=order),
        "signed_in": signed_in,
        "voted": selectors.voted_question_ids(session, user) if signed_in else set(),
        "is_moderator": signed_in and can_moderate(user, session),
        "is_official": signed_in and official_for(user, session) is not None,
        "question_form": question_form or QuestionForm(),
        "states": SessionState.choices,
        "login_url": reverse("account_login") + "?" + urlencode({"next": request.path}),
        "json_ld": json_ld_dumps(_event_json_ld(session)),
        "breadcrumbs": breadcrumbs(_list_trail(), _session_trail(session)),
    }


@require_safe
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    depends_on(request, f"live.session:{session.pk}", instead_of=_SESSION_PARTS)
    return render(request, "live/session.html", _session_context(request, session))


def _back(session: LiveSession, anchor: str = "") -> HttpResponse:
    return redirect(session.get_absolute_url() + (f"#{anchor}" if anchor else ""))


@login_required
@require_POST
def ask(request: HttpRequest, pk: int) -> HttpResponse:
    """POST a question: it waits for a moderator. Bad input, a closed session or a flood
    of questions: the page again, 400 or 429, with the reason next to the field."""
    session = _session_or_404(pk)
    form = QuestionForm(request.POST)
    status = 400
    wait = ratelimit.check(request, "live-ask", **ASK_LIMIT)
    if wait:
        form.is_valid()
        form.add_error("text", ratelimit.wait_message(wait))
        status = 429
    elif form.is_valid():
        try:
            services.question_ask(
                session=session, author=request.user, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request, _("Your question is sent. A moderator reads it before it is published.")
            )
            return _back(session, "ask")
    response = render(
        request, "live/session.html", _session_context(request, session, question_form=form)
    )
    response.status_code = status
    if status == 429:
        response["Retry-After"] = str(wait)
    return response


def _act(
    request: HttpRequest, session: LiveSession, act: Any, done: str, anchor: str
) -> HttpResponse:
    try:
        act()
    except PermissionDenied:
        raise
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return _back(session, anchor)
    if done:
        messages.success(request, done)
    return _back(session, anchor)


@login_required
@require_POST
@ratelimit.rate_limit("live-vote", **VOTE_LIMIT)
def vote(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    session = _session_or_404(pk)
    target = _question_or_404(session, question)
    return _act(
        request,
        session,
        lambda: services.question_upvote(question=target, user=request.user),
        _("Your vote is counted."),
        f"question-{target.pk}",
    )


@login_required
@require_POST
@ratelimit.rate_limit("live-answer", **STAFF_LIMIT)
def answer(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    session = _session_or_404(pk)
    target = _question_or_404(session, question)
    if official_for(request.user, session) is None:
        raise PermissionDenied
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for message in form.errors.get("text", []):
            messages.error(request, str(message))
        return _back(session, f"question-{target.pk}")
    return _act(
        request,
        session,
        lambda: services.answer_give(
            question=target, by=request.user, text=form.cleaned_data["text"]
        ),
        _("Your answer is published."),
        f"question-{target.pk}",
    )


def _moderator_session(request: HttpRequest, pk: int) -> LiveSession:
    session = _session_or_404(pk)
    if not can_moderate(request.user, session):
        raise PermissionDenied
    return session


@never_cache
@require_safe
@login_required
def queue(request: HttpRequest, pk: int) -> HttpResponse:
    session = _moderator_session(request, pk)
    title = _("Questions waiting: %(session)s") % {"session": session.title}
    position = STATE_ORDER.index(SessionState(session.state))
    following = STATE_ORDER[position + 1] if position + 1 < len(STATE_ORDER) else None
    return render(
        request,
        "live/queue.html",
        {
            "session": session,
            "title": title,
            "pending": selectors.pending_questions(session),
            "next_state": following,
            "next_state_label": following.label if following else "",
            "states": SessionState.choices,
            "breadcrumbs": breadcrumbs(
                _list_trail(), _session_trail(session), (title, request.path)
            ),
        },
    )


def _back_to_queue(session: LiveSession) -> HttpResponse:
    return redirect(reverse("live:queue", kwargs={"pk": session.pk}))


@login_required
@require_POST
@ratelimit.rate_limit("live-moderate", **STAFF_LIMIT)
def decide(request: HttpRequest, pk: int, question: int) -> HttpResponse:
    session = _moderator_session(request, pk)
    target = _question_or_404(session, question)
    decision = request.POST.get("decision")
    if decision not in ("publish", "reject"):
        return HttpResponse(status=400)
    service = services.question_publish if decision == "publish" else services.question_reject
    try:
        service(question=target, by=request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("The question is published.")
            if decision == "publish"
            else _("The question is rejected."),
        )
    return _back_to_queue(session)


@login_required
@require_POST
@ratelimit.rate_limit("live-moderate", **STAFF_LIMIT)
def state(request: HttpRequest, pk: int) -> HttpResponse:
    session = _moderator_session(request, pk)
    try:
        services.session_state_set(
            session=session, state=request.POST.get("state", ""), by=request.user
        )
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The session's state is changed."))
    return _back_to_queue(session)


def _transcript_json_ld(session: LiveSession, questions: list[Question]) -> dict[str, Any]:
    data = _event_json_ld(session)
    data["eventStatus"] = "https://schema.org/EventScheduled"
    return {
        "@context": "https://schema.org",
        "@type": "WebPage",
        "name": _("Transcript: %(session)s") % {"session": session.title},
        "url": absolute_url(reverse("live:transcript", kwargs={"pk": session.pk})),
        "about": {key: value for key, value in data.items() if key != "@context"},
        "mainEntity": {
            "@type": "ItemList",
            "numberOfItems": len(questions),
            "itemListElement": [
                {
                    "@type": "Question",
                    "position": position,
                    "text": question.text,
                    "answerCount": len(question.answers.all()),
                    "upvoteCount": question.votes,
                    "suggestedAnswer": [
                        {"@type": "Answer", "text": answer.text}
                        for answer in question.answers.all()
                    ],
                }
                for position, question in enumerate(questions, start=1)
            ],
        },
    }


@require_safe
def transcript(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session_or_404(pk)
    if session.state != SessionState.PUBLISHED:
        raise Http404
    depends_on(request, f"live.session:{session.pk}", instead_of=_SESSION_PARTS)
    questions = selectors.published_questions(session, order="votes")
    title = _("Transcript: %(session)s") % {"session": session.title}
    return render(
        request,
        "live/transcript.html",
        {
            "session": session,
            "title": title,
            "questions": questions,
            "json_ld": json_ld_dumps(_transcript_json_ld(session, questions)),
            "breadcrumbs": breadcrumbs(
                _list_trail(), _session_trail(session), (title, request.path)
            ),
        },
    )
