"""The safe fetcher, against real HTTP servers on loopback (parvis.core.tests.webserver).

Loopback is refused by default, as every address that is not public: the tests that fetch
allow 127.0.0.0/8 through FETCH_ALLOWED_NETWORKS; those of refusals keep the default and
check that the request never reached the server (the refusal comes before connecting)."""

from __future__ import annotations

import contextlib
import datetime
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler

import pytest
from django.utils import translation

from parvis.core.fetch import (
    AddressNotPublicError,
    HttpStatusError,
    NotHttpError,
    TooBigError,
    TooManyRedirectsError,
    TooSlowError,
    UnreachableError,
    fetch,
)
from parvis.core.tests.webserver import WebServer, web_server

PRIVATE = "only public addresses on the Internet can be fetched."


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages are checked in English, the language they are written in."""
    with translation.override("en"):
        yield


@pytest.fixture
def server() -> Iterator[WebServer]:
    with web_server() as running:
        yield running


@pytest.fixture
def loopback_allowed(settings) -> None:
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.0/8"]


def get(url: str, **options):
    return fetch(
        url, max_bytes=options.pop("max_bytes", 1000), timeout=options.pop("timeout", 5), **options
    )


def test_a_file_is_fetched_with_its_type_address_and_etag(server, loopback_allowed):
    server.route("/a.ics", body=b"BEGIN:VCALENDAR", headers={"ETag": '"v1"'})

    fetched = get(server.url("/a.ics"), accept="text/calendar")

    assert fetched.status == 200
    assert fetched.body == b"BEGIN:VCALENDAR"
    assert fetched.content_type == "text/calendar; charset=utf-8"
    assert fetched.url == server.url("/a.ics")
    assert fetched.etag == '"v1"'
    path, headers = server.requests[0]
    assert path == "/a.ics"
    assert headers["Host"] == f"127.0.0.1:{server.port}"
    assert headers["Accept"] == "text/calendar"
    assert "If-None-Match" not in headers


def test_the_host_header_names_the_host_while_the_checked_address_is_connected(
    server, loopback_allowed
):
    server.route("/a.ics?week=2", body=b"x")

    get(f"http://localhost:{server.port}/a.ics?week=2")

    path, headers = server.requests[0]
    assert path == "/a.ics?week=2"
    assert headers["Host"] == f"localhost:{server.port}"


def test_an_unchanged_file_comes_back_as_304_with_the_etag_sent(server, loopback_allowed):
    server.route("/a.ics", body=b"BEGIN:VCALENDAR", headers={"ETag": '"v1"'})

    fetched = get(server.url("/a.ics"), etag='"v1"')

    assert fetched.status == 304
    assert fetched.not_modified
    assert fetched.body == b""
    assert fetched.etag == '"v1"'
    assert server.requests[0][1]["If-None-Match"] == '"v1"'


def test_redirects_are_followed_up_to_the_limit(server, loopback_allowed):
    server.redirect("/1", "/2", status=301)
    server.redirect("/2", server.url("/3"), status=307)
    server.redirect("/3", "/end", status=308)
    server.route("/end", body=b"here")

    fetched = get(server.url("/1"), max_redirects=3)

    assert fetched.body == b"here"
    assert fetched.url == server.url("/end")


def test_one_redirect_too_many_is_refused(server, loopback_allowed):
    for hop in range(1, 5):
        server.redirect(f"/{hop}", f"/{hop + 1}")
    server.route("/5", body=b"too far")

    with pytest.raises(TooManyRedirectsError) as refused:
        get(server.url("/1"), max_redirects=3)

    assert str(refused.value) == "The server sent the request on more than 3 times."
    assert [path for path, __ in server.requests] == ["/1", "/2", "/3", "/4"]


def test_a_redirect_to_a_private_address_is_refused_before_connecting(server, settings):
    settings.FETCH_ALLOWED_NETWORKS = ["127.0.0.1/32"]
    server.redirect("/a.ics", "http://10.0.0.5/agenda.ics")

    with pytest.raises(AddressNotPublicError) as refused:
        get(server.url("/a.ics"))

    assert str(refused.value) == (
        "The address 10.0.0.5 leads to a private network or to this server itself; " + PRIVATE
    )


def test_a_redirect_to_another_scheme_is_refused(server, loopback_allowed):
    server.redirect("/a.ics", "file:///etc/passwd")

    with pytest.raises(NotHttpError) as refused:
        get(server.url("/a.ics"))

    assert str(refused.value) == ("Only web addresses starting with http or https are fetched.")


@pytest.mark.parametrize(
    ("url", "host"),
    [
        ("http://10.1.2.3/a.ics", "10.1.2.3"),
        ("http://172.16.0.1/", "172.16.0.1"),
        ("http://192.168.1.1/", "192.168.1.1"),
        ("http://100.64.0.1/", "100.64.0.1"),
        ("http://169.254.169.254/latest/meta-data/", "169.254.169.254"),
        ("http://0.0.0.0/", "0.0.0.0"),  # noqa: S104 (refused, not bound)
        ("http://224.0.0.1/", "224.0.0.1"),
        ("http://240.0.0.1/", "240.0.0.1"),
        ("http://255.255.255.255/", "255.255.255.255"),
        ("https://[::1]/", "::1"),
        ("http://[::]/", "::"),
        ("http://[::ffff:127.0.0.1]/", "::ffff:127.0.0.1"),
        ("http://[::ffff:169.254.169.254]/", "::ffff:169.254.169.254"),
        ("http://[fe80::1]/", "fe80::1"),
        ("http://[fc00::1]/", "fc00::1"),
        ("http://[ff02::1]/", "ff02::1"),
        ("http://[2002:a00:1::]/", "2002:a00:1::"),
    ],
)
def test_addresses_that_are_not_public_are_refused_before_connecting(url, host):
    with pytest.raises(AddressNotPublicError) as refused:
        get(url)

    assert str(refused.value) == (
        f"The address {host} leads to a private network or to this server itself; " + PRIVATE
    )


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_this_machine_is_refused_by_default(server, host):
    server.route("/a.ics", body=b"secret")

    with pytest.raises(AddressNotPublicError):
        get(server.url("/a.ics", host=host))

    assert server.requests == []


@pytest.mark.parametrize(
    ("url", "message"),
    [
        (
            "ftp://example.org/a.ics",
            "Only web addresses starting with http or https are fetched.",
        ),
        ("file:///etc/passwd", "Only web addresses starting with http or https are fetched."),
        (
            "javascript:alert(1)",
            "Only web addresses starting with http or https are fetched.",
        ),
        ("", "Only web addresses starting with http or https are fetched."),
        ("http:///a.ics", "This web address has no server name."),
        ("http://user:secret@example.org/", "This web address has no server name."),
        ("http://example.org:99999/", "This is not a web address."),
    ],
)
def test_addresses_that_are_not_http_are_refused(url, message):
    with pytest.raises(NotHttpError) as refused:
        get(url)

    assert str(refused.value) == message


def test_a_file_declared_too_big_is_refused(server, loopback_allowed):
    server.route("/big.ics", body=b"x" * 2048)

    with pytest.raises(TooBigError) as refused:
        get(server.url("/big.ics"), max_bytes=1024)

    assert str(refused.value) == "The file is larger than the 1 kB allowed."


def _chunked_without_end(request: BaseHTTPRequestHandler) -> None:
    request.protocol_version = "HTTP/1.1"
    request.send_response(200)
    request.send_header("Transfer-Encoding", "chunked")
    request.end_headers()
    try:
        for __ in range(200):
            request.wfile.write(b"400\r\n" + b"y" * 1024 + b"\r\n")
        request.wfile.write(b"0\r\n\r\n")
    except OSError:
        pass


def test_a_body_growing_past_the_limit_is_abandoned(server, loopback_allowed):
    server.route("/endless.ics", handler=_chunked_without_end)

    with pytest.raises(TooBigError) as refused:
        get(server.url("/endless.ics"), max_bytes=10 * 1024)

    assert str(refused.value) == "The file is larger than the 10 kB allowed."


def test_a_server_dripping_its_body_fails_at_the_deadline(server, loopback_allowed):
    server.route("/slow.ics", body=b"z" * 200, drip=0.05)

    with pytest.raises(TooSlowError) as refused:
        get(server.url("/slow.ics"), timeout=1)

    assert str(refused.value) == "The server took too long to answer."


def _dripping_headers(request: BaseHTTPRequestHandler) -> None:
    try:
        request.wfile.write(b"HTTP/1.0 200 OK\r\n")
        for __ in range(100):
            request.wfile.write(b"X-Slow: a\r\n")
            request.wfile.flush()
            time.sleep(0.05)
    except OSError:
        pass


def test_a_server_dripping_its_headers_fails_at_the_deadline(server, loopback_allowed):
    server.route("/slow.ics", handler=_dripping_headers)

    with pytest.raises(TooSlowError):
        get(server.url("/slow.ics"), timeout=1)


@pytest.mark.parametrize("status", [404, 500])
def test_an_http_error_is_reported_with_its_status(server, loopback_allowed, status):
    server.route("/a.ics", status=status, body=b"no")

    with pytest.raises(HttpStatusError) as refused:
        get(server.url("/a.ics"))

    assert refused.value.status == status
    assert str(refused.value) == f"The server answered with the error {status}."


def test_a_closed_port_is_unreachable(loopback_allowed):
    with web_server() as gone:
        url = gone.url("/a.ics")

    with pytest.raises(UnreachableError) as refused:
        get(url)

    assert str(refused.value) == (
        "The server 127.0.0.1 could not be reached, or its certificate is not valid."
    )


def _self_signed(directory) -> tuple[str, str]:
    """A certificate for "localhost" that no authority signed, and its key (PEM files)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(days=1))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName("localhost")]), critical=False)
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = directory / "cert.pem", directory / "key.pem"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_path), str(key_path)


def test_https_names_the_host_in_tls_and_refuses_a_certificate_nobody_vouches_for(
    loopback_allowed, tmp_path
):
    cert, key = _self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    port = listener.getsockname()[1]

    def accept() -> None:
        connection, __ = listener.accept()
        with contextlib.suppress(OSError), context.wrap_socket(connection, server_side=True):
            pass
        connection.close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        with pytest.raises(UnreachableError) as refused:
            get(f"https://localhost:{port}/a.ics")
    finally:
        thread.join(timeout=5)
        listener.close()

    assert names == ["localhost"]
    assert str(refused.value) == (
        "The server localhost could not be reached, or its certificate is not valid."
    )
