"""Time analysis.save_figure per figure: before (issue 12), now, and two floors, in one run.

Run: .venv/bin/python benchmarks/save_figure.py [repeats] [--quick] [--max-ratio R]

``--quick`` (run by tests/test_benchmarks.py): one run of the two lightest charts (``QUICK``: a single axes and a
polar one, both with the constrained layout the comparison is about). Exit code 1 when the expectation
fails: every way writes a non-empty SVG and PNG, and ``now`` costs at most --max-ratio (default 1.5 with
--quick) times ``before`` in total (issue 12 made it cheaper; measured in CPU time).

For six charts of the notebooks, drawn from the committed data/ (a fresh figure for every
measurement; building the figure is not timed), the median CPU seconds of writing SVG + PNG:

- ``before``: the save_figure of issue 12 (source footer, then ``savefig`` SVG and PNG; the
  constrained layout runs again inside each ``savefig``), kept below for the comparison;
- ``now``: :func:`analysis.outputs.style.save_figure` (layout once, one draw per format, plus the
  layout record the figure test reads);
- ``bare``: a bare ``fig.savefig`` to SVG and to PNG of the same figure (what a matplotlib
  user would write; the layout runs in each);
- ``floor``: one draw per format and nothing else (layout done once, then two ``savefig``; the PNG encoded
  as save_figure encodes it, ``style.PNG_PIL``).

``now`` can come in under ``floor``: save_figure measures each text once per renderer
(``style._text_layouts_memoised``) where a plain ``savefig`` measures it about ten times (now/floor 0.86 over
the six charts on the 2-core machine, the files byte-identical).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import analysis  # noqa: E402
from analysis.analyses import compare, overview, trends  # noqa: E402
from analysis.outputs import style  # noqa: E402
from analysis.outputs.charts import compare as compare_charts  # noqa: E402
from analysis.outputs.charts import overview as overview_charts  # noqa: E402
from analysis.outputs.charts import trends as trend_charts  # noqa: E402

SOURCE = "VCCI PCI workbooks PCI_2013.xlsx–PCI_2018.xlsx; Quyết định 688/QĐ-UBND (Lai Châu), Phụ lục 03"
FOCUS = ["Lai Châu", "Điện Biên", "Hà Tĩnh", "Quảng Ninh"]
# --quick: the two cheapest charts (about 0.4 s a way each, against 1.1-1.8 s for the small multiples); the
# four ways are still measured on the same figures in the same run, so now/before keeps its meaning
QUICK = ("00_composite", "02_radar")


def save_before(fig, name: str, source: str, directory: Path) -> None:
    """save_figure as it was before issue 12 (commit cc1c7e1), minus nothing that costs time."""
    for t in list(fig.texts):
        if t.get_gid() == style._FOOTER_GID:
            t.remove()
    width_in, height_in = fig.get_size_inches()
    lines = textwrap.wrap(
        style.SOURCE_PREFIX + " ".join(source.split()), width=max(40, int(width_in * 72 / (style.FOOTER_PT * 0.56)))
    )
    footer_h = (len(lines) * style.FOOTER_PT * 1.35 + 6) / 72 / height_in
    style._make_room_for_footer(fig, footer_h + 0.01)
    fig.text(
        0.01,
        0.006,
        "\n".join(lines),
        ha="left",
        va="bottom",
        fontsize=style.FOOTER_PT,
        color="#555555",
        gid=style._FOOTER_GID,
        linespacing=1.2,
    )
    with matplotlib.rc_context({"svg.hashsalt": "pci-analysis", "svg.fonttype": "path"}):
        svg = directory / f"{name}.svg"
        fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
        svg.write_text(style._stable_clip_ids(svg.read_text(encoding="utf-8")), encoding="utf-8")
        fig.savefig(directory / f"{name}.png", format="png", dpi=style.PNG_DPI, metadata={"Software": None})


def save_now(fig, name: str, source: str, directory: Path) -> None:
    style.save_figure(fig, name, source=source, directory=directory)


def save_bare(fig, name: str, source: str, directory: Path) -> None:
    fig.savefig(directory / f"{name}.svg", format="svg")
    fig.savefig(directory / f"{name}.png", format="png", dpi=style.PNG_DPI)


def save_floor(fig, name: str, source: str, directory: Path) -> None:
    engine = fig.get_layout_engine()
    engine.execute(fig)
    fig.set_layout_engine(None)
    fig.savefig(directory / f"{name}.svg", format="svg")
    fig.savefig(directory / f"{name}.png", format="png", dpi=style.PNG_DPI, pil_kwargs=style.PNG_PIL)


def charts(panel):
    series = trends.subindex_series(panel, "Lai Châu", 2013, int(panel["year"].max()))
    comp = overview.composite_series(panel, "Lai Châu")
    comp = comp[comp["year"] >= comp["year"].max() - 4]
    xs = compare.cross_section(panel, compare.latest_full_year(panel))
    return {
        "00_composite": lambda: overview_charts.composite_score_and_rank(comp, "Lai Châu"),
        "01_small_multiples": lambda: trend_charts.subindex_small_multiples(series, "Lai Châu"),
        "01_rank_heatmap": lambda: trend_charts.rank_heatmap(series, "Lai Châu"),
        "02_ranked": lambda: compare_charts.ranked_dots(xs, FOCUS),
        "02_radar": lambda: compare_charts.subindex_radar(xs, FOCUS),
        "02_region_boxes": lambda: compare_charts.region_boxes(panel, compare.full_years(panel), FOCUS),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("repeats", nargs="?", type=int, default=3)
    ap.add_argument("--quick", action="store_true", help="one run of the two charts of QUICK; checked")
    ap.add_argument("--max-ratio", type=float, default=None, help="fail when now/before is above this")
    args = ap.parse_args(argv)
    repeats = 1 if args.quick else args.repeats
    max_ratio = args.max_ratio if args.max_ratio is not None else (1.5 if args.quick else None)
    import matplotlib.pyplot as plt

    panel = analysis.load_pci()
    ways = {"before": save_before, "now": save_now, "bare": save_bare, "floor": save_floor}
    totals = dict.fromkeys(ways, 0.0)
    print(
        f"median CPU seconds of {repeats} runs per figure (SVG + PNG at {style.PNG_DPI} dpi; CPU time, as the "
        "machine may be shared)"
    )
    print(f"{'figure':<20}" + "".join(f"{w:>9}" for w in ways) + f"{'now/before':>12}{'now/floor':>11}")
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        failures = []
        selected = [(k, f) for k, f in charts(panel).items() if k in QUICK] if args.quick else charts(panel).items()
        for name, build in selected:
            med = {}
            for way, save in ways.items():
                times = []
                for _ in range(repeats):
                    fig = build()
                    t0 = time.process_time()
                    save(fig, name, SOURCE, out)
                    times.append(time.process_time() - t0)
                    plt.close(fig)
                    for ext in ("svg", "png"):
                        f = out / f"{name}.{ext}"
                        if not f.exists() or f.stat().st_size == 0:
                            failures.append(f"{way}: {f.name} not written")
                        f.unlink(missing_ok=True)
                med[way] = statistics.median(times)
                totals[way] += med[way]
            print(
                f"{name:<20}"
                + "".join(f"{med[w]:9.2f}" for w in ways)
                + f"{med['now'] / med['before']:12.2f}{med['now'] / med['floor']:11.2f}"
            )
    print(
        f"{'total':<20}"
        + "".join(f"{totals[w]:9.2f}" for w in ways)
        + f"{totals['now'] / totals['before']:12.2f}{totals['now'] / totals['floor']:11.2f}"
    )
    if max_ratio is not None and totals["now"] > max_ratio * totals["before"]:
        failures.append(f"now/before = {totals['now'] / totals['before']:.2f}, above {max_ratio:g}")
    for f in dict.fromkeys(failures):
        print(f"EXPECTATION FAILED: {f}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
