"""Report a problem, end to end: what the issue calls "done" for citizen reports.

A visitor without an account, on a phone (375 by 667), reports an odour: they choose the
category, place the pin by tapping the map then nudge it with the keyboard, write the
details and their e-mail address; the report waits until they follow the link the real
worker sends through the real SMTP server. Once confirmed, the department in charge hears
of it; an officer (password and TOTP) moves it to "in progress" with a message in the back
office; the visitor gets the e-mail saying the new status and the message.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from parvis.reports.models import Category, Report, ReportStatus
from tests.browser.conftest import axe_check, sign_in, text
from tests.open311_client import parse_xml

pytestmark = pytest.mark.browser

PHONE = {"width": 375, "height": 667}
VISITOR = "passante@example.org"
DEPARTMENT = "environnement@mairie.example"
DESCRIPTION = "Strong smell of sewage by the school gate since this morning."
MESSAGE = "A team inspects the sewer on Thursday."
#: The old town's extent, set as the town's map extent: the map shows the neighbourhood.
OLD_TOWN_BOX = (1.6850, 46.8065, 1.7000, 46.8150)


def pin_position(page: Page) -> tuple[str, str]:
    return page.locator("#id_lat").input_value(), page.locator("#id_lon").input_value()


def test_a_visitor_reports_an_odour_on_the_map_and_hears_of_its_progress(
    new_page, live_server, settings, town_content, administrator, mailbox, run_tasks
):
    settings.SITE_URL = live_server.url
    settings.MAP_BOUNDS = OLD_TOWN_BOX
    Category.objects.filter(slug="odeurs").update(department_email=DEPARTMENT)

    # The visitor, on a phone, chooses the category and taps the map where it smells.
    page = new_page(has_touch=True)
    page.set_viewport_size(PHONE)
    page.goto("/reports/new/")
    page.get_by_label("Odeurs").check()
    canvas = page.locator("#pin-map")
    expect(canvas).to_be_visible()
    page.wait_for_function("() => document.querySelector('#pin-map .leaflet-tile-loaded')")
    axe_check(page)
    assert pin_position(page) == ("", "")
    canvas.scroll_into_view_if_needed()
    canvas.tap()
    lat, lon = (float(v) for v in pin_position(page))
    # The middle of the map is the middle of the old town.
    assert abs(lat - 46.81075) < 0.001 and abs(lon - 1.6925) < 0.001
    expect(page.locator("#pin-map-status")).to_contain_text(f"{lat:.6f}")
    # Then moves the pin a little to the west with the keyboard.
    marker = page.locator("#pin-map .leaflet-marker-icon")
    marker.focus()
    page.keyboard.press("ArrowLeft")
    moved_lat, moved_lon = (float(v) for v in pin_position(page))
    assert moved_lon < lon and abs(moved_lat - lat) < 0.0001
    with page.expect_navigation():
        page.get_by_role("button", name=text("Next")).click()

    # Step two: the details and the e-mail address (no account).
    expect(page.locator("h1")).to_contain_text("Odeurs")
    assert float(page.locator("#id_lat").input_value()) == pytest.approx(moved_lat, abs=1e-6)
    page.get_by_label("Intensité").fill("4")
    page.get_by_label(text("Description")).fill(DESCRIPTION)
    page.get_by_label(text("Your e-mail address")).fill(VISITOR)
    axe_check(page)
    with page.expect_navigation():
        page.get_by_role("button", name=text("Send the report")).click()
    report = Report.objects.get(description=DESCRIPTION)
    assert report.status == ReportStatus.UNCONFIRMED
    assert (report.lat, report.lon) == pytest.approx((moved_lat, moved_lon), abs=1e-6)
    assert page.request.get(f"/reports/{report.reference}/").status == 404

    # The confirmation link comes by e-mail; following it publishes the report.
    run_tasks()
    (confirm,) = mailbox.to(VISITOR)
    (link,) = re.findall(rf"{re.escape(live_server.url)}/\S+", mailbox.text(confirm))
    assert mailbox.to(DEPARTMENT) == []
    page.goto(link)
    with page.expect_navigation():
        page.locator("main form button").click()
    expect(page.locator("h1")).to_contain_text(report.reference)
    expect(page.locator("main")).to_contain_text(DESCRIPTION)
    expect(page.locator("#pin-map .leaflet-marker-icon")).to_be_visible()
    axe_check(page)
    run_tasks()
    (alert,) = mailbox.to(DEPARTMENT)
    assert f"{live_server.url}/backoffice/reports/report/{report.pk}/change/" in mailbox.text(alert)

    # An officer moves it to "in progress" with a message, in the back office.
    mailbox.clear()
    officer = new_page()
    sign_in(officer, administrator)
    officer.goto(f"/backoffice/reports/report/{report.pk}/change/")
    officer.locator("[name=new_status]").select_option("in_progress")
    officer.locator("[name=message]").fill(MESSAGE)
    with officer.expect_navigation():
        officer.locator("input[name=_save]").click()
    report.refresh_from_db()
    assert report.status == ReportStatus.IN_PROGRESS

    # The visitor gets the new status and the message, in French, the language they used.
    run_tasks()
    (news,) = mailbox.to(VISITOR)
    body = mailbox.text(news)
    assert text("New status: %(status)s.") % {"status": text("in progress")} in body
    assert MESSAGE in body
    assert f"{live_server.url}/reports/{report.reference}/" in body
    # And the public page shows it.
    page.goto(f"/reports/{report.reference}/")
    expect(page.locator("#history + ol")).to_contain_text(MESSAGE)

    # The same report through Open311 GeoReport v2, in JSON and in XML: still "open" to the
    # standard (in progress is not closed), with the town's message as its notes.
    answer = page.request.get(f"/open311/v2/requests/{report.reference}.json")
    assert answer.status == 200
    (item,) = answer.json()
    assert (item["service_request_id"], item["status"], item["status_notes"]) == (
        report.reference,
        "open",
        MESSAGE,
    )
    assert item["service_code"] == "odeurs" and "email" not in item
    answer = page.request.get(f"/open311/v2/requests/{report.reference}.xml")
    assert answer.status == 200
    (item,) = parse_xml(answer.body())
    assert (item["service_request_id"], item["status"], item["status_notes"]) == (
        report.reference,
        "open",
        MESSAGE,
    )
