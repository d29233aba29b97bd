# One-command set-up, build and test. Run `make help` for the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
JB := $(BIN)/jupyter-book
JB_FLAGS := -n -W --keep-going
# Debian packages the PDF build needs (xelatex, latexmk, sphinx-jupyterbook-latex's bbm.sty,
# fonts: FreeSerif for Latin and Cyrillic, Noto CJK for Hangul).
TEX_PACKAGES := texlive-latex-recommended texlive-latex-extra texlive-fonts-recommended \
	texlive-fonts-extra texlive-xetex latexmk fonts-freefont-otf fonts-noto-cjk

CFF_VENV := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed
# The notebooks' kernel: the project's .venv, registered inside it (never in ~/.local).
KERNEL := newsframes
KERNEL_SPEC := $(VENV)/share/jupyter/kernels/$(KERNEL)/kernel.json
LAB_ARGS ?=

.PHONY: help setup python kernel nltk tex cff browser book html pdf lab test lint sync bench bench-render bench-scale release clean

help:
	@echo "make book   set up (venv, packages, NLTK data, TeX), then build HTML and PDF"
	@echo "make test   set up, then run the unit tests and the whole-book build test"
	@echo "make setup  only the set-up (idempotent, quick once done)"
	@echo "make release VERSION=x.y.z   set the version, date the changelog, commit and tag"
	@echo "make lab    set up, then open JupyterLab on the notebooks with the project's kernel"
	@echo "make bench  throughput and memory of analyze against bare NLTK (500 Brown texts)"
	@echo "make bench-render   time to render one article's text at 100 kB, 1 MB and 3 MB"
	@echo "make bench-scale    cost against corpus size at 1,000, 2,000 and 5,000 articles (about 15 minutes)"
	@echo "make sync   after editing a chapter: write its .ipynb from its .md (or back)"
	@echo "make html | make pdf | make lint | make clean"

setup: python kernel nltk tex cff browser

python: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -r requirements.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $@

# The Jupyter kernel "Python (newsframes)" runs .venv's Python. It is registered in
# .venv/share/jupyter (--sys-prefix), so the user's own Jupyter set-up is never touched;
# every notebook names it in its metadata, so JupyterLab and the book build both use it.
kernel: $(KERNEL_SPEC)

$(KERNEL_SPEC): $(STAMP)
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) \
		--display-name "Python (newsframes)" >/dev/null
	@echo "registered the Jupyter kernel '$(KERNEL)' in $(VENV)"

# cffconvert validates CITATION.cff; it needs jsonschema < 4, so it has a venv of its own.
cff: $(CFF_STAMP)

$(CFF_STAMP): requirements-cff.txt
	test -x $(CFF_VENV)/bin/python || $(PYTHON) -m venv $(CFF_VENV)
	$(CFF_VENV)/bin/python -m pip install --quiet -r requirements-cff.txt
	touch $@

# Headless Chromium and its driver for the browser test (Debian packages).
browser:
	@bash tools/ensure_chromium.sh

# Every declared NLTK package, fetched with NLTK's downloader into .nltk_data unless
# NLTK_DATA (or NLTK's usual folders) already has it.
nltk: $(STAMP)
	$(BIN)/python -m newsframes resources --ensure

tex:
	@missing=0; \
	for cmd in xelatex latexmk kpsewhich; do command -v $$cmd >/dev/null || missing=1; done; \
	[ $$missing = 0 ] && kpsewhich bbm.sty >/dev/null && fc-list | grep -qi FreeSerif \
		&& fc-list | grep -qi "Noto Serif CJK" || missing=1; \
	if [ $$missing = 0 ]; then exit 0; fi; \
	install="apt-get install -y --no-install-recommends $(TEX_PACKAGES)"; \
	if [ "$$(id -u)" = 0 ]; then \
		echo "installing TeX: $$install"; \
		apt-get update -q && DEBIAN_FRONTEND=noninteractive $$install; \
	elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then \
		echo "installing TeX: sudo $$install"; \
		sudo apt-get update -q && sudo DEBIAN_FRONTEND=noninteractive $$install; \
	else \
		echo "TeX for the PDF is missing. Install it, then run make again:"; \
		echo "  sudo apt-get update && sudo $$install"; \
		exit 1; \
	fi

book: setup html pdf

html: python nltk
	$(JB) build . $(JB_FLAGS)

pdf: python nltk tex
	$(JB) build . $(JB_FLAGS) --builder pdflatex
	@ls -1 _build/latex/*.pdf

# JupyterLab on the project, opened at the notebooks, with the project's kernel. Extra
# options for JupyterLab go in LAB_ARGS, e.g. make lab LAB_ARGS="--no-browser --port=8899".
# As root (a container), JupyterLab refuses to start without --allow-root.
lab: python kernel nltk
	JUPYTER_PREFER_ENV_PATH=1 $(BIN)/jupyter lab --ServerApp.root_dir="$(CURDIR)" \
		--LabApp.default_url=/lab/tree/notebooks \
		$(if $(filter 0,$(shell id -u)),--allow-root) $(LAB_ARGS)

test: setup
	$(BIN)/python -m pytest

# Throughput, memory and cache benchmark on the 500 Brown texts (prints JSON).
bench: python nltk
	$(BIN)/python benchmarks/bench_analyze.py

# Time to render one article's marked text at 100 kB, 1 MB and 3 MB (prints JSON; exits 1
# when the cost per MB of the largest is over 1.5x that of the smallest).
bench-render: python nltk
	$(BIN)/python benchmarks/bench_render.py

# Cost against corpus size: the Brown texts cut into 5,000 articles; at 1,000, 2,000 and
# 5,000 of them, the command line end to end against bare NLTK, the cached rerun and the
# book (HTML and PDF). Appends its rows to benchmarks/scale.csv, which the methods page draws.
bench-scale: python kernel nltk tex
	$(BIN)/python benchmarks/bench_scale.py

# Lint the package, the tests and the notebooks' code; check every notebook against its
# MyST Markdown twin.
lint: python
	$(BIN)/ruff check newsframes tests notebooks
	$(BIN)/ruff format --check newsframes tests notebooks
	$(BIN)/python -m pytest -q tests/test_notebook_pairs.py

# After editing a chapter (its .md or its .ipynb), write the other file of the pair from
# the one changed last (jupytext; the pairing is declared in notebooks/jupytext.toml).
sync: python
	$(BIN)/jupytext --sync notebooks/*.ipynb

# Set VERSION in CITATION.cff, date the changelog's Unreleased section, commit and tag.
release: python cff
	@test -n "$(VERSION)" || { echo "usage: make release VERSION=x.y.z"; exit 2; }
	@test -z "$$(git status --porcelain --untracked-files=no)" || { echo "commit or stash your changes first"; exit 2; }
	$(BIN)/python -m newsframes release $(VERSION)
	$(CFF_VENV)/bin/cffconvert --validate -i CITATION.cff
	git commit -q -m "Release $(VERSION)" CITATION.cff CHANGELOG.md
	git tag -a "v$(VERSION)" -m "Release $(VERSION)"
	@echo "tagged v$(VERSION); push with: git push --follow-tags"

clean:
	rm -rf _build .cache
