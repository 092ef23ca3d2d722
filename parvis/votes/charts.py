"""The results' chart, drawn on the server as SVG: a horizontal bar per option, its length
the option's votes. It needs no script, reads as an image with a title and a description,
and the page follows it with the same figures as a table."""

from __future__ import annotations

from typing import Any

WIDTH, ROW, LABEL, MARGIN = 640, 28, 240, 8


def bar_chart(rows: list[tuple[str, int, bool]]) -> dict[str, Any]:
    """`rows` of (label, votes, highlighted) as bars, longest for the most votes."""
    top = max([votes for _label, votes, _h in rows] + [1])
    inner = WIDTH - LABEL - 2 * MARGIN - 48
    bars = []
    for index, (label, votes, highlighted) in enumerate(rows):
        y = MARGIN + index * ROW
        width = inner * votes / top
        bars.append(
            {
                "label": label if len(label) <= 34 else label[:33] + "…",
                "votes": votes,
                "y": y,
                "text_y": y + ROW * 0.65,
                "x": LABEL,
                "width": round(width, 1),
                "height": ROW - 8,
                "value_x": round(LABEL + width + 6, 1),
                "highlighted": highlighted,
            }
        )
    return {"width": WIDTH, "height": 2 * MARGIN + ROW * max(len(rows), 1), "bars": bars}
