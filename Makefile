# actionplan — set-up, build, run and test.
#
# `make run` and `make test` each install what is missing (Debian packages with apt-get when
# run as root, otherwise they print the exact command), build, and run.

SWIFT       ?= swift
CONFIG      ?= debug
BIN          = .build/$(CONFIG)/actionplan
DEMO_DB     ?= .build/demo.sqlite
APT_PACKAGES = libncurses-dev libsqlite3-dev poppler-utils tmux sqlite3

.PHONY: all deps build run demo test bench fuzz clean

all: build

## deps: install the system packages the build and the tests need.
deps:
	@missing=""; \
	for p in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$p 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$p"; \
	done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = "0" ]; then \
	    echo "Installing:$$missing"; \
	    DEBIAN_FRONTEND=noninteractive apt-get update -qq && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null || exit 1; \
	  else \
	    echo "Missing system packages. Run:"; \
	    echo "  sudo apt-get install -y$$missing"; \
	    exit 1; \
	  fi; \
	fi
	@command -v $(SWIFT) >/dev/null || { echo "The Swift toolchain is not on PATH: install Swift 6.1 or later from swift.org"; exit 1; }

build: deps
	$(SWIFT) build -c $(CONFIG)

## run: the terminal UI on a demo database (created on first run).
run: build
	@test -f $(DEMO_DB) || $(BIN) demo --db $(DEMO_DB)
	$(BIN) --db $(DEMO_DB)

demo: build
	rm -f $(DEMO_DB) $(DEMO_DB)-wal $(DEMO_DB)-shm
	$(BIN) demo --db $(DEMO_DB)

## test: every test (unit, store, CLI, parser corpus, screens, tmux end to end).
test: deps
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --disable-xctest

bench: deps
	$(SWIFT) build -c release
	.build/release/actionplan-bench

clean:
	rm -rf .build
