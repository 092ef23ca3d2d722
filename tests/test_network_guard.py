"""The tests cannot reach the network beyond loopback (tests/network_guard.py).

192.0.2.1 and 2001:db8::1 are documentation addresses (RFC 5737, RFC 3849): nothing answers
there, so even without the guard these tests would never talk to anyone.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import textwrap
import threading
import urllib.request
from pathlib import Path

import pytest

from tests.network_guard import is_loopback, refusal_expected

ROOT = Path(__file__).resolve().parent.parent


def _socket(family: int = socket.AF_INET) -> socket.socket:
    # Without the guard, a connection attempt would wait a few seconds, not minutes.
    sock = socket.socket(family)
    sock.settimeout(5)
    return sock


def test_a_connection_outside_loopback_is_refused_with_the_address():
    with _socket() as sock, refusal_expected() as refused:
        sock.connect(("192.0.2.1", 80))

    assert str(refused.value) == (
        "Tests may not reach the network beyond loopback: socket.connect(('192.0.2.1', 80)) "
        "was refused. Start a server of the test's own on 127.0.0.1 (as conftest.py's "
        "smtp_server does) and point the code at it."
    )


def test_connect_ex_and_ipv6_addresses_are_refused_too():
    with _socket() as sock, refusal_expected() as refused:
        sock.connect_ex(("192.0.2.1", 443))
    assert "socket.connect_ex(('192.0.2.1', 443))" in str(refused.value)

    with _socket(socket.AF_INET6) as sock, refusal_expected() as refused:
        sock.connect(("2001:db8::1", 443, 0, 0))
    assert "socket.connect(('2001:db8::1', 443))" in str(refused.value)

    # An IPv4 address written the IPv6 way is the same address.
    with _socket(socket.AF_INET6) as sock, refusal_expected():
        sock.connect(("::ffff:192.0.2.1", 443, 0, 0))


def test_a_public_name_is_not_even_resolved():
    with refusal_expected() as refused:
        socket.getaddrinfo("example.com", 443)
    assert "socket.getaddrinfo('example.com')" in str(refused.value)

    with refusal_expected():
        socket.create_connection(("example.com", 443), timeout=5)
    with refusal_expected():
        socket.gethostbyname("example.com")
    # What an HTTP client does: the refusal is not turned into an ordinary URLError.
    with refusal_expected():
        urllib.request.urlopen("http://example.com/", timeout=5)


def _echo_server(server: socket.socket) -> None:
    connection, _ = server.accept()
    with connection:
        connection.sendall(connection.recv(64).upper())


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost"])
def test_servers_on_loopback_are_still_reached(host):
    with socket.create_server(("127.0.0.1", 0)) as server:
        answering = threading.Thread(target=_echo_server, args=(server,))
        answering.start()
        with socket.create_connection((host, server.getsockname()[1]), timeout=30) as client:
            client.sendall(b"hello")
            assert client.recv(64) == b"HELLO"
        answering.join()


def test_unix_sockets_are_not_the_network(tmp_path):
    path = str(tmp_path / "guard.sock")
    with socket.socket(socket.AF_UNIX) as server:
        server.bind(path)
        server.listen()
        answering = threading.Thread(target=_echo_server, args=(server,))
        answering.start()
        with socket.socket(socket.AF_UNIX) as client:
            client.connect(path)
            client.sendall(b"local")
            assert client.recv(64) == b"LOCAL"
        answering.join()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.45.6.7", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),
        ("localhost", True),
        ("LOCALHOST.", True),
        ("parvis.localhost", True),
        (b"127.0.0.1", True),
        ("0.0.0.0", True),  # noqa: S104 (an address to check, not one to bind to)
        (None, True),
        ("192.0.2.1", False),
        ("10.0.0.1", False),
        ("2001:db8::1", False),
        ("::ffff:192.0.2.1", False),
        ("example.com", False),
        ("localhost.example.com", False),
        ("db", False),
    ],
)
def test_what_counts_as_loopback(host, loopback):
    assert is_loopback(host) is loopback


def test_a_refusal_the_code_swallows_still_fails_the_test(tmp_path):
    """A client that catches every error (and retries, or logs and carries on) would hide
    the attempt; the guard fails the test once it ends, with the same message."""
    (tmp_path / "test_swallowed.py").write_text(
        textwrap.dedent(
            """
            import socket

            def test_reaches_out_and_looks_away():
                try:
                    socket.create_connection(("192.0.2.1", 80), timeout=5)
                except Exception:
                    pass

            def test_stays_home():
                socket.getaddrinfo("localhost", 80)
            """
        )
    )
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DJANGO_SETTINGS_MODULE", "PYTEST_ADDOPTS", "PYTEST_XDIST_WORKER")
    }
    env["PYTHONPATH"] = str(ROOT)
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-p",
            "tests.network_guard",
            "-p",
            "no:django",
            "-p",
            "no:xdist",
            "-p",
            "no:cacheprovider",
            "-rA",
            "test_swallowed.py",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )

    assert done.returncode == 1, done.stdout + done.stderr
    assert "1 failed, 1 passed" in done.stdout
    assert "FAILED test_swallowed.py::test_reaches_out_and_looks_away" in done.stdout
    assert "PASSED test_swallowed.py::test_stays_home" in done.stdout
    assert (
        "Tests may not reach the network beyond loopback: socket.getaddrinfo('192.0.2.1') "
        "was refused."
    ) in done.stdout


def test_the_guard_is_on_for_every_test():
    assert socket.socket.connect.__module__ == "tests.network_guard"
    assert socket.getaddrinfo.__module__ == "tests.network_guard"
