"""The report runner: parameters, failure reporting, notebook pairs."""
from __future__ import annotations

import json
from pathlib import Path

import jupytext
import nbformat
import pytest

from analysis import report

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
    nb = report.inject_parameters(_nb("province = 'Lai Châu'\nyear = None", "print(province)", tags=["parameters"]),
                                  {"province": "Điện Biên"})
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
        assert all(not c.get("outputs") for c in paired["cells"] if c["cell_type"] == "code"), f"{ipynb.name} has outputs"
        a = [("".join(c["source"]) if isinstance(c["source"], list) else c["source"]) for c in paired["cells"]]
        b = [c.source for c in text_nb.cells]
        assert a == b, f"{ipynb.name} differs from {src.name}: run `python -m analysis sync-notebooks`"
