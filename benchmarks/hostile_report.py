"""Figures for issue 7: hostile inputs tried, refused clearly, data/ changed (goal: none), hypothesis examples.

    .venv/bin/python benchmarks/hostile_report.py [--no-hypothesis]

For every case of ``tests/hostile/corpus.py`` it builds the input in a temporary folder, runs
the real importer (``import_workbook``) against a private copy of ``data/`` and compares
``store.checksums`` before and after. A refusal is *clear* when the error is exactly the
expected class and its message starts with the file name and names the sheet/row/column the
case expects. Then it runs ``tests/test_properties.py`` with ``--hypothesis-show-statistics``
and adds up the examples hypothesis ran. Never writes the repository's data/.
"""
from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests"))

from analysis.ingest import importer
from analysis.core import store  # noqa: E402
from analysis.ingest import workbooks as W  # noqa: E402
from hostile import corpus  # noqa: E402


def clear(exc: BaseException, case: corpus.Case) -> bool:
    if type(exc) is not case.expect:
        return False
    if not isinstance(exc, W.WorkbookError):
        return len(str(exc)) > 20  # ValidationFailed / YearAlreadyPresentError: a readable sentence
    msg = str(exc)
    ok = bool(exc.file) and msg.startswith(exc.file)
    for attr, want in case.where.items():
        ok &= getattr(exc, attr) == want
    for attr, label in (("sheet", "sheet {!r}"), ("row", "row {}"), ("column", "column {}")):
        v = getattr(exc, attr)
        ok &= v is None or label.format(v) in msg
    return ok


def run_corpus() -> dict:
    stats = dict(tried=0, refused=0, refused_clear=0, accepted=0, accepted_correct=0, data_changed_on_refusal=0,
                 wrong=[])
    with tempfile.TemporaryDirectory(prefix="pci-hostile-") as tmp:
        for case in corpus.cases():
            work = Path(tmp) / case.name
            (work / "in").mkdir(parents=True)
            data = work / "data"
            shutil.copytree(REPO / "data", data, ignore=shutil.ignore_patterns(store.LOCK_FILE, store.TXN_DIR))
            path = case.build(work / "in")
            before = store.checksums(data)
            stats["tried"] += 1
            t0 = time.perf_counter()
            kwargs = {"max_bytes": case.read_kwargs["max_bytes"]} if "max_bytes" in case.read_kwargs else {}
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
                stats["accepted"] += 1
                good = outcome == "accepted" and changed
                if good and case.check is not None:
                    try:
                        with importer._catalogue_at(data):
                            case.check(parsed)
                    except AssertionError:
                        good = False
                stats["accepted_correct"] += good
                line = "accepted, values checked" if good else f"WRONG: {outcome!r}"
            else:
                stats["refused"] += outcome != "accepted"
                ok = outcome != "accepted" and clear(outcome, case)
                stats["refused_clear"] += ok
                stats["data_changed_on_refusal"] += changed
                name = type(outcome).__name__ if outcome != "accepted" else "accepted!"
                line = f"{name}{'' if ok else ' (NOT the expected clear error)'}" + (" DATA CHANGED" if changed else "")
            if line.startswith("WRONG") or "NOT" in line or "DATA" in line or "accepted!" in line:
                stats["wrong"].append(case.name)
            print(f"  {case.name:<32} {dt:6.2f} s  {line}")
    return stats


def hypothesis_examples() -> tuple[int, int, str]:
    """(passing examples, tests) from ``pytest tests/test_properties.py --hypothesis-show-statistics``."""
    r = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", str(REPO / "tests" /
                        "test_properties.py"), "--hypothesis-show-statistics"], capture_output=True, text=True,
                       cwd=REPO)
    # "300 passing, 0 failing, and 0 invalid test cases" (older hypothesis: "300 passing examples")
    examples = sum(int(n) for n in re.findall(r"(\d+) passing(?: examples?|,)", r.stdout))
    tests = len(re.findall(r"^tests/test_properties.py::\S+:", r.stdout, flags=re.M))
    summary = r.stdout.strip().splitlines()[-1] if r.stdout.strip() else r.stderr[-300:]
    return examples, tests, summary


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--no-hypothesis", action="store_true", help="skip the hypothesis run")
    args = p.parse_args(argv)
    print("Hostile inputs (tests/hostile/corpus.py) through import_workbook on a copy of data/:")
    s = run_corpus()
    print()
    print(f"distinct bad-input cases tried:          {s['tried']}")
    print(f"  refused (expected):                    {s['refused']} of {s['tried'] - s['accepted']}, "
          f"with the exact error class and location: {s['refused_clear']}")
    print(f"  legitimately readable, read correctly: {s['accepted_correct']} of {s['accepted']}")
    print(f"  refusals that changed data/:           {s['data_changed_on_refusal']}  (goal: 0)")
    if s["wrong"]:
        print(f"  NOT as expected: {', '.join(s['wrong'])}")
    if not args.no_hypothesis:
        n, tests, summary = hypothesis_examples()
        print(f"hypothesis examples run in tests/test_properties.py: {n} over {tests} property tests ({summary})")
    return 1 if s["wrong"] or s["data_changed_on_refusal"] else 0


if __name__ == "__main__":
    sys.exit(main())
