# JupyterLab settings for this repository, loaded by `make lab`
# (JUPYTER_CONFIG_PATH=jupyter); see src/analysis/lab.py for why.
c = get_config()  # noqa: F821

# notebooks are saved without outputs, so the committed .ipynb stays clean
c.ContentsManager.pre_save_hook = "analysis.outputs.lab.strip_outputs"
# each notebook is a pair (NN_name.ipynb + NN_name.py, kept in step by jupytext): list it once
c.ContentsManager.hide_globs = [
    "__pycache__", "*.pyc", "*.pyo", ".DS_Store", "*~",  # the server's defaults
    "[0-9][0-9]_*.py",
]
