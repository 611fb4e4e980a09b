"""An import that fails or is killed at any point leaves data/ as it was, or — once recovered — fully new.

* In-process: ``os.replace`` / ``os.fsync`` made to fail at the n-th call inside the real
  ``import_workbook`` (staging, the COMMIT manifest, each move into place).
* Out of process: ``python -m analysis``-style imports killed with SIGKILL at every step of
  the write (the child announces each fsync/replace and pauses) and after random delays.

After each failure the data folder is byte-identical to before, or, when the failure came
after the commit point, the next writer (``store.data_lock`` → ``store.recover``) rolls it
forward to exactly the state a complete import gives. Never a mix. A second import while one
holds the lock is refused with a clear message and a non-zero exit.

Every import goes to a private copy of the committed data/ (``data_copy`` / tmp_path).
"""
from __future__ import annotations

import functools
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import pytest

import analysis.paths
from analysis.ingest import importer, store
from hostile import corpus

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fcntl locks are POSIX"),
]

REPO = Path(__file__).resolve().parent.parent
TABLES_WRITTEN = 4  # import_workbook rewrites pci_panel.csv, pci_panel_34.csv, validation_findings.csv, sources.csv


def _fresh_copy(parent: Path) -> Path:
    d = Path(parent) / "data"
    shutil.copytree(REPO / "data", d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    return d


@functools.lru_cache(maxsize=1)
def new_workbook() -> Path:
    """A valid PCI 2022 workbook (the 2018 sheet relabelled), built once per session."""
    folder = Path(tempfile.mkdtemp(prefix="pci-atomic-in-"))
    return corpus.write_xlsx(folder / corpus.NAME, {corpus.SHEET: corpus.base_rows()})


@functools.lru_cache(maxsize=1)
def states() -> tuple[dict, dict]:
    """(checksums before, checksums after a complete import) of a fresh copy of data/."""
    d = _fresh_copy(Path(tempfile.mkdtemp(prefix="pci-atomic-ref-")))
    before = store.checksums(d)
    importer.import_workbook(new_workbook(), data_dir=d)
    after = store.checksums(d)
    assert before != after and set(after) == set(before)
    assert sum(before[k] != after[k] for k in before) == TABLES_WRITTEN
    return before, after


def _recover_and_classify(d: Path) -> str:
    """Let the next writer recover, then say which state data/ is in: 'before' or 'after' (else fail)."""
    with store.data_lock(d):  # what the next import does first
        pass
    assert not (d / store.TXN_DIR).exists()
    now = store.checksums(d)
    before, after = states()
    if now == before:
        return "before"
    if now == after:
        return "after"
    changed = sorted(k for k in now if now.get(k) != before.get(k))
    raise AssertionError(f"data/ is a mix of old and new after recovery: changed {changed}")


# --------------------------------------------------------------------------- failures inside the process
def _fail_on_call(monkeypatch, name: str, n: int) -> list[int]:
    real = getattr(os, name)
    calls = []

    def wrapper(*args, **kwargs):
        calls.append(1)
        if len(calls) == n:
            raise OSError(f"simulated failure of os.{name} call {n}")
        return real(*args, **kwargs)

    monkeypatch.setattr(os, name, wrapper)
    return calls


@pytest.mark.parametrize("n", range(1, TABLES_WRITTEN + 1))
def test_failure_while_staging_leaves_data_byte_identical(n, data_copy, monkeypatch):
    """The n-th staged file fails to reach the disk: nothing under data/ changed, no journal left."""
    states()
    before = store.checksums(data_copy)
    _fail_on_call(monkeypatch, "fsync", n)
    with pytest.raises(OSError, match=f"os.fsync call {n}"):
        importer.import_workbook(new_workbook(), data_dir=data_copy)
    monkeypatch.undo()
    assert store.checksums(data_copy) == before
    assert not (data_copy / store.TXN_DIR).exists()
    assert _recover_and_classify(data_copy) == "before"


@pytest.mark.parametrize("n", range(1, TABLES_WRITTEN + 2))
def test_failure_at_each_replace_is_all_or_nothing(n, data_copy, monkeypatch):
    """os.replace fails at call n: 1 = the COMMIT manifest (rolled back), 2.. = moving table n-1 into place.

    Right after the failure data/ is either untouched or holds a committed journal; after
    recovery it equals the complete new state. Never a mix.
    """
    states()
    before = store.checksums(data_copy)
    _fail_on_call(monkeypatch, "replace", n)
    with pytest.raises(OSError, match=f"os.replace call {n}"):
        importer.import_workbook(new_workbook(), data_dir=data_copy)
    monkeypatch.undo()
    if store.checksums(data_copy) != before:
        assert (data_copy / store.TXN_DIR / "COMMIT").exists()  # a mix only ever exists with its journal
    assert _recover_and_classify(data_copy) == ("before" if n == 1 else "after")


def test_staged_check_failure_leaves_data_byte_identical(data_copy, monkeypatch):
    before = store.checksums(data_copy)

    def reject(staging):
        raise ValueError("staged panel rejected")

    monkeypatch.setattr(importer, "_staged_check", reject)
    with pytest.raises(ValueError, match="staged panel rejected"):
        importer.import_workbook(new_workbook(), data_dir=data_copy)
    assert store.checksums(data_copy) == before and not (data_copy / store.TXN_DIR).exists()


def test_write_tables_failing_on_the_second_file(tmp_path, monkeypatch):
    """store.write_tables on its own: the 2nd of three files fails to be written."""
    d = tmp_path / "d"
    with store.data_lock(d):
        store.write_tables({"a.csv": b"old a\n", "b.csv": b"old b\n", "c.csv": b"old c\n"}, d)
    before = store.checksums(d)
    real_open = open
    seen = []

    def failing_open(file, mode="r", *args, **kwargs):
        if "w" in mode and Path(file).parent.name == store.TXN_DIR:
            seen.append(file)
            if len(seen) == 2:
                raise OSError("disk full (simulated)")
        return real_open(file, mode, *args, **kwargs)

    monkeypatch.setattr("builtins.open", failing_open)
    with pytest.raises(OSError, match="disk full"):
        with store.data_lock(d):
            store.write_tables({"a.csv": b"new a\n", "b.csv": b"new b\n", "c.csv": b"new c\n"}, d)
    monkeypatch.undo()
    assert store.checksums(d) == before and not (d / store.TXN_DIR).exists()


# --------------------------------------------------------------------------- killed processes
CHILD = textwrap.dedent('''
    import os, sys, time
    from analysis.ingest import importer
    pause = float(sys.argv[3])
    real_replace, real_fsync = os.replace, os.fsync
    def replace(a, b):
        print("replace", os.path.basename(b), flush=True)
        time.sleep(pause)
        real_replace(a, b)
    def fsync(fd):
        real_fsync(fd)
        print("fsync", flush=True)
        time.sleep(pause)
    if pause > 0:
        os.replace, os.fsync = replace, fsync
    print("start", flush=True)
    importer.import_workbook(sys.argv[1], data_dir=sys.argv[2])
    print("done", flush=True)
''')
# markers the child prints during the write: 3 fsyncs (staging), replace COMMIT, 3 replaces (moves)
WRITE_STEPS = 2 * TABLES_WRITTEN + 1


def _child(d: Path, pause: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", CHILD, str(new_workbook()), str(d), str(pause)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PCI_DATA_DIR": str(d)})


def test_sigkill_at_every_step_of_the_write(tmp_path):
    """Kill the import just after each fsync / replace (the child pauses there): before or after, never a mix."""
    states()
    procs = []
    for k in range(1, WRITE_STEPS + 1):  # run the kills side by side (each child has its own copy)
        d = _fresh_copy(tmp_path / f"k{k}")
        procs.append((k, d, _child(d, pause=0.5)))
    outcome = {}
    for k, d, p in procs:
        seen = 0
        for line in p.stdout:
            if line.split()[0] in ("fsync", "replace"):
                seen += 1
                if seen == k:
                    os.kill(p.pid, signal.SIGKILL)
                    break
        p.wait(timeout=60)
        assert p.returncode == -signal.SIGKILL, (k, p.stderr.read()[-2000:])
        outcome[k] = _recover_and_classify(d)
    # killed during staging or before the manifest is in place: untouched; after: rolled forward
    assert [outcome[k] for k in range(1, WRITE_STEPS + 1)] == (
        ["before"] * (TABLES_WRITTEN + 1) + ["after"] * TABLES_WRITTEN), outcome


def test_sigkill_after_random_delays(tmp_path):
    """Kill a normal-speed import after random delays spread over its run: before or after, never a mix."""
    before, after = states()
    d0 = _fresh_copy(tmp_path / "timing")
    t0 = time.perf_counter()
    p = _child(d0, pause=0)
    out, err = p.communicate(timeout=120)
    duration = time.perf_counter() - t0
    assert p.returncode == 0 and "done" in out, err[-2000:]
    rng = random.Random(7)
    delays = [rng.uniform(0.5, 1.15) * duration for _ in range(5)]
    results = []
    for i, delay in enumerate(delays):  # one at a time, so the delay means the same as in the timing run
        d = _fresh_copy(tmp_path / f"r{i}")
        p = _child(d, pause=0)
        time.sleep(delay)
        p.kill()
        p.wait(timeout=60)
        results.append(_recover_and_classify(d))
    print(f"random SIGKILL delays {[round(x, 2) for x in delays]} s of a {duration:.2f} s import -> {results}")
    assert set(results) <= {"before", "after"}


# --------------------------------------------------------------------------- a second import is refused
HOLDER = textwrap.dedent('''
    import sys
    from analysis.ingest import store
    with store.data_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()  # hold the lock until the parent closes stdin
''')


def test_second_import_while_one_holds_the_lock_is_refused(tmp_path):
    d = _fresh_copy(tmp_path)
    before = store.checksums(d)
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(d)], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                              text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        r = subprocess.run([sys.executable, "-m", "analysis", "import-workbook", str(new_workbook()), "--data-dir",
                            str(d)], capture_output=True, text=True, timeout=120,
                           env={**os.environ, "PCI_DATA_DIR": str(d)})
        assert r.returncode == 1
        assert "import-workbook refused: another import is running" in r.stderr and str(d) in r.stderr
        assert store.checksums(d) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # once the first one is done, the same command goes through
    r = subprocess.run([sys.executable, "-m", "analysis", "import-workbook", str(new_workbook()), "--data-dir", str(d)],
                       capture_output=True, text=True, timeout=120, env={**os.environ, "PCI_DATA_DIR": str(d)})
    assert r.returncode == 0, r.stderr
    assert store.checksums(d) == states()[1]
