"""Every notebook runs top to bottom in a fresh kernel (and the sub-index notebook for a second province).

Each run is built once per test run (run_cache.built_once, shared by the xdist workers): the language
test (test_language.py) reads the same pages and figures instead of running the kernels again.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.core import paths
from analysis.outputs import figcheck, report
from run_cache import built_once

pytestmark = pytest.mark.notebook

NOTEBOOKS = report.notebook_sources()
# A second run of each notebook: English for most (the language test reads every page of a vi and an en
# run), bilingual for 04 (charts of a bilingual run are drawn in Vietnamese, like the default run's; the
# prose of both languages is unit-tested in test_narrative / test_overview / test_reachability_run).
EXTRA_RUNS = [
    ("00_data_overview", {"lang": "en"}),
    ("01_subindex_trends", {"province": "Điện Biên", "lang": "en"}),
    ("02_compare_provinces", {"map": "34", "lang": "en"}),
    # another province, not more precision: 500 draws, as the brief's test (test_brief.DRAWS)
    ("03_target_reachability", {"province": "Điện Biên", "draws": 500, "lang": "en"}),
    ("04_admin_reform", {"province": "Hà Tĩnh", "lang": "both"}),
    ("05_explorer", {"lang": "en"}),
]


def _run_id(name: str, params: dict | None) -> str:
    return name + "".join(f"-{k}-{v}" for k, v in (params or {}).items()).replace(" ", "_")


_DONE: dict[str, dict] = {}  # without xdist built_once builds again on every call: remember this process's runs


def run_once(name: str, params: dict | None = None):
    """(folder of the run's page, its figures folder, ok, error) of ``name`` run once per test run."""
    key = _run_id(name, params)
    if key in _DONE:
        return _DONE[key]

    def build(folder: Path) -> None:
        with pytest.MonkeyPatch.context() as mp:
            mp.setenv("PCI_FIGURES_DIR", str(folder / "figures"))
            mp.setenv("PCI_REPORTS_DIR", str(folder / "reports"))
            source = paths.notebooks_dir() / f"{name}.py"
            res = report.run_notebook(source, params)
            dirs = report.run_dirs(source, params)
            folder.mkdir(parents=True, exist_ok=True)
            (folder / "result.json").write_text(
                json.dumps(
                    {
                        "ok": res.ok,
                        "error": res.error,
                        "html": str(res.html) if res.html else "",
                        "pages": str(dirs.reports),
                        "figures": str(dirs.figures),
                    }
                ),
                encoding="utf-8",
            )

    folder = built_once("nb-" + key, build)
    _DONE[key] = json.loads((folder / "result.json").read_text(encoding="utf-8"))
    return _DONE[key]


@pytest.mark.parametrize("source", NOTEBOOKS, ids=[s.stem for s in NOTEBOOKS])
def test_notebook_runs(source):
    res = run_once(source.stem)
    assert res["ok"], f"{source.name} failed: {res['error']}"
    html = Path(res["html"])
    assert html.exists()
    figures = Path(res["figures"])
    _figures_keep_labels_on_the_canvas(figures)
    # each saved figure is on the page once, as the saved PNG (no second rendering by the inline backend);
    # 05, the explorer, saves its charts under reports/explorer/ and shows them through its widgets
    saved = sorted(figures.glob(f"{source.stem[:2]}_*.png"))
    if source.stem != "05_explorer":
        assert saved and html.read_text(encoding="utf-8").count('class="jp-RenderedImage') == len(saved), saved
    else:  # the current selection's chart once (the saved PNG), not a second time as the live figure
        assert html.read_text(encoding="utf-8").count('class="jp-RenderedImage') == 1


@pytest.mark.parametrize("name,params", EXTRA_RUNS, ids=[f"{n}-{list(p.values())[-1]}" for n, p in EXTRA_RUNS])
def test_notebook_runs_with_parameters(name, params):
    source = paths.notebooks_dir() / f"{name}.py"
    assert source.exists(), f"{source.name} is missing"
    res = run_once(name, params)
    assert res["ok"], f"{source.name} with {params} failed: {res['error']}"
    figures = Path(res["figures"])
    if name != "05_explorer":
        assert sorted(figures.glob("*.svg")), f"the {params} run saved no figure in {figures}"
    _figures_keep_labels_on_the_canvas(figures)


def _figures_keep_labels_on_the_canvas(folder):
    """Every figure the run saved (the run's own figures folder): legends and labels on the
    canvas, no two labels overlapping, read from the saved SVG (analysis.outputs.figcheck)."""
    svgs = sorted(folder.glob("*.svg"))
    problems = [p for svg in svgs for p in figcheck.check_svg(svg)]
    assert problems == [], "\n".join(problems)
