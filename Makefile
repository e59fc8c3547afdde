# Two commands do all set-up on a fresh Debian machine: `make site` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
TEST_STAMP := $(VENV)/.installed-test

.PHONY: site serve test test-fast bench-quick golden check lint clean system-deps build-deps tools cms hyphens zensical site-zensical

# `make site` installs what building needs (innopub and its dependencies), not the test tools.
site: $(STAMP) build-deps cms hyphens
	$(BIN)/innopub build

serve: $(STAMP)
	$(BIN)/innopub serve -a 127.0.0.1:8000

check: $(STAMP)
	$(BIN)/innopub check

test: $(TEST_STAMP) system-deps tools cms hyphens zensical
	$(BIN)/ruff check generator tests bench
	$(BIN)/ruff format --check generator tests bench
	$(BIN)/pytest -q -n auto --dist loadfile

# The fast tier, for the inner loop (under a minute on 2 cores): no demo build, no browser (tests marked `slow` left out).
test-fast: $(TEST_STAMP)
	$(BIN)/ruff check generator tests bench
	$(BIN)/pytest -q -m "not slow" -n auto --dist loadfile

# The golden outputs of the fixture site (tests/golden/) written anew: review `git diff tests/golden` before committing.
golden: $(STAMP)
	$(BIN)/python -m tests.test_golden

$(BIN)/python:
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	@$(PYTHON) -m venv --help >/dev/null 2>&1 && $(PYTHON) -c 'import ensurepip' 2>/dev/null || \
		(apt-get update && apt-get install -y python3-venv)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

# The test tools (pytest, Playwright, BeautifulSoup, pypdf, ruff…: the `test` extra) on top of the build's.
$(TEST_STAMP): pyproject.toml $(STAMP)
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

# Debian packages the build itself needs: Pango, for WeasyPrint's PDF editions of collections and bulletins.
build-deps:
	bash scripts/system-deps.sh libpango-1.0-0 libpangoft2-1.0-0

# The Nu HTML Checker (npm package vnu-jar, run with Java offline by tests/test_html_valid.py),
# into the git-ignored .tools/; its postinstall (a Java download) is not needed and not run.
VNU := .tools/node_modules/vnu-jar/build/dist/vnu.jar
PAGEFIND_NPM := .tools/pagefind-npm-1.6.0-1.4.0
tools: $(VNU) $(PAGEFIND_NPM)
$(VNU):
	mkdir -p .tools
	test -f .tools/package.json || echo '{"private": true}' > .tools/package.json
	cd .tools && npm install --no-audit --no-fund --ignore-scripts vnu-jar@26.9.27

# Other Pagefind releases for tests/test_search_versions.py (the build itself uses the wheel's, or INNOPUB_PAGEFIND):
# 1.6.0, joined in parts like the wheel's 1.5, and 1.4.0, whose format the joiner does not know (one process).
# npm installs only this platform's package (@pagefind/linux-x64…: the pagefind_extended binary, nothing fetched later).
$(PAGEFIND_NPM):
	mkdir -p .tools
	test -f .tools/package.json || echo '{"private": true}' > .tools/package.json
	cd .tools && npm install --no-audit --no-fund --ignore-scripts --save-exact pagefind@1.6.0 pagefind-1.4@npm:pagefind@1.4.0
	touch $@

# The web editor at /admin/ (Sveltia CMS, MIT), served from the site itself: its npm package and esbuild (versions
# pinned in generator/render/cms.py) into the git-ignored .tools/, bundled by scripts/build-cms.mjs (with the Russian
# strings of scripts/cms-ru.json, without what the editor never loads) into .tools/cms/, which every build copies into
# site/admin/ with the package's licence. A change of the script or of the strings rebuilds it.
CMS_VERSION := $(shell sed -n 's/^CMS_VERSION = "\(.*\)"/\1/p' generator/render/cms.py)
ESBUILD_VERSION := $(shell sed -n 's/^ESBUILD_VERSION = "\(.*\)"/\1/p' generator/render/cms.py)
CMS := .tools/cms/sveltia-cms.js
cms: $(CMS)
$(CMS): generator/render/cms.py scripts/build-cms.mjs scripts/cms-ru.json
	bash scripts/system-deps.sh npm
	mkdir -p .tools
	test -f .tools/package.json || echo '{"private": true}' > .tools/package.json
	cd .tools && npm install --no-audit --no-fund --ignore-scripts --save-exact @sveltia/cms@$(CMS_VERSION) esbuild@$(ESBUILD_VERSION)
	node scripts/build-cms.mjs .tools .tools/cms

# Russian hyphenation for the low-vision version in browsers without Russian patterns of their own (Debian's Chromium):
# the npm package hyphenopoly (MIT; version pinned here) into the git-ignored .tools/, and its Russian engine (ru.wasm)
# with the licence into theme/assets/hyphenopoly/ (git-ignored there too), which MkDocs copies into site/assets/ as a
# theme file. theme/assets/lowvision-hyphens.js loads it only when the low-vision version is on and needs it.
HYPHENOPOLY_VERSION := 6.1.0
HYPHENS := theme/assets/hyphenopoly/.hyphenopoly-$(HYPHENOPOLY_VERSION)
hyphens: $(HYPHENS)
$(HYPHENS):
	bash scripts/system-deps.sh npm
	mkdir -p .tools
	test -f .tools/package.json || echo '{"private": true}' > .tools/package.json
	cd .tools && npm install --no-audit --no-fund --ignore-scripts --save-exact hyphenopoly@$(HYPHENOPOLY_VERSION)
	cp .tools/node_modules/hyphenopoly/patterns/ru.wasm .tools/node_modules/hyphenopoly/LICENSE theme/assets/hyphenopoly/
	rm -f theme/assets/hyphenopoly/.hyphenopoly-* && touch $@

# Zensical, the second engine (generator/engines/zensical/adapter.py; README «Сборка Zensical»), from PyPI at the version
# pinned there, in a virtual environment of its own: it runs as a separate process and neither moves nor is moved by
# MkDocs' and Material's dependencies. `make site-zensical` builds the site with it into site/.
ZENSICAL_VERSION := $(shell sed -n 's/^ZENSICAL_VERSION = "\(.*\)"/\1/p' generator/engines/zensical/adapter.py)
ZENSICAL_VENV := .tools/zensical-venv
ZENSICAL_STAMP := $(ZENSICAL_VENV)/.installed-$(ZENSICAL_VERSION)
zensical: $(ZENSICAL_STAMP)
$(ZENSICAL_STAMP):
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11+ is needed"'
	rm -rf $(ZENSICAL_VENV)
	$(PYTHON) -m venv $(ZENSICAL_VENV)
	$(ZENSICAL_VENV)/bin/pip install --quiet --upgrade pip
	$(ZENSICAL_VENV)/bin/pip install --quiet zensical==$(ZENSICAL_VERSION)
	touch $@

site-zensical: $(STAMP) build-deps cms zensical
	$(BIN)/innopub build --engine zensical

# Debian packages for the tests: Chromium, fonts (see the script for the list and why).
system-deps:
	bash scripts/system-deps.sh

clean:
	rm -rf site .pytest_cache

# The benchmark's quick run (bench/, about 5 minutes on 2 idle cores): 1,000 synthetic entries built twice (the first build
# typesets every edition, the second has them cached) and the plain Material build of the same pages; prints the ratios,
# wall and CPU. The full run, with the content model's growth and the first query in Chromium: see README «Benchmark».
bench-quick: $(STAMP)
	$(BIN)/python -m bench.run --entries 1000 --no-browser --no-model
