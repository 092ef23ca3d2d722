from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from parvis.core.pagecache import depends_on_object
from tests.sampleapp.selectors import places, public_notices


@require_safe
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = public_notices().filter(pk=pk).first()
    if notice is None:
        raise Http404
    return render(request, "noticeboard/detail.html", {"notice": notice})


@require_safe
def place_map(request: HttpRequest) -> HttpResponse:
    return render(request, "noticeboard/places.html")


@require_safe
def place_detail(request: HttpRequest, pk: int) -> HttpResponse:
    place = places().filter(pk=pk).first()
    if place is None:
        raise Http404
    depends_on_object(request, place)
    return render(request, "noticeboard/place.html", {"place": place})
