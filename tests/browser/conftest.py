"""A real Chromium, driven by Playwright, against the real server (pytest-django's live_server).

* `browser` (session): Debian's Chromium from PARVIS_CHROMIUM (set by `dev.py test`), else
  the `chromium` on PATH, else Playwright's own browser. It never skips: a browser that
  cannot start fails every browser test with the reason.
* `page`: a fresh context per test (French locale, Paris time). It watches the console, page
  errors, failed sub-resources and Content-Security-Policy violations, and fails the test if
  any happened. `new_page(...)` opens more, e.g. with JavaScript disabled.
* `axe_check(page)`: axe-core's WCAG 2.1 A/AA rules on the page; zero violations or fail.
* The anonymous page cache is on, as on a town's site: what a journey changes must reach
  the pages already kept.
"""

from __future__ import annotations

import copy
import io
import os
import shutil
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import translation
from PIL import Image
from playwright.sync_api import Browser, ConsoleMessage, Error, Page, Response, sync_playwright

from conftest import PASSWORD, totp_code

CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    # Without these Chromium tries to reach Google's servers, which tests must not do.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
DESKTOP = {"width": 1280, "height": 900}
PHONE_WIDTH = 320

# Runs in every frame before the page's own scripts; reports through a Playwright binding,
# which is not subject to the page's Content-Security-Policy.
_CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  window.__parvisCspViolation(
    `${event.effectiveDirective} blocked ${event.blockedURI || "inline"} ` +
    `at ${event.sourceFile || event.documentURI}:${event.lineNumber}`
  );
});
"""


def _chromium_executable() -> str | None:
    """The Chromium to drive; None lets Playwright use the browser it downloaded itself."""
    configured = os.environ.get("PARVIS_CHROMIUM")
    if configured is not None:
        return configured or None  # empty: `dev.py test` installed Playwright's own
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    # Playwright's sync API keeps an event loop in this thread; Django would otherwise
    # refuse database access from the test's own code while a browser is open.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    executable = _chromium_executable()
    try:
        with sync_playwright() as playwright:
            try:
                chromium = playwright.chromium.launch(
                    executable_path=executable, headless=True, args=CHROMIUM_ARGS
                )
            except Error as exc:
                pytest.fail(
                    f"Chromium could not start ({executable or 'Playwright’s own browser'}): "
                    f"{exc}\nRun the tests with `python3 dev.py test`, which installs Chromium, "
                    "or set PARVIS_CHROMIUM to a Chromium executable.",
                    pytrace=False,
                )
            yield chromium
            chromium.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@dataclass
class BrowserProblems:
    """What went wrong in a page besides what the test asserts."""

    console_errors: list[str] = field(default_factory=list)
    csp_violations: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    failed_resources: list[str] = field(default_factory=list)
    # Documents answered with an error status on purpose (404 page, form errors as 400):
    # Chromium logs those as "Failed to load resource", which is not a problem.
    error_documents: set[str] = field(default_factory=set)
    # axe-core re-reads stylesheets pulled in with @import (Django's admin forms.css) by
    # inserting <style> elements, which the policy blocks; those reports are axe's, not ours.
    axe_running: bool = False

    def add_csp_violation(self, report: str) -> None:
        if self.axe_running and ("inline style" in report or "style-src" in report):
            return
        self.csp_violations.append(report)

    def report(self) -> list[str]:
        return [
            *(f"CSP violation: {v}" for v in self.csp_violations),
            *(f"console error: {e}" for e in self.console_errors),
            *(f"uncaught script error: {e}" for e in self.page_errors),
            *(f"resource failed: {r}" for r in self.failed_resources),
        ]

    def clear(self) -> None:
        self.console_errors.clear()
        self.csp_violations.clear()
        self.page_errors.clear()
        self.failed_resources.clear()


def _watch(page: Page, problems: BrowserProblems) -> None:
    def on_response(response: Response) -> None:
        if response.status < 400:
            return
        if response.request.resource_type == "document":
            problems.error_documents.add(response.url.split("#")[0])
        else:
            problems.failed_resources.append(f"{response.status} {response.url}")

    def on_console(message: ConsoleMessage) -> None:
        text = message.text
        if "Content Security Policy" in text or "Content-Security-Policy" in text:
            problems.add_csp_violation(text)
        elif message.type == "error":
            url = (message.location or {}).get("url", "")
            # (The console gives the address with its fragment, a form's `action="…#form"`.)
            document = url.split("#")[0]
            if text.startswith("Failed to load resource") and document in problems.error_documents:
                return
            problems.console_errors.append(f"{text} ({url})")

    def on_request_failed(request: Any) -> None:
        failure = request.failure or ""
        # A navigation started before the previous page finished loading aborts its loads.
        if "ERR_ABORTED" not in failure:
            problems.failed_resources.append(f"{failure} {request.url}")

    page.on("response", on_response)
    page.on("console", on_console)
    page.on("pageerror", lambda error: problems.page_errors.append(str(error)))
    page.on("requestfailed", on_request_failed)


@pytest.fixture(autouse=True)
def _pages_as_served(page_cache: None, fragment_cache: None) -> None:
    """Browsers get what a town's visitors get: anonymous pages from the page cache and the
    home's sections kept rendered, so every journey also shows each change reaching the
    pages and parts already kept."""


@pytest.fixture
def new_page(browser: Browser, live_server: Any) -> Iterator[Callable[..., Page]]:
    """Open a page in a fresh browser context: `new_page(java_script_enabled=False)`."""
    opened: list[tuple[Any, Page, BrowserProblems]] = []

    def open_page(**options: Any) -> Page:
        context = browser.new_context(
            base_url=live_server.url,
            locale="fr-FR",
            timezone_id="Europe/Paris",
            viewport=DESKTOP,
            **options,
        )
        problems = BrowserProblems()
        context.expose_binding(
            "__parvisCspViolation", lambda source, report: problems.add_csp_violation(report)
        )
        context.add_init_script(_CSP_LISTENER)
        context.set_default_timeout(15_000)
        page = context.new_page()
        page.problems = problems  # type: ignore[attr-defined]
        _watch(page, problems)
        opened.append((context, page, problems))
        return page

    yield open_page
    found = []
    for context, page, problems in opened:
        found += [f"{page.url}: {problem}" for problem in problems.report()]
        context.close()
    if found:
        pytest.fail("The browser reported problems:\n  " + "\n  ".join(found), pytrace=False)


@pytest.fixture
def page(new_page: Callable[..., Page]) -> Page:
    return new_page()


_axe = Axe()


def axe_check(page: Page) -> None:
    """Assert that axe-core finds no WCAG 2.1 A or AA violation in the page as it is now."""
    problems: BrowserProblems = page.problems  # type: ignore[attr-defined]
    problems.axe_running = True
    try:
        results = _axe.run(
            page,
            options={
                "runOnly": {"type": "tag", "values": WCAG_TAGS},
                "resultTypes": ["violations"],
            },
        )
    finally:
        problems.axe_running = False
    violations = results.response["violations"]
    if violations:
        lines = [f"axe-core found {len(violations)} WCAG 2.1 AA violation(s) on {page.url}:"]
        for violation in violations:
            lines.append(f"- {violation['id']} ({violation['impact']}): {violation['help']}")
            for node in violation["nodes"]:
                lines.append(f"    at {node['target']}: {node['html'][:160]}")
                summary = (node.get("failureSummary") or "").replace("\n", " ")
                if summary:
                    lines.append(f"      {summary[:300]}")
        pytest.fail("\n".join(lines), pytrace=False)


def fits_phone_width(page: Page) -> None:
    """Assert that the page, shown 320 px wide, needs no horizontal scrolling."""
    size = page.viewport_size
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 640})
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    wide = page.evaluate(
        """(limit) => [...document.querySelectorAll("body *")]
            .filter((el) => el.getBoundingClientRect().right > limit + 0.5)
            .slice(0, 5).map((el) => el.outerHTML.slice(0, 120))""",
        PHONE_WIDTH,
    )
    if size:
        page.set_viewport_size(size)
    assert scroll_width <= PHONE_WIDTH, f"{page.url} is {scroll_width}px wide at 320px: {wide}"


# --- signing in through the real forms ---------------------------------------------------------


def text(message: str, language: str = "fr") -> str:
    """A visible string as the page shows it in `language`."""
    with translation.override(language):
        return translation.gettext(message)


def at_path(path: str) -> Callable[[str], bool]:
    """For `page.wait_for_url`: the address is exactly `path`, without a query string."""
    return lambda url: (urlsplit(url).path, urlsplit(url).query) == (path, "")


def sign_in(page: Page, user: Any, *, language: str = "fr") -> None:
    """Sign in with e-mail and password, then the TOTP code when the account has one."""
    prefix = "" if language == "fr" else f"/{language}"
    page.goto(f"{prefix}/accounts/login/")
    page.locator("#id_login").fill(user.email)
    page.locator("#id_password").fill(PASSWORD)
    with page.expect_navigation():
        page.locator("main form.form button[type=submit]").click()
    if urlsplit(page.url).path.endswith("/accounts/2fa/authenticate/"):
        page.locator("#id_code").fill(totp_code(user))
        with page.expect_navigation():
            page.locator("form.form button[type=submit]:not([form])").click()
    assert "/accounts/" not in page.url, f"sign-in failed, still on {page.url}"


# --- map tiles ---------------------------------------------------------------------------------
# Maps (core/maps.py) load tiles: from a tile server of our own on loopback, since the tests
# reach no other network.


def _tile() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (256, 256), (230, 236, 222)).save(out, format="PNG")
    return out.getvalue()


class TileServer(ThreadingHTTPServer):
    requested: list[str]


class _Tiles(BaseHTTPRequestHandler):
    body = _tile()

    def do_GET(self) -> None:
        self.server.requested.append(self.path)  # type: ignore[attr-defined]
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(autouse=True)
def tile_server(settings: Any) -> Iterator[TileServer]:
    """A tile server on loopback, set as MAP_TILE_URL, its origin allowed by the policy: every
    page with a map gets its tiles from it (the tests reach no other network)."""
    server = TileServer(("127.0.0.1", 0), _Tiles)
    server.requested = []
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    origin = f"http://127.0.0.1:{server.server_address[1]}"
    settings.MAP_TILE_URL = origin + "/{z}/{x}/{y}.png"
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    policy["DIRECTIVES"]["img-src"] = [*policy["DIRECTIVES"]["img-src"], origin]
    settings.CONTENT_SECURITY_POLICY = policy
    yield server
    server.shutdown()
    server.server_close()
