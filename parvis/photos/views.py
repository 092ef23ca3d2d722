"""The public pages of photos: the latest photos, the albums, the monthly albums (year →
month), a photo's page, which is also the slideshow of the list it was opened from (previous
and next are links; parvis/photos/static/photos/slideshow.js adds the arrow keys)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from parvis.core.breadcrumbs import breadcrumbs
from parvis.core.feeds import feed_links
from parvis.core.jsonld import government_organization_json_ld, json_ld_dumps
from parvis.core.links import absolute_url
from parvis.core.pagecache import depends_on_object
from parvis.core.pagination import paginate
from parvis.core.renditions import default_width
from parvis.core.town import current_town
from parvis.photos import selectors
from parvis.photos.models import Album, Photo
from parvis.photos.permissions import get_album_for_visitor, get_photo_for_visitor

PAGE_SIZE = 24


def _photos_crumb() -> tuple[str, str]:
    return (_("Photos"), reverse("photos:list"))


def _month(year: int, month: int) -> date:
    if not (1 <= month <= 12 and 1900 <= year <= 2999):
        raise Http404
    return date(year, month, 1)


@require_safe
def photo_list(request: HttpRequest) -> HttpResponse:
    page = paginate(selectors.photo_cards(), request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "photos/photo_list.html",
        {
            "page_obj": page,
            "feeds": feed_links("town", keys=("photos",)),
            "breadcrumbs": breadcrumbs(_photos_crumb()),
        },
    )


@require_safe
def album_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "photos/album_list.html",
        {
            "albums": selectors.album_cards(),
            "breadcrumbs": breadcrumbs(_photos_crumb(), (_("Albums"), reverse("photos:albums"))),
        },
    )


@require_safe
def album_detail(request: HttpRequest, slug: str) -> HttpResponse:
    album = get_album_for_visitor(slug=slug)
    page = paginate(selectors.photo_cards(album=album), request.GET.get("page"), per_page=PAGE_SIZE)
    return render(
        request,
        "photos/album_detail.html",
        {
            "album": album,
            "page_obj": page,
            "photo_url": "photos:album_photo",
            "photo_args": [album.slug],
            "breadcrumbs": breadcrumbs(
                _photos_crumb(),
                (_("Albums"), reverse("photos:albums")),
                (album.title, album.get_absolute_url(), album),
            ),
        },
    )


@require_safe
def month_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "photos/month_list.html",
        {
            "years": selectors.months(),
            "breadcrumbs": breadcrumbs(
                _photos_crumb(), (_("Photos by month"), reverse("photos:months"))
            ),
        },
    )


@require_safe
def month_detail(request: HttpRequest, year: int, month: int) -> HttpResponse:
    first = _month(year, month)
    page = paginate(selectors.photo_cards(month=first), request.GET.get("page"), per_page=PAGE_SIZE)
    if not page.object_list and page.number == 1:
        raise Http404
    name = date_format(first, "YEAR_MONTH_FORMAT")
    return render(
        request,
        "photos/month_detail.html",
        {
            "month": first,
            "month_name": name,
            "page_obj": page,
            "photo_url": "photos:month_photo",
            "photo_args": [year, month],
            "breadcrumbs": breadcrumbs(
                _photos_crumb(),
                (_("Photos by month"), reverse("photos:months")),
                (name, reverse("photos:month", args=[year, month])),
            ),
        },
    )


@require_safe
def photo_detail(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_photo_for_visitor(pk=pk)
    return _photo_page(request, photo, selectors.visible_photos(), "photos:photo", [], [])


@require_safe
def album_photo(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    album = get_album_for_visitor(slug=slug)
    photo = get_photo_for_visitor(pk=pk)
    photos = selectors.visible_photos().filter(albums=album)
    if not photos.filter(pk=photo.pk).exists():
        raise Http404
    trail = [
        (_("Albums"), reverse("photos:albums")),
        (album.title, album.get_absolute_url(), album),
    ]
    return _photo_page(request, photo, photos, "photos:album_photo", [slug], trail, album=album)


@require_safe
def month_photo(request: HttpRequest, year: int, month: int, pk: int) -> HttpResponse:
    first = _month(year, month)
    photo = get_photo_for_visitor(pk=pk)
    if photo.taken_month != first:
        raise Http404
    photos = selectors.visible_photos().filter(taken_month=first)
    trail = [
        (_("Photos by month"), reverse("photos:months")),
        (date_format(first, "YEAR_MONTH_FORMAT"), reverse("photos:month", args=[year, month])),
    ]
    return _photo_page(request, photo, photos, "photos:month_photo", [year, month], trail)


def _photo_page(
    request: HttpRequest,
    photo: Photo,
    sequence: QuerySet[Photo],
    url_name: str,
    args: list[Any],
    trail: list[Any],
    *,
    album: Album | None = None,
) -> HttpResponse:
    """A photo's page in the slideshow of `sequence`: previous and next are its neighbours
    there, at the addresses `url_name` gives with `args`."""
    depends_on_object(request, photo)
    previous, following = selectors.neighbours(photo, sequence)
    here = reverse(url_name, args=[*args, photo.pk])
    context = {
        "photo": photo,
        "album": album,
        "tags": list(photo.tags.all()),
        "albums": list(photo.albums.filter(published=True)),
        "previous_url": reverse(url_name, args=[*args, previous.pk]) if previous else "",
        "next_url": reverse(url_name, args=[*args, following.pk]) if following else "",
        "previous": previous,
        "next": following,
        "month_url": reverse(
            "photos:month", args=[photo.taken_month.year, photo.taken_month.month]
        ),
        "breadcrumbs": breadcrumbs(_photos_crumb(), *trail, (photo.title, here, photo)),
    }
    stored = photo.stored
    if photo.is_ready and stored is not None:
        context["json_ld"] = json_ld_dumps(image_object_json_ld(photo))
        context["share_image"] = default_storage.url(
            stored.name(default_width(stored, 1024), "jpg")
        )
    return render(request, "photos/photo_detail.html", context)


def image_object_json_ld(photo: Photo) -> dict[str, Any]:
    """schema.org ImageObject: the file, its licence, credit, creator, thumbnail and date."""
    stored = photo.stored
    assert stored is not None  # only ready photos have their data
    town = current_town()
    large = stored.widths[-1]
    small = stored.widths[0]
    data: dict[str, Any] = {
        "@context": "https://schema.org",
        "@type": "ImageObject",
        "url": absolute_url(photo.get_absolute_url()),
        "name": photo.title,
        "description": photo.alt_text,
        "contentUrl": absolute_url(default_storage.url(stored.name(large, "jpg"))),
        "encodingFormat": "image/jpeg",
        "width": {"@type": "QuantitativeValue", "value": stored.width, "unitCode": "E37"},
        "height": {"@type": "QuantitativeValue", "value": stored.height, "unitCode": "E37"},
        "thumbnail": {
            "@type": "ImageObject",
            "contentUrl": absolute_url(default_storage.url(stored.name(small, "jpg"))),
            "width": small,
            "height": stored.height_at(small),
        },
        "dateCreated": timezone.localtime(photo.taken_at).isoformat(),
        "uploadDate": timezone.localtime(photo.created_at).isoformat(),
        "creditText": photo.credit or town.name,
        "creator": {"@type": "Person", "name": photo.credit}
        if photo.credit
        else {"@type": "GovernmentOrganization", "name": town.name},
        "copyrightNotice": photo.credit or town.name,
        "acquireLicensePage": absolute_url(photo.get_absolute_url()),
        "publisher": government_organization_json_ld(),
    }
    if photo.licence_url:
        data["license"] = photo.licence_url
    keywords = [tag.name for tag in photo.tags.all()]
    if keywords:
        data["keywords"] = keywords
    return data
