"""One house style and one way out for every chart: :func:`save_figure`.

``save_figure(fig, name, source=...)`` adds a one-line source footer, then writes
``figures/<name>.svg`` and ``figures/<name>.png`` at the figure's fixed size (no tight
bounding box, so every chart of a given size has the same pixel dimensions), with no
timestamps or version strings in the files, so reruns produce identical bytes.

The layout is computed once and each format drawn once, each text's layout measured once per
renderer (:func:`_text_layouts_memoised`). While the SVG is drawn, the box of
every text and legend is recorded into the SVG (:mod:`analysis.outputs.figcheck`); a label or legend
off the canvas, or two labels over each other, raise a :class:`FigureLayoutWarning` and fail
the figure tests.
"""

from __future__ import annotations

import io
import os
import re
import textwrap
import time
import warnings
import weakref
from contextlib import contextmanager
from pathlib import Path

import matplotlib
import matplotlib.pyplot as plt
from matplotlib.axis import Axis
from matplotlib.figure import Figure
from matplotlib.layout_engine import ConstrainedLayoutEngine
from matplotlib.text import Text
from matplotlib.ticker import Formatter, FuncFormatter, MaxNLocator
from matplotlib.transforms import Bbox

from analysis.core import paths
from analysis.core.prose import format_decimal, localise_digits
from analysis.data.provenance import source_text
from analysis.outputs import figcheck

STYLE_PATH = Path(__file__).with_name("pci.mplstyle")
SIZES = {
    "full": (8.0, 5.0),
    "wide": (10.0, 5.0),
    "tall": (8.0, 9.0),
    "square": (7.0, 7.0),
    "grid": (11.0, 8.5),
    "ranked": (10.0, 14.0),
}  # ranked: one row per province (63), names readable at page width
PNG_DPI = 200
# zlib level 1: the same pixels, about 10% more bytes, a quarter less time per PNG (0.20 -> 0.15 s for a
# 2000 x 1000 chart, measured on the 2-core machine); deterministic like any level, so reruns stay byte-identical
PNG_PIL = {"compress_level": 1}
SOURCE_PREFIX = "Nguồn/Source: "  # a figure whose language is not known
SOURCE_PREFIXES = {"vi": "Nguồn: ", "en": "Source: ", "both": "Nguồn: "}  # a bilingual run draws Vietnamese figures
_FOOTER_GID = "pci-source-footer"
FOOTER_PT = 7
_NAME_OK = re.compile(r"^[A-Za-z0-9_.-]+$")
TIMING_ENV = "PCI_FIGURE_TIMES"  # a folder: each save_figure appends "<name>\t<CPU seconds>" to <pid>.tsv there


class FigureLayoutWarning(UserWarning):
    """A saved figure has a label or legend off the canvas, or two labels over each other."""


def use_house_style() -> None:
    """Apply ``pci.mplstyle`` to every later chart."""
    plt.style.use(STYLE_PATH)


def new_figure(size: str = "full", lang: str | None = None, **kwargs) -> Figure:
    """A figure of one of the house sizes (``SIZES``) with room for the source footer; ``lang`` (the
    figure's language) is what :func:`save_figure` writes its numbers and source line in."""
    use_house_style()
    fig = plt.figure(figsize=SIZES[size], **kwargs)
    fig.set_layout_engine("constrained")
    if lang is not None:
        set_figure_language(fig, lang)
    return fig


def subplots(nrows: int = 1, ncols: int = 1, size: str = "full", lang: str | None = None, **kwargs):
    """``plt.subplots`` at a house size, with room kept for the source footer (``lang``: see :func:`new_figure`)."""
    fig = new_figure(size, lang)
    axes = fig.subplots(nrows, ncols, **kwargs)
    return fig, axes


def set_figure_language(fig: Figure, lang: str) -> Figure:
    """Say which language ``fig`` is drawn in ("vi", "en"; "both" draws Vietnamese)."""
    fig._pci_lang = "vi" if lang == "both" else lang
    return fig


def figure_language(fig: Figure) -> str | None:
    return getattr(fig, "_pci_lang", None)


def number_formatter(lang: str, decimals: int | None = None, suffix: str = "") -> FuncFormatter:
    """Tick labels in the number format of ``lang`` (Vietnamese: "66,5", "4.000"): ``decimals`` fixed, or
    as few as the value needs (at most 2) when None."""

    def fmt(v, _pos=None) -> str:
        d = decimals
        if d is None:
            d = next((k for k in range(3) if abs(round(v, k) - v) < 1e-9), 2)
        return format_decimal(v, d, lang) + suffix

    return FuncFormatter(fmt)


class LocalisedFormatter(Formatter):
    """Any tick formatter, its output in the number format of ``lang`` (the marks between digits swapped
    for Vietnamese): what :func:`save_figure` puts on the axes of a Vietnamese figure."""

    def __init__(self, inner: Formatter, lang: str):
        self.inner, self.lang = inner, lang

    def set_axis(self, axis) -> None:
        super().set_axis(axis)
        self.inner.set_axis(axis)

    def set_locs(self, locs) -> None:
        self.inner.set_locs(locs)

    def __call__(self, x, pos=None) -> str:
        return localise_digits(self.inner(x, pos), self.lang)

    def format_ticks(self, values) -> list[str]:
        return [localise_digits(s, self.lang) for s in self.inner.format_ticks(values)]

    def get_offset(self) -> str:
        return localise_digits(self.inner.get_offset(), self.lang)

    def format_data_short(self, value) -> str:
        return localise_digits(self.inner.format_data_short(value), self.lang)


def localise_numbers(fig: Figure, lang: str) -> None:
    """Write every number ``fig`` shows (tick labels, annotations, labels, legends) the way ``lang`` does.

    Chart code formats numbers the Python way ("66.48", "4,000"); for a Vietnamese figure the marks
    between digits swap ("66,48", "4.000"). Each text and axis is converted once (saving twice is safe).
    """
    if lang == "en":
        return
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            for get, put in (
                (axis.get_major_formatter, axis.set_major_formatter),
                (axis.get_minor_formatter, axis.set_minor_formatter),
            ):
                f = get()
                if not isinstance(f, LocalisedFormatter):
                    put(LocalisedFormatter(f, lang))
    for t in _texts(fig):
        if t.get_gid() == _FOOTER_GID or getattr(t, "_pci_localised", False):
            continue
        txt = t.get_text()
        if txt:
            t.set_text(localise_digits(txt, lang))
        t._pci_localised = True


def _texts(artist) -> list[Text]:
    """Every text under ``artist`` (as ``artist.findobj(Text)``) except the tick labels.

    A tick label gets its text from the axis's formatter each time it is drawn, and every formatter is a
    :class:`LocalisedFormatter` by then; walking the ticks (``Axis.get_children``) would make matplotlib
    locate and build every tick of every axis, ~0.05 s of a ten-panel figure, for texts that are overwritten.
    """
    if isinstance(artist, Axis):  # its label and offset text; not its ticks
        return [artist.label, artist.offsetText]
    found = [t for child in artist.get_children() for t in _texts(child)]
    if isinstance(artist, Text):
        found.append(artist)
    return found


def integer_years(axis: Axis) -> None:
    """Show whole years only ('2016', never '2016.5' or '2,016')."""
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(FuncFormatter(lambda v, _pos: f"{int(round(v))}"))


# id="p..." or url(#p...): a literal start lets the search skip through a large SVG (2 ms, not 16, for 430 kB)
_CLIP_ID = re.compile(r'id="(p[0-9a-f]{10})"|url\(#(p[0-9a-f]{10})\)')


def _stable_clip_ids(svg_text: str) -> str:
    """Rename matplotlib's clip-path ids (``p`` + 10 hex digits) in order of first appearance.

    matplotlib derives them from a hash that, for some clip paths (shared axes, images),
    includes state that differs between processes, so the same chart would not be
    byte-identical across runs; sequential names are.
    """
    names: dict[str, str] = {}

    def rename(m: re.Match) -> str:
        new = names.setdefault(m.group(1) or m.group(2), f"clip{len(names) + 1:04d}")
        return f'id="{new}"' if m.group(1) else f"url(#{new})"

    return _CLIP_ID.sub(rename, svg_text)


def _make_room_for_footer(fig: Figure, room: float) -> None:
    """Reserve ``room`` (figure fraction) at the bottom, below whatever the chart reserved.

    A chart may keep its own strip at the bottom for a figure legend (its layout ``rect``
    starts above 0, the legend is anchored in figure coordinates): the strip and that legend
    move up by ``room``. Saving twice does not add the room twice.
    """
    added = getattr(fig, "_pci_footer_room", 0.0)
    delta = room - added
    engine = fig.get_layout_engine()
    if engine is None or isinstance(engine, ConstrainedLayoutEngine):
        left, bottom, width, height = engine.get().get("rect", (0, 0, 1, 1)) if engine else (0, 0, 1, 1)
        chart_bottom = bottom - added
        top = bottom + height
        new_bottom = chart_bottom + room  # rect is (left, bottom, width, height)
        fig.set_layout_engine("constrained", rect=(left, new_bottom, width, top - new_bottom))
        for leg in fig.legends:  # figure legends in the chart's own bottom strip move up with it
            if getattr(leg, "_outside_loc", None):  # loc="outside ...": placed by the layout engine itself
                continue
            box = leg.get_bbox_to_anchor().transformed(fig.transFigure.inverted())
            if box.y0 <= chart_bottom + added + 0.005:
                leg.set_bbox_to_anchor((box.x0, box.y0 + delta, box.width, box.height), transform=fig.transFigure)
    else:  # a tight or custom layout: make room by hand
        fig.subplots_adjust(bottom=max(fig.subplotpars.bottom, room + 0.07))
    fig._pci_footer_room = room


@contextmanager
def _text_layouts_memoised():
    """Within the block, a text's layout (``Text._get_layout``: its box and line positions around its anchor) is
    computed once per renderer and text properties, not at every call.

    matplotlib recomputes it each time a text is measured or drawn: the layout's two passes, every axis measuring
    its tick labels again for its label, each title checking the axes below it, the draw itself and the layout
    record, about ten times per text and renderer for the same answer (a tenth of a save's CPU time). The result
    depends only on what the key holds (the text, its font, the figure's dpi, line spacing, alignment, rotation,
    math parsing) and the renderer; wrapped and TeX texts are not memoised. The block restores matplotlib's own
    method and drops the memo, so nothing outlives one :func:`save_figure`; the files are byte-identical
    (tests/test_style.py compares a save with the memo against one without).
    """
    original = Text._get_layout
    memo: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()

    def get_layout(text: Text, renderer):
        if text.get_wrap() or text.get_usetex():
            return original(text, renderer)
        key = (
            text.get_text(),
            text._fontproperties.copy(),  # a copy: FontProperties is mutable and hashes its current state
            text.get_figure(root=True).dpi,
            text._linespacing,
            text._parse_math,
            text._get_multialignment(),
            text.get_rotation(),
            text._horizontalalignment,
            text._verticalalignment,
            text.get_rotation_mode(),
        )
        per_renderer = memo.get(renderer)
        if per_renderer is None:
            per_renderer = memo[renderer] = {}
        found = per_renderer.get(key)
        if found is None:
            found = per_renderer[key] = original(text, renderer)
        bbox, lines, box = found
        return Bbox(bbox.get_points().copy()), list(lines), box  # fresh mutable parts, as matplotlib returns

    if original.__name__ != "_get_layout":  # already inside such a block: keep the outer one
        yield
        return
    Text._get_layout = get_layout
    try:
        yield
    finally:
        Text._get_layout = original


class SavedFigure(dict):
    """``{"svg": path, "png": path}``; shows nothing when it ends a notebook cell (no stray repr:
    :func:`save_figure` has already shown the saved PNG)."""

    def _ipython_display_(self) -> None:
        pass


DISPLAY_DPI = 100  # the width a notebook shows a saved figure at (the PNG itself is PNG_DPI)


def _show_in_notebook(fig: Figure, png: Path) -> bool:
    """In a Jupyter kernel: show the saved PNG where the figure was saved, and close the figure.

    Left open, the inline backend would draw the figure a third (and, for its tight bounding
    box, a fourth) time at the end of the cell; the page shows the very file a reader pastes
    into a report, source line included. Outside a kernel (scripts, the brief, tests): nothing.
    """
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with jupyterlab
        return False
    shell = get_ipython()
    if shell is None or not hasattr(shell, "kernel"):
        return False
    from IPython.display import Image, display

    display(Image(filename=str(png), width=int(round(fig.get_size_inches()[0] * DISPLAY_DPI))))
    plt.close(fig)
    return True


def save_figure(
    fig: Figure,
    name: str,
    source: str,
    *,
    directory: Path | None = None,
    size: str | None = None,
    with_png: bool = True,
    lang: str | None = None,
) -> dict[str, Path]:
    """Add the source footer and write ``<name>.svg`` and ``<name>.png``; return their paths.

    ``lang``: the figure's language (default: the one it was made with, :func:`new_figure`): the source
    line says "Nguồn:" or "Source:", and a Vietnamese figure writes its numbers with a decimal comma
    (:func:`localise_numbers`). A figure of unknown language keeps "Nguồn/Source:" and Python's numbers.

    ``source`` names where the numbers come from, e.g.
    ``"VCCI PCI 2018 (PCI_2018.xlsx); Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03"``.
    ``with_png=False`` writes the SVG only (with its layout record): for checks of the layout alone.
    """
    if not source or not source.strip():
        raise ValueError("save_figure needs a source: where do the numbers come from?")
    started = time.process_time()
    if not _NAME_OK.match(name):
        raise ValueError(f"figure name {name!r}: use letters, digits, '-', '_' and '.' only")
    if size is not None:
        fig.set_size_inches(*SIZES[size])
    for t in list(fig.texts):
        if t.get_gid() == _FOOTER_GID:
            t.remove()
    if lang is not None:
        set_figure_language(fig, lang)
    lang = figure_language(fig)
    if lang is not None:
        localise_numbers(fig, lang)
    width_in, height_in = fig.get_size_inches()
    prefix = SOURCE_PREFIXES.get(lang, SOURCE_PREFIX)
    if lang is not None:
        source = source_text(source, lang)
    lines = textwrap.wrap(prefix + " ".join(source.split()), width=max(40, int(width_in * 72 / (FOOTER_PT * 0.56))))
    footer_h = (len(lines) * FOOTER_PT * 1.35 + 6) / 72 / height_in  # fraction of the figure height
    _make_room_for_footer(fig, footer_h + 0.01)
    fig.text(
        0.01,
        0.006,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=FOOTER_PT,
        color="#555555",
        gid=_FOOTER_GID,
        linespacing=1.2,
    )

    out = Path(directory) if directory is not None else paths.figures_dir()
    out.mkdir(parents=True, exist_ok=True)
    want_png = with_png
    svg, png = out / f"{name}.svg", out / f"{name}.png"
    boxes: list = []

    def record(event) -> None:  # the texts and legends the SVG renderer draws, in SVG points
        boxes[:] = figcheck.collect(fig, event.renderer)

    engine = fig.get_layout_engine()
    with matplotlib.rc_context({"svg.hashsalt": "pci-analysis", "svg.fonttype": "path"}), _text_layouts_memoised():
        if engine is not None:  # lay out once; both formats are then drawn with the layout fixed
            dpi = fig.dpi  # measured with the PNG's text metrics (at screen dpi, hinted text is narrower
            fig.set_dpi(PNG_DPI)  # and a long tick label can end up a point past the edge)
            engine.execute(fig)  # (with no engine at all, savefig skips its extra layout-only draw)
            fig.set_dpi(dpi)
            fig.set_layout_engine(None)
        cid = fig.canvas.mpl_connect("draw_event", record)
        try:
            drawn = io.StringIO()  # written once, below, with its clip ids renamed and the layout record added
            fig.savefig(drawn, format="svg", metadata={"Date": None, "Creator": None})
            fig.canvas.mpl_disconnect(cid)
            if want_png:
                fig.savefig(png, format="png", dpi=PNG_DPI, metadata={"Software": None}, pil_kwargs=PNG_PIL)
        finally:
            fig.canvas.mpl_disconnect(cid)
            if engine is not None:
                fig.set_layout_engine(engine)
    width_pt, height_pt = width_in * 72, height_in * 72
    text = _stable_clip_ids(drawn.getvalue())
    cut = text.rindex("</svg>")
    svg.write_text(text[:cut] + figcheck.svg_record(boxes, width_pt, height_pt) + "\n" + text[cut:], encoding="utf-8")
    found = figcheck.problems(boxes, width_pt, height_pt)
    if found:
        warnings.warn(f"figure {name}: " + "; ".join(found), FigureLayoutWarning, stacklevel=2)
    if want_png:
        _show_in_notebook(fig, png)
    if os.environ.get(TIMING_ENV):  # benchmarks/report.py: how much of the report is drawing figures
        log = Path(os.environ[TIMING_ENV]) / f"{os.getpid()}.tsv"
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"{name}\t{time.process_time() - started:.4f}\n")
    return SavedFigure(svg=svg, png=png) if want_png else SavedFigure(svg=svg)
