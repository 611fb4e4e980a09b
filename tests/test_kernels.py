"""Kernels forked from the warm server (analysis.outputs.kernels) behave as fresh kernels do.

The same notebook runs once in a kernel forked by the warm server and once in a fresh interpreter
(``PCI_FRESH_KERNELS=1``): the figure (SVG and PNG) and the table they write are byte-identical, and each
kernel reports the working directory, the run's output folders, matplotlib's backend and the
``sys.path`` of a fresh kernel; the forked one is the server's child, the fresh one this process's. A
kernel whose server is killed exits (ipykernel's parent-death check); with the switch on, or with another
``PYTHON*`` variable than the server started with, the kernel starts fresh.
"""

from __future__ import annotations

import contextlib
import html
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import jupytext
import pytest

from analysis.core import paths
from analysis.outputs import kernels, report

pytestmark = pytest.mark.notebook

PROBE = """# %% tags=["parameters"]
province = "Lai Châu"

# %%
import json, os, sys
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import analysis
fig, ax = plt.subplots()
ax.bar([0, 1], [3, 5])
analysis.save_figure(fig, "99_probe", source="test")
analysis.save_table(pd.DataFrame({"province": [province], "n": [len(province)]}), "99_probe", description="probe", source="test")
print(json.dumps({
    "cwd": os.getcwd(), "figures": os.environ["PCI_FIGURES_DIR"], "backend": matplotlib.get_backend(),
    "path": sys.path, "ppid": os.getppid(), "draw": float(np.random.random()), "pid": os.getpid(),
    "environ": sorted(os.environ),
}))
"""


# a server that imports only the kernel: for the tests that start, kill or break servers of their own
LIGHT = ("ipykernel.kernelapp", "ipykernel.ipkernel", "ipykernel.zmqshell", "ipykernel.debugger")


@pytest.fixture
def own_server(monkeypatch):
    """A server of the test's own, light (LIGHT, plus the modules of the notebooks it forks for: the package,
    hence pandas and matplotlib), started on first use; stopped after the test, when this process's usual
    server (if any) is back, untouched."""
    monkeypatch.setattr(kernels, "_SERVER", None)
    monkeypatch.setattr(kernels, "KERNEL_MODULES", LIGHT)
    monkeypatch.delenv(kernels.FRESH_ENV, raising=False)
    yield
    kernels.close()


@contextlib.contextmanager
def _kernel():
    """A kernel started by :class:`kernels.WarmKernelManager` for the block, shut down after it."""
    km = kernels.WarmKernelManager(kernel_name="python3")
    km.start_kernel()
    try:
        yield km
    finally:
        km.shutdown_kernel(now=True)


def _forked(km) -> bool:
    return isinstance(km.provisioner.process, kernels.ForkedKernel)


def _stdout(run) -> str:
    return next(o for c in run.nb.cells if c.cell_type == "code" for o in c.outputs if o.get("name") == "stdout")[
        "text"
    ]


def _run(folder: Path, fresh: bool, monkeypatch) -> dict:
    nbdir = folder / "notebooks"
    nbdir.mkdir(parents=True)
    (nbdir / "99_probe.py").write_text(PROBE, encoding="utf-8")
    monkeypatch.setenv("PCI_FIGURES_DIR", str(folder / "figures"))
    monkeypatch.setenv("PCI_REPORTS_DIR", str(folder / "reports"))
    if fresh:
        monkeypatch.setenv(kernels.FRESH_ENV, "1")
    else:
        monkeypatch.delenv(kernels.FRESH_ENV, raising=False)
    run = report.execute_notebook(nbdir / "99_probe.py")
    assert run.error == "", run.error
    return json.loads(_stdout(run))


@pytest.mark.skipif(not kernels.available(), reason="no fork or pidfd here: every kernel starts fresh")
def test_a_forked_kernel_writes_what_a_fresh_kernel_writes(tmp_path, monkeypatch, own_server):
    warm = _run(tmp_path / "warm", False, monkeypatch)
    again = _run(tmp_path / "again", False, monkeypatch)
    fresh = _run(tmp_path / "fresh", True, monkeypatch)
    server = kernels.server()
    assert warm["ppid"] == again["ppid"] == server.proc.pid  # forked by this process's server
    assert fresh["ppid"] == os.getpid()  # started by this process, as jupyter_client starts it
    assert warm["path"] == fresh["path"]
    # the same variables (the fresh run's switch aside), those the kernel's imports set included (debugpy's,
    # imported ahead by the server)
    assert set(warm["environ"]) ^ set(fresh["environ"]) == {kernels.FRESH_ENV}
    assert "PYDEVD_USE_FRAME_EVAL" in warm["environ"]
    for run, res in (("warm", warm), ("fresh", fresh)):  # the notebook's folder
        assert res["cwd"] == str(tmp_path / run / "notebooks"), res
        assert res["figures"] == str(tmp_path / run / "figures"), res
    assert warm["backend"] == fresh["backend"] == "module://matplotlib_inline.backend_inline"
    assert warm["draw"] != again["draw"]  # each kernel draws its own random state, as a fresh interpreter does
    for rel in ("figures/99_probe.svg", "figures/99_probe.png", "reports/tables/99_probe.csv"):
        assert (tmp_path / "warm" / rel).read_bytes() == (tmp_path / "fresh" / rel).read_bytes(), rel


@pytest.mark.skipif(not kernels.available(), reason="no fork or pidfd here: every kernel starts fresh")
def test_a_kernel_does_not_outlive_its_server(own_server):
    with _kernel() as km:
        pid = km.provisioner.pid
        assert _forked(km) and km.is_alive()
        kernels.server().proc.kill()  # the server dies (its process killed): its kernels follow
        deadline = time.monotonic() + 15
        while km.is_alive() and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not km.is_alive(), f"kernel {pid} outlived its server"
    with _kernel() as km:  # the next kernel gets a new server
        assert _forked(km) and km.is_alive()
    assert not km.is_alive()


def test_switched_off_a_kernel_starts_fresh(monkeypatch):
    monkeypatch.setenv(kernels.FRESH_ENV, "1")
    assert not kernels.available()
    with _kernel() as km:
        assert not _forked(km) and km.provisioner.process.pid == km.provisioner.pid and km.is_alive()
    assert not km.is_alive()


@pytest.mark.skipif(not kernels.available(), reason="no fork or pidfd here: every kernel starts fresh")
def test_a_kernel_asked_for_with_another_interpreter_setting_starts_fresh(monkeypatch, own_server):
    kernels.server()  # started with this process's environment
    monkeypatch.setenv("PYTHONHASHSEED", "12345")  # read only when an interpreter starts: a fork cannot honour it
    with _kernel() as km:
        assert not _forked(km) and km.is_alive()


def test_notebook_imports_lists_the_modules_of_the_code_cells():
    nb = jupytext.reads(
        "# %%\nimport os, json\nfrom analysis.data import catalog, loaders\nfrom . import x\n"
        "# %%\n%matplotlib inline\n# %%\nfrom IPython.display import display\n",
        fmt="py:percent",
    )
    assert report.notebook_imports(nb) == [
        "os",
        "json",
        "analysis.data",
        "analysis.data.catalog",
        "analysis.data.loaders",
        "IPython.display",
        "IPython.display.display",
    ]


def test_a_kernel_that_is_not_this_interpreters_ipykernel_starts_fresh():
    assert kernels._python_kernel_argv(["/bin/sh", "-m", "ipykernel_launcher", "-f", "c.json"]) is None
    assert kernels._python_kernel_argv([sys.executable, "-m", "other", "-f", "c.json"]) is None
    assert kernels._python_kernel_argv([sys.executable, "-m", "ipykernel_launcher", "-f", "c.json"]) == [
        "-f",
        "c.json",
    ]


def test_a_lone_notebook_starts_no_server(tmp_path, monkeypatch, own_server):
    """`make notebook` runs one kernel: a server would import more than that kernel needs."""
    monkeypatch.delenv(kernels.FRESH_ENV, raising=False)
    nbdir = tmp_path / "notebooks"
    nbdir.mkdir()
    (nbdir / "99_probe.py").write_text(PROBE, encoding="utf-8")
    assert report.run_report(notebooks=nbdir) == 0
    assert not kernels.running()
    (nbdir / "98_probe.py").write_text(PROBE, encoding="utf-8")  # two notebooks: a server forks both
    assert report.run_report(notebooks=nbdir) == 0
    assert kernels.running() == kernels.available()
    if kernels.available():
        for stem in ("98_probe", "99_probe"):
            page = html.unescape((paths.reports_dir() / f"{stem}.html").read_text(encoding="utf-8"))
            assert f'"ppid": {kernels.server().proc.pid}' in page, stem


@pytest.mark.skipif(not kernels.available(), reason="no fork or pidfd here: every kernel starts fresh")
def test_a_module_of_the_notebooks_folder_is_not_shadowed_by_the_callers(tmp_path, monkeypatch, own_server):
    """The server imports only the package's modules ahead, from no one's folder: a notebook's own module wins."""
    caller = tmp_path / "caller"
    caller.mkdir()
    (caller / "probe_local.py").write_text('WHERE = "the caller\'s folder"\n', encoding="utf-8")
    monkeypatch.chdir(caller)  # the test's server starts here, in the caller's folder
    nbdir = tmp_path / "run" / "notebooks"
    nbdir.mkdir(parents=True)
    (nbdir / "probe_local.py").write_text('WHERE = "the notebook\'s folder"\n', encoding="utf-8")
    (nbdir / "99_local.py").write_text(
        '# %% tags=["parameters"]\nx = 1\n# %%\nimport os\nimport probe_local\nprint(probe_local.WHERE, os.getppid())\n',
        encoding="utf-8",
    )
    run = report.execute_notebook(nbdir / "99_local.py")
    assert run.error == "", run.error
    assert _stdout(run).strip() == f"the notebook's folder {kernels.server().proc.pid}"


@pytest.mark.skipif(not kernels.available(), reason="no fork or pidfd here: every kernel starts fresh")
def test_a_server_that_does_not_start_leaves_the_kernel_to_start_fresh(monkeypatch, own_server):
    monkeypatch.setattr(kernels, "SERVER_MODULE", "analysis.no_such_module")  # the server exits at once
    with _kernel() as km:
        assert not _forked(km) and km.is_alive()


CALLER = f"""
import sys
from analysis.outputs import kernels
kernels.KERNEL_MODULES = {LIGHT!r}
km = kernels.WarmKernelManager(kernel_name="python3")
km.start_kernel()
print(km.provisioner.pid, kernels.server().proc.pid, flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not kernels.available(), reason="no fork or pidfd here: every kernel starts fresh")
def test_the_kernels_of_a_killed_process_do_not_outlive_it():
    caller = subprocess.Popen([sys.executable, "-c", CALLER], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    kernel, server = map(int, caller.stdout.readline().split())
    caller.kill()  # no atexit, no shutdown: the socket closes, the server exits, its kernel follows
    caller.wait()
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline and any(os.path.exists(f"/proc/{p}") for p in (kernel, server)):
        time.sleep(0.2)
    alive = [p for p in (kernel, server) if os.path.exists(f"/proc/{p}")]
    assert alive == [], f"still running: {alive}"


# --------------------------------------------------------------------------- the client's wait for a kernel
class _Channel:
    """A kernel channel holding given messages: ``get_msg`` returns the next, or raises Empty after its
    timeout when none is left (as zmq does); ``quiet`` counts those waits."""

    def __init__(self, messages=()):
        self.messages = list(messages)
        self.quiet = 0

    def get_msg(self, timeout=None):
        if not self.messages:
            self.quiet += 1
            raise kernels.Empty
        return self.messages.pop(0)


def _status(state, parent):
    return {"msg_type": "status", "content": {"execution_state": state}, "parent_header": {"msg_id": parent}}


class _FakeClient(kernels.PromptClient):
    """A PromptClient whose kernel is a script: ``iopub[n]`` is what IOPub holds after the n-th kernel_info."""

    def __init__(self, iopub_after):
        super().__init__()
        self.asked = []
        self.iopub_after = iopub_after
        self.shell = _Channel()
        self.iopub = _Channel()

    @property
    def shell_channel(self):
        return self.shell

    @property
    def iopub_channel(self):
        return self.iopub

    def kernel_info(self):
        msg_id = f"info-{len(self.asked)}"
        self.iopub.messages += self.iopub_after[len(self.asked)](msg_id)
        self.asked.append(msg_id)
        reply = {"msg_type": "kernel_info_reply", "parent_header": {"msg_id": msg_id}}
        self.shell.messages.append({**reply, "content": {"protocol_version": "5.3"}})
        return msg_id

    async def _async_is_alive(self):
        return True


def test_the_client_is_ready_at_the_idle_status_of_its_kernel_info_request():
    later = {"msg_type": "stream", "content": {}, "parent_header": {"msg_id": "next"}}
    client = _FakeClient([lambda m: [_status("starting", ""), _status("busy", m), _status("idle", m), later]])
    client.wait_for_ready(timeout=5)
    # no wait for silence, and what came after the idle status is left for the caller
    assert client.asked == ["info-0"] and client.iopub.quiet == 0 and client.iopub.messages == [later]


def test_an_idle_status_of_an_earlier_request_does_not_make_the_client_ready():
    later = {"msg_type": "stream", "content": {}, "parent_header": {"msg_id": "next"}}
    # the first request finds IOPub not yet connected; its idle status arrives during the second one
    client = _FakeClient(
        [lambda m: [], lambda m: [_status("idle", "info-0"), _status("busy", m), _status("idle", m), later]]
    )
    client.wait_for_ready(timeout=5)
    assert client.asked == ["info-0", "info-1"] and client.iopub.messages == [later]


def test_a_kernel_without_that_status_is_ready_after_iopub_falls_quiet_and_a_silent_iopub_is_asked_again():
    # first request: IOPub not connected yet (nothing arrives); second: a message, but no idle status
    client = _FakeClient([lambda m: [], lambda m: [_status("starting", "")]])
    client.wait_for_ready(timeout=5)
    assert client.asked == ["info-0", "info-1"] and client.iopub.quiet == 2 and client.iopub.messages == []


def test_the_report_kernels_client_is_the_prompt_one():
    assert isinstance(kernels.WarmKernelManager(kernel_name="python3").client(), kernels.PromptClient)
    assert isinstance(kernels.WarmKernelManager(kernel_name="python3", warm=False).client(), kernels.PromptClient)
