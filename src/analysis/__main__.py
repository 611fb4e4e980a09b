"""Command line: ``python -m analysis <command>`` (or the ``pci`` console script).

  report            run every notebook (in parallel), write HTML pages, figures, tables and the Excel workbook
  import-all        rebuild every table under data/ from ../shared (workbooks, seeds, provinces)
  import-workbook   add (or --replace) one year's official PCI workbook
  import-source     read and check one other PCI source (--kind research_panel | official_page | secondary | press)
  validate          check the committed tables against every rule; non-zero exit on errors
  sync-notebooks    regenerate notebooks/*.ipynb (no outputs) from their .py text sources
  build-map34       rebuild the 34-unit tables (province_units_2025.csv, pci_panel_34.csv) from pci_panel.csv
  backtest          rolling-origin backtest of the projection methods; writes the default method's choice
  brief             write a province brief (HTML and Word) with its key charts

Each command imports its own modules when it runs (the one place the package imports inside functions,
besides the lazy ``save_figure`` of ``analysis/__init__.py``; tests/test_layers.py lists both): this
module is the top layer, so nothing it loads late hides a cycle or an upward import, while loading every
command up front would make each one start with the report's and the brief's imports (jupytext,
nbconvert, matplotlib's pyplot): ``python -m analysis --help`` took 8.4 s against 3.0 s lazily
(2-core machine, best of 3), and tests/test_style.py requires the commands to start without pyplot.
"""

from __future__ import annotations

import argparse
import sys
import warnings

from analysis.core import paths

COMMANDS = {
    "report": "run every notebook in a fresh kernel (one per core); write reports/*.html, figures/, reports/tables/ and "
    "reports/pci_tables.xlsx (a run with -p: reports/runs/<notebook>__<parameters>/)",
    "import-all": "rebuild every table under data/ from ../shared (official workbooks, research panel, pages, press, "
    "seed documents, province codes)",
    "import-workbook": "add one year's official PCI workbook to data/ (validated first; --replace to overwrite a year)",
    "import-source": "read and check one PCI source that is not an official workbook (--kind research_panel, "
    "official_page, secondary, press) and compare it with the committed panel",
    "validate": "check the tables under data/ against every rule; exits non-zero with a readable report",
    "sync-notebooks": "write notebooks/NN_*.ipynb (without outputs) from the reviewed .py text sources",
    "build-map34": "rebuild data/province_units_2025.csv and data/pci_panel_34.csv (the 34-unit map) from data/pci_panel.csv",
    "backtest": "rolling-origin backtest of the projection methods; writes data/projection_backtest.csv, "
    "data/projection_skill.csv and data/projection_default.csv (what method='default' uses)",
    "brief": "write a province brief: reports/brief/<province>/brief.html and brief.docx with its figures",
}


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="python -m analysis",
        description="Vietnam PCI toolkit: import the official data, validate it, regenerate the report.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="Run `python -m analysis <command> --help` for a command's options.",
    )
    sub = p.add_subparsers(dest="command", metavar="command")
    for name, help_ in COMMANDS.items():
        sub.add_parser(name, help=help_, add_help=False)
    return p


def _report(argv: list[str]) -> int:
    from analysis.outputs.report import parse_param, run_report

    p = argparse.ArgumentParser(prog="python -m analysis report", description=COMMANDS["report"])
    p.add_argument("--only", nargs="+", metavar="NOTEBOOK", help="run only these notebooks (e.g. 01_subindex_trends)")
    p.add_argument(
        "-p",
        "--param",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        default=[],
        help='set a notebook parameter, e.g. -p province "Điện Biên" (needs --only); the run '
        "writes into its own folder reports/runs/<notebook>__<name>-<value>/",
    )
    p.add_argument(
        "--with-code",
        action="store_true",
        help="show the code cells in the HTML pages (hidden by default; for reviewers)",
    )
    p.add_argument(
        "-j",
        "--jobs",
        type=int,
        default=None,
        metavar="N",
        help="notebooks run at the same time (default: the number of cores)",
    )
    args = p.parse_args(argv)
    if args.param and not args.only:
        p.error("-p/--param needs --only NOTEBOOK")
    params = {}
    for k, v in args.param:
        if k in params:
            p.error(f"parameter {k!r} given twice")
        params[k] = parse_param(v)
    return run_report(only=args.only, params=params, with_code=args.with_code, jobs=args.jobs)


def _sync(argv: list[str]) -> int:
    from analysis.outputs.report import sync_notebooks

    argparse.ArgumentParser(
        prog="python -m analysis sync-notebooks", description=COMMANDS["sync-notebooks"]
    ).parse_args(argv)
    for path in sync_notebooks():
        print(f"wrote {path}")
    return 0


def _import_all(argv: list[str]) -> int:
    from analysis.ingest.importer import cli_import_all

    return cli_import_all(argv)


def _import_workbook(argv: list[str]) -> int:
    from analysis.ingest.importer import cli_import_workbook

    return cli_import_workbook(argv)


def _import_source(argv: list[str]) -> int:
    from analysis.ingest.sources import cli_import_source

    return cli_import_source(argv)


def _validate(argv: list[str]) -> int:
    from analysis.ingest.validate import cli_validate

    return cli_validate(argv)


def _build_map34(argv: list[str]) -> int:
    from pathlib import Path

    from analysis.data.maps import MapError
    from analysis.ingest.map34 import rebuild

    p = argparse.ArgumentParser(prog="python -m analysis build-map34", description=COMMANDS["build-map34"])
    p.add_argument("--data-dir", type=Path, default=None, help="default: data/ or $PCI_DATA_DIR")
    p.add_argument("--shared-dir", type=Path, default=None, help="default: ../shared or $PCI_SHARED_DIR")
    args = p.parse_args(argv)
    try:
        sums = rebuild(args.data_dir, args.shared_dir)
    except (MapError, FileNotFoundError) as exc:
        print(f"build-map34 refused: {exc}", file=sys.stderr)
        return 1
    print("Written: " + ", ".join(f"{k} ({v[:12]})" for k, v in sorted(sums.items())))
    return 0


def _backtest(argv: list[str]) -> int:
    from analysis.ingest.backtest_tables import cli_backtest

    return cli_backtest(argv)


def _brief(argv: list[str]) -> int:
    """The brief, with the engine's warnings in a log (not on the terminal) and the figure check as strict as
    the report's: a figure with a label off its canvas or two labels over each other fails the command (1)."""
    from analysis.outputs.brief import cli_brief
    from analysis.outputs.style import FigureLayoutWarning

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rc = cli_brief(argv)
    layout = [w for w in caught if issubclass(w.category, FigureLayoutWarning)]
    notes = [w for w in caught if not issubclass(w.category, FigureLayoutWarning)]
    if notes:
        log = paths.reports_dir() / "brief" / "engine_notes.log"
        log.parent.mkdir(parents=True, exist_ok=True)
        with log.open("a", encoding="utf-8") as fh:
            fh.write(f"brief {' '.join(argv)}\n" + "".join(f"  {w.category.__name__}: {w.message}\n" for w in notes))
        print(f"brief: {len(notes)} note(s) of the projection engine in {log}")
    for w in layout:
        print(f"brief: figure check: {w.message}", file=sys.stderr)
    return 1 if layout and rc == 0 else rc


HANDLERS = {
    "report": _report,
    "import-all": _import_all,
    "import-workbook": _import_workbook,
    "import-source": _import_source,
    "validate": _validate,
    "sync-notebooks": _sync,
    "build-map34": _build_map34,
    "backtest": _backtest,
    "brief": _brief,
}


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser()
    if not argv or argv[0] in ("-h", "--help"):
        parser.print_help()
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command not in HANDLERS:
        parser.error(f"unknown command {command!r}; choose from {', '.join(HANDLERS)}")
    return HANDLERS[command](rest)


if __name__ == "__main__":
    sys.exit(main())
