"""Chart functions. Each returns a matplotlib Figure; saving is the caller's one line
(:func:`analysis.save_figure`). One module per theme: ``trends``, ``compare``, ``project``."""
