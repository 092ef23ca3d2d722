"""Every page type, in a real Chromium: zero axe-core WCAG 2.1 AA violations, and no
horizontal scrolling on a 320 px wide phone.

Pages are listed by who looks at them (a visitor, a signed-in resident, staff in the back
office). French is the default language; the main pages are also checked in English.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from playwright.sync_api import Page

from parvis.accounts.roles import Role
from parvis.comments.services import comment_create, comment_flag
from parvis.directory.models import Entry
from parvis.directory.services import proposal_create
from parvis.moderation.models import FlagReason
from parvis.moderation.services import contribution_hide
from parvis.news.models import Article
from parvis.news.services import article_save
from parvis.notifications.models import Subscription
from parvis.notifications.services import subscription_create
from parvis.notifications.tokens import make_token
from parvis.observations.models import Member
from parvis.spaces.models import ModerationPolicy
from parvis.spaces.services import space_save
from tests.browser.conftest import (
    DESKTOP,
    at_path,
    axe_check,
    fits_phone_width,
    sign_in,
    text,
)
from tests.conftest import TownContent

pytestmark = pytest.mark.browser


@dataclass(frozen=True)
class PageType:
    name: str
    path: str
    status: int = 200


VISITOR_PAGES = [
    PageType("home", "/"),
    PageType("spaces overview", "/spaces/"),
    PageType("spaces of a kind", "/spaces/kind/project/"),
    PageType("spaces of a kind, page 2", "/spaces/kind/project/?page=2"),
    PageType("space", "/spaces/vieux-bourg/"),
    PageType("space page", "/spaces/vieux-bourg/pages/histoire/"),
    PageType("search", "/search/"),
    PageType("search with results", "/search/?q=bourg"),
    PageType("search with no result", "/search/?q=introuvable"),
    PageType(
        "search with filters",
        "/search/?q=bourg&type=announcement&type=article&type=space&space=vieux-bourg",
    ),
    PageType("neighbourhood of an address", "/addresses/"),
    PageType("neighbourhood of an address, found", "/addresses/?address=1+rue+de+la+halle"),
    PageType(
        "neighbourhood of an address, choices", "/addresses/?address=2+rue+de+la+halle", status=400
    ),
    PageType("news", "/news/"),
    PageType("article", "/news/new-library/"),
    PageType("announcements", "/announcements/"),
    PageType("announcement", "/announcements/{announcement_pk}/"),
    PageType("news of a space", "/spaces/vieux-bourg/news/"),
    PageType("announcements of a space", "/spaces/vieux-bourg/announcements/"),
    PageType("tag", "/tags/travaux/"),
    PageType("roadworks", "/roadworks/"),
    PageType("roadworks, filtered", "/roadworks/?when=current&impact=detour&space=vieux-bourg"),
    PageType("works", "/roadworks/rue-de-la-halle/"),
    PageType("jobs", "/jobs/"),
    PageType("jobs, filtered", "/jobs/?category=C&contract=civil_servant&time=full_time"),
    PageType("job offer", "/jobs/agent-des-espaces-verts/"),
    PageType("job application form", "/jobs/agent-des-espaces-verts/apply/"),
    PageType("spontaneous application form", "/jobs/applications/new/"),
    PageType("canteen menus", "/family/menus/"),
    PageType("works near me", "/roadworks/near/?address=1+rue+de+la+halle&radius=500"),
    PageType("works near me, bad input", "/roadworks/near/?lat=nan&lon=1&radius=500", status=400),
    PageType("consultations", "/consultations/"),
    PageType("consultation", "/consultations/budget-du-bourg/"),
    PageType("consultation results", "/consultations/nom-de-la-halle/results/"),
    PageType("ballots cast", "/consultations/nom-de-la-halle/ballots/"),
    PageType("observation campaigns", "/observations/"),
    PageType("observation campaign", "/observations/nez-du-bourg/"),
    PageType("reports with their map", "/reports/"),
    PageType("reports, filtered", "/reports/?category=nids-de-poule&status=open"),
    PageType("report", "/reports/VB0001/"),
    PageType("me too without an account", "/reports/VB0001/me-too/e-mail/"),
    PageType("report form with the pin map", "/reports/new/"),
    PageType("report form, details", "/reports/new/?category=nids-de-poule&lat=46.81&lon=1.692"),
    PageType("suggestions with their map", "/suggestions/"),
    PageType("a space's suggestions", "/spaces/vieux-bourg/suggestions/"),
    PageType("directory", "/directory/"),
    PageType("directory, open now", "/directory/?category=mairie&open=1"),
    PageType("directory entry", "/directory/mairie/"),
    PageType("directory entry history", "/directory/mairie/history/"),
    PageType("directory map", "/directory/map/"),
    PageType("directory near an address", "/directory/near/"),
    PageType(
        "directory near an address, found", "/directory/near/?address=1+rue+de+la+halle&radius=1000"
    ),
    PageType("photos", "/photos/"),
    PageType("photo albums", "/photos/albums/"),
    PageType("photo album", "/photos/albums/le-marche/"),
    PageType("photos by month", "/photos/months/"),
    PageType("photos of a month", "/photos/months/2026/5/"),
    PageType("photo in its album's slideshow", "/photos/albums/le-marche/{photo_pk}/"),
    PageType("wiki", "/wiki/"),
    PageType("videos", "/videos/"),
    PageType("video category", "/videos/categories/conseil/"),
    PageType("video playlist", "/videos/playlists/le-mandat/"),
    PageType("uploaded video", "/videos/seance-du-conseil/"),
    PageType("video elsewhere", "/videos/concert-d-ete/"),
    PageType("wiki article", "/wiki/le-lavoir/"),
    PageType("wiki history", "/wiki/le-lavoir/history/"),
    PageType("wiki differences", "/wiki/le-lavoir/diff/"),
    PageType("wiki talk", "/wiki/le-lavoir/talk/"),
    PageType("wiki recent changes", "/wiki/recent/?change=edit"),
    PageType("wiki category", "/wiki/category/lieux/"),
    PageType("podcasts", "/podcasts/"),
    PageType("podcast show", "/podcasts/la-voix-du-bourg/"),
    PageType("podcast episode", "/podcasts/la-voix-du-bourg/le-marche/"),
    PageType("wiki page not written yet", "/wiki/rue-de-la-halle/", status=404),
    PageType("legal notice", "/legal/notice/"),
    PageType("accessibility statement", "/legal/accessibility/"),
    PageType("personal data", "/legal/privacy/"),
    PageType("login", "/accounts/login/"),
    PageType("sign-up", "/accounts/signup/"),
    PageType("password reset", "/accounts/password/reset/"),
    PageType("verification sent", "/accounts/confirm-email/"),
    PageType("password reset sent", "/accounts/password/reset/done/"),
    PageType("account erased", "/accounts/deleted/"),
    PageType("not found", "/nowhere-to-be-found/", status=404),
]
ENGLISH_PAGES = [
    "home",
    "spaces overview",
    "spaces of a kind",
    "space",
    "space page",
    "search with results",
    "news",
    "article",
    "announcements",
    "announcement",
    "tag",
    "roadworks",
    "works",
    "works near me",
    "observation campaign",
    "reports with their map",
    "report",
    "report form with the pin map",
    "directory",
    "directory entry",
    "wiki",
    "wiki article",
    "wiki differences",
    "legal notice",
    "login",
    "sign-up",
    "not found",
]
RESIDENT_PAGES = [
    PageType("space, signed in", "/spaces/vieux-bourg/"),
    PageType("space page with the comment form", "/spaces/vieux-bourg/pages/histoire/"),
    PageType("article with the comment form", "/news/new-library/"),
    PageType("news with the follow button", "/news/"),
    PageType("announcements with the follow button", "/announcements/"),
    PageType("tag with the follow button", "/tags/travaux/"),
    PageType("profile", "/accounts/profile/"),
    PageType("subscriptions", "/accounts/subscriptions/"),
    PageType("roadworks alerts", "/roadworks/alerts/"),
    PageType("account deletion", "/accounts/delete/"),
    PageType("two-factor authentication", "/accounts/2fa/"),
    PageType("TOTP activation", "/accounts/2fa/totp/activate/"),
    PageType("e-mail addresses", "/accounts/email/"),
    PageType("password change", "/accounts/password/change/"),
    PageType("sign-out confirmation", "/accounts/logout/"),
    PageType("joining an observation campaign", "/observations/nez-du-bourg/join/"),
    PageType("directory change proposal", "/directory/mairie/propose/"),
    PageType("directory new entry proposal", "/directory/propose/"),
    PageType("ballot form", "/consultations/budget-du-bourg/vote/"),
    PageType("home address", "/votes/home/"),
    PageType("wiki edit form", "/wiki/le-lavoir/edit/"),
    PageType("wiki new page", "/wiki/new/?title=Rue+de+la+Halle"),
    PageType("wiki talk with the comment form", "/wiki/le-lavoir/talk/"),
    PageType("wiki watch list", "/wiki/watchlist/"),
    PageType("forbidden", "/backoffice/", status=403),
]
BACKOFFICE_PAGES = [
    PageType("back office", "/backoffice/"),
    PageType("back office list", "/backoffice/spaces/space/"),
    PageType("back office change form", "/backoffice/spaces/space/{space_pk}/change/"),
    PageType("back office add form", "/backoffice/spaces/spacepage/add/"),
    PageType("works form", "/backoffice/roadworks/works/add/"),
    PageType("job offer form", "/backoffice/jobs/offer/add/"),
    PageType("job applications", "/backoffice/jobs/application/"),
    PageType("reply template form", "/backoffice/jobs/replytemplate/add/"),
    PageType("household form", "/backoffice/family/household/add/"),
    PageType("service form", "/backoffice/family/service/add/"),
    PageType("invoices", "/backoffice/family/invoice/"),
    PageType("a month's invoices", "/backoffice/family/invoice/run/"),
    PageType("invoice import", "/backoffice/family/invoice/import/"),
    PageType("online payments", "/backoffice/payments/payment/"),
    PageType("payments of a day", "/backoffice/payments/payment/reconciliation/"),
    PageType("works change form", "/backoffice/roadworks/works/{works_pk}/change/"),
    PageType("address file", "/backoffice/addresses/addressimport/add/"),
    PageType("directory entries", "/backoffice/directory/entry/"),
    PageType("new directory entry", "/backoffice/directory/entry/add/"),
    PageType("consultation form", "/backoffice/votes/consultation/add/"),
    PageType("wiki articles", "/backoffice/wiki/article/"),
    PageType("wiki revisions", "/backoffice/wiki/revision/"),
]
# The communication officer's pages: the news, and the workflow buttons on each change form.
OFFICER_PAGES = [
    PageType("articles", "/backoffice/news/article/"),
    PageType("published article", "/backoffice/news/article/{article_pk}/change/"),
    PageType("draft article", "/backoffice/news/article/{draft_pk}/change/"),
    PageType("new article", "/backoffice/news/article/add/"),
    PageType("article schedule", "/backoffice/news/article/{draft_pk}/schedule/"),
    PageType("announcements", "/backoffice/news/announcement/"),
    PageType("announcement", "/backoffice/news/announcement/{announcement_pk}/change/"),
    PageType("photos", "/backoffice/photos/photo/"),
    PageType("photo form", "/backoffice/photos/photo/{photo_pk}/change/"),
    PageType("photo uploader", "/backoffice/photos/photo/upload/"),
    PageType("albums", "/backoffice/photos/album/"),
]
# The technical-services officer's pages: the reports (the status form), the categories
# (read-only), the works, the observation campaigns (read-only).
TECHNICAL_OFFICER_PAGES = [
    PageType("reports to handle", "/backoffice/reports/report/"),
    PageType("report status form", "/backoffice/reports/report/{report_pk}/change/"),
    PageType("report category, read-only", "/backoffice/reports/category/{category_pk}/change/"),
    PageType("works to manage", "/backoffice/roadworks/works/"),
    PageType("works change form, as the officer", "/backoffice/roadworks/works/{works_pk}/change/"),
    PageType("campaign, read-only", "/backoffice/observations/campaign/{campaign_pk}/change/"),
]
MODERATOR_PAGES = [
    PageType("moderation queue", "/backoffice/moderation/decision/queue/"),
    PageType("flagged", "/backoffice/moderation/decision/queue/?show=flagged"),
    PageType("hidden recently", "/backoffice/moderation/decision/queue/?show=hidden"),
    PageType("moderation dashboard", "/backoffice/moderation/decision/dashboard/"),
    PageType("moderation decisions", "/backoffice/moderation/decision/"),
    PageType("word list", "/backoffice/moderation/wordlistentry/"),
    PageType("directory proposals", "/backoffice/directory/changeproposal/"),
    PageType("wiki revisions to read", "/backoffice/wiki/revision/"),
]


def address(page_type: PageType, town: TownContent, **more: int) -> str:
    return page_type.path.format(
        space_pk=town.neighbourhood.pk,
        article_pk=town.article.pk,
        announcement_pk=town.announcement.pk,
        photo_pk=town.photo.pk,
        works_pk=town.works.pk,
        report_pk=town.report.pk,
        category_pk=town.report.category_id,
        campaign_pk=town.campaign.pk,
        **more,
    )


def check_page(page: Page, path: str, *, status: int = 200, language: str = "fr") -> None:
    response = page.goto(path)
    assert response is not None
    assert response.status == status, f"{path} answered {response.status}"
    assert page.locator("html").get_attribute("lang") == language
    axe_check(page)
    assert page.evaluate("document.documentElement.scrollWidth") <= DESKTOP["width"]
    fits_phone_width(page)


def english(path: str) -> str:
    return f"/en{path}"


def check_pages(
    page: Page, town: TownContent, page_types: list[PageType], *, language: str = "fr", **more: int
) -> None:
    """`check_page` on each page type in turn, in one tab (one sign-in, one town); the pages
    that fail are all listed at the end, each with its reason."""
    failures = {}
    for page_type in page_types:
        path = address(page_type, town, **more)
        if language == "en":
            path = english(path)
        try:
            check_page(page, path, status=page_type.status, language=language)
        except AssertionError as error:
            failures[page_type.name] = str(error)
    assert failures == {}


def test_every_page_for_visitors_is_accessible(page, town_content):
    check_pages(page, town_content, VISITOR_PAGES)


def test_the_main_pages_for_visitors_are_accessible_in_english(page, town_content):
    check_pages(
        page, town_content, [p for p in VISITOR_PAGES if p.name in ENGLISH_PAGES], language="en"
    )


def test_every_page_for_residents_is_accessible(page, town_content, resident):
    sign_in(page, resident)

    check_pages(page, town_content, RESIDENT_PAGES)


def test_observation_form_of_a_member_is_accessible(page, town_content, resident):
    Member.objects.create(campaign=town_content.campaign, user=resident)
    sign_in(page, resident)

    check_page(page, "/observations/nez-du-bourg/record/")


def test_space_followed_by_a_resident_is_accessible(page, town_content, resident):
    """After following: the confirmation message, and the button to stop."""
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/")
    with page.expect_navigation(url=at_path("/spaces/vieux-bourg/")):
        page.get_by_role("button", name=f"{text('Follow')} Vieux-Bourg").click()

    assert page.get_by_role("button", name=f"{text('Stop following')} Vieux-Bourg").is_visible()
    axe_check(page)
    check_page(page, "/accounts/subscriptions/")
    assert page.locator("main").get_by_role("link", name="Vieux-Bourg").is_visible()


@pytest.mark.parametrize("language", ["fr", "en"])
def test_sign_up_form_with_errors_is_accessible(page, town_content, language):
    page.goto("/accounts/signup/" if language == "fr" else "/en/accounts/signup/")
    page.locator("#id_email").fill("not an address")
    page.locator("#id_password1").fill("short")
    page.locator("#id_password2").fill("other")
    with page.expect_navigation() as navigation:
        page.locator("main form.form button[type=submit]").click()

    assert navigation.value.status == 400
    assert page.locator("html").get_attribute("lang") == language
    assert page.locator(".form-errors[role=alert]").is_visible()
    assert page.locator("#id_email").get_attribute("aria-invalid") == "true"
    axe_check(page)
    fits_phone_width(page)


def test_page_for_residents_is_accessible_in_english(page, town_content, resident):
    sign_in(page, resident, language="en")

    check_page(page, "/en/accounts/profile/", language="en")
    check_page(page, "/en/spaces/vieux-bourg/", language="en")


def test_every_back_office_page_is_accessible(page, town_content, administrator):
    sign_in(page, administrator)

    check_pages(page, town_content, BACKOFFICE_PAGES)


def test_every_news_back_office_page_is_accessible(page, town_content, officer):
    draft = article_save(
        article=Article(title="Roadworks on the bridge", lead="From Monday.", body="Detours."),
        actor=officer,
    )
    sign_in(page, officer)

    check_pages(page, town_content, OFFICER_PAGES, draft_pk=draft.pk)


def test_every_technical_services_back_office_page_is_accessible(page, town_content, staff_member):
    sign_in(page, staff_member(Role.TECHNICAL_SERVICES_OFFICER))

    check_pages(page, town_content, TECHNICAL_OFFICER_PAGES)


def _fill_the_queue(town: TownContent, *, author, flagger, officer, moderator) -> None:
    """In each tab of the queue: a comment waiting for review (the neighbourhood moderates
    first), a flagged one, a hidden one; and a directory proposal, decided on its own page."""
    proposal_create(
        entry=Entry.objects.get(slug="mairie"),
        proposer=flagger,
        values={"phone": "02 54 99 99 99"},
        comment="The number changed.",
    )
    flagged = comment_create(target=town.history, author=author, body="Nobody reads this page.")
    comment_flag(comment=flagged, user=flagger, reason=FlagReason.SPAM, note="Off topic.")
    hidden = comment_create(target=town.history, author=author, body="Buy cheap watches!")
    contribution_hide(obj=hidden, moderator=moderator, reason="Advertising.")
    town.neighbourhood.moderation_policy = ModerationPolicy.BEFORE
    space_save(space=town.neighbourhood, actor=officer)
    pending = comment_create(
        target=town.history, author=author, body="The priory walls are still visible."
    )
    assert pending.is_pending


def test_every_moderation_page_is_accessible(
    page, town_content, officer, moderator, resident, other_resident
):
    _fill_the_queue(
        town_content,
        author=resident,
        flagger=other_resident,
        officer=officer,
        moderator=moderator,
    )
    sign_in(page, moderator)

    check_pages(page, town_content, MODERATOR_PAGES)


def test_comment_thread_with_every_action_open_is_accessible(page, town_content, officer, resident):
    """A resident's own comments (one published, one waiting) and a neighbour's, with the
    edit, delete, reply and flag forms unfolded."""
    comment_create(target=town_content.history, author=resident, body="Published at once.")
    town_content.neighbourhood.moderation_policy = ModerationPolicy.BEFORE
    space_save(space=town_content.neighbourhood, actor=officer)
    comment_create(target=town_content.history, author=resident, body="Held for review.")
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/pages/histoire/")

    for summary in page.locator("#comments details > summary").all():
        summary.click()

    assert page.locator("#comments details[open]").count() >= 4
    assert page.get_by_text(
        text("Waiting for moderation: only you can see this comment for now.")
    ).is_visible()
    axe_check(page)
    fits_phone_width(page)


def _submit_without_browser_checks(page: Page, form_selector: str) -> None:
    """Send a form as a client that skips the browser's own checks would (an old browser,
    a script): the server's answer is what is under test."""
    page.locator(form_selector).evaluate("(form) => { form.noValidate = true; }")
    with page.expect_navigation():
        page.locator(f"{form_selector} button[type=submit]").click()


def test_comment_edit_page_is_accessible(page, town_content, resident):
    comment = comment_create(target=town_content.history, author=resident, body="First words.")
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/pages/histoire/")
    form = f"form[action='/comments/{comment.pk}/edit/']"
    page.locator(f"#{comment.anchor} summary", has_text=text("Edit")).click()
    page.locator(f"{form} textarea").fill("")

    _submit_without_browser_checks(page, form)

    heading = text("Edit your comment on “%(title)s”") % {"title": town_content.history}
    assert page.locator("h1").inner_text() == heading
    assert page.locator("textarea[aria-invalid=true]").count() == 1
    axe_check(page)
    fits_phone_width(page)


def test_comment_flag_page_is_accessible(page, town_content, resident):
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/pages/histoire/")
    page.locator("#comments summary", has_text=text("Flag")).click()

    _submit_without_browser_checks(page, "form[action$='/flag/']")

    assert page.locator(".form-errors[role=alert]").is_visible()
    assert (
        page.locator("main form")
        .get_by_text(text("Choose what is wrong with this comment."))
        .count()
        == 2
    )  # in the summary at the top, and next to the choices
    axe_check(page)
    fits_phone_width(page)


@pytest.mark.parametrize(
    ("length", "status"),
    [(100_000, 400), (1_100_000, 413)],
    ids=["a long text, refused next to the field", "a megabyte, refused before reading"],
)
def test_comment_too_long_page_is_accessible(page, town_content, resident, length, status):
    sign_in(page, resident)
    page.goto("/spaces/vieux-bourg/pages/histoire/")
    # Past the box's own limit, as a pasted text in an old browser or a script would be.
    page.locator("#comment-form textarea").evaluate(
        "(area, length) => { area.removeAttribute('maxlength'); area.value = 'x'.repeat(length); }",
        length,
    )

    with page.expect_navigation() as navigation:
        page.locator("#comment-form button[type=submit]").click()

    assert navigation.value is not None and navigation.value.status == status
    if status == 413:
        assert page.locator("h1").inner_text() == text("Your comment is too long")
    else:
        assert page.locator("textarea#id_body").get_attribute("aria-invalid") == "true"
        assert page.locator(".form-errors[role=alert]").is_visible()
    axe_check(page)
    fits_phone_width(page)


def test_subscriptions_with_every_kind_of_follow_are_accessible(page, town_content, resident):
    subscription_create(user=resident, target=town_content.neighbourhood)
    subscription_create(user=resident, target=town_content.tag)
    subscription_create(user=resident, target="news")
    sign_in(page, resident)

    check_page(page, "/accounts/subscriptions/")


def test_unsubscribe_pages_are_accessible(page, town_content, resident):
    subscription_create(user=resident, target=town_content.neighbourhood)
    subscription = Subscription.objects.get(user=resident)
    token = make_token(user_id=resident.pk, subscription_id=subscription.pk)

    check_page(page, f"/unsubscribe/{token}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert not Subscription.objects.filter(pk=subscription.pk).exists()
    axe_check(page)
    fits_phone_width(page)


def test_me_too_without_an_account_pages_are_accessible(page, town_content):
    from parvis.reports.models import MeToo
    from parvis.reports.services import report_me_too_by_email

    report_me_too_by_email(report=town_content.report, email="passant@example.org")
    me_too = MeToo.objects.get(report=town_content.report, email="passant@example.org")

    check_page(page, f"/reports/me-too/confirm/{me_too.token}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    me_too.refresh_from_db()
    assert me_too.confirmed_at is not None
    axe_check(page)  # the report's page with the message
    fits_phone_width(page)

    check_page(page, f"/reports/me-too/stop/{me_too.token}/")
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()
    me_too.refresh_from_db()
    assert me_too.wants_emails is False


def test_me_too_by_e_mail_with_the_keyboard_and_a_bad_address_is_accessible(page, town_content):
    from parvis.reports.models import MeToo

    path = town_content.report.get_absolute_url()
    page.goto(path)
    link = page.get_by_role("link", name="Ou dites-le sans compte, avec votre adresse e-mail")
    link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(f"{path}me-too/e-mail/")
    field = page.locator("#me-too input[name=email]")
    field.focus()
    page.keyboard.type("pas-une-adresse")
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")
    assert navigation.value.status == 400
    assert page.locator("#id_email_error").is_visible()
    axe_check(page)
    assert not MeToo.objects.filter(report=town_content.report).exists()

    page.locator("#me-too input[name=email]").fill("")
    page.locator("#me-too input[name=email]").focus()
    page.keyboard.type("passant@example.org")
    page.keyboard.press("Tab")  # to the button
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.url.endswith(path)
    assert MeToo.objects.get(report=town_content.report).email == "passant@example.org"
    assert "lien" in page.locator("main").inner_text()
