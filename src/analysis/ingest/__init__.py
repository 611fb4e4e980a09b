"""The import side for sources other than the official workbooks, and the rules that join them.

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
"""
