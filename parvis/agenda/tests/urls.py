"""The site's addresses plus a stand-in for the event's page, whose one part under test here
is the registration box (agenda/_registration.html): the agenda's pages, built apart, include
it the same way."""

from django.conf.urls.i18n import i18n_patterns
from django.http import Http404, HttpRequest, HttpResponse
from django.template import engines
from django.urls import path
from django.views.decorators.http import require_safe

from parvis.agenda.models import Event
from parvis.core.pagecache import depends_on_object
from parvis.urls import handler400, handler403, handler404, handler500, urlpatterns

__all__ = ["handler400", "handler403", "handler404", "handler500", "urlpatterns"]

PAGE = engines["django"].from_string(
    '{% extends "base.html" %}{% block title %}{{ event.title }}{% endblock %}'
    "{% block content %}<h1>{{ event.title }}</h1>"
    '{% include "agenda/_registration.html" %}{% endblock %}'
)


@require_safe
def event_page(request: HttpRequest, slug: str) -> HttpResponse:
    event = Event.objects.filter(slug=slug, is_published=True).first()
    if event is None:
        raise Http404
    depends_on_object(request, event)
    return HttpResponse(PAGE.render({"event": event}, request))


urlpatterns = [
    *urlpatterns,
    *i18n_patterns(
        path("test/agenda/<slug:slug>/", event_page),
        prefix_default_language=False,
    ),
]
