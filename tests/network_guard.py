"""No test reaches the network beyond this machine's loopback (a pytest plugin).

While the tests run, every connection opened in the test process goes through
`socket.socket.connect`/`connect_ex`, and every name it resolves through `socket.getaddrinfo`
(which `socket.create_connection`, urllib, requests and asyncio use) or `gethostbyname`:
those refuse any address outside loopback with `NetworkBlocked`, which names the address.
Code that catches the error (a client that retries, a sender that logs and carries on) does
not hide it: the test fails anyway when it ends, with the same message.

Allowed: 127.0.0.0/8, ::1, "localhost" (and names under .localhost), the unspecified address
(0.0.0.0 and ::, which reach this machine), and every non-IP socket (Unix sockets, socket
pairs). The servers the tests start (SMTP, OpenID provider, S3 endpoint, live server,
`parvis serve`) all listen on loopback.

Not watched here: child processes (`parvis serve`, the worker) and C libraries with sockets
of their own (libpq for PostgreSQL, Chromium, which is started with its background
networking turned off in tests/browser/conftest.py).
"""

from __future__ import annotations

import ipaddress
import socket
import threading
from collections.abc import Callable, Generator, Iterator
from contextlib import contextmanager
from typing import Any

import pytest

LOOPBACK_NAMES = {"localhost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}
_INTERNET_FAMILIES = (socket.AF_INET, socket.AF_INET6)


class NetworkBlocked(RuntimeError):
    """A test tried to reach an address outside loopback.

    Not an OSError: network clients treat an OSError as "the server is down" and may carry
    on quietly; this one stops the test at the line that tried.
    """


#: What the running test tried and was refused (from any of its threads).
_refused: list[str] = []
_refused_lock = threading.Lock()
_originals: dict[str, Any] = {}


def is_loopback(host: object) -> bool:
    """True when `host` (a name or an address, str or bytes) is this machine."""
    if host is None:
        return True  # getaddrinfo(None, port): the local addresses to bind to
    if isinstance(host, bytes):
        host = host.decode("ascii", "replace")
    name = str(host).strip().strip("[]").split("%")[0].rstrip(".").lower()
    if name == "" or name in LOOPBACK_NAMES or name.endswith(".localhost"):
        return True
    try:
        address = ipaddress.ip_address(name)
    except ValueError:
        return False  # a name to resolve: resolving it already asks the network
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return address.is_loopback or address.is_unspecified


def _refuse(attempt: str) -> None:
    message = (
        f"Tests may not reach the network beyond loopback: {attempt} was refused. "
        "Start a server of the test's own on 127.0.0.1 (as conftest.py's smtp_server does) "
        "and point the code at it."
    )
    with _refused_lock:
        _refused.append(message)
    raise NetworkBlocked(message)


def _check_address(sock: socket.socket, address: Any, call: str) -> None:
    if sock.family not in _INTERNET_FAMILIES or not isinstance(address, tuple):
        return  # a Unix socket, a netlink socket…: not the network
    if not is_loopback(address[0]):
        _refuse(f"{call}(({address[0]!r}, {address[1]!r}))")


def _guard_connect(name: str) -> Callable[..., Any]:
    original = _originals[name]

    def guarded(self: socket.socket, address: Any) -> Any:
        _check_address(self, address, f"socket.{name}")
        return original(self, address)

    guarded.__name__ = name
    return guarded


def _guard_lookup(name: str) -> Callable[..., Any]:
    original = _originals[name]

    def guarded(host: Any, *args: Any, **kwargs: Any) -> Any:
        if not is_loopback(host):
            _refuse(f"socket.{name}({host!r})")
        return original(host, *args, **kwargs)

    guarded.__name__ = name
    return guarded


_SOCKET_METHODS = ("connect", "connect_ex")
_LOOKUPS = ("getaddrinfo", "gethostbyname", "gethostbyname_ex")


def install() -> None:
    if _originals:
        return
    for name in _SOCKET_METHODS:
        _originals[name] = getattr(socket.socket, name)
    for name in _LOOKUPS:
        _originals[name] = getattr(socket, name)
    for name in _SOCKET_METHODS:
        setattr(socket.socket, name, _guard_connect(name))
    for name in _LOOKUPS:
        setattr(socket, name, _guard_lookup(name))


def uninstall() -> None:
    for name in _SOCKET_METHODS:
        if name in _originals:
            setattr(socket.socket, name, _originals.pop(name))
    for name in _LOOKUPS:
        if name in _originals:
            setattr(socket, name, _originals.pop(name))


@contextmanager
def refusal_expected() -> Iterator[pytest.ExceptionInfo[NetworkBlocked]]:
    """For the guard's own tests: the block must raise NetworkBlocked, and that refusal
    then does not fail the test."""
    with _refused_lock:
        before = len(_refused)
    with pytest.raises(NetworkBlocked) as caught:
        yield caught
    with _refused_lock:
        del _refused[before:]


# --- the plugin's hooks ------------------------------------------------------------------------


def pytest_configure(config: pytest.Config) -> None:
    install()


def pytest_unconfigure(config: pytest.Config) -> None:
    uninstall()


def _take_refused() -> list[str]:
    with _refused_lock:
        refused = list(dict.fromkeys(_refused))
        _refused.clear()
    return refused


def _watch() -> Generator[None, Any, Any]:
    """Around one phase of a test (setup, call, teardown): fail it if it was refused."""
    try:
        result = yield
    except NetworkBlocked:
        _take_refused()
        raise  # the test stopped at the line that tried; its traceback says it all
    except BaseException:
        refused = _take_refused()
        if refused:
            pytest.fail("\n".join(refused), pytrace=False)  # the likely cause of the failure
        raise
    refused = _take_refused()
    if refused:
        pytest.fail("\n".join(refused), pytrace=False)
    return result


@pytest.hookimpl(wrapper=True)
def pytest_runtest_setup(item: pytest.Item) -> Generator[None, Any, Any]:
    _take_refused()  # anything from before this test (a thread left over) is not its doing
    return (yield from _watch())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_call(item: pytest.Item) -> Generator[None, Any, Any]:
    return (yield from _watch())


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> Generator:
    return (yield from _watch())
