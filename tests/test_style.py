"""The house style: source footer, fixed size, byte-stable files, Vietnamese text, integer years."""

from __future__ import annotations

import subprocess
import sys

import matplotlib
import pytest
from PIL import Image

from analysis.outputs.style import PNG_DPI, SIZES, integer_years, save_figure, subplots

SCRIPT = """
import sys
from analysis.outputs.style import subplots, save_figure, integer_years
fig, ax = subplots()
ax.plot([2016, 2017, 2018], [53.46, 58.82, 58.33])
ax.set_title("Lai Châu — Chỉ số PCI / PCI composite")
integer_years(ax.xaxis)
save_figure(fig, "stable", source="Quyết định 688/QĐ-UBND, Phụ lục 03", directory=sys.argv[1])
# shared axes + image + patches: matplotlib's own clip-path ids are not stable for these
from analysis.outputs.style import new_figure
import matplotlib.patches as mpatches
fig = new_figure("tall")
gs = fig.add_gridspec(1, 2, width_ratios=[1, 10])
a0 = fig.add_subplot(gs[0]); a1 = fig.add_subplot(gs[1], sharey=a0)
a1.imshow([[0.1, 0.5], [0.9, 0.3]], aspect="auto")
a0.imshow([[0], [1]], aspect="auto")
a1.add_patch(mpatches.Rectangle((-0.5, 0.5), 2, 1, fill=False))
a1.axvline(0.5, ls="--")
fig.legend(handles=[mpatches.Patch(label="Đồng bằng sông Hồng")], loc="lower center", bbox_to_anchor=(0.5, 0.03))
fig.get_layout_engine().set(rect=(0, 0.08, 1, 0.92))
save_figure(fig, "stable_heatmap", source="VCCI PCI 2018 (PCI_2018.xlsx)", directory=sys.argv[1])
"""


def test_reruns_write_byte_identical_svg_and_png(tmp_path):
    outs = []
    for run in ("a", "b"):
        d = tmp_path / run
        subprocess.run([sys.executable, "-c", SCRIPT, str(d)], check=True)
        outs.append(
            {
                f"{n}.{ext}": (d / f"{n}.{ext}").read_bytes()
                for n in ("stable", "stable_heatmap")
                for ext in ("svg", "png")
            }
        )
    assert outs[0] == outs[1]
    assert b"<dc:date>" not in outs[0]["stable.svg"]


def test_png_has_the_fixed_house_size(tmp_path):
    fig, ax = subplots(size="wide")
    ax.plot([1, 2], [1, 2])
    paths = save_figure(fig, "wide", source="test", directory=tmp_path)
    w, h = SIZES["wide"]
    assert Image.open(paths["png"]).size == (int(w * PNG_DPI), int(h * PNG_DPI))


def test_source_footer_is_added_once_even_when_saved_twice(tmp_path):
    fig, ax = subplots()
    save_figure(fig, "x", source="VCCI PCI 2018", directory=tmp_path)
    save_figure(fig, "x", source="VCCI PCI 2018", directory=tmp_path)
    footers = [t.get_text() for t in fig.texts]
    assert footers == ["Nguồn/Source: VCCI PCI 2018"]


def test_a_figure_without_a_source_is_refused(tmp_path):
    fig, _ = subplots()
    with pytest.raises(ValueError, match="source"):
        save_figure(fig, "x", source=" ", directory=tmp_path)


def test_vietnamese_diacritics_render_with_a_font_that_has_them(tmp_path, recwarn):
    fig, ax = subplots()
    ax.set_title("Điện Biên, Hà Tĩnh, Quảng Ninh, Lai Châu: Đào tạo lao động, Thiết chế pháp lý")
    save_figure(fig, "vi", source="Quyết định 688/QĐ-UBND", directory=tmp_path)
    missing = [w for w in recwarn if "missing from font" in str(w.message) or "Glyph" in str(w.message)]
    assert missing == []
    font = matplotlib.font_manager.findfont(matplotlib.rcParams["font.sans-serif"][0], fallback_to_default=False)
    from matplotlib.ft2font import FT2Font

    ft = FT2Font(font)
    chars = set(ord(c) for c in "Đđâêôơưăàảãáạằẳẵắặầẩẫấậềểễếệìỉĩíịòỏõóọồổỗốộờởỡớợùủũúụừửữứựỳỷỹýỵ")
    assert chars <= set(ft.get_charmap())


def test_year_axis_shows_whole_years_only():
    fig, ax = subplots()
    ax.plot([2016, 2017, 2018, 2019, 2020], [1, 2, 3, 4, 5])
    integer_years(ax.xaxis)
    fig.canvas.draw()
    labels = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert labels and all(lbl.isdigit() and len(lbl) == 4 for lbl in labels)


def test_a_figure_legend_in_the_charts_bottom_strip_stays_clear_of_the_plot_and_the_footer(tmp_path):
    fig, ax = subplots(size="tall")
    for name in ("Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"):
        ax.plot([2016, 2017], [1, 2], label=name)
    ax.xaxis.tick_top()  # as in the heatmaps: nothing below the plot but the legend
    fig.legend(loc="lower center", bbox_to_anchor=(0.5, 0.03), ncol=2)  # two rows
    fig.get_layout_engine().set(rect=(0, 0.1, 1, 0.9))  # the chart keeps its bottom 10% for the legend
    for _ in range(2):  # saving twice must not move things twice
        save_figure(fig, "legend", source="VCCI PCI 2018 (PCI_2018.xlsx)", directory=tmp_path)
    fig.canvas.draw()
    inv = fig.transFigure.inverted()
    legend_box = fig.legends[0].get_window_extent().transformed(inv)
    axes_box = ax.get_window_extent().transformed(inv)
    footer_box = [t for t in fig.texts if t.get_text().startswith("Nguồn")][0].get_window_extent().transformed(inv)
    assert legend_box.y1 <= axes_box.y0 + 1e-3, "legend overlaps the plot"
    assert footer_box.y1 <= legend_box.y0 + 1e-3, "footer overlaps the legend"


def test_clip_path_ids_are_renamed_consistently_and_image_data_is_untouched():
    from analysis.outputs.style import _stable_clip_ids

    svg = (
        '<clipPath id="p0123456789"/><g clip-path="url(#p0123456789)"/>'
        '<g clip-path="url(#pabcdefabcd)"/><image xlink:href="data:image/png;base64,AA/p0123456789+B"/>'
        '<clipPath id="pabcdefabcd"/>'
    )
    out = _stable_clip_ids(svg)
    assert out == (
        '<clipPath id="clip0001"/><g clip-path="url(#clip0001)"/>'
        '<g clip-path="url(#clip0002)"/><image xlink:href="data:image/png;base64,AA/p0123456789+B"/>'
        '<clipPath id="clip0002"/>'
    )


def _texts_of_every_kind(lang: str):
    """A figure with a title, an axis label, tick labels from a default and a fixed formatter, an annotation,
    a legend with a title and a figure title, each holding a number written the Python way."""
    fig, (ax, bx) = subplots(1, 2, lang=lang)
    ax.plot([0.0, 1.0], [0.0, 0.5], label="0.5–0.8 (4,000 firms)")
    ax.set_title("Điểm 66.48")
    ax.set_xlabel("Score (0.25)")
    ax.annotate("1,234.5", (0.5, 0.25))
    ax.legend(title="n = 1,200")
    bx.plot([1.0, 2.0], [1.0, 2.0])
    bx.set_xticks([1.0, 1.5, 2.0], ["1.0", "1.5", "2,000.5"])
    fig.suptitle("PCI 2023: 70.12")
    return fig


def test_a_vietnamese_figure_writes_every_number_it_shows_the_vietnamese_way(tmp_path):
    """Titles, labels, annotations, the legend and its title, tick labels (the default formatter's and set
    ones): decimal comma, a point between thousands; an English figure keeps them as written."""
    from analysis.outputs import figcheck

    texts = {}
    for lang in ("vi", "en"):
        out = save_figure(_texts_of_every_kind(lang), f"numbers_{lang}", source="test", directory=tmp_path)
        texts[lang] = {box.label for box in figcheck.read_svg(out["svg"])[0]}
    assert {
        "Điểm 66,48",
        "Score (0,25)",
        "1.234,5",
        "0,5–0,8 (4.000 firms)",
        "n = 1.200",
        "PCI 2023: 70,12",
        "0,2",  # the default formatter's tick labels
        "1,5",
        "2.000,5",  # labels set on the axis
    } <= texts["vi"]
    assert {"Điểm 66.48", "1,234.5", "0.5–0.8 (4,000 firms)", "0.2", "2,000.5"} <= texts["en"]


def test_memoised_text_layouts_write_the_files_matplotlib_alone_writes(tmp_path, monkeypatch):
    """save_figure measures each text once per renderer (style._text_layouts_memoised): the files are
    byte for byte those of matplotlib's own measuring at every call, also for texts that differ only in
    rotation, alignment, line spacing, size, weight or math; and matplotlib's method is back afterwards."""
    import contextlib
    import warnings

    from matplotlib.text import Text

    from analysis.outputs import style

    def chart():
        fig, ax = subplots(size="tall", lang="vi")
        ax.plot([0, 1], [0, 10])
        variants = [
            {},
            {"rotation": 90},
            {"rotation": 30},
            {"rotation": 30, "rotation_mode": "anchor"},
            {"ha": "right"},
            {"va": "top"},
            {"va": "center"},
            {"linespacing": 2.0},
            {"fontsize": 14},
            {"fontweight": "bold"},
            {"multialignment": "right"},
        ]
        for i, kw in enumerate(variants):
            ax.text(0.5, i, "Lai Châu 66.48\nhạng 5", **kw)
        ax.annotate("$r^2 = 0.5$", (0.2, 5), xytext=(10, 10), textcoords="offset points", arrowprops={})
        ax.set_title("Điện Biên")
        return fig

    original = Text._get_layout
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", style.FigureLayoutWarning)  # the texts overlap on purpose
        memo = save_figure(chart(), "memo", source="test", directory=tmp_path / "memo")
        assert Text._get_layout is original
        monkeypatch.setattr(style, "_text_layouts_memoised", contextlib.nullcontext)
        plain = save_figure(chart(), "memo", source="test", directory=tmp_path / "plain")
    for ext in ("svg", "png"):
        assert memo[ext].read_bytes() == plain[ext].read_bytes(), ext


def test_a_memoised_text_layout_is_kept_per_dpi_and_math_parsing():
    """The same text measured at two dpi on one renderer, and the same string with and without math
    parsing, keep their own boxes in the memo (each as matplotlib alone measures it)."""
    from analysis.outputs import style

    fig, ax = subplots()
    texts = [ax.text(0.1, 0.1, "$r^2$ = 0.5", parse_math=False), ax.text(0.1, 0.1, "$r^2$ = 0.5")]
    renderer = fig.canvas.get_renderer()

    def boxes():
        return [t.get_window_extent(renderer, dpi=dpi).bounds for t in texts for dpi in (72, 200)]

    expected = boxes()
    assert len(set(expected)) == 4
    with style._text_layouts_memoised():
        assert boxes() == expected
        assert boxes() == expected  # from the memo


def test_the_benchmark_can_ask_how_long_each_figure_took(tmp_path, monkeypatch):
    """benchmarks/report.py sets PCI_FIGURE_TIMES: each save_figure appends its name and CPU seconds."""
    from analysis.outputs import style

    log = tmp_path / "times"
    log.mkdir()
    monkeypatch.setenv(style.TIMING_ENV, str(log))
    fig, ax = subplots()
    ax.plot([2013, 2014], [1.0, 2.0])
    save_figure(fig, "timed", source="test", directory=tmp_path)
    lines = [ln.split("\t") for f in log.glob("*.tsv") for ln in f.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 1 and lines[0][0] == "timed" and float(lines[0][1]) > 0


def test_a_layout_check_can_skip_the_png(tmp_path):
    """with_png=False: the SVG and its layout record only (the layout tests read nothing else)."""
    from analysis.outputs import figcheck

    fig, ax = subplots()
    ax.set_title("Lai Châu")
    out = save_figure(fig, "svg_only", source="test", directory=tmp_path, with_png=False)
    assert set(out) == {"svg"} and not (tmp_path / "svg_only.png").exists()
    assert figcheck.check_svg(out["svg"]) == []


def test_the_package_and_its_commands_start_without_pyplot():
    """`import analysis` (and `python -m analysis`'s entry module) leave matplotlib's pyplot unloaded:
    the commands that draw nothing (validate, import-*, backtest) start about 0.4 s sooner;
    `analysis.save_figure` still is the house `save_figure`, loaded on first use."""
    code = (
        "import sys, analysis.__main__; print('matplotlib.pyplot' in sys.modules); "
        "import analysis, analysis.outputs.style; print(analysis.save_figure is analysis.outputs.style.save_figure, "
        "analysis.use_house_style is analysis.outputs.style.use_house_style)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["False", "True", "True"], out
    import analysis

    assert {"save_figure", "use_house_style"} <= set(dir(analysis))
    with pytest.raises(AttributeError, match="no attribute 'not_a_name'"):
        import analysis

        analysis.not_a_name  # noqa: B018
