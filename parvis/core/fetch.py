"""Fetching a file from another server (an imported calendar, an oEmbed answer), safely.

The address comes from the back office or from a contributor, so it must not be a way into
the town's own network nor a way to hold a worker forever:

- only http and https;
- the host is resolved once, and every address it resolves to must be globally routable
  (no loopback, private, link-local such as 169.254.169.254, shared, reserved, multicast
  or unspecified address, nor an IPv4-mapped, 6to4 or Teredo IPv6 address of one); the
  connection then goes to that checked address, so that a second DNS answer (a rebinding)
  cannot change it, with the host's name in the Host header and in TLS (SNI and the
  certificate's check against the name);
- each redirect is followed by hand and checked again, at most `max_redirects` of them;
- the body is read in chunks and abandoned past `max_bytes`;
- the whole fetch, redirects included, has a deadline: a server sending a byte a second
  fails as one that sends nothing.

`fetch()` returns a `Fetched` or raises one `FetchError` subclass per refusal, whose text
says what happened in words the town's staff can read (shown in the back office).

`settings.FETCH_ALLOWED_NETWORKS` (networks in CIDR notation, empty by default) lets the
tests reach their own loopback servers; it is not meant for deployments.
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import certifi
from django.conf import settings
from django.utils.translation import gettext as _
from urllib3.connection import HTTPConnection, HTTPSConnection
from urllib3.exceptions import HTTPError as Urllib3Error

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address

_REDIRECTS = {301, 302, 303, 307, 308}
_CHUNK = 16_384


@dataclass(frozen=True)
class Fetched:
    """What the server answered: 200 with the body, or 304 (not modified, empty body) when
    the `etag` given still matches."""

    status: int
    body: bytes
    content_type: str
    url: str
    etag: str

    @property
    def not_modified(self) -> bool:
        return self.status == 304


class FetchError(Exception):
    """A refused or failed fetch; `str()` is a sentence for the town's staff."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotHttpError(FetchError):
    """The address is not an http(s) address."""


class AddressNotPublicError(FetchError):
    """The host is (or resolves to) an address of a private network or of this machine."""


class TooBigError(FetchError):
    """The body is larger than allowed."""


class TooSlowError(FetchError):
    """The fetch did not end before its deadline."""


class TooManyRedirectsError(FetchError):
    """The server sent the fetch from address to address more often than allowed."""


class HttpStatusError(FetchError):
    """The server answered with an error (4xx, 5xx) or an unusable answer."""

    def __init__(self, message: str, status: int) -> None:
        super().__init__(message)
        self.status = status


class UnreachableError(FetchError):
    """The name does not resolve, the server refuses the connection or its certificate."""


def _allowed_networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [
        ipaddress.ip_network(network, strict=False)
        for network in getattr(settings, "FETCH_ALLOWED_NETWORKS", ())
    ]


def _embedded(address: IPAddress) -> Iterable[IPAddress]:
    """The address and the IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo)."""
    yield address
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            yield address.ipv4_mapped
        if address.sixtofour is not None:
            yield address.sixtofour
        if address.teredo is not None:
            yield from address.teredo


def is_public(address: IPAddress) -> bool:
    """True when `address` (and any IPv4 address it carries) is globally routable."""
    for one in _embedded(address):
        if (
            not one.is_global
            or one.is_private
            or one.is_loopback
            or one.is_link_local
            or one.is_multicast
            or one.is_reserved
            or one.is_unspecified
            or (isinstance(one, ipaddress.IPv6Address) and one.is_site_local)
        ):
            return False
    return True


def is_permitted(address: IPAddress) -> bool:
    """True when a fetch may connect to `address`: public, or in FETCH_ALLOWED_NETWORKS. For
    callers that refuse an address literal early, in the request, with a clearer message."""
    if any(address in network for network in _allowed_networks()):
        return True
    return is_public(address)


def _resolve(host: str, port: int, deadline: float) -> list[IPAddress]:
    """The addresses to connect to, each checked; the refusal comes before any connection."""
    try:
        literal: IPAddress | None = ipaddress.ip_address(host)
    except ValueError:
        literal = None
    if literal is not None:
        addresses = [literal]
    else:
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError):
            raise UnreachableError(
                _("The name %(host)s does not lead to any server.") % {"host": host}
            ) from None
        addresses = list(
            dict.fromkeys(ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in found)
        )
    if time.monotonic() >= deadline:
        raise TooSlowError(_("The server took too long to answer."))
    refused = [address for address in addresses if not is_permitted(address)]
    if refused or not addresses:
        raise AddressNotPublicError(
            _(
                "The address %(host)s leads to a private network or to this server itself; "
                "only public addresses on the Internet can be fetched."
            )
            % {"host": host}
        )
    return addresses


def _split(url: str) -> tuple[str, str, int, str, str]:
    """(scheme, ASCII host, port, path with query, Host header) of an http(s) URL."""
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:
        raise NotHttpError(_("This is not a web address.")) from None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise NotHttpError(_("Only web addresses starting with http or https are fetched."))
    if not parts.hostname or parts.username is not None or parts.password is not None:
        raise NotHttpError(_("This web address has no server name."))
    host = parts.hostname.rstrip(".")
    try:
        ipaddress.ip_address(host)
    except ValueError:
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise NotHttpError(_("This web address has no valid server name.")) from None
    default = 443 if scheme == "https" else 80
    port = port or default
    shown = f"[{host}]" if ":" in host else host
    header = shown if port == default else f"{shown}:{port}"
    path = parts.path or "/"
    if parts.query:
        path = f"{path}?{parts.query}"
    return scheme, host, port, path, header


class _Deadline:
    """Shuts the connection's socket down when the deadline passes, unblocking any read."""

    def __init__(self, deadline: float) -> None:
        self.deadline = deadline
        self.expired = False
        self._timer: threading.Timer | None = None

    def watch(self, sock: socket.socket) -> None:
        def expire() -> None:
            self.expired = True
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

        self._timer = threading.Timer(max(0.0, self.deadline - time.monotonic()), expire)
        self._timer.daemon = True
        self._timer.start()

    def stop(self) -> None:
        if self._timer is not None:
            self._timer.cancel()

    def remaining(self) -> float:
        return self.deadline - time.monotonic()


def _too_slow() -> TooSlowError:
    return TooSlowError(_("The server took too long to answer."))


def _too_big(max_bytes: int) -> TooBigError:
    return TooBigError(
        _("The file is larger than the %(size)s kB allowed.") % {"size": max_bytes // 1024}
    )


def _once(
    url: str, *, max_bytes: int, deadline: float, accept: str, etag: str | None
) -> tuple[int, str, bytes, str, str]:
    """One request: (status, Location, body, content type, ETag)."""
    scheme, host, port, path, host_header = _split(url)
    addresses = _resolve(host, port, deadline)
    last_error: Exception | None = None
    for address in addresses:
        watch = _Deadline(deadline)
        timeout = watch.remaining()
        if timeout <= 0:
            raise _too_slow()
        connection: HTTPConnection
        if scheme == "https":
            connection = HTTPSConnection(
                str(address),
                port,
                timeout=timeout,
                server_hostname=host,
                cert_reqs="CERT_REQUIRED",
                ca_certs=certifi.where(),
            )
        else:
            connection = HTTPConnection(str(address), port, timeout=timeout)
        try:
            connection.connect()
        except (OSError, Urllib3Error) as exc:
            connection.close()
            last_error = exc
            continue
        try:
            watch.watch(connection.sock)
            return _exchange(
                connection,
                path=path,
                host_header=host_header,
                accept=accept,
                etag=etag,
                max_bytes=max_bytes,
                watch=watch,
            )
        finally:
            watch.stop()
            connection.close()
    if isinstance(last_error, (socket.timeout, TimeoutError)):
        raise _too_slow()
    raise UnreachableError(
        _("The server %(host)s could not be reached, or its certificate is not valid.")
        % {"host": host}
    )


def _exchange(
    connection: HTTPConnection,
    *,
    path: str,
    host_header: str,
    accept: str,
    etag: str | None,
    max_bytes: int,
    watch: _Deadline,
) -> tuple[int, str, bytes, str, str]:
    headers = {
        "Host": host_header,
        "Accept": accept,
        "Accept-Encoding": "identity",
        "User-Agent": "Parvis (+https://parvis.fr)",
        "Connection": "close",
    }
    if etag:
        headers["If-None-Match"] = etag
    try:
        connection.request("GET", path, headers=headers, preload_content=False)
        response = connection.getresponse()
        status = response.status
        location = response.headers.get("Location", "")
        content_type = response.headers.get("Content-Type", "")
        new_etag = response.headers.get("ETag", "")
        body = b""
        if status == 200:
            declared = response.headers.get("Content-Length", "")
            if declared.isdigit() and int(declared) > max_bytes:
                raise _too_big(max_bytes)
            chunks: list[bytes] = []
            size = 0
            while True:
                chunk = response.read1(_CHUNK, decode_content=False)
                if watch.expired or watch.remaining() <= 0:
                    raise _too_slow()
                if not chunk:
                    break
                size += len(chunk)
                if size > max_bytes:
                    raise _too_big(max_bytes)
                chunks.append(chunk)
            body = b"".join(chunks)
        return status, location, body, content_type, new_etag
    except FetchError:
        raise
    except (OSError, Urllib3Error, ValueError) as exc:
        if watch.expired or watch.remaining() <= 0 or isinstance(exc, TimeoutError):
            raise _too_slow() from None
        raise HttpStatusError(_("The server's answer could not be read."), status=0) from None


def fetch(
    url: str,
    *,
    max_bytes: int,
    timeout: float,
    max_redirects: int = 3,
    accept: str = "*/*",
    etag: str | None = None,
) -> Fetched:
    """GETs `url` under the rules above, within `timeout` seconds in all; sends
    If-None-Match when `etag` is given (then a 304 comes back as `Fetched(status=304)`).
    Raises a FetchError subclass for each refusal."""
    deadline = time.monotonic() + timeout
    current = url
    for _hop in range(max_redirects + 1):
        status, location, body, content_type, new_etag = _once(
            current, max_bytes=max_bytes, deadline=deadline, accept=accept, etag=etag
        )
        if status in _REDIRECTS and location:
            current = urljoin(current, location)
            continue
        if status == 304 and etag:
            return Fetched(304, b"", content_type, current, new_etag or etag)
        if status != 200:
            raise HttpStatusError(
                _("The server answered with the error %(status)s.") % {"status": status},
                status=status,
            )
        return Fetched(200, body, content_type, current, new_etag)
    raise TooManyRedirectsError(
        _("The server sent the request on more than %(count)s times.") % {"count": max_redirects}
    )
