"""RSS 2.0 and Atom feeds, on Django's syndication framework, shared by every content type.

A content type's feed subclasses `ParvisFeed`, says what it is about (`subject()`) and which
items it lists (`items()`); this base does what every feed of Parvis must do alike:

- speak the site's default language, whatever the reader's browser asks for (a feed has
  one address, read by programs that send no preference);
- use absolute addresses built on `settings.SITE_URL`, never on the request's Host header;
- give each item a GUID that never changes when the item is edited or renamed (a `tag:` URI
  made of the site's host, the item's creation date, its type and its primary key);
- date items with aware datetimes (RSS writes them as RFC 822, Atom as RFC 3339);
- attach an item's image as an enclosure (absolute URL, length in bytes, MIME type);
- treat an item's description as the HTML feed readers make of it: plain text (a `str`) is
  escaped, so a lead that reads `<img onerror=…>` is shown as written and never run; only a
  `SafeString` (sanitised Markdown from `parvis.core.markdown.render_markdown`) goes as HTML;
- drop the control characters XML 1.0 cannot carry, so that one stray character pasted into
  a title does not break the whole feed.

`ParvisFeed(atom=True)` gives the Atom variant of the same feed.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils import feedgenerator, translation
from django.utils.html import conditional_escape

from parvis.core.links import absolute_url, site_hostname
from parvis.core.registry import Registry
from parvis.core.town import current_town

#: How many items a feed lists: the latest ones.
FEED_SIZE = 20

# Characters XML 1.0 forbids (tab, line feed and carriage return are allowed).
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _xml_safe(value: Any) -> Any:
    """`value` (a string, or a list of strings such as categories) without the characters
    XML cannot carry; other values unchanged."""
    if isinstance(value, str):
        return _NOT_XML.sub("", value)
    if isinstance(value, list | tuple):
        return [_xml_safe(each) for each in value]
    return value


def tag_uri(*, kind: str, pk: Any, created: datetime) -> str:
    """A permanent identifier (RFC 4151) for an item: it outlives edits and renames."""
    return f"tag:{site_hostname()},{created:%Y-%m-%d}:{kind}/{pk}"


@dataclass(frozen=True)
class FeedSubject:
    """What one feed is about, with everything its header needs."""

    title: str
    description: str
    #: The page a reader of the feed opens to see the same items on the site.
    page_url: str
    #: The feed's own address (Atom's rel="self", RSS's atom:link).
    feed_url: str
    #: The object the feed is scoped to (a space, a tag), or None for the whole town.
    scope: Any = None


@dataclass(frozen=True)
class FeedLink:
    """One feed offered on a page: its title and its RSS and Atom addresses, for the page's
    `<link rel="alternate">` and its visible "subscribe to the feed" links."""

    title: str
    rss: str
    atom: str


class ParvisFeed(Feed):
    """The base of every feed. Subclasses define `guid_kind`, `subject()` and `items()`."""

    #: The type part of the items' GUIDs, e.g. "agenda/event". Never change it once public.
    guid_kind = ""
    item_guid_is_permalink = False

    def __init__(self, *, key: str = "", scope: str = "town", atom: bool = False) -> None:
        #: The key the app's manifest declares the feed under (`feed()`), which names its
        #: addresses; the scope it serves ("town", or a declared `feed_scope`).
        self.key = key
        self.scope = scope
        self.atom = atom
        self.feed_type = feedgenerator.Atom1Feed if atom else feedgenerator.Rss201rev2Feed

    def __call__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        with translation.override(settings.LANGUAGE_CODE):
            response = super().__call__(request, *args, **kwargs)
        response["Content-Language"] = settings.LANGUAGE_CODE
        return response

    # --- what subclasses provide --------------------------------------------------------------

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        """Title, description and page (a path) of the feed of `scope_object` (None: the
        town's), in the active language: for the feed's header and the pages' links."""
        raise NotImplementedError

    def subject(self, request: HttpRequest, **kwargs: Any) -> FeedSubject:
        """What the feed at this address is about: the town, or the object of its scope
        named by the address's slug (404 when no published one has it)."""
        scope_object = scope_object_of(self.scope, kwargs.get("slug", ""))
        title, description, page_url = self.describe(scope_object)
        return FeedSubject(
            title=title,
            description=description,
            page_url=page_url,
            feed_url=feed_url(self.key, self.scope, scope_object, atom=self.atom),
            scope=scope_object,
        )

    def items(self, subject: FeedSubject) -> list:
        raise NotImplementedError

    def item_created(self, item: Any) -> datetime:
        """The creation time that goes into the item's GUID; it must never change."""
        return item.created_at

    def item_image(self, item: Any) -> tuple[str, int, str] | None:
        """(URL, length in bytes, MIME type) of the item's image, or None.

        By default, from the fields an illustrated item has: `image`,
        `image_size` (kept by the services) and `image_mime_type`.
        """
        image = getattr(item, "image", None)
        size = getattr(item, "image_size", None)
        if not image or size is None:
            return None
        return image.url, size, item.image_mime_type

    # --- the feed itself -------------------------------------------------------------------------

    def get_object(self, request: HttpRequest, *args: Any, **kwargs: Any) -> FeedSubject:
        return self.subject(request, **kwargs)

    def get_feed(self, obj: FeedSubject, request: HttpRequest) -> feedgenerator.SyndicationFeed:
        feed = super().get_feed(obj, request)
        feed.feed = {key: _xml_safe(value) for key, value in feed.feed.items()}
        for item in feed.items:
            # RSS <description> and Atom <summary type="html"> are HTML to every reader.
            if item.get("description") is not None:
                item["description"] = conditional_escape(item["description"])
            item.update({key: _xml_safe(value) for key, value in item.items()})
        return feed

    @property
    def language(self) -> str:  # type: ignore[override]  # django-stubs: a plain attribute; Django only reads it
        return settings.LANGUAGE_CODE

    def title(self, subject: FeedSubject) -> str:
        return subject.title

    def description(self, subject: FeedSubject) -> str:
        return subject.description

    def subtitle(self, subject: FeedSubject) -> str:
        # Atom's name for the description.
        return subject.description

    def link(self, subject: FeedSubject) -> str:
        return absolute_url(subject.page_url)

    def feed_url(self, subject: FeedSubject) -> str:
        return absolute_url(subject.feed_url)

    def author_name(self) -> str:
        return current_town().name

    def feed_copyright(self) -> str:
        return current_town().name

    # --- each item -----------------------------------------------------------------------------

    def item_link(self, item: Any) -> str:
        return absolute_url(item.get_absolute_url())

    def item_guid(self, item: Any) -> str:
        return tag_uri(kind=self.guid_kind, pk=item.pk, created=self.item_created(item))

    def item_pubdate(self, item: Any) -> datetime:
        return item.published_at

    def item_updateddate(self, item: Any) -> datetime:
        # An item edited before its publication was not updated after it, for a reader.
        return max(item.updated_at, item.published_at)

    def item_enclosures(self, item: Any) -> list[feedgenerator.Enclosure]:
        image = self.item_image(item)
        if image is None:
            return []
        url, length, mime_type = image
        return [
            feedgenerator.Enclosure(url=absolute_url(url), length=str(length), mime_type=mime_type)
        ]


# --- the feeds apps declare --------------------------------------------------------------------


@dataclass(frozen=True)
class FeedScope:
    """What a feed can be scoped to besides the town (a space, a tag), declared by the app
    that owns those objects: `lookup(slug)` gives the published object, or None."""

    name: str
    lookup: Callable[[str], Any]


_feed_scopes: Registry[FeedScope] = Registry("feed scope")


def feed_scope(name: str, *, lookup: Callable[[str], Any]) -> FeedScope:
    """Let feeds be scoped to the objects `lookup(slug)` finds, in the owning app's manifest."""
    return _feed_scopes.add(name, FeedScope(name=name, lookup=lookup))


def scope_object_of(scope: str, slug: str) -> Any:
    """The object a feed address of `scope` names (None for the town); 404 when none."""
    if scope == "town":
        return None
    entry = _feed_scopes.get(scope)
    found = entry.lookup(slug) if entry is not None else None
    if found is None:
        raise Http404
    return found


@dataclass(frozen=True)
class FeedType:
    """A stream of items an app offers as RSS and Atom feeds, in one or more scopes.

    `view(scope=…, atom=…)` builds the feed (a `ParvisFeed` with a `describe(scope_object)`
    giving its title, description and page); `paths` gives, for each scope it serves
    ("town", "space", "tag"), the address its feeds live under: "events/" serves
    /events/feed/rss/ and /events/feed/atom/; a scoped path names the object by `<slug:slug>`.
    Pages list feeds by `order` (then in the order they were declared), the way they order
    their sections: what the town publishes first, what residents write after.
    """

    key: str
    view: Callable[..., ParvisFeed]
    paths: dict[str, str]
    order: int = 50
    #: The merged feeds (`merged_feed`) this one's items also go to, by their keys.
    joins: tuple[str, ...] = ()
    #: For a merged feed, its title, description and page (a path), given the scope object.
    merged: Callable[[Any], tuple[str, str, str]] | None = None


_feed_types: Registry[FeedType] = Registry("feed")


def _checked_paths(key: str, paths: dict[str, str]) -> dict[str, str]:
    for scope, prefix in paths.items():
        if scope != "town" and scope not in _feed_scopes:
            raise ValueError(f"No feed scope {scope!r} is declared (`feed_scope`), for {key!r}.")
        if scope != "town" and "<slug:slug>" not in prefix:
            raise ValueError(f"The {scope} feed of {key!r} must name its object: <slug:slug>.")
    return dict(paths)


def feed(
    key: str,
    *,
    view: Callable[..., ParvisFeed],
    paths: dict[str, str],
    order: int = 50,
    joins: tuple[str, ...] = (),
) -> FeedType:
    """Declare a stream's feeds, in the app's manifest.py; `parvis/urls.py` routes them and
    pages list them by `order`, lowest first. `joins` names merged feeds (`merged_feed`,
    declared by any app) that also carry this feed's items, in the scopes both serve; one
    that no installed app declares is left out (`unmerged_joins`)."""
    feed_type = FeedType(
        key=key, view=view, paths=_checked_paths(key, paths), order=order, joins=tuple(joins)
    )
    return _feed_types.add(key, feed_type)


def merged_feed(
    key: str,
    *,
    describe: Callable[[Any], tuple[str, str, str]],
    paths: dict[str, str],
    order: int = 50,
) -> FeedType:
    """Declare a feed made of the latest items of every feed that `joins` it (the latest
    photos and videos, from two apps that do not know each other): routed and listed like
    any other; `describe(scope_object)` gives its title, description and page (a path).
    Each item is written by its own feed, exactly as in that feed (title, link, GUID,
    enclosure), and the merge keeps the FEED_SIZE latest by publication date."""
    feed_type = FeedType(
        key=key, view=MergedFeed, paths=_checked_paths(key, paths), order=order, merged=describe
    )
    return _feed_types.add(key, feed_type)


class MergedFeed(ParvisFeed):
    """The feed of a `merged_feed` declaration: the header of its own, the items of its
    members' feeds."""

    def describe(self, scope_object: Any) -> tuple[str, str, str]:
        describe = _feed_types[self.key].merged
        assert describe is not None
        return describe(scope_object)

    def items(self, subject: FeedSubject) -> list:
        return []  # `get_feed` gathers the members' items, written by their own feeds

    def get_feed(self, obj: FeedSubject, request: HttpRequest) -> feedgenerator.SyndicationFeed:
        merged = super().get_feed(obj, request)
        slug = getattr(obj.scope, "slug", "")
        gathered: list[dict[str, Any]] = []
        for member in feed_types():
            if self.key not in member.joins or self.scope not in member.paths:
                continue
            view = member.view(key=member.key, scope=self.scope, atom=self.atom)
            gathered.extend(view.get_feed(view.subject(request, slug=slug), request).items)
        gathered.sort(key=lambda item: item["pubdate"] or item["updateddate"], reverse=True)
        merged.items = gathered[:FEED_SIZE]
        return merged


def feed_types() -> list[FeedType]:
    """Every declared feed, by `order` (a stable sort: equal orders keep their declaration's)."""
    return sorted(_feed_types.values(), key=lambda feed_type: feed_type.order)


def _url_name(key: str, scope: str, atom: bool) -> str:
    return f"{key}_{scope}_{'atom' if atom else 'rss'}"


def feed_urlpatterns() -> list[URLPattern]:
    """The addresses of every declared feed (namespace "feeds"), outside the language
    prefixes: a feed speaks the site's default language at one address."""
    patterns = []
    for feed_type in feed_types():
        for scope, prefix in feed_type.paths.items():
            for atom in (False, True):
                patterns.append(
                    path(
                        f"{prefix}feed/{'atom' if atom else 'rss'}/",
                        feed_type.view(key=feed_type.key, scope=scope, atom=atom),
                        name=_url_name(feed_type.key, scope, atom),
                    )
                )
    return patterns


def unmerged_joins() -> list[tuple[str, str]]:
    """(feed, merged feed) for each merged feed a feed joins and no app declares: an app
    that declares it is not installed (the feed is simply not merged), or a misspelling,
    which the system check `parvis.W006` reports."""
    return [
        (feed_type.key, joined)
        for feed_type in feed_types()
        for joined in feed_type.joins
        if joined not in _feed_types or _feed_types[joined].merged is None
    ]


def feed_url(key: str, scope: str, scope_object: Any = None, *, atom: bool = False) -> str:
    """The address of the `key` feed of `scope_object` (None for the town's)."""
    kwargs = {} if scope == "town" else {"slug": scope_object.slug}
    return reverse(f"feeds:{_url_name(key, scope, atom)}", kwargs=kwargs)


def feed_links(
    scope: str, scope_object: Any = None, *, keys: tuple[str, ...] | None = None
) -> list[FeedLink]:
    """Every feed a page of `scope` offers (the town's, a space's, a tag's), or those of
    `keys` only, titled in the page's language; the feeds themselves speak the site's
    default one."""
    links = []
    for feed_type in feed_types():
        if scope not in feed_type.paths or (keys is not None and feed_type.key not in keys):
            continue
        feed_view = feed_type.view(key=feed_type.key, scope=scope)
        title, _description, _page = feed_view.describe(scope_object)
        links.append(
            FeedLink(
                title=title,
                rss=feed_url(feed_type.key, scope, scope_object),
                atom=feed_url(feed_type.key, scope, scope_object, atom=True),
            )
        )
    return links
