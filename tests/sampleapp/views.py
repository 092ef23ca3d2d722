from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from tests.sampleapp.selectors import public_notices


@require_safe
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    notice = public_notices().filter(pk=pk).first()
    if notice is None:
        raise Http404
    return render(request, "noticeboard/detail.html", {"notice": notice})
