"""``python -m analysis.ingest``: rebuild only the PAPI tables of data/ from ../shared."""

from analysis.ingest.papi_build import cli_import_papi

raise SystemExit(cli_import_papi())
