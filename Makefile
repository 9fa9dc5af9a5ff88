# One command runs credc on the samples, one runs every test. Both install what a fresh
# machine lacks (libyaml-dev, libcurl4, and for the tests python3's jsonschema, pytest-lsp and xmllint).
SWIFT ?= swift
CREDC := .build/debug/credc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test unit-tests precommit-test fuzz-test lsp-test deps test-deps build bench fuzz dist clean

run: deps build
	$(CREDC) check Samples
	$(CREDC) build Samples

# The parts share nothing but the debug build: the pre-commit test builds its own clone in
# release mode, the fuzzer compiles its own instrumented modules, and the LSP tests drive the
# debug binary that `build` made (a few seconds, while the unit tests run). None keeps two
# cores busy for long (a whole-module compile at a time along the chain of modules), so on a
# 2-core machine the parts run side by side (serially they took 12 minutes).
# Each part's output is printed whole when it ends; with -k every part runs to its end, and
# `make test` fails if any of them failed, naming it.
test: deps test-deps
	@$(MAKE) --no-print-directory -k -j4 --output-sync=target unit-tests precommit-test fuzz-test lsp-test

unit-tests: build
	$(SWIFT) test

precommit-test:
	scripts/e2e-precommit

fuzz-test:
	scripts/fuzz 60

# `credc lsp` driven by a real LSP client (pytest-lsp); pytest prints its summary line.
lsp-test: build
	PYTHONDONTWRITEBYTECODE=1 CREDC_BIN=$(CURDIR)/$(CREDC) python3 -m pytest -q -p no:cacheprovider Tests/lsp

build:
	$(SWIFT) build

deps:
	@if ! pkg-config --exists yaml-0.1 2>/dev/null; then \
		echo "installing libyaml-dev (pkg-config cannot find yaml-0.1)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libyaml-dev pkg-config >/dev/null; \
	fi
	@# credc secrets --apply loads libcurl at run time (dlopen); nothing else needs it.
	@if ! ldconfig -p 2>/dev/null | grep -qE 'libcurl(-gnutls)?\.so\.4 '; then \
		echo "installing libcurl4 (credc secrets --apply loads it)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libcurl4 >/dev/null; \
	fi

test-deps:
	@python3 -c 'import jsonschema, yaml' 2>/dev/null || python3 -m pip install -q jsonschema pyyaml
	@python3 -m pre_commit --version >/dev/null 2>&1 || python3 -m pip install -q pre-commit
	@python3 -c 'import pytest_lsp' 2>/dev/null || python3 -m pip install -q pytest-lsp==1.0.1
	@command -v xmllint >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libxml2-utils >/dev/null; }

bench: deps
	scripts/bench

fuzz: deps
	scripts/fuzz 60

# The Linux release: dist/credc-VERSION-linux-ARCH.tar.gz and its .sha256 (scripts/dist says
# what the binary links and how the tarball is checked).
dist: deps
	scripts/dist

clean:
	rm -rf .build .build-dist dist
