"""JupyterLab leaves the repository test-clean (issue 14, item 7), checked headless.

A Jupyter server with the repository's settings (``jupyter/jupyter_server_config.py``, as
``make lab`` starts it) serves a copy of ``notebooks/``; the test saves a notebook with
outputs, execution counts and kernel metadata through the contents API, exactly as
JupyterLab's autosave does, then checks that both halves of the pair are byte-identical
to the committed files and that the file browser lists each notebook once.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from analysis.outputs import lab

REPO = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.notebook


def test_strip_notebook_drops_outputs_counts_and_run_metadata():
    nb = {
        "metadata": {"language_info": {"name": "python"}, "kernelspec": {"name": "python3"}},
        "cells": [
            {
                "cell_type": "code",
                "source": "1",
                "execution_count": 3,
                "metadata": {"execution": {}, "tags": ["x"]},
                "outputs": [{"output_type": "stream", "text": "1"}],
            }
        ],
    }
    lab.strip_notebook(nb)
    assert nb["cells"][0]["outputs"] == [] and nb["cells"][0]["execution_count"] is None
    assert nb["cells"][0]["metadata"] == {"tags": ["x"]}
    assert nb["metadata"] == {"kernelspec": {"name": "python3"}}


def test_clean_text_header_drops_only_the_version_lines():
    text = (
        "# ---\n# jupyter:\n#   jupytext:\n#     text_representation:\n#       extension: .py\n"
        "#       format_name: percent\n#       format_version: '1.3'\n#       jupytext_version: 1.19.6\n# ---\n\n"
        "# %%\njupytext_version: 1 = 1\n"
    )
    out = lab.clean_text_header(text)
    assert "format_version" not in out and "jupytext_version: 1.19" not in out
    assert out.endswith("# %%\njupytext_version: 1 = 1\n") and "format_name: percent" in out


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_saving_in_jupyterlab_keeps_the_pair_clean_and_lists_each_notebook_once(tmp_path):
    root = tmp_path / "repo"
    shutil.copytree(
        REPO / "notebooks", root / "notebooks", ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__")
    )
    shutil.copy(REPO / "pyproject.toml", root / "pyproject.toml")  # the jupytext pairing lives there
    port, token = _free_port(), "test-token"
    env = {**os.environ, "JUPYTER_CONFIG_PATH": str(REPO / "jupyter"), "JUPYTER_RUNTIME_DIR": str(tmp_path / "rt")}
    jupyter = Path(sys.executable).with_name("jupyter")
    proc = subprocess.Popen(
        [
            str(jupyter),
            "server",
            "--allow-root",
            "--no-browser",
            "--ip=127.0.0.1",
            f"--port={port}",
            f"--IdentityProvider.token={token}",
            f"--ServerApp.root_dir={root}",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    headers = {"Authorization": f"token {token}", "Content-Type": "application/json"}
    base = f"http://127.0.0.1:{port}/api/contents"

    def call(path, data=None, method="GET"):
        req = urllib.request.Request(f"{base}/{path}", data=data, headers=headers, method=method)
        with urllib.request.urlopen(req, timeout=60) as r:
            return json.load(r)

    try:
        for _ in range(600):  # polled every 0.1 s: the test goes on as soon as the server answers
            try:
                listing = call("notebooks")
                break
            except OSError:
                time.sleep(0.1)
        else:
            pytest.fail("the Jupyter server did not start within 60 s")
        names = sorted(c["name"] for c in listing["content"])
        stems = sorted(p.stem for p in (REPO / "notebooks").glob("[0-9][0-9]_*.py"))
        assert names == [f"{s}.ipynb" for s in stems], names

        for stem in stems:  # what JupyterLab's autosave sends after the notebook ran
            nb = call(f"notebooks/{stem}.ipynb")["content"]
            for i, cell in enumerate(nb["cells"]):
                if cell["cell_type"] == "code":
                    cell["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "ran\n"}]
                    cell["execution_count"] = i
                    cell["metadata"]["execution"] = {"iopub.status.busy": "2026-01-01T00:00:00Z"}
            nb["metadata"]["language_info"] = {"name": "python", "version": "3.11"}
            call(
                f"notebooks/{stem}.ipynb",
                json.dumps({"type": "notebook", "format": "json", "content": nb}).encode(),
                "PUT",
            )
    finally:
        proc.terminate()
        proc.wait(timeout=30)
    for stem in stems:
        for suffix in (".ipynb", ".py"):
            saved = (root / "notebooks" / f"{stem}{suffix}").read_bytes()
            assert saved == (REPO / "notebooks" / f"{stem}{suffix}").read_bytes(), (
                f"saving {stem}.ipynb in JupyterLab rewrites {stem}{suffix}: "
                + (
                    "run `python -m analysis sync-notebooks`"
                    if suffix == ".ipynb"
                    else "write the .py as jupytext does (`jupytext --to py:percent`, then drop the version lines)"
                )
            )


def test_notebooks_carry_the_kernelspec_jupyterlab_writes():
    """JupyterLab writes the running kernel's spec (ipykernel's kernel.json) into a notebook it opens: a
    committed spec that differs marks the notebook "modified" at once (issue 23)."""
    import json

    from jupyter_client.kernelspec import KernelSpecManager

    from analysis.core import paths

    spec = KernelSpecManager().get_kernel_spec("python3")
    for nb in sorted(paths.notebooks_dir().glob("[0-9][0-9]_*.ipynb")):
        ks = json.loads(nb.read_text(encoding="utf-8"))["metadata"]["kernelspec"]
        assert (ks["name"], ks["display_name"], ks["language"]) == ("python3", spec.display_name, spec.language), nb
