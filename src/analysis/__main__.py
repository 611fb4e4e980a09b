"""Command line: ``python -m analysis <command>`` (or the ``pci`` console script).

  report            run every notebook, write HTML, figures, tables and the Excel workbook
  import-all        rebuild every table under data/ from ../shared (workbooks, seeds, provinces)
  import-workbook   add (or --replace) one year's official PCI workbook
  validate          check the committed tables against every rule; non-zero exit on errors
  sync-notebooks    regenerate notebooks/*.ipynb (no outputs) from their .py text sources
  brief             write a province brief (HTML and Word) with its key charts
"""
from __future__ import annotations

import argparse
import sys

COMMANDS = {
    "report": "run every notebook in a fresh kernel; write reports/*.html, figures/, reports/tables/ and reports/pci_tables.xlsx",
    "import-all": "rebuild every table under data/ from ../shared (official workbooks, seed documents, province codes)",
    "import-workbook": "add one year's official PCI workbook to data/ (validated first; --replace to overwrite a year)",
    "validate": "check the tables under data/ against every rule; exits non-zero with a readable report",
    "sync-notebooks": "write notebooks/NN_*.ipynb (without outputs) from the reviewed .py text sources",
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
    from .report import parse_param, run_report

    p = argparse.ArgumentParser(prog="python -m analysis report", description=COMMANDS["report"])
    p.add_argument("--only", nargs="+", metavar="NOTEBOOK",
                   help="run only these notebooks (e.g. 01_subindex_trends)")
    p.add_argument("-p", "--param", nargs=2, action="append", metavar=("NAME", "VALUE"), default=[],
                   help='set a notebook parameter, e.g. -p province "Điện Biên" (needs --only)')
    args = p.parse_args(argv)
    if args.param and not args.only:
        p.error("-p/--param needs --only NOTEBOOK")
    params = {k: parse_param(v) for k, v in args.param}
    return run_report(only=args.only, params=params)


def _sync(argv: list[str]) -> int:
    from .report import sync_notebooks

    argparse.ArgumentParser(prog="python -m analysis sync-notebooks", description=COMMANDS["sync-notebooks"]).parse_args(argv)
    for path in sync_notebooks():
        print(f"wrote {path}")
    return 0


def _import_all(argv: list[str]) -> int:
    from .importer import cli_import_all

    return cli_import_all(argv)


def _import_workbook(argv: list[str]) -> int:
    from .importer import cli_import_workbook

    return cli_import_workbook(argv)


def _validate(argv: list[str]) -> int:
    from .validate import cli_validate

    return cli_validate(argv)


def _brief(argv: list[str]) -> int:
    from .brief import cli_brief

    return cli_brief(argv)


HANDLERS = {
    "report": _report,
    "import-all": _import_all,
    "import-workbook": _import_workbook,
    "validate": _validate,
    "sync-notebooks": _sync,
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
