"""The report runner: parameters, failure reporting, notebook pairs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jupytext
import nbformat
import pytest

from analysis.outputs import report

REPO = Path(__file__).resolve().parent.parent


def _nb(*sources, tags=None):
    nb = nbformat.v4.new_notebook()
    for i, s in enumerate(sources):
        cell = nbformat.v4.new_code_cell(s)
        if i == 0 and tags:
            cell.metadata["tags"] = tags
        nb.cells.append(cell)
    return nb


def test_parameters_are_injected_after_the_parameters_cell():
    nb = report.inject_parameters(
        _nb("province = 'Lai Châu'\nyear = None", "print(province)", tags=["parameters"]), {"province": "Điện Biên"}
    )
    assert nb.cells[1].source.endswith("province = 'Điện Biên'")
    assert nb.cells[1].metadata["tags"] == ["injected-parameters"]


def test_unknown_parameter_is_refused():
    with pytest.raises(report.NotebookFailed, match="unknown parameter"):
        report.inject_parameters(_nb("province = 'Lai Châu'", tags=["parameters"]), {"provnce": "x"})


def test_parse_param_reads_numbers_and_lists_but_keeps_names_as_text():
    assert report.parse_param("2018") == 2018
    assert report.parse_param("['Lai Châu', 'Điện Biên']") == ["Lai Châu", "Điện Biên"]
    assert report.parse_param("Điện Biên") == "Điện Biên"


def test_a_failing_notebook_names_the_failing_cell(tmp_path):
    src = tmp_path / "99_broken.py"
    jupytext.write(_nb("x = 1", "1 / 0"), src, fmt="py:percent")
    res = report.run_notebook(src, out_dir=tmp_path)
    assert not res.ok
    assert "cell 1" in res.error and "ZeroDivisionError" in res.error
    assert res.html.exists()


def test_every_notebook_has_a_parameters_cell_and_an_outputless_ipynb_in_step_with_its_text():
    sources = report.notebook_sources()
    assert sources, "no notebooks found"
    for src in sources:
        text_nb = jupytext.read(src)
        assert any("parameters" in c.metadata.get("tags", []) for c in text_nb.cells), f"{src.name}: no parameters cell"
        ipynb = src.with_suffix(".ipynb")
        assert ipynb.exists(), f"{ipynb.name} missing: run `python -m analysis sync-notebooks`"
        paired = json.loads(ipynb.read_text(encoding="utf-8"))
        assert all(not c.get("outputs") for c in paired["cells"] if c["cell_type"] == "code"), (
            f"{ipynb.name} has outputs"
        )
        a = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in paired["cells"]]
        b = [c.source for c in text_nb.cells]
        assert a == b, f"{ipynb.name} differs from {src.name}: run `python -m analysis sync-notebooks`"


# --------------------------------------------------------------------------- runs that never collide
TINY = """# %% [markdown]
# # 99 · Thử / A test page
#
# <!-- vi -->
# Đoạn tiếng Việt.
# <!-- en -->
# An English paragraph.

# %% tags=["parameters"]
province = "Lai Châu"
lang = "vi"

# %%
import matplotlib.pyplot as plt
import pandas as pd
import analysis
from analysis.data import catalog
slug = catalog.normalise_name(province)
df = pd.DataFrame({"province": [province], "value": [len(province)]})
analysis.save_table(df, f"99_value_{slug}", description="test table", source="test")
fig, ax = plt.subplots()
ax.bar([0], [len(province)])
analysis.save_figure(fig, f"99_bar_{slug}", source="test")

# %% [markdown]
# ## Một mục / A section

# %%
df

# %% [markdown]
# ## What this shows

# %%
from analysis.core.prose import Prose
T = Prose(lang)
T.show([T(f"- Tỉnh {province}.", f"- Province {province}.")])
"""


def _tree(d: Path) -> dict[str, bytes]:
    """Every output but the pages and the runner's own timing notes (dot files)."""
    return {
        str(p.relative_to(d)): p.read_bytes()
        for p in sorted(d.rglob("*"))
        if p.is_file() and p.suffix != ".html" and not p.name.startswith(".")
    }


def _run_default_report(folder: Path) -> None:
    """`report.run_report` of the TINY notebook with the default parameters into folder/reports and folder/figures."""
    nbdir = folder / "notebooks"
    nbdir.mkdir(parents=True)
    (nbdir / "99_tiny.py").write_text(TINY, encoding="utf-8")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("PCI_FIGURES_DIR", str(folder / "figures"))
        mp.setenv("PCI_REPORTS_DIR", str(folder / "reports"))
        assert report.run_report(notebooks=nbdir) == 0


@pytest.fixture
def default_run(tmp_path):
    """A default run of TINY in this test's own outputs (and its notebooks folder, returned).

    The kernel run happens once per test run (run_cache.built_once, shared by the xdist workers):
    each test gets a copy, as if it had just run `report.run_report(notebooks=...)` itself."""
    from analysis.core import paths
    from run_cache import built_once

    done = built_once("tiny-default-report", _run_default_report)
    shutil.copytree(done / "reports", paths.reports_dir())
    shutil.copytree(done / "figures", paths.figures_dir())
    nbdir = tmp_path / "notebooks"
    shutil.copytree(done / "notebooks", nbdir)
    return nbdir


@pytest.mark.notebook
def test_parameter_runs_never_touch_the_default_outputs(default_run, capsys):
    from analysis.core import paths

    nbdir = default_run  # report.run_report(notebooks=nbdir) == 0 (the fixture's default run)
    first = _tree(paths.reports_dir()) | _tree(paths.figures_dir())
    assert "pci_tables.xlsx" in first and "99_bar_laichau.svg" in first
    # what an earlier run with the same parameters left in its folder
    run = paths.reports_dir() / "runs" / "99_tiny__lang-en__province-hatinh"
    (run / "figures").mkdir(parents=True)
    (run / "figures" / "stale.svg").write_text("from an earlier run")
    (run / "99_tiny.failed.html").write_text("from an earlier run")
    # a parameter run goes into its own folder, with its own workbook, and nothing stale survives there
    assert report.run_report(only=["99_tiny"], params={"province": "Hà Tĩnh", "lang": "en"}, notebooks=nbdir) == 0
    assert (run / "99_tiny.html").exists() and (run / "figures" / "99_bar_hatinh.svg").exists()
    assert (run / "tables" / "99_value_hatinh.csv").exists() and (run / "pci_tables.xlsx").exists()
    assert not (paths.figures_dir() / "99_bar_hatinh.svg").exists()
    assert not (run / "figures" / "stale.svg").exists() and not (run / "99_tiny.failed.html").exists()
    # the default run afterwards gives byte-identical outputs (figures, tables, workbook)
    assert report.run_report(notebooks=nbdir) == 0
    again = _tree(paths.reports_dir()) | _tree(paths.figures_dir())
    again = {k: v for k, v in again.items() if not k.startswith("runs/")}
    assert again == first


@pytest.mark.notebook
def test_the_page_opens_with_the_summary_hides_code_and_follows_lang(default_run, tmp_path):
    from analysis.core import paths

    nbdir = default_run
    page = paths.reports_dir() / "99_tiny.html"  # the default run's page (run_report returned 0)
    html = page.read_text(encoding="utf-8")
    assert page.exists() and not (paths.reports_dir() / "99_tiny.failed.html").exists()
    assert "hl-ipython3" not in html and "PosixPath" not in html
    order = [html.index(s) for s in ("99 · Thử", "Tóm tắt", "Tỉnh Lai Châu.", "Mục lục", "Một mục")]
    assert order == sorted(order)
    assert "Đoạn tiếng Việt" in html and "An English paragraph" not in html and "A test page" not in html
    coded = report.run_notebook(nbdir / "99_tiny.py", {"lang": "both"}, out_dir=tmp_path / "code", with_code=True)
    html = coded.html.read_text(encoding="utf-8")
    assert "hl-ipython3" in html and "Đoạn tiếng Việt" in html and "An English paragraph" in html
    assert "Province Lai Châu." in html and "Tỉnh Lai Châu." in html


@pytest.mark.notebook
def test_a_failed_run_leaves_no_page_claiming_success_and_no_workbook(default_run, capsys):
    from analysis.core import paths

    nbdir = default_run  # report.run_report(notebooks=nbdir) == 0 (the fixture's default run)
    assert (paths.reports_dir() / "99_tiny.html").exists() and (paths.reports_dir() / "pci_tables.xlsx").exists()
    capsys.readouterr()
    (nbdir / "99_tiny.py").write_text(
        TINY.replace("df = pd.DataFrame", "raise KeyError(2030)\ndf = pd.DataFrame"), encoding="utf-8"
    )
    assert report.run_report(notebooks=nbdir) == 1
    out = capsys.readouterr()
    assert "tables:" not in out.out + out.err and "Traceback" not in out.out + out.err
    line = (
        TINY.replace("df = pd.DataFrame", "raise KeyError(2030)\ndf = pd.DataFrame")
        .splitlines()
        .index("raise KeyError(2030)")
        + 1
    )
    assert f"99_tiny.py, cell 2, line {line}" in out.err and "KeyError: 2030" in out.err
    assert not (paths.reports_dir() / "99_tiny.html").exists()
    assert (paths.reports_dir() / "99_tiny.failed.html").exists()
    assert not (paths.reports_dir() / "pci_tables.xlsx").exists()


@pytest.mark.notebook
def test_a_runner_error_in_one_notebook_still_leaves_the_other_notebooks_pages(tmp_path, monkeypatch):
    """An error outside the cells (a kernel that cannot start, say) stops the run with that error, but the
    notebooks already running finish and their pages are written (the page writer outlives the workers)."""
    from analysis.core import paths

    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    (nbdir / "98_broken.py").write_text(TINY, encoding="utf-8")
    (nbdir / "99_tiny.py").write_text(TINY, encoding="utf-8")
    real = report.execute_notebook

    def execute(source, *args, **kwargs):
        if Path(source).stem == "98_broken":
            raise RuntimeError("no kernel for 98_broken")
        return real(source, *args, **kwargs)

    monkeypatch.setattr(report, "execute_notebook", execute)
    with pytest.raises(RuntimeError, match="no kernel for 98_broken"):
        report.run_report(notebooks=nbdir, jobs=2)
    assert (paths.reports_dir() / "99_tiny.html").exists()
    assert not (paths.reports_dir() / "98_broken.html").exists()
