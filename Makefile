# Portail C2i2e — every command sets itself up: a fresh machine needs only Python 3.11+.
#   make serve   the portal on http://127.0.0.1:8000 (live reload) + the local form receiver + the editor's backend
#   make test    the whole test suite, browser tests included, on the production build (and Zensical's contract)
#   make bench   the benchmark against the budgets (Lighthouse, weight, search, preview, make test), report in bench/
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-from-lock
# Zensical, Material's successor, on its own (requirements-zensical.txt): it reads the same
# mkdocs.yml and docs/, generated beforehand by `python -m scripts.generate`.
ZENSICAL_VENV := .venv-zensical
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed-from-lock
CHROMIUM := /usr/bin/chromium
# Grammalecte's Python engine, from Debian's LibreOffice extension (tests/test_grammalecte.py imports it).
GRAMMALECTE := /usr/lib/libreoffice/share/extensions/grammalecte/pythonpath/grammalecte
# The npm tools (package.json, pinned with hashes in package-lock.json): the Nu Html
# Checker for the tests, Lighthouse for the bench. Install scripts are not run (vnu-jar's
# would download a Java: the machine's is used).
NODE_STAMP := node_modules/.installed-from-lock
export NO_MKDOCS_2_WARNING := 1
HOST := 127.0.0.1
PORT ?= 8000
# The local form receiver (python -m scripts.formulaires serve) started by `make serve`.
FORMS_PORT ?= 8001
# The editor's local backend (decap-server, from node_modules) started by `make serve`: /admin/ writes
# the working tree through it.
DECAP_PORT ?= 8081

.PHONY: serve test check-fast build build-zensical check bench lock clean browser java grammalecte screenreader

$(STAMP): requirements.txt
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11 ou plus récent est nécessaire ($(PYTHON))."; exit 1; }
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || { echo "Création de $(VENV) impossible : installez python3-venv (sudo apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.txt
	@touch $@

# The portal's own code, compiled to bytecode as pip compiles the libraries it installs: where the
# environment sets PYTHONDONTWRITEBYTECODE (this machine's does), Python would otherwise compile it
# again at every run, every build included. Made again when a source changes.
BYTECODE := $(VENV)/.portail-compile
$(BYTECODE): $(STAMP) $(shell find scripts -name '*.py')
	@$(BIN)/python -m compileall -q scripts
	@touch $@

$(ZENSICAL_STAMP): requirements-zensical.txt
	@test -x $(ZENSICAL_VENV)/bin/python || $(PYTHON) -m venv $(ZENSICAL_VENV) || { echo "Création de $(ZENSICAL_VENV) impossible : installez python3-venv (sudo apt-get install python3-venv)."; exit 1; }
	$(ZENSICAL_VENV)/bin/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements-zensical.txt
	@touch $@

## check: validate the data only
check: $(STAMP) $(BYTECODE)
	$(BIN)/python -m scripts.validate

## build: strict production build into site/, by the builder that ships (scripts/tools/builders.py, PRODUCTION)
build: $(STAMP) $(BYTECODE) $(ZENSICAL_STAMP) $(NODE_STAMP)
	$(BIN)/python -m scripts.tools.builders site

## build-zensical: the same site built by Zensical into site-zensical/ (no hooks there: the steps around it are explicit)
build-zensical: $(STAMP) $(BYTECODE) $(ZENSICAL_STAMP) $(NODE_STAMP)
	$(BIN)/python -m scripts.generate
	SITE_DIR=site-zensical $(ZENSICAL_VENV)/bin/zensical build --strict
	$(BIN)/python -m scripts.postbuild site-zensical

## serve: the site with live reload, the local form receiver its forms post to, and the editor's local
## backend writing this working tree (/admin/), both stopped with it
serve: $(STAMP) $(BYTECODE) $(NODE_STAMP)
	@$(BIN)/python -m scripts.formulaires serve --host $(HOST) --port $(FORMS_PORT) --store var/formulaires.jsonl \
	    --site-url http://$(HOST):$(PORT)/ & receiver=$$!; \
	GIT_REPO_DIRECTORY="$(CURDIR)" PORT=$(DECAP_PORT) BIND_HOST=$(HOST) MODE=fs LOG_LEVEL=warn \
	    node_modules/.bin/decap-server & editor=$$!; \
	trap 'kill $$receiver $$editor 2>/dev/null; wait $$receiver $$editor 2>/dev/null' EXIT INT TERM; \
	echo "Éditeur : http://$(HOST):$(PORT)/admin/ (il modifie les fichiers de ce dossier)"; \
	export C2I2E_FORMS_ENDPOINT=http://$(HOST):$(FORMS_PORT)/f C2I2E_FORMULAIRES_LOCAUX=1 C2I2E_BROUILLONS=1 \
	    C2I2E_ADMIN_LOCAL=http://$(HOST):$(DECAP_PORT)/api/v1; \
	SITE_URL=http://$(HOST):$(PORT)/ $(BIN)/python -m mkdocs serve --dirty --dev-addr $(HOST):$(PORT) --livereload

## browser: Debian's Chromium, used by the browser tests (never a browser download)
browser:
	@if [ ! -x $(CHROMIUM) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation de Chromium (paquet Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "Chromium est nécessaire aux tests du navigateur. Installez-le avec :"; \
	    echo "  sudo apt-get update && sudo apt-get install -y chromium"; \
	    exit 1; \
	  fi; \
	fi

## grammalecte: Debian's French grammar checker, that the tests run over the built pages' prose
grammalecte:
	@if [ ! -d $(GRAMMALECTE) ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation de Grammalecte (paquet Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libreoffice-grammalecte >/dev/null; \
	  else \
	    echo "Grammalecte est nécessaire au test de la langue des pages. Installez-le avec :"; \
	    echo "  sudo apt-get update && sudo apt-get install -y libreoffice-grammalecte"; \
	    exit 1; \
	  fi; \
	fi

## screenreader: Orca reading Firefox ESR on a virtual display (tests/test_orca.py, scripts/tools/orca.py)
SCREENREADER_PACKAGES := orca xvfb at-spi2-core dbus-daemon firefox-esr xdotool
screenreader:
	@if ! (for program in /usr/bin/orca /usr/bin/Xvfb /usr/bin/dbus-daemon /usr/libexec/at-spi-bus-launcher \
	    /usr/bin/firefox-esr /usr/bin/xdotool; do [ -x $$program ] || exit 1; done); then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation du lecteur d'écran Orca, de Firefox ESR et d'un écran virtuel (paquets Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SCREENREADER_PACKAGES) >/dev/null; \
	  else \
	    echo "Orca, Firefox ESR et un écran virtuel sont nécessaires aux tests du lecteur d'écran. Installez-les avec :"; \
	    echo "  sudo apt-get update && sudo apt-get install -y $(SCREENREADER_PACKAGES)"; \
	    exit 1; \
	  fi; \
	fi

## node tools: Node.js and npm from Debian if missing, then exactly the locked packages
$(NODE_STAMP): package-lock.json package.json
	@if ! command -v npm >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation de Node.js et npm (paquets Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs npm >/dev/null; \
	  else \
	    echo "Node.js et npm sont nécessaires aux contrôles (Nu Html Checker, Lighthouse) et à l'éditeur (Decap CMS). Installez-les avec :"; \
	    echo "  sudo apt-get update && sudo apt-get install -y nodejs npm"; \
	    exit 1; \
	  fi; \
	fi
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	@touch $@

## java: the Nu Html Checker runs on the machine's Java (17 or newer)
java:
	@if ! command -v java >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "Installation de Java (paquet Debian)…"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq default-jre-headless >/dev/null; \
	  else \
	    echo "Java est nécessaire au Nu Html Checker. Installez-le avec :"; \
	    echo "  sudo apt-get update && sudo apt-get install -y default-jre-headless"; \
	    exit 1; \
	  fi; \
	fi

## check-fast: the edit loop: the tests that need no browser and no build of the whole site (under 30 s)
check-fast: $(STAMP) $(BYTECODE)
	$(BIN)/python -m ruff check scripts tests
	$(BIN)/python -m pytest -q -n auto -m "not browser and not site"

## test: the linter, then the whole suite, on every core (what CI runs): each worker builds the site once;
## the other builder's contract runs in one of them
test: $(STAMP) $(BYTECODE) $(ZENSICAL_STAMP) browser screenreader java grammalecte $(NODE_STAMP)
	$(BIN)/python -m ruff check scripts tests
	$(BIN)/python -m pytest -n auto --dist loadgroup

## bench: measure against the budgets; prints the report and writes bench/rapport-DATE.md
bench: $(STAMP) $(BYTECODE) browser $(NODE_STAMP)
	$(BIN)/python -m scripts.tools.bench

## lock: re-pin every dependency, with hashes (needs network access to PyPI); Zensical in its own lock
lock: $(STAMP)
	$(BIN)/python -m pip install --quiet uv
	$(BIN)/python -m uv pip compile pyproject.toml --extra test --generate-hashes --python-version 3.11 -o requirements.txt
	$(BIN)/python -m uv pip compile requirements-zensical.in --generate-hashes --python-version 3.11 -o requirements-zensical.txt

## clean: what the builds, the tests and the generation made (the generated files are listed in docs/.generated-files)
clean:
	rm -rf site site-zensical site-tests .cache .pytest_cache .hypothesis var
	if [ -f docs/.generated-files ]; then (cd docs && xargs -d '\n' rm -f < .generated-files) && rm docs/.generated-files; fi
	find docs -type d -empty -delete
	find . -name __pycache__ -not -path './$(VENV)/*' -not -path './$(ZENSICAL_VENV)/*' -exec rm -rf {} +
