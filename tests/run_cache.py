"""Expensive test inputs built once per test run, shared by the pytest-xdist workers.

Each xdist worker is its own pytest session, so an ``lru_cache`` or a session fixture builds
its input once per worker: twice on two cores. :func:`built_once` builds a folder once per
run instead: the first worker that needs it builds it under a file lock, the others wait for
that build and reuse it (the recipe of pytest-xdist's "making session-scoped fixtures execute
only once"). The folders live in the run's temporary root, which pytest itself cleans up (it
keeps the last three runs). Without xdist they go to a fresh temporary folder, once per process.

A folder built here is shared: tests read it, or copy it before changing anything.
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from filelock import FileLock

ROOT: Path | None = None  # set by conftest: the run's temporary root under xdist, else None


def built_once(name: str, build: Callable[[Path], object]) -> Path:
    """``root/name`` after ``build(root/name)`` has run exactly once in this test run."""
    root = ROOT
    if root is None:
        folder = Path(tempfile.mkdtemp(prefix=f"pci-test-{name}-")) / name
        build(folder)
        return folder
    folder, done = root / name, root / f"{name}.done"
    with FileLock(str(root / f"{name}.lock")):
        if not done.exists():
            if folder.exists():  # a build that failed half-way in another worker
                shutil.rmtree(folder)
            build(folder)
            done.touch()
    return folder
