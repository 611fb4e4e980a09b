"""An import that fails or is killed at any point leaves data/ as it was, or — once recovered — fully new.

* In-process: ``os.replace`` / ``os.fsync`` made to fail at the n-th call of the real import's
  write (staging, the COMMIT manifest, each move into place): the tables ``import_workbook``
  hands to ``store.write_tables`` are computed once and written again for each n; the whole
  ``import_workbook`` fails in its staged check.
* Out of process: the import's writer killed with SIGKILL at every step of the write (it
  announces each fsync/replace and waits) and after random delays within the write (see CHILD).

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

from analysis.core import store
from analysis.ingest import importer
from hostile import corpus
from run_cache import built_once

pytestmark = [
    pytest.mark.shared,
    pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fcntl locks are POSIX"),
]

REPO = Path(__file__).resolve().parent.parent
TABLES_WRITTEN = 5  # import_workbook rewrites pci_panel.csv, pci_panel_34.csv, validation_findings.csv, sources.csv,
# edition_fingerprints.csv


def _fresh_copy(parent: Path) -> Path:
    d = Path(parent) / "data"
    shutil.copytree(REPO / "data", d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    return d


@functools.lru_cache(maxsize=1)
def new_workbook() -> Path:
    """A valid PCI 2022 workbook (the 2018 sheet relabelled), built once per session."""
    folder = Path(tempfile.mkdtemp(prefix="pci-atomic-in-"))
    return corpus.write_xlsx(folder / corpus.NAME, {corpus.SHEET: corpus.base_rows()})


def _complete_import(d: Path) -> None:
    shutil.copytree(REPO / "data", d, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    importer.import_workbook(new_workbook(), data_dir=d)


@functools.lru_cache(maxsize=1)
def states() -> tuple[dict, dict]:
    """(checksums before, checksums after a complete import) of a fresh copy of data/ (imported once per run)."""
    before = store.checksums(_fresh_copy(Path(tempfile.mkdtemp(prefix="pci-atomic-ref-"))))
    after = store.checksums(built_once("atomic-complete-import", _complete_import))
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


class _Captured(Exception):
    pass


@functools.lru_cache(maxsize=1)
def import_write() -> tuple[dict, dict]:
    """What import_workbook hands to store.write_tables (its tables and keyword arguments: the staged check),
    captured from one real import that stops there."""
    seen = []

    def capture(tables, data_dir=None, **kwargs):
        seen.append((dict(tables), kwargs))
        raise _Captured

    real = store.write_tables
    store.write_tables = capture
    try:
        importer.import_workbook(new_workbook(), data_dir=_fresh_copy(Path(tempfile.mkdtemp(prefix="pci-atomic-w-"))))
    except _Captured:
        pass
    finally:
        store.write_tables = real
    ((tables, kwargs),) = seen
    assert sorted(tables) == sorted(k for k in states()[0] if states()[0][k] != states()[1][k])
    return tables, kwargs


def _write_as_the_import(d: Path) -> None:
    """The import's write, as import_workbook does it (importer.import_workbook: data_lock, then write_tables)."""
    tables, kwargs = import_write()
    with store.data_lock(d):
        store.write_tables(tables, d, **kwargs)


# The import is computed once (import_write); each case repeats only its write, with the failure injected.
@pytest.mark.parametrize("n", range(1, TABLES_WRITTEN + 1))
def test_failure_while_staging_leaves_data_byte_identical(n, data_copy, monkeypatch):
    """The n-th staged file fails to reach the disk: nothing under data/ changed, no journal left."""
    states()
    import_write()
    before = store.checksums(data_copy)
    _fail_on_call(monkeypatch, "fsync", n)
    with pytest.raises(OSError, match=f"os.fsync call {n}"):
        _write_as_the_import(data_copy)
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
    import_write()
    before = store.checksums(data_copy)
    _fail_on_call(monkeypatch, "replace", n)
    with pytest.raises(OSError, match=f"os.replace call {n}"):
        _write_as_the_import(data_copy)
    monkeypatch.undo()
    if store.checksums(data_copy) != before:
        assert (data_copy / store.TXN_DIR / "COMMIT").exists()  # a mix only ever exists with its journal
    assert _recover_and_classify(data_copy) == ("before" if n == 1 else "after")


def test_staged_check_failure_leaves_data_byte_identical(data_copy, monkeypatch):
    """The whole import_workbook (not only its write): its staged check refuses, nothing under data/ changed."""
    before = store.checksums(data_copy)

    def reject(staging):
        raise ValueError("staged panel rejected")

    monkeypatch.setattr(importer, "_staged_check", reject)
    with pytest.raises(ValueError, match="staged panel rejected"):
        importer.import_workbook(new_workbook(), data_dir=data_copy)
    assert store.checksums(data_copy) == before and not (data_copy / store.TXN_DIR).exists()


# --------------------------------------------------------------------------- killed processes
# One real import runs in a child process. When it reaches store.write_tables (its tables are
# built, the lock on its data/ is held), the child forks one writer per copy of data/: each forked
# process is the import itself at that instant, and it writes the import's own tables into its copy
# under that copy's lock, as import_workbook does. The test SIGKILLs each writer at a chosen step
# (the writer announces every fsync / replace and waits for "go") or after a random delay; the child
# reaps it, reports how it ended, and finally lets the import complete its own write. So the
# expensive part (reading, validating, building the tables) runs once, and every kill still hits a
# real writer process in the middle of the real write.
CHILD = textwrap.dedent("""
    import os, sys, time
    from analysis.core import store
    from analysis.ingest import importer
    workbook, data_dir, mode, copies = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
    real_write_tables, real_replace, real_fsync = store.write_tables, os.replace, os.fsync

    def step(what):  # announce a step of the write and wait for the test's "go" (or its SIGKILL)
        print(what, flush=True)
        sys.stdin.readline()

    def replace(a, b):
        step("replace " + os.path.basename(b))
        real_replace(a, b)

    def fsync(fd):
        real_fsync(fd)
        step("fsync")

    def write_tables(tables, d, **kw):
        for copy in copies:
            pid = os.fork()
            if pid == 0:  # a writer: this import, writing its tables into `copy`
                if mode == "steps":
                    os.replace, os.fsync = replace, fsync
                print("writer", os.getpid(), flush=True)
                sys.stdin.readline()  # wait for the test to be ready to time or kill it
                t0 = time.perf_counter()
                with store.data_lock(copy):
                    real_write_tables(tables, copy, **kw)
                print("wrote", time.perf_counter() - t0, flush=True)
                os._exit(0)
            _, status = os.waitpid(pid, 0)
            print("ended", os.WTERMSIG(status) if os.WIFSIGNALED(status) else -1, flush=True)
        return real_write_tables(tables, d, **kw)

    store.write_tables = write_tables
    importer.import_workbook(workbook, data_dir=data_dir)
    print("done", flush=True)
""")
# markers a writer prints during the write: 4 fsyncs (staging), replace COMMIT, 4 replaces (moves)
WRITE_STEPS = 2 * TABLES_WRITTEN + 1


class _Importer:
    """The child import (see CHILD) and the line protocol with its writers."""

    def __init__(self, tmp_path: Path, mode: str, copies: list[Path]):
        self.own = _fresh_copy(tmp_path / "own")
        self.p = subprocess.Popen(
            [sys.executable, "-c", CHILD, str(new_workbook()), str(self.own), mode, *map(str, copies)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env={**os.environ, "PCI_DATA_DIR": str(self.own)},
        )

    def read(self, word: str) -> str:
        line = self.p.stdout.readline()
        if not line.startswith(word):
            self.__exit__()
            raise AssertionError(f"expected {word!r} from the import, got {line!r}: {self.p.stderr.read()[-2000:]}")
        return line.split(maxsplit=1)[1].strip() if " " in line.strip() else ""

    def go(self) -> None:
        self.p.stdin.write("go\n")
        self.p.stdin.flush()

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:  # a failed test leaves no import (or writer) waiting for "go"
        if self.p.poll() is None:
            self.p.stdin.close()  # a waiting writer reads end-of-file and goes on
            self.p.kill()
            self.p.wait(timeout=60)

    def finish(self) -> None:
        """The import completes its own write: its data/ is exactly the state of a complete import.

        "done" is read through the same buffered reader as every other line: `communicate()` reads the
        pipe itself and would miss a "done" that an earlier `readline()` had already buffered.
        """
        self.read("done")
        out, err = self.p.communicate(timeout=120)
        assert self.p.returncode == 0 and out.split() == [], err[-2000:]
        assert store.checksums(self.own) == states()[1]


def test_sigkill_at_every_step_of_the_write(tmp_path):
    """Kill a writer just after each fsync / before each replace: before or after, never a mix."""
    states()
    copies = [_fresh_copy(tmp_path / f"k{k}") for k in range(1, WRITE_STEPS + 1)]
    with _Importer(tmp_path, "steps", copies) as imp:
        for k in range(1, WRITE_STEPS + 1):
            pid = int(imp.read("writer"))
            imp.go()
            for seen in range(1, k + 1):
                imp.read("replace" if seen > TABLES_WRITTEN else "fsync")
                if seen < k:
                    imp.go()
            os.kill(pid, signal.SIGKILL)
            assert imp.read("ended") == str(int(signal.SIGKILL)), k
        imp.finish()
    outcome = {k: _recover_and_classify(d) for k, d in enumerate(copies, 1)}
    # killed during staging or before the manifest is in place: untouched; after: rolled forward
    assert [outcome[k] for k in range(1, WRITE_STEPS + 1)] == (
        ["before"] * (TABLES_WRITTEN + 1) + ["after"] * TABLES_WRITTEN
    ), outcome


def test_sigkill_after_random_delays(tmp_path):
    """Kill writers at full speed after random delays spread over the write: before or after, never a mix.

    The first writer is not killed: it times the write (and its copy must end up complete).
    """
    states()
    n = 8
    copies = [_fresh_copy(tmp_path / f"r{i}") for i in range(n + 1)]
    with _Importer(tmp_path, "random", copies) as imp:
        imp.read("writer")
        imp.go()
        duration = float(imp.read("wrote"))
        assert imp.read("ended") == "-1"
        rng = random.Random(7)
        delays = [rng.uniform(0, 1.2) * duration for _ in range(n)]
        for delay in delays:
            pid = int(imp.read("writer"))
            imp.go()
            time.sleep(delay)
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:  # the delay outlasted the write and the writer was reaped
                pass
            line = imp.p.stdout.readline()  # "ended 9", or "wrote ..." when the write finished before the kill
            assert line.split()[0] in ("ended", "wrote"), line
            if line.startswith("wrote"):
                imp.read("ended")
        imp.finish()
    results = [_recover_and_classify(d) for d in copies]
    print(f"random SIGKILL delays {[round(x, 3) for x in delays]} s of a {duration:.3f} s write -> {results}")
    assert results[0] == "after" and set(results) <= {"before", "after"}


# --------------------------------------------------------------------------- a second import is refused
HOLDER = textwrap.dedent("""
    import sys
    from analysis.core import store
    with store.data_lock(sys.argv[1]):
        print("locked", flush=True)
        sys.stdin.read()  # hold the lock until the parent closes stdin
""")


def test_second_import_while_one_holds_the_lock_is_refused(tmp_path):
    d = _fresh_copy(tmp_path)
    before = store.checksums(d)
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(d)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        r = subprocess.run(
            [sys.executable, "-m", "analysis", "import-workbook", str(new_workbook()), "--data-dir", str(d)],
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "PCI_DATA_DIR": str(d)},
        )
        assert r.returncode == 1
        assert "import-workbook refused: another import is running" in r.stderr and str(d) in r.stderr
        assert store.checksums(d) == before
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    # once the first one is done, the same command (its entry point, in this process) goes through
    assert importer.cli_import_workbook([str(new_workbook()), "--data-dir", str(d)]) == 0
    assert store.checksums(d) == states()[1]
