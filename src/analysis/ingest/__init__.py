"""The import side: every reader of ../shared, the validation rules and the only writer of data/.

Nothing outside this subpackage reads ../shared or writes data/; the analyses read data/ through
:mod:`analysis.data.loaders`. ``python -m analysis import-all`` runs :func:`.importer.import_all`.

The pipeline:
* :mod:`.workbooks` — layout detection and one reader per layout family of the VCCI PCI workbooks;
* :mod:`.papi_workbook` — the official PAPI provincial workbooks;
* :mod:`.seeds`, :mod:`.seed_targets` — the seed documents' tables, targets and statements (quotes
  checked against the seed text);
* :mod:`.province_source` — the province catalogue from the codes file and the GSO regions;
* :mod:`.numbers` — Vietnamese number parsing ("53,46", "1.423");
* :mod:`.validate` — the rules shared by the importer and ``python -m analysis validate``;
* :mod:`.store` — atomic, locked, journalled writes of data/ (and the read-only view of it);
* :mod:`.importer` — ``import_all`` / ``import_workbook``: all of the above, precedence, one write.

Sources beyond the official workbooks (issue 10):

PCI:
* :mod:`.pci_common` — the candidate-row schema every reader produces, :class:`SourceRefused`;
* :mod:`.stata_panel` — the researcher's Stata panel of composites (``research_panel``);
* :mod:`.pages` — the pcivietnam.vn page transcription (``official_page``) and the secondary
  portal/press table (``press``);
* :mod:`.press` — the press table of PCI 2022–2023 figures (``press``);
* :mod:`.precedence` — one value kept per year × province × indicator × field, every other one
  compared with it (``data/source_comparisons.csv``, ``data/source_agreement.csv``);
* :mod:`.derive` — the 2023 composite and rank derived from the 2023 sub-indices with the 2022
  weights, checked against every published figure;
* :mod:`.sources` — where each source lives under ``../shared`` and the ``import-source`` command.

PAPI:
* :mod:`.papi_subdimensions` — the research sub-dimension panel 2011–2024 (CSV per year);
* :mod:`.papi_tables` — the PAPI data tables 2015–2023 (.xlsm, values only, copies refused by content);
* :mod:`.papi_build` — every PAPI source combined with precedence and checks into the PAPI tables
  of ``data/`` (:func:`build_papi` for ``import_all``; :func:`write_papi_tables` to rebuild only
  the PAPI tables: ``python -m analysis.ingest``).
"""
