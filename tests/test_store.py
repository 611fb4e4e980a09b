"""Atomic, locked writes to data/: a failed or killed update leaves every file as it was."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from analysis.core import store


def _frame(v: float) -> pd.DataFrame:
    return pd.DataFrame({"year": [2016], "score": [v]})


def test_write_then_read_back(tmp_path):
    with store.data_lock(tmp_path):
        sums = store.write_tables({"a.csv": _frame(53.459), "b.csv": _frame(1.0)}, tmp_path)
    assert (tmp_path / "a.csv").read_text() == "year,score\n2016,53.459\n"
    assert sums["a.csv"] == store.sha256_file(tmp_path / "a.csv")
    assert not (tmp_path / store.TXN_DIR).exists()


def test_failed_validation_leaves_files_byte_identical(tmp_path):
    with store.data_lock(tmp_path):
        store.write_tables({"a.csv": _frame(1.0)}, tmp_path)
    before = store.checksums(tmp_path)

    def reject(_staging):
        raise ValueError("rejected")

    with pytest.raises(ValueError, match="rejected"):
        store.write_tables({"a.csv": _frame(2.0), "new.csv": _frame(3.0)}, tmp_path, validate=reject)
    assert store.checksums(tmp_path) == before


def test_crash_before_commit_is_rolled_back(tmp_path):
    with store.data_lock(tmp_path):
        store.write_tables({"a.csv": _frame(1.0)}, tmp_path)
    before = store.checksums(tmp_path)
    with pytest.raises(RuntimeError, match="simulated crash"):
        store.write_tables({"a.csv": _frame(2.0)}, tmp_path, _fail_after_staging=True)
    assert store.checksums(tmp_path) == before


def test_leftover_uncommitted_journal_is_discarded(tmp_path):
    (tmp_path / "a.csv").write_text("old\n")
    txn = tmp_path / store.TXN_DIR
    txn.mkdir()
    (txn / "a.csv").write_text("half-written")
    assert store.recover(tmp_path) == "rolled back"
    assert (tmp_path / "a.csv").read_text() == "old\n"


def test_committed_journal_is_rolled_forward(tmp_path):
    (tmp_path / "a.csv").write_text("old\n")
    (tmp_path / "b.csv").write_text("old\n")
    txn = tmp_path / store.TXN_DIR
    txn.mkdir()
    (txn / "b.csv").write_text("new\n")  # a.csv already moved before the crash
    (tmp_path / "a.csv").write_text("new\n")
    (txn / "COMMIT").write_text('{"files": ["a.csv", "b.csv"]}')
    assert store.recover(tmp_path) == "rolled forward"
    assert (tmp_path / "a.csv").read_text() == (tmp_path / "b.csv").read_text() == "new\n"


def test_second_writer_is_refused_while_the_lock_is_held(tmp_path):
    with store.data_lock(tmp_path):
        with pytest.raises(store.ImportLockedError, match="another import is running"):
            with store.data_lock(tmp_path):
                pass


def _tree(d):
    """Every file under d (the journal included) with its bytes: what a reader must not change."""
    return {p.relative_to(d).as_posix(): p.read_bytes() for p in sorted(d.rglob("*")) if p.is_file()}


def test_a_loader_reads_a_committed_update_without_writing(data_copy):
    """A writer killed after its commit point left pci_panel.csv moved but sources.csv staged:
    a reader reads the committed (new) state and writes nothing; the next writer repairs."""
    import analysis

    txn = data_copy / store.TXN_DIR
    txn.mkdir()
    new_sources = (data_copy / "sources.csv").read_text(encoding="utf-8")
    (txn / "sources.csv").write_text(new_sources.replace("calamine", "calamine "), encoding="utf-8")
    (txn / "COMMIT").write_text('{"files": ["pci_panel.csv", "sources.csv"]}')
    before = _tree(data_copy)
    sources = analysis.load_sources()
    assert sources["reader"].str.endswith(" ").any()  # the staged (new) file is what was read
    assert _tree(data_copy) == before  # reading never writes
    assert store.recover(data_copy) == "rolled forward" and not txn.exists()
    assert analysis.load_sources()["reader"].str.endswith(" ").any()


def test_a_loader_ignores_an_uncommitted_update_without_writing(data_copy):
    import analysis

    checksums = store.checksums(data_copy)
    txn = data_copy / store.TXN_DIR
    txn.mkdir()
    (txn / "pci_panel.csv").write_text("half-written")
    before = _tree(data_copy)
    panel = analysis.load_pci()
    # the committed panel: every province's composite 2009-2023 (PCI workbooks 2009-2019, pages and
    # research panel 2020-2022, 2023 derived) plus sub-indices: more than 63 x 15 rows
    assert len(panel) > 63 * 15
    assert _tree(data_copy) == before and txn.exists()  # nothing repaired, nothing written
    assert store.recover(data_copy) == "rolled back" and store.checksums(data_copy) == checksums


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
