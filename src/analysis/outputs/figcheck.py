"""Are a saved figure's legends and labels on the canvas, and clear of each other?

:func:`analysis.outputs.style.save_figure` records, while it draws the SVG, the box of every text
the SVG renderer actually draws (titles, axis and tick labels, annotations, the source
footer) and of every legend, in the SVG's own coordinates (points, y downwards), and writes
that record into the SVG as a comment (``<!-- pci-layout {...} -->``). :func:`check_svg`
reads it back from the saved file together with the canvas size of the ``<svg>`` element and
reports, one line each:

- a box that reaches outside the canvas (lost or cut on save);
- two boxes that overlap (labels printed over each other, a legend over a label).

A legend counts as one box per entry (its handle and text) and one for its title; tick labels that matplotlib does not draw
(outside the view limits) and annotations it skips are not recorded.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path

from matplotlib.axes import Axes
from matplotlib.axis import Axis
from matplotlib.legend import Legend
from matplotlib.text import Annotation, Text

from analysis.core import paths

TOLERANCE_PT = 0.5  # boxes may touch or graze by this much (anti-aliasing, rounding)
_RECORD = re.compile(r"<!-- pci-layout (\{.*?\}) -->", re.S)
_SIZE = re.compile(r'<svg[^>]*?\swidth="([0-9.]+)pt"[^>]*?\sheight="([0-9.]+)pt"', re.S)


@dataclass(frozen=True)
class Box:
    """One drawn text or legend, in SVG coordinates (points from the top-left corner)."""

    kind: str  # "text", "tick" or "legend"
    label: str
    x0: float
    y0: float
    x1: float
    y1: float

    def describe(self) -> str:
        lab = self.label if len(self.label) <= 40 else self.label[:37] + "..."
        return f"{self.kind} {lab!r} at x {self.x0:.1f}–{self.x1:.1f}, y {self.y0:.1f}–{self.y1:.1f} pt"


def _text_of(t: Text) -> str:
    return " ".join(t.get_text().split())


def _legend_entries(leg: Legend, renderer) -> list[tuple[str, object]]:
    """One box per legend entry (handle and text) and one for the title: a legend's empty
    corners (a short entry beside a long one) are not counted as covered."""
    entries = []
    columns = getattr(leg, "_legend_handle_box", None)
    for column in columns.get_children() if columns is not None else []:
        for row in column.get_children():
            texts = [c for c in row.get_children() if hasattr(c, "_text")]
            label = " ".join(_text_of(t._text) for t in texts)
            if row.get_visible() and label:
                entries.append((label, row.get_window_extent(renderer)))
    title = leg.get_title()
    if title.get_visible() and title.get_text().strip():
        entries.append((_text_of(title), Text.get_window_extent(title, renderer)))
    if not entries:  # not the layout this code knows: the legend as one box
        entries.append(("; ".join(_text_of(t) for t in leg.get_texts()) or "legend", leg.get_window_extent(renderer)))
    return entries


def collect(fig, renderer) -> list[Box]:
    """The boxes of every text and legend ``renderer`` draws for ``fig`` (call it after a draw)."""
    height = fig.bbox.height
    out: list[Box] = []

    def add(kind: str, label: str, bb) -> None:
        out.append(
            Box(kind, label, round(bb.x0, 2), round(height - bb.y1, 2), round(bb.x1, 2), round(height - bb.y0, 2))
        )

    def add_text(t: Text, kind: str) -> None:
        if not t.get_visible() or not t.get_text().strip():
            return
        if isinstance(t, Annotation) and not t._check_xy(renderer):
            return
        bb = Text.get_window_extent(t, renderer)  # the text only, not an annotation's arrow
        clip = t.get_clip_box() if t.get_clip_on() else None
        if clip is not None:
            if not bb.overlaps(clip):
                return  # clipped away entirely
            bb = bb.intersection(bb, clip) or bb
        add(kind, _text_of(t), bb)

    def walk(artist) -> None:
        if not artist.get_visible():
            return
        if isinstance(artist, Legend):
            for label, bb in _legend_entries(artist, renderer):
                add("legend", label, bb)
            return
        if isinstance(artist, Axis):
            for tick in artist._update_ticks():  # the ticks matplotlib draws (inside the view limits)
                for lab in (tick.label1, tick.label2):
                    add_text(lab, "tick")
            add_text(artist.label, "text")
            add_text(artist.offsetText, "text")
            return
        if isinstance(artist, Text):
            add_text(artist, "text")
            return
        hidden_axes = isinstance(artist, Axes) and not artist.axison  # ax.axis("off"): no axis is drawn
        for child in artist.get_children():
            if not (hidden_axes and isinstance(child, Axis)):
                walk(child)

    walk(fig)
    return out


def problems(boxes: list[Box], width: float, height: float, tol: float = TOLERANCE_PT) -> list[str]:
    """One line per box outside the ``width`` × ``height`` canvas and per overlapping pair."""
    found = []
    for b in boxes:
        if b.x0 < -tol or b.y0 < -tol or b.x1 > width + tol or b.y1 > height + tol:
            found.append(f"outside the canvas ({width:.0f}×{height:.0f} pt): {b.describe()}")
    order = sorted(range(len(boxes)), key=lambda i: boxes[i].x0)
    for n, i in enumerate(order):  # sweep along x: only boxes that start before this one ends
        a = boxes[i]
        for j in order[n + 1 :]:
            b = boxes[j]
            if b.x0 >= a.x1 - tol:
                break
            dx = min(a.x1, b.x1) - max(a.x0, b.x0)
            dy = min(a.y1, b.y1) - max(a.y0, b.y0)
            if dx > tol and dy > tol:
                found.append(f"overlap: {a.describe()} and {b.describe()}")
    return found


def svg_record(boxes: list[Box], width: float, height: float) -> str:
    """The SVG comment holding ``boxes`` (no ``--`` inside, as XML comments require)."""
    payload = json.dumps(
        {
            "canvas": [round(width, 2), round(height, 2)],
            "boxes": [[b.kind, b.label, b.x0, b.y0, b.x1, b.y1] for b in boxes],
        },
        ensure_ascii=True,
        separators=(",", ":"),
    )
    return f"<!-- pci-layout {payload.replace('--', '-' + chr(92) + 'u002d')} -->"


def read_svg(path: Path) -> tuple[list[Box], float, float]:
    """The recorded boxes and the canvas size (points) of a saved SVG."""
    svg = Path(path).read_text(encoding="utf-8")
    size = _SIZE.search(svg)
    if size is None:
        raise ValueError(f"{Path(path).name}: no width/height in points on the <svg> element")
    rec = _RECORD.search(svg)
    if rec is None:
        raise ValueError(f"{Path(path).name}: no pci-layout record; was it written by analysis.save_figure?")
    data = json.loads(rec.group(1))
    boxes = [Box(k, lab, x0, y0, x1, y1) for k, lab, x0, y0, x1, y1 in data["boxes"]]
    return boxes, float(size.group(1)), float(size.group(2))


def check_svg(path: Path) -> list[str]:
    """Layout problems of a saved SVG, each line starting with the file name."""
    boxes, width, height = read_svg(path)
    return [f"{Path(path).name}: {p}" for p in problems(boxes, width, height)]


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.outputs.figcheck [folder]``: check every SVG in ``folder`` (default: figures/)."""
    import sys

    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else paths.figures_dir()
    svgs = sorted(folder.glob("*.svg"))
    found = []
    for svg in svgs:
        try:
            found += check_svg(svg)
        except ValueError as e:
            found.append(str(e))
    for line in found:
        print(line)
    print(f"{len(svgs)} figure(s) checked in {folder}: {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    raise SystemExit(main())
