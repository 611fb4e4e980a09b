"""Layer 1: data access. The catalogue (names, weights, periods, source kinds, curated facts in
``catalog_data/``), the 63- and 34-unit maps, the loaders of ``data/`` (read only), coverage and provenance."""
