"""Importers for the sources added with the 2019–2024 extension (issue 10): the PAPI side.

* :mod:`.papi_subdimensions` — the research sub-dimension panel 2011–2024 (CSV per year);
* :mod:`.papi_tables` — the PAPI data tables 2015–2023 (.xlsm, values only, copies refused by content);
* :mod:`.papi_build` — every PAPI source combined with precedence and checks into the PAPI tables
  of ``data/`` (:func:`build_papi` for ``import_all``; :func:`write_papi_tables` to rebuild only
  the PAPI tables: ``python -m analysis.ingest``).
"""
from .papi_build import PapiBuild, build_papi, write_papi_tables

__all__ = ["PapiBuild", "build_papi", "write_papi_tables"]
