# The two commands a newcomer needs:  make report   and   make test
# Both create the virtual environment .venv (Python 3.11+) on first use.
# The venv's interpreter: the distribution's /usr/bin/python3 when it can make a venv with pip and is the same
# Python (3.11 or newer, same minor version) as the first python3 on the PATH: Debian and Ubuntu build it with
# profile-guided and link-time optimisation, and the whole test suite took 13% less CPU on Debian's 3.11.2 than on
# a pyenv build of 3.11.7 (198 against 229 CPU-seconds, byte-identical pages, figures and tables). Else python3
# from the PATH. PYTHON=... picks another. (The check's own output goes to /dev/null: $(shell) keeps stdout.)
SYSTEM_PYTHON := /usr/bin/python3
PY_MINOR = $(1) -c 'import sys; print("%d.%d" % sys.version_info[:2])' 2>/dev/null
ifeq ($(origin PYTHON),undefined)
PYTHON := $(shell s=$$($(call PY_MINOR,$(SYSTEM_PYTHON))); p=$$($(call PY_MINOR,python3)); \
            if [ -n "$$s" ] && { [ -z "$$p" ] || [ "$$s" = "$$p" ]; } \
              && $(SYSTEM_PYTHON) -c 'import sys, ensurepip, venv; sys.exit(sys.version_info < (3, 11))' >/dev/null 2>&1; \
            then echo $(SYSTEM_PYTHON); else echo python3; fi)
endif
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp
# Python caches compiled modules (.pyc, in .venv and the ignored src/__pycache__) the first time a process
# imports them; a shell that sets PYTHONDONTWRITEBYTECODE would otherwise make every kernel,
# test worker and command compile pandas, matplotlib and the package from source again (about 2 s each)
unexport PYTHONDONTWRITEBYTECODE
PROVINCE ?= Điện Biên
BRIEF_LANG ?= vi

.PHONY: report test lab import add-year validate notebook brief sync-notebooks benchmark clean-outputs help

help:
	@echo "make report    regenerate every notebook (HTML), figure and table from the committed data"
	@echo "make test      ruff check, then the whole test suite (executes every notebook)"
	@echo "make lab       open the notebooks in JupyterLab"
	@echo "make notebook PROVINCE='Điện Biên'   the sub-index notebook for another province"
	@echo "make brief PROVINCE='Điện Biên' [BRIEF_LANG=vi|en|both]   a province brief: HTML and Word (.docx)"
	@echo "make add-year WORKBOOK=path/to/PCI_YYYY.xlsx   add a new edition, then rerun the projection backtest"
	@echo "make import    rebuild data/ from ../shared (workbooks, research panel, pages, press, seed documents)"
	@echo "make validate  check the committed data against every rule"
	@echo "make benchmark print import, projection, figure-saving and report timings (report against its floor)"

$(STAMP): pyproject.toml requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 or newer is needed (found " + sys.version.split()[0] + "); set PYTHON=python3.11")'
	@# the venv without pip (ensurepip alone takes about 3 s): uv comes from the interpreter's own pip, which can
	@# install into another environment (pip 22.3+), else from a pip bootstrapped into the venv
	@test -x $(PY) || $(PYTHON) -m venv --without-pip $(VENV)
	@# exactly the versions of requirements.lock (hash-checked), then the package itself without
	@# resolving anything; uv does it in about a fifth of pip's time, pip alone from the same lock
	@# when uv cannot be had
	{ $(PYTHON) -m pip --python $(PY) install --quiet uv 2>/dev/null \
	    || { $(PY) -m ensurepip >/dev/null && $(PY) -m pip install --quiet uv; }; } \
	  && $(PY) -m uv pip install --quiet --python $(PY) --require-hashes -r requirements.lock \
	  && $(PY) -m uv pip install --quiet --python $(PY) --no-deps -e . \
	  || { { $(PY) -m pip --version >/dev/null 2>&1 || $(PY) -m ensurepip >/dev/null; } \
	       && $(PY) -m pip install --quiet --no-compile --require-hashes -r requirements.lock \
	       && $(PY) -m pip install --quiet --no-deps -e . ; }
	@# Nothing is compiled to bytecode here: each module is compiled the first time a process imports it and
	@# cached (.pyc) for every later process. A first `make test` imports about 3,500 of the venv's 6,000
	@# modules; compiling all of them at install took 7.6 s on 2 cores, compiling them as they are imported
	@# about 2-3 s of that first run (the warm kernel server imports the kernels' modules once for all of them)
	@touch $(STAMP)

report: $(STAMP)
	$(PY) -m analysis report

# ruff first: a lint error fails in a second, before the notebooks run
test: $(STAMP)
	$(VENV)/bin/ruff check src tests benchmarks notebooks
	$(VENV)/bin/ruff format --check src tests benchmarks notebooks
	$(PY) -m pytest

# jupyter/jupyter_server_config.py: saving strips outputs and lists each notebook pair once; as root (a
# container) JupyterLab refuses to start without --allow-root
lab: $(STAMP)
	JUPYTER_CONFIG_PATH="$(CURDIR)/jupyter" $(VENV)/bin/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root)

notebook: $(STAMP)
	$(PY) -m analysis report --only 01_subindex_trends -p province "$(PROVINCE)"

brief: $(STAMP)
	$(PY) -m analysis brief "$(PROVINCE)" --lang "$(BRIEF_LANG)"

import: $(STAMP)
	$(PY) -m analysis import-all
	$(PY) -m analysis backtest --papi

# a new annual edition: make add-year WORKBOOK=path/to/PCI_2024.xlsx [YEAR=2024] [EXPECTED=30]
add-year: $(STAMP)
	@test -n "$(WORKBOOK)" || { echo "usage: make add-year WORKBOOK=path/to/PCI_YYYY.xlsx [YEAR=YYYY] [EXPECTED=N]"; exit 2; }
	$(PY) -m analysis import-workbook "$(WORKBOOK)" $(if $(YEAR),--year $(YEAR)) $(if $(EXPECTED),--expected-count $(EXPECTED))
	$(PY) -m analysis backtest --papi

validate: $(STAMP)
	$(PY) -m analysis validate

sync-notebooks: $(STAMP)
	$(PY) -m analysis sync-notebooks

benchmark: $(STAMP)
	$(PY) benchmarks/import_all.py
	$(PY) benchmarks/project_draws.py
	$(PY) benchmarks/save_figure.py
	$(PY) benchmarks/report.py

clean-outputs:
	rm -rf reports
	find figures -type f ! -name .gitkeep -delete
