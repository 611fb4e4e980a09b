"""Figures for issue 7: hostile inputs tried, refused clearly, data/ changed (goal: none), hypothesis examples.

    .venv/bin/python benchmarks/hostile_report.py [--no-hypothesis] [--isolate]
    .venv/bin/python benchmarks/hostile_report.py --quick     # a dozen cases, no hypothesis (tests run this)

For every case of ``tests/hostile/corpus.py`` it builds the input in a temporary folder, runs
the real importer (``import_workbook``) against a private copy of ``data/`` and compares
``store.checksums`` before and after. A refusal is *clear* when the error is exactly the
expected class and its message starts with the file name and names the sheet/row/column the
case expects. Then it runs ``tests/test_properties.py`` with ``--hypothesis-show-statistics``
and adds up the examples hypothesis ran. Never writes the repository's data/.

Exit code 1 when any case is not as expected (a refusal that is not the expected class naming the expected
file, sheet and cell in Excel's terms, an accepted case read wrongly, data/ changed by a refusal), so the
quick mode, run by ``tests/test_benchmarks.py``, fails when the expectation does. ``--isolate`` runs each
case in its own process and adds its peak memory (the child's maximum resident set).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from analysis.core import store  # noqa: E402
from analysis.ingest import importer
from analysis.ingest import workbooks as W  # noqa: E402
from hostile import corpus  # noqa: E402


def clear(exc: BaseException, case: corpus.Case) -> bool:
    """The expected class, a message starting with the file and naming the sheet and the place in Excel's
    terms ('cell C13', 'row 13', 'column C'), with the attributes the case expects."""
    if type(exc) is not case.expect:
        return False
    if not isinstance(exc, W.WorkbookError):
        return len(str(exc)) > 20  # ValidationFailed / YearAlreadyPresentError: a readable sentence
    msg = str(exc)
    ok = bool(exc.file) and msg.startswith(exc.file)
    for attr, want in case.where.items():
        ok &= getattr(exc, attr) == want
    ok &= exc.sheet is None or f"sheet {exc.sheet!r}" in msg
    for words in W.excel_where(exc.row, exc.column):
        ok &= words in msg
    return ok


QUICK = (
    "zero_byte",
    "truncated_xlsx",
    "billion_laughs",
    "thousands_dot_ambiguous",
    "blank_score",
    "duplicated_province",
    "rows_3m_after_table",
    "rows_100k_after_table",
    "pci_2019_as_2020",
    "subindices_2023_as_2024",
    "pci_2018_resaved_as_2022",
    "year_already_present",
    "rows_5000_after_table",
)


def run_case(case: corpus.Case, work: Path) -> tuple[str, float, bool]:
    """(outcome line, seconds, as expected) of one case, on a private copy of data/ under ``work``."""
    (work / "in").mkdir(parents=True)
    data = work / "data"
    shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
    path = case.build(work / "in")
    before = store.checksums(data)
    t0 = time.perf_counter()
    kwargs = {"max_bytes": case.read_kwargs["max_bytes"]} if "max_bytes" in case.read_kwargs else {}
    parsed = None
    try:
        with importer._catalogue_at(data):
            parsed = W.read_workbook(path, **case.read_kwargs) if case.accepted else None
        importer.import_workbook(path, data_dir=data, **kwargs)
        outcome = "accepted"
    except Exception as exc:  # noqa: BLE001 - every outcome is reported
        outcome = exc
    dt = time.perf_counter() - t0
    changed = store.checksums(data) != before
    if case.accepted:
        good = outcome == "accepted" and changed
        if good and case.check is not None:
            try:
                with importer._catalogue_at(data):
                    case.check(parsed)
            except AssertionError:
                good = False
        return ("accepted, values checked" if good else f"WRONG: {outcome!r}"), dt, good
    ok = outcome != "accepted" and clear(outcome, case)
    name = type(outcome).__name__ if outcome != "accepted" else "accepted!"
    line = f"{name}{'' if ok else ' (NOT the expected clear error)'}" + (" DATA CHANGED" if changed else "")
    if outcome != "accepted":
        line += f": {str(outcome).splitlines()[0][:160]}"
    return line, dt, ok and not changed


def _isolated(name: str) -> tuple[str, float, bool, float]:
    """run_case in a child process: (line, seconds, ok, the child's peak memory in MB)."""
    proc = subprocess.Popen([sys.executable, __file__, "--one", name], stdout=subprocess.PIPE, text=True, cwd=REPO)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    try:
        line, dt, ok = json.loads(out.strip().splitlines()[-1])
    except (ValueError, IndexError):
        line, dt, ok = f"CRASHED (exit {proc.returncode})", float("nan"), False
    return line, dt, ok, usage.ru_maxrss / 1024


def run_corpus(names: tuple[str, ...] | None = None, isolate: bool = False) -> dict:
    stats = dict(
        tried=0, refused=0, refused_clear=0, accepted=0, accepted_correct=0, data_changed_on_refusal=0, wrong=[]
    )
    with tempfile.TemporaryDirectory(prefix="pci-hostile-") as tmp:
        for case in corpus.cases():
            if names is not None and case.name not in names:
                continue
            if isolate:
                line, dt, ok, mb = _isolated(case.name)
            else:
                line, dt, ok = run_case(case, Path(tmp) / case.name)
                mb = None
            stats["tried"] += 1
            if case.accepted:
                stats["accepted"] += 1
                stats["accepted_correct"] += ok
            else:
                stats["refused"] += not line.startswith("accepted!")
                stats["refused_clear"] += "NOT the expected" not in line and not line.startswith("accepted!")
                stats["data_changed_on_refusal"] += "DATA CHANGED" in line
            if not ok:
                stats["wrong"].append(case.name)
            mem = f" {mb:7.0f} MB" if mb is not None else ""
            print(f"  {case.name:<32} {dt:6.2f} s{mem}  {line}", flush=True)
    return stats


def hypothesis_examples() -> tuple[int, int, str]:
    """(passing examples, tests) from ``pytest tests/test_properties.py --hypothesis-show-statistics``."""
    r = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            str(REPO / "tests" / "test_properties.py"),
            "--hypothesis-show-statistics",
        ],
        capture_output=True,
        text=True,
        cwd=REPO,
    )
    # "300 passing, 0 failing, and 0 invalid test cases" (older hypothesis: "300 passing examples")
    examples = sum(int(n) for n in re.findall(r"(\d+) passing(?: examples?|,)", r.stdout))
    tests = len(re.findall(r"^tests/test_properties.py::\S+:", r.stdout, flags=re.M))
    summary = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:]
    return examples, tests, summary


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--no-hypothesis", action="store_true", help="skip the hypothesis run")
    p.add_argument("--quick", action="store_true", help=f"only {len(QUICK)} cases and no hypothesis run")
    p.add_argument("--isolate", action="store_true", help="each case in its own process, with its peak memory")
    p.add_argument("--one", help=argparse.SUPPRESS)  # the child of --isolate: one case, one JSON line
    args = p.parse_args(argv)
    if args.one:
        with tempfile.TemporaryDirectory(prefix="pci-hostile-") as tmp:
            print(json.dumps(run_case(corpus.by_name()[args.one], Path(tmp) / args.one)))
        return 0
    print("Hostile inputs (tests/hostile/corpus.py) through import_workbook on a copy of data/:")
    s = run_corpus(QUICK if args.quick else None, isolate=args.isolate)
    print()
    print(f"distinct bad-input cases tried:          {s['tried']}")
    print(
        f"  refused (expected):                    {s['refused']} of {s['tried'] - s['accepted']}, "
        f"with the exact error class and location: {s['refused_clear']}"
    )
    print(f"  legitimately readable, read correctly: {s['accepted_correct']} of {s['accepted']}")
    print(f"  refusals that changed data/:           {s['data_changed_on_refusal']}  (goal: 0)")
    if s["wrong"]:
        print(f"  NOT as expected: {', '.join(s['wrong'])}")
    if not (args.no_hypothesis or args.quick):
        n, tests, summary = hypothesis_examples()
        print(f"hypothesis examples run in tests/test_properties.py: {n} over {tests} property tests ({summary})")
    return 1 if s["wrong"] or s["data_changed_on_refusal"] else 0


if __name__ == "__main__":
    sys.exit(main())
