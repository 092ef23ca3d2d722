"""The browser checks themselves can fail: a check that cannot fail proves nothing."""

from __future__ import annotations

import pytest

from tests.browser.conftest import axe_check, fits_phone_width

pytestmark = pytest.mark.browser


def test_axe_check_reports_a_field_without_label(page):
    page.goto("/legal/notice/")
    page.evaluate(
        """() => {
          const input = document.createElement("input");
          input.type = "text";
          input.id = "unlabelled";
          document.querySelector("main").append(input);
        }"""
    )

    with pytest.raises(pytest.fail.Exception) as failure:
        axe_check(page)

    message = str(failure.value)
    assert "- label (critical): Form elements must have labels" in message
    assert "at ['#unlabelled']" in message


def test_phone_width_check_reports_a_page_wider_than_the_phone(page):
    page.goto("/legal/notice/")
    page.evaluate(
        """() => {
          const wide = document.createElement("div");
          wide.style.width = "500px";
          wide.style.height = "1px";
          document.querySelector("main").append(wide);
        }"""
    )

    with pytest.raises(AssertionError, match=r"is \d+px wide at 320px"):
        fits_phone_width(page)


def test_content_security_policy_violations_are_recorded(page):
    page.goto("/legal/notice/")
    page.evaluate(
        """() => {
          const script = document.createElement("script");
          script.textContent = "document.body.dataset.ran = 'yes'";
          document.body.append(script);
        }"""
    )
    page.wait_for_timeout(200)

    assert page.evaluate("document.body.dataset.ran") is None  # the policy blocked it
    problems = page.problems
    assert any("script-src" in violation for violation in problems.csp_violations), (
        problems.csp_violations
    )
    problems.clear()  # expected here; any other test with a violation fails


def test_console_errors_and_missing_resources_are_recorded(page):
    page.goto("/legal/notice/")
    page.evaluate(
        """() => new Promise((done) => {
          console.error("something broke");
          const img = document.createElement("img");
          img.alt = "";
          img.onerror = done;
          img.src = "/static/parvis/img/no-such-image.png";
          document.body.append(img);
        })"""
    )

    problems = page.problems
    assert any(error.startswith("something broke") for error in problems.console_errors)
    assert any(
        failure.startswith("404 ") and failure.endswith("/static/parvis/img/no-such-image.png")
        for failure in problems.failed_resources
    ), problems.failed_resources
    problems.clear()


def test_an_error_page_is_not_itself_a_problem(page):
    response = page.goto("/nowhere-to-be-found/")

    assert response is not None and response.status == 404
    assert page.problems.report() == []
