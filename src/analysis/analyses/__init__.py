"""Layer 2: the analyses (trends, comparison, projection, backtesting, targets). They read ``data/`` through
:mod:`analysis.data` and never write it, draw or format prose for a page."""
