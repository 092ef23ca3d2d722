"""No word of the back office is cut in two on a 320 px wide phone ("Administra|tion"): a
line breaks between words, or at a hyphen."""

from __future__ import annotations

import pytest
from playwright.sync_api import Page

from parvis.comments.services import comment_create
from parvis.spaces.models import ModerationPolicy
from parvis.spaces.services import space_save
from tests.browser.conftest import PHONE_WIDTH, sign_in
from tests.conftest import TownContent

pytestmark = pytest.mark.browser

# Each word of each visible text: the lines it is laid out on. A word on two lines is cut.
_CUT_WORDS = """() => {
  const cut = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    const box = node.parentElement.getBoundingClientRect();
    if (box.width <= 1 || box.height <= 1) continue;  // visually hidden text
    for (const word of node.textContent.matchAll(/[\\p{L}\\p{N}’']{2,}/gu)) {
      const range = document.createRange();
      range.setStart(node, word.index);
      range.setEnd(node, word.index + word[0].length);
      const lines = new Set(
        [...range.getClientRects()].filter((r) => r.width > 0).map((r) => Math.round(r.top))
      );
      if (lines.size > 1) cut.push(word[0]);
    }
  }
  return cut;
}"""


def cut_words(page: Page, path: str) -> list[str]:
    page.set_viewport_size({"width": PHONE_WIDTH, "height": 640})
    page.goto(path)
    return page.evaluate(_CUT_WORDS)


@pytest.mark.parametrize(
    "path",
    [
        "/backoffice/",
        "/backoffice/spaces/space/",
        "/backoffice/news/article/",
        "/backoffice/news/article/add/",
        "/backoffice/moderation/decision/",
        "/backoffice/core/auditentry/",
    ],
)
def test_no_back_office_word_is_cut_at_320_px(page, town_content, administrator, path):
    sign_in(page, administrator)

    assert cut_words(page, path) == []


def test_no_word_of_the_moderation_queue_is_cut_at_320_px(
    page, town_content: TownContent, officer, moderator, resident
):
    town_content.neighbourhood.moderation_policy = ModerationPolicy.BEFORE
    space_save(space=town_content.neighbourhood, actor=officer)
    comment_create(
        target=town_content.history,
        author=resident,
        body="Les murailles du prieuré sont encore visibles depuis la rue des Remparts.",
    )
    sign_in(page, moderator)

    assert cut_words(page, "/backoffice/moderation/decision/queue/") == []
    assert cut_words(page, "/backoffice/moderation/decision/dashboard/") == []
