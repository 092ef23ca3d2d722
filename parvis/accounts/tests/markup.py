"""Checks on a page's markup that every accounts page must pass (WCAG basics)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_UNLABELLED_TYPES = {"hidden", "submit", "button", "image", "reset"}


@dataclass
class _Control:
    tag: str
    attrs: dict[str, str]
    inside_label: bool


@dataclass
class PageOutline:
    headings: list[int] = field(default_factory=list)
    controls: list[_Control] = field(default_factory=list)
    label_targets: set[str] = field(default_factory=set)
    ids: list[str] = field(default_factory=list)
    main_count: int = 0
    html_lang: str = ""

    def unlabelled_controls(self) -> list[str]:
        missing = []
        for control in self.controls:
            attrs = control.attrs
            if control.tag == "input" and attrs.get("type", "text") in _UNLABELLED_TYPES:
                continue
            labelled = (
                control.inside_label
                or attrs.get("id", "\0") in self.label_targets
                or attrs.get("aria-label")
                or attrs.get("aria-labelledby")
                or attrs.get("title")
            )
            if not labelled:
                missing.append(f"<{control.tag} {attrs}>")
        return missing

    def heading_jumps(self) -> list[str]:
        """Headings that go more than one level deeper than the one before."""
        jumps = []
        previous = 0
        for level in self.headings:
            if level > previous + 1:
                jumps.append(f"h{previous} → h{level}")
            previous = level
        return jumps

    def duplicate_ids(self) -> list[str]:
        seen: set[str] = set()
        return [i for i in self.ids if i in seen or seen.add(i)]  # type: ignore[func-returns-value]  # add() is None: keeps the ids seen before


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.outline = PageOutline()
        self._labels = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if "id" in attributes:
            self.outline.ids.append(attributes["id"])
        if tag == "html":
            self.outline.html_lang = attributes.get("lang", "")
        elif tag == "main":
            self.outline.main_count += 1
        elif len(tag) == 2 and tag[0] == "h" and tag[1] in "123456":
            self.outline.headings.append(int(tag[1]))
        elif tag == "label":
            self._labels += 1
            if attributes.get("for"):
                self.outline.label_targets.add(attributes["for"])
        elif tag in ("input", "select", "textarea"):
            self.outline.controls.append(_Control(tag, attributes, self._labels > 0))

    def handle_endtag(self, tag: str) -> None:
        if tag == "label" and self._labels:
            self._labels -= 1


def outline(page: str) -> PageOutline:
    reader = _Reader()
    reader.feed(page)
    return reader.outline
