"""Everything suggestions bring to the shared mechanisms, in one place (docs/suggestions.md):
their pages, who handles them in the back office, moderation, comments, following and the
e-mail of an official answer, search, feeds, the map, a section on the space page, the page
cache, and what becomes of them when an account is erased."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from parvis.accounts.erasure import on_user_erased
from parvis.accounts.roles import Role, grant, model_permissions
from parvis.comments.registry import commentable
from parvis.core.feeds import feed
from parvis.core.maps import map_layer
from parvis.core.pagecache import invalidates
from parvis.core.routes import pages
from parvis.core.sections import section
from parvis.moderation.registry import moderated
from parvis.notifications.registry import followable, notification_kind
from parvis.search.registry import searchable
from parvis.suggestions import selectors
from parvis.suggestions.feeds import SuggestionFeed
from parvis.suggestions.models import Answer, Category, Suggestion, Support
from parvis.suggestions.notifications import answer_is_visible, render_answered, render_published
from parvis.suggestions.search import searchable_suggestions, suggestion_document
from parvis.suggestions.services import (
    ANSWERED,
    PUBLISHED,
    suggestion_visibility_changed,
    suggestions_described,
    suggestions_erased,
)

# /suggestions/…, and each space's /spaces/<slug>/suggestions/ (its list and the form).
pages("parvis.suggestions.urls")

# Who does what in the back office (docs/suggestions.md):
# - elected officials answer suggestions (in any space; councillors of a space answer its
#   suggestions from the public page by their membership, without any role);
# - communication officers keep the categories and read the suggestions, without answering:
#   an answer is signed by someone accountable for it;
# - moderators read every suggestion (private ones too) to decide on them in the queue;
# - administrators do all of it.
_READ = model_permissions("suggestions", "suggestion", ["view"])
_ANSWER = [*model_permissions("suggestions", "suggestion", ["view", "change"])]
_ANSWER.append("suggestions.answer_suggestion")
_CATEGORIES = model_permissions("suggestions", "category", ["view", "add", "change", "delete"])
grant(Role.ELECTED_OFFICIAL, _ANSWER + model_permissions("suggestions", "category", ["view"]))
grant(Role.COMMUNICATION_OFFICER, _READ + _CATEGORIES)
grant(Role.MODERATOR, _READ)
grant(Role.ADMINISTRATOR, _ANSWER + _CATEGORIES)

moderated(
    Suggestion,
    key="suggestion",
    label=_("Suggestions"),
    text=lambda suggestion: f"{suggestion.title}\n{suggestion.text}",
    url=lambda suggestion: suggestion.get_absolute_url(),
    queryset=lambda: Suggestion.objects.select_related("author", "space", "category"),
    context=lambda suggestion: suggestion.space.name,
    on_status_change=suggestion_visibility_changed,
)
commentable(
    Suggestion,
    space_of=lambda suggestion: suggestion.space,
    public=selectors.public_suggestions,
    is_public=lambda suggestion: suggestion.is_public,
    queryset=lambda: Suggestion.objects.select_related("space", "category"),
)
# Its author follows a suggestion from the start; anyone may follow a public one. Each
# official answer reaches the followers, signed.
followable(Suggestion, queryset=selectors.public_suggestions)
notification_kind(ANSWERED, render=render_answered, is_visible=answer_is_visible)
# The space's followers hear of each public suggestion there, while it is still public.
notification_kind(PUBLISHED, render=render_published, is_visible=lambda s: s.is_public)

searchable(
    Suggestion,
    key="suggestion",
    label=_("Suggestions"),
    document=suggestion_document,
    queryset=searchable_suggestions,
    weight=0.5,
    freshness=timedelta(days=365),
    space_field="space",
)


# A suggestion's page shows its answers and its count of supports: a change to them makes
# that page (and the lists) fresh, and no other suggestion's page.
def _suggestion_of(item: Answer | Support) -> list[str]:
    return [f"suggestions.suggestion:{item.suggestion_id}"]


invalidates(Suggestion, keys=lambda suggestion: [f"space:{suggestion.space_id}"])
invalidates(Answer, keys=_suggestion_of)
invalidates(Support, keys=_suggestion_of)
invalidates(Category)

# The lists' filters ("space", "category", "status") are declared already, by the search
# and the reports: one declaration for the whole site.

map_layer(
    "suggestions",
    label=_("Map of the suggestions"),
    queryset=selectors.map_suggestions,
    title=str,
    url=Suggestion.get_absolute_url,
    list_template="suggestions/_map_list.html",
)


def _space(request: HttpRequest | None, space: Any) -> dict[str, Any]:
    return {"space": space, **selectors.space_summary(space=space)}


section(
    "suggestions.space",
    page="space",
    template="suggestions/_space_section.html",
    context=_space,
    order=40,
    cache=True,
)
feed(
    "suggestions",
    view=SuggestionFeed,
    paths={"town": "suggestions/", "space": "spaces/<slug:slug>/suggestions/"},
    order=70,
)
on_user_erased(suggestions_erased, describe=suggestions_described)
