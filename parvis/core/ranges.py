"""HTTP range requests (RFC 9110, section 14) for files served by Parvis itself.

A video or audio player asks for `Range: bytes=start-end` to start playing before the whole
file came, and to seek. `ranged(request, response)` turns a whole-file `FileResponse` into
206 Partial Content for one satisfiable range (streaming only that part of the file), or 416
Range Not Satisfiable (with `Content-Range: bytes */size`) for a range past the end. Every
answer says `Accept-Ranges: bytes`. As the RFC allows, what it does not serve as a range is
answered whole (200): several ranges at once, a malformed header, an `If-Range` that no
longer matches the file's `Last-Modified` or `ETag`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from typing import IO

from django.http import FileResponse, HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_CHUNK = 64 * 1024


class Unsatisfiable(Exception):
    """The range asks for bytes past the end of the file."""


def parse_range(header: str, size: int) -> tuple[int, int] | None:
    """The (first, last) byte of a single `bytes=` range over a file of `size` bytes, both
    included; None when the header is not one range to honour (then the whole file is
    sent); Unsatisfiable when it asks for nothing the file has."""
    match = _RANGE.match(header.strip().replace(" ", ""))
    if match is None:
        return None
    first_text, last_text = match.groups()
    if not first_text and not last_text:
        return None
    if not first_text:  # the last N bytes
        suffix = int(last_text)
        if suffix == 0 or size == 0:
            raise Unsatisfiable
        return max(0, size - suffix), size - 1
    first = int(first_text)
    if last_text and int(last_text) < first:
        return None
    if first >= size:
        raise Unsatisfiable
    last = int(last_text) if last_text else size - 1
    return first, min(last, size - 1)


def _part(handle: IO[bytes], first: int, length: int) -> Iterator[bytes]:
    try:
        handle.seek(first)
        left = length
        while left > 0:
            chunk = handle.read(min(_CHUNK, left))
            if not chunk:
                break
            left -= len(chunk)
            yield chunk
    finally:
        handle.close()


def ranged(request: HttpRequest, response: HttpResponseBase) -> HttpResponseBase:
    """`response` (a whole file) answered as the request's `Range` asks, if it does."""
    if not isinstance(response, FileResponse) or response.status_code != 200:
        return response
    response["Accept-Ranges"] = "bytes"
    header = request.META.get("HTTP_RANGE", "")
    if not header or response.has_header("Content-Encoding"):
        return response
    if_range = request.META.get("HTTP_IF_RANGE", "")
    if if_range and if_range not in (response.get("Last-Modified"), response.get("ETag")):
        return response
    handle = response.file_to_stream
    if handle is None:
        return response
    size = os.fstat(handle.fileno()).st_size
    try:
        span = parse_range(header, size)
    except Unsatisfiable:
        response.close()
        refused = HttpResponse(status=416)
        refused["Content-Range"] = f"bytes */{size}"
        refused["Accept-Ranges"] = "bytes"
        return refused
    if span is None:
        return response
    first, last = span
    length = last - first + 1
    # The whole-file answer is dropped unsent; its file goes to the partial answer, whose
    # stream closes it when done (or when the client goes).
    partial = StreamingHttpResponse(
        _part(handle, first, length), status=206, content_type=response["Content-Type"]
    )
    partial["Content-Range"] = f"bytes {first}-{last}/{size}"
    partial["Content-Length"] = str(length)
    partial["Accept-Ranges"] = "bytes"
    for name in ("Last-Modified", "ETag", "Cache-Control"):
        if response.has_header(name):
            partial[name] = response[name]
    return partial
