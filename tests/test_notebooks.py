"""Every notebook runs top to bottom in a fresh kernel (and the sub-index notebook for a second province)."""
from __future__ import annotations

import pytest

from analysis.outputs import figcheck, report
from analysis.core import paths

pytestmark = pytest.mark.notebook

NOTEBOOKS = report.notebook_sources()
# A bilingual run of each prose-heavy notebook rides on a second-province run (charts of a bilingual run
# are drawn in Vietnamese, like the default run's; the prose of both languages is unit-tested in
# test_narrative / test_overview / test_reachability_run).
EXTRA_RUNS = [
    ("01_subindex_trends", {"province": "Điện Biên", "lang": "both"}),
    # another province, not more precision: 500 draws, as the brief's test (test_brief.DRAWS)
    ("03_target_reachability", {"province": "Điện Biên", "draws": 500, "lang": "both"}),
    ("04_admin_reform", {"province": "Hà Tĩnh", "lang": "both"}),
]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[s.stem for s in NOTEBOOKS])
def test_notebook_runs(source):
    res = report.run_notebook(source)
    assert res.ok, f"{source.name} failed: {res.error}"
    assert res.html.exists()
    figures = report.run_dirs(source).figures
    _figures_keep_labels_on_the_canvas(figures)
    # each saved figure is on the page once, as the saved PNG (no second rendering by the inline backend);
    # 05, the explorer, saves its charts under reports/explorer/ and shows them through its widgets
    saved = sorted(figures.glob(f"{source.stem[:2]}_*.png"))
    if source.stem != "05_explorer":
        assert saved and res.html.read_text(encoding="utf-8").count('class="jp-RenderedImage') == len(saved), saved


@pytest.mark.parametrize("name,params", EXTRA_RUNS, ids=[f"{n}-{list(p.values())[0]}" for n, p in EXTRA_RUNS])
def test_notebook_runs_with_parameters(name, params):
    source = paths.notebooks_dir() / f"{name}.py"
    assert source.exists(), f"{source.name} is missing"
    res = report.run_notebook(source, params)
    assert res.ok, f"{source.name} with {params} failed: {res.error}"
    figures = report.run_dirs(source, params).figures
    assert sorted(figures.glob("*.svg")), f"the {params} run saved no figure in {figures}"
    _figures_keep_labels_on_the_canvas(figures)


def _figures_keep_labels_on_the_canvas(folder):
    """Every figure the run saved (the run's own figures folder): legends and labels on the
    canvas, no two labels overlapping, read from the saved SVG (analysis.outputs.figcheck)."""
    svgs = sorted(folder.glob("*.svg"))
    problems = [p for svg in svgs for p in figcheck.check_svg(svg)]
    assert problems == [], "\n".join(problems)
