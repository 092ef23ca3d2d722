"""The no-cookie promise, seen from a real browser reading the site over real HTTP."""

from __future__ import annotations

import pytest

from tests.browser.test_accessibility import VISITOR_PAGES, address

pytestmark = pytest.mark.browser

# Reading pages only: the account pages, the report form's second step, the "me too" form
# without an account and the job application forms hold forms that post, whose CSRF cookie
# is expected.
READING_PAGES = [
    p
    for p in VISITOR_PAGES
    if not p.path.startswith("/accounts/")
    and not p.path.startswith("/reports/new/?")
    and not p.path.endswith("/me-too/e-mail/")
    and not p.path.endswith("/apply/")
    and p.path != "/jobs/applications/new/"
]


def test_a_visitor_reading_every_public_page_type_has_no_cookie(page, town_content):
    assert len(READING_PAGES) >= 12
    for page_type in READING_PAGES:
        reading = address(page_type, town_content)
        for path in (reading, f"/en{reading}"):
            response = page.goto(path)
            assert response is not None and response.status == page_type.status, path
            policy = response.headers["content-security-policy"]
            assert "default-src 'self'" in policy
            assert "unsafe-inline" not in policy
    page.goto(town_content.neighbourhood.get_absolute_url())
    cover = page.get_by_role("img", name=town_content.neighbourhood.cover_alt)
    assert cover.evaluate("(img) => img.complete && img.naturalWidth") == 960

    assert page.context.cookies() == []
