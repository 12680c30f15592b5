# One command sets everything up on a fresh Debian machine: the Python venv with
# every dependency (spaCy's French model included), the map's front-end assets
# from npm, and, for the browser tests, Debian's Chromium.

VENV      := .venv
PYTHON    := $(VENV)/bin/python
INSTALLED := $(VENV)/.installed
ASSETS    := static/vendor/.built
CHROMIUM  ?= /usr/bin/chromium
PYTEST_ARGS ?=

.PHONY: setup run test check lint bench browser postgres clean messages

setup: $(INSTALLED) $(ASSETS)

$(INSTALLED): pyproject.toml
	@# the whole-map PNG and PDF need the cairo library and the map's font, DejaVu Sans
	@{ ldconfig -p | grep -q 'libcairo.so.2' && fc-list | grep -q DejaVuSans; } || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libcairo2 fonts-dejavu-core fontconfig; }
	test -x $(PYTHON) || python3 -m venv $(VENV)
	$(PYTHON) -m pip install --quiet --upgrade pip
	$(PYTHON) -m pip install --quiet -e '.[dev,nlp]'
	touch $@

$(ASSETS): package.json package-lock.json scripts/vendor.mjs
	npm ci --no-audit --no-fund --loglevel=error
	npm run --silent build
	touch $@

browser:
	@test -x $(CHROMIUM) || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

# The tests run on a PostgreSQL of their own with ARGMAP_TEST_POSTGRES=1 (Debian's binaries).
postgres:
	@if [ "$(ARGMAP_TEST_POSTGRES)" = "1" ]; then \
	  command -v pg_ctl >/dev/null || ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1 || \
	  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql; }; \
	fi

run: setup
	$(VENV)/bin/argmap serve

lint: $(INSTALLED)
	$(VENV)/bin/ruff check app tests bench scripts
	$(VENV)/bin/ruff format --check app tests bench scripts

# The edit-test loop: lint and the tests that need no browser, spaCy or subprocess.
check: lint
	$(VENV)/bin/pytest -q -m "not slow" --ignore=tests/browser $(PYTEST_ARGS)

test: setup browser postgres lint
	$(VENV)/bin/argmap validate
	ARGMAP_CHROMIUM=$(CHROMIUM) $(VENV)/bin/pytest $(PYTEST_ARGS)

bench: setup browser
	@command -v wrk >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk; }
	@for script in bench/*.py; do echo "== $$script"; $(PYTHON) $$script || exit 1; done

# Re-extracts the interface's strings (babel.cfg) and merges them into the French
# catalog: new strings arrive untranslated, changed ones fuzzy, and tests/test_i18n.py
# fails until each is translated in locale/fr/LC_MESSAGES/messages.po.
messages: $(INSTALLED)
	$(VENV)/bin/pybabel extract -F babel.cfg -k N_ --no-location --sort-output --omit-header -o locale/messages.pot .
	$(VENV)/bin/pybabel update -i locale/messages.pot -d locale -l fr --ignore-obsolete --ignore-pot-creation-date

clean:
	rm -rf $(VENV) node_modules static/vendor test-results
