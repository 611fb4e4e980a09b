"""Chart functions. Each returns a matplotlib Figure; saving is the caller's one line
(:func:`analysis.save_figure`). One module per theme (``overview``, ``trends``, ``compare``, ``project``,
``planner``, ``admin_reform``, ``brief``); ``common`` holds what they share (break markers, 'no data' marks,
year axes, label wrapping). The house style and :func:`~analysis.outputs.style.save_figure` live in
:mod:`analysis.outputs.style`; :mod:`analysis.outputs.figcheck` checks a saved figure."""
