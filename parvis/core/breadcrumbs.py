"""The trail of links above a page ("Home > Neighbourhoods > Vieux-Bourg"), said once.

A view passes `breadcrumbs(...)` in its context as `breadcrumbs`; `base.html` draws the
visible trail from it (`_breadcrumbs.html`) and writes the same trail as a schema.org
`BreadcrumbList` for search engines, so the two never disagree. A page without
`breadcrumbs` shows neither.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise, cached_property
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from parvis.core.jsonld import breadcrumb_list_json_ld, json_ld_dumps
from parvis.core.templatetags.parvis import in_content_lang


@dataclass(frozen=True)
class Crumb:
    name: str
    url: str  # a path on this site, in the page's language ("/en/spaces/")
    # What the town wrote, when the name is its words (a space, a page's title) rather than the
    # site's (Home, Spaces): the trail marks the language of those words, like the page does.
    source: object | None = None
    # The visible name when only part of it is the town's words ("Tag “Fêtes”"), that part
    # marked with its language (`words_crumb`); the BreadcrumbList keeps the plain `name`.
    label: SafeString | None = None


@dataclass(frozen=True)
class Breadcrumbs:
    crumbs: tuple[Crumb, ...]

    @cached_property
    def json_ld(self) -> SafeString:
        return json_ld_dumps(breadcrumb_list_json_ld([(c.name, c.url) for c in self.crumbs]))


def breadcrumbs(
    *trail: tuple[str | Promise, str] | tuple[str | Promise, str, object] | Crumb,
) -> Breadcrumbs:
    """Home, then each (name, path) of `trail`; the last one is the page itself.

    A third item names the object whose words the name is (`Crumb.source`); a `Crumb` made
    by `words_crumb` is taken as it is. Call it while the page's language is active (in the
    view): names are shown as given, and Home is translated and linked here.
    """
    home = Crumb(gettext("Home"), reverse("home"))
    return Breadcrumbs(
        (
            home,
            *(
                item if isinstance(item, Crumb) else Crumb(str(item[0]), *item[1:])
                for item in trail
            ),
        )
    )


def words_crumb(sentence: str, url: str, source: object, **words: str) -> Crumb:
    """A crumb whose name is the site's `sentence` (translated, with `%(name)s` in it) around
    the town's `words`: `words_crumb(_("Tag “%(tag)s”"), url, tag, tag=tag.name)`. The trail
    shows the words marked with their language, when it is not the page's."""
    marked = {name: in_content_lang(value, source) for name, value in words.items()}
    return Crumb(
        sentence % words,
        url,
        label=mark_safe(conditional_escape(sentence) % marked),  # noqa: S308  (escaped parts)
    )
