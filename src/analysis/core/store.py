"""The only writer of ``data/``: atomic multi-file updates under a lock, with checksums.

An update is a transaction:

1. the new tables are written to ``data/.txn/`` (nothing under ``data/`` changes);
2. a ``COMMIT`` manifest is written (atomic rename) — the point of no return;
3. each file is moved into place with ``os.replace`` and the journal is removed.

If the process dies before step 2, the next writer finds ``.txn`` without a
``COMMIT`` and deletes it: ``data/`` is byte-identical to before. If it dies during step 3,
the next one finishes the moves (roll forward), so ``data/`` is never a mix of old and new.
A second import while one is running is refused (lock file ``data/.import.lock``).
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import shutil
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path

import pandas as pd
from filelock import FileLock, Timeout

from analysis.core import paths

TXN_DIR = ".txn"
LOCK_FILE = ".import.lock"


class ImportLockedError(RuntimeError):
    """Another import holds the lock on ``data/``."""


def sha256_file(path: Path) -> str:
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, "sha256").hexdigest()  # reads into one reused buffer


def csv_bytes(df: pd.DataFrame) -> bytes:
    """The canonical CSV form of a table: UTF-8, '\\n' line ends, full float precision."""
    buf = io.StringIO()
    df.to_csv(buf, index=False, lineterminator="\n", float_format=None)
    return buf.getvalue().encode("utf-8")


@contextmanager
def data_lock(data_dir: Path | None = None) -> Iterator[Path]:
    """Hold the import lock; refuse at once if another import holds it."""
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    d.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(d / LOCK_FILE))
    try:
        lock.acquire(timeout=0)
    except Timeout:
        raise ImportLockedError(
            f"another import is running on {d} (lock {d / LOCK_FILE}); wait for it to finish. "
            "If no import is running, the lock is stale: delete that file."
        ) from None
    try:
        recover(d)
        yield d
    finally:
        lock.release()


def recover(data_dir: Path | None = None) -> str:
    """Finish or discard a transaction left by a killed writer. Returns what it did."""
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    txn = d / TXN_DIR
    if not txn.exists():
        return "clean"
    manifest = txn / "COMMIT"
    if not manifest.exists():
        shutil.rmtree(txn)
        return "rolled back"
    names = json.loads(manifest.read_text(encoding="utf-8"))["files"]
    for name in names:
        staged = txn / name
        if staged.exists():
            os.replace(staged, d / name)
    shutil.rmtree(txn)
    return "rolled forward"


def committed_path(name: str, data_dir: Path | None = None) -> Path:
    """Where the committed version of ``data/<name>`` is, without writing anything.

    Readers never write (no lock, no repair): if an import left a transaction behind, the
    committed state is still well defined — before its ``COMMIT`` manifest the old file in
    ``data/`` is the committed one; after it, the staged file for every table the manifest
    names (until it has been moved into place). The next writer repairs ``data/``.
    """
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    manifest = d / TXN_DIR / "COMMIT"
    if manifest.exists():
        try:
            names = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        except (OSError, ValueError, KeyError):  # being written this instant: not committed yet
            names = []
        staged = d / TXN_DIR / name
        if name in names and staged.exists():
            return staged
    return d / name


def write_tables(
    tables: Mapping[str, pd.DataFrame | bytes],
    data_dir: Path | None = None,
    *,
    validate: Callable[[Path], None] | None = None,
    _fail_after_staging: bool = False,
) -> dict[str, str]:
    """Atomically replace ``data/<name>`` for every table; return name -> sha256.

    ``validate(staging_dir)`` may inspect the staged files and raise to abort; nothing under
    ``data/`` changes in that case. Call inside :func:`data_lock`.
    """
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    txn = d / TXN_DIR
    if txn.exists():
        recover(d)
    txn.mkdir(parents=True)
    try:
        sums = {}
        for name, table in tables.items():
            if "/" in name or name.startswith("."):
                raise ValueError(f"table name {name!r} must be a plain file name")
            data = table if isinstance(table, bytes) else csv_bytes(table)
            target = txn / name
            with open(target, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            sums[name] = hashlib.sha256(data).hexdigest()
        if validate is not None:
            validate(txn)
        if _fail_after_staging:  # test hook: simulate a crash before the commit point
            raise RuntimeError("simulated crash before commit")
        tmp_manifest = txn / "COMMIT.tmp"
        tmp_manifest.write_text(json.dumps({"files": list(tables)}), encoding="utf-8")
        os.replace(tmp_manifest, txn / "COMMIT")
    except BaseException:
        shutil.rmtree(txn, ignore_errors=True)
        raise
    recover(d)
    return sums


def checksums(data_dir: Path | None = None) -> dict[str, str]:
    """sha256 of every file under ``data/`` (for before/after comparisons)."""
    d = Path(data_dir) if data_dir is not None else paths.data_dir()
    return {str(p.relative_to(d)): sha256_file(p) for p in sorted(d.rglob("*")) if p.is_file() and p.name != LOCK_FILE}
