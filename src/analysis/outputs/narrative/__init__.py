"""Generated prose of the notebooks: the notes and "what this shows" summaries, computed from their tables.

One module per notebook family: :mod:`.trends` (one province's sub-indices, notebook 01) and
:mod:`.compare` (provinces against each other, notebook 02), :mod:`.planner` (the planner's words and
tables, page 03 and the brief). Every function takes a
:class:`analysis.core.prose.Prose` (the run's language: "vi", "en" or "both") and the tables the
analyses return, and gives Markdown lines; numbers are never typed in.
"""
