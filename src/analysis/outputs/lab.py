"""JupyterLab settings that keep the repository test-clean (used by ``make lab``).

``jupyter/jupyter_server_config.py`` (loaded by ``make lab`` through ``JUPYTER_CONFIG_PATH``)
installs :func:`strip_outputs` as the contents manager's pre-save hook and hides the
``.py`` half of each notebook pair from the file browser. Jupytext (its server extension
is installed with the package; pairing ``ipynb,py:percent`` is set in ``pyproject.toml``)
writes both halves on every save, so:

- saving a notebook in JupyterLab writes the ``.ipynb`` without outputs, execution counts
  or run metadata, and the ``.py`` with the same cells: ``tests/test_report.py`` stays green;
- the file browser lists each notebook once (``NN_name.ipynb``).

Outputs live in the open tab until it is closed; the executed pages are what
``make report`` writes under ``reports/``.
"""

from __future__ import annotations

import re

#: cell metadata a run or the UI adds and the committed notebook does not keep
VOLATILE_CELL_METADATA = ("execution", "collapsed", "scrolled", "ExecuteTime")
#: notebook metadata a kernel adds
VOLATILE_NOTEBOOK_METADATA = ("language_info", "widgets")


def strip_notebook(nb: dict) -> dict:
    """Drop outputs, execution counts and run metadata from a notebook (a JSON dict), in place."""
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "code":
            cell["outputs"] = []
            cell["execution_count"] = None
        md = cell.get("metadata", {})
        for key in VOLATILE_CELL_METADATA:
            md.pop(key, None)
    for key in VOLATILE_NOTEBOOK_METADATA:
        nb.get("metadata", {}).pop(key, None)
    return nb


#: header lines jupytext adds on save that the committed ``.py`` sources do not carry
_VOLATILE_HEADER = re.compile(r"^#\s+(?:format_version|jupytext_version): .*\n", re.M)


def clean_text_header(text: str) -> str:
    """The jupytext ``.py`` text without the version lines of its YAML header (stable across jupytext versions)."""
    if not text.startswith("# ---\n"):
        return text
    end = text.find("\n# ---\n", 5)
    if end < 0:
        return text
    return _VOLATILE_HEADER.sub("", text[: end + 1]) + text[end + 1 :]


def strip_outputs(model, path="", **kwargs):
    """Jupyter server pre-save hook: notebooks without outputs, paired ``.py`` without version lines."""
    if model.get("type") == "notebook" and isinstance(model.get("content"), dict):
        strip_notebook(model["content"])
    elif model.get("type") == "file" and str(path).endswith(".py") and isinstance(model.get("content"), str):
        model["content"] = clean_text_header(model["content"])
