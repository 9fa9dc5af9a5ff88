# One command runs credc on the samples, one runs every test. Both install what a fresh
# machine lacks (libyaml-dev, and for the tests python3's jsonschema and xmllint).
SWIFT ?= swift
CREDC := .build/debug/credc
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: run test deps test-deps build bench fuzz clean

run: deps build
	$(CREDC) check Samples
	$(CREDC) build Samples

test: deps test-deps build
	$(SWIFT) test
	scripts/e2e-precommit
	scripts/fuzz 60

build:
	$(SWIFT) build

deps:
	@if ! pkg-config --exists yaml-0.1 2>/dev/null; then \
		echo "installing libyaml-dev (pkg-config cannot find yaml-0.1)"; \
		$(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libyaml-dev pkg-config >/dev/null; \
	fi

test-deps:
	@python3 -c 'import jsonschema, yaml' 2>/dev/null || python3 -m pip install -q jsonschema pyyaml
	@python3 -m pre_commit --version >/dev/null 2>&1 || python3 -m pip install -q pre-commit
	@command -v xmllint >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq libxml2-utils >/dev/null; }

bench: deps
	scripts/bench

fuzz: deps
	scripts/fuzz 60
clean:
	rm -rf .build
