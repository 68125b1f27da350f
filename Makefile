# actionplan — set-up, build, run and test.
#
# `make run` and `make test` each install what is missing (Debian packages with apt-get when
# run as root, otherwise they print the exact command), build, and run.

SWIFT       ?= swift
CONFIG      ?= debug
BIN          = .build/$(CONFIG)/actionplan
DEMO_DB     ?= .build/demo.sqlite
# man-db and groff-base: `make test` renders the generated manual page with `man -l`;
# python3-openpyxl: `make test` reads the exported workbook back with an independent reader;
# weasyprint: `export --format pdf` prints the board pack (and `make test` checks the PDF);
# libpq-dev: the PostgreSQL client library the program links (CLibpq);
# postgresql: `make test` runs the PostgreSQL tests on a throw-away cluster (scripts/with-postgres).
APT_PACKAGES = binutils libncurses-dev libsqlite3-dev poppler-utils tmux sqlite3 man-db groff-base python3-openpyxl weasyprint libpq-dev postgresql

.PHONY: all deps build run demo test bench fuzz fuzz-dates fuzz-parser fuzz-sanitiser fuzz-xml clean man generated install install-files uninstall

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

## test: every test (unit, store, CLI, parser corpus, screens, tmux end to end), with a
## throw-away PostgreSQL cluster that exists for the whole run and is removed after it, also
## when the tests fail (scripts/with-postgres sets ACTIONPLAN_TEST_PG).
test: deps
	$(SWIFT) build --build-tests
	scripts/with-postgres $(SWIFT) test --skip-build --disable-xctest

## A release build links the Swift runtime and Foundation into the program: it starts in about
## half the time (no dynamic loading of libswiftCore, Foundation and ICU; docs/benchmarks.md).
RELEASE_LINK = --static-swift-stdlib

## install: a release build of actionplan with its manual page and bash, zsh and fish
## completions under $(DESTDIR)$(PREFIX). `make install CONFIG=debug` installs the debug build
## instead (what `make test` checks, without a release build). `make uninstall` removes them.
PREFIX  ?= /usr/local
DESTDIR ?=
# CONFIG given on the command line (or in the environment) wins; otherwise install a release build.
INSTALL_CONFIG = $(if $(filter command line environment,$(origin CONFIG)),$(CONFIG),release)
# Where the built programs are, and where the generated page and scripts go (the tests give their own).
BUILT         ?= .build/$(INSTALL_CONFIG)
GENERATED     ?= $(BUILT)/generated
# The page's date: SOURCE_DATE_EPOCH when set (actionplan-man reads it), else the last commit's.
MAN_DATE      ?= $(if $(SOURCE_DATE_EPOCH),,$(shell git log -1 --format=%cs 2>/dev/null))
BINDIR   = $(DESTDIR)$(PREFIX)/bin
MAN1DIR  = $(DESTDIR)$(PREFIX)/share/man/man1
BASHDIR  = $(DESTDIR)$(PREFIX)/share/bash-completion/completions
ZSHDIR   = $(DESTDIR)$(PREFIX)/share/zsh/site-functions
FISHDIR  = $(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d

install: deps
	$(SWIFT) build -c $(INSTALL_CONFIG) --product actionplan $(if $(filter release,$(INSTALL_CONFIG)),$(RELEASE_LINK))
	$(SWIFT) build -c $(INSTALL_CONFIG) --product actionplan-man
	$(MAKE) --no-print-directory install-files CONFIG=$(INSTALL_CONFIG)

## man: the manual page alone, from the commands' own help (`man -l .build/CONFIG/generated/actionplan.1`).
man: generated

# The generated files, from built programs (no build here: `make test` calls this with the
# debug build it already has). Each is written beside its final name and renamed, so a failed
# step leaves no half file.
generated:
	@test -x $(BUILT)/actionplan && test -x $(BUILT)/actionplan-man || \
	  { echo "Build first: swift build -c $(INSTALL_CONFIG) --product actionplan --product actionplan-man (or make install)"; exit 1; }
	mkdir -p $(GENERATED)/completions
	$(BUILT)/actionplan --experimental-dump-help > $(GENERATED)/dump-help.json
	$(BUILT)/actionplan-man --version "$$($(BUILT)/actionplan --version)" \
	  $(if $(MAN_DATE),--date $(MAN_DATE)) < $(GENERATED)/dump-help.json > $(GENERATED)/actionplan.1.new
	mv $(GENERATED)/actionplan.1.new $(GENERATED)/actionplan.1
	for shell in bash zsh fish; do \
	  $(BUILT)/actionplan --generate-completion-script $$shell > $(GENERATED)/completions/$$shell.new || exit 1; \
	  mv $(GENERATED)/completions/$$shell.new $(GENERATED)/completions/$$shell; \
	done

install-files: generated
	install -d $(BINDIR) $(MAN1DIR) $(BASHDIR) $(ZSHDIR) $(FISHDIR)
	install -m 755 $(BUILT)/actionplan $(BINDIR)/actionplan
	install -m 644 $(GENERATED)/actionplan.1 $(MAN1DIR)/actionplan.1
	install -m 644 $(GENERATED)/completions/bash $(BASHDIR)/actionplan
	install -m 644 $(GENERATED)/completions/zsh $(ZSHDIR)/_actionplan
	install -m 644 $(GENERATED)/completions/fish $(FISHDIR)/actionplan.fish

uninstall:
	rm -f $(BINDIR)/actionplan $(MAN1DIR)/actionplan.1 $(BASHDIR)/actionplan $(ZSHDIR)/_actionplan \
	  $(FISHDIR)/actionplan.fish

## bench: every benchmark figure of docs/benchmarks.md (installs Taskwarrior if missing), with a
## throw-away PostgreSQL cluster for the PostgreSQL figures (scripts/with-postgres), removed after.
bench: deps
	@command -v task >/dev/null || { if [ "$$(id -u)" = "0" ]; then \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq taskwarrior >/dev/null; \
	  else echo "Taskwarrior is missing. Run:"; echo "  sudo apt-get install -y taskwarrior"; exit 1; fi; }
	$(SWIFT) build -c release $(RELEASE_LINK)
	scripts/with-postgres .build/release/actionplan-bench run $(BENCH_ARGS)

## fuzz: libFuzzer targets for the date parser, the letter parser, the terminal sanitiser and
## the workbook's XML reader, FUZZ_SECONDS each.
## Swift's own backtracer is turned off so that libFuzzer catches a trap and saves the input
## under .build/fuzz/crashes-*; keep it under Tests/Fuzz/regressions/ once fixed.
FUZZ_SECONDS ?= 600
FUZZ_DIR      = .build/fuzz
MODEL_SOURCES = $(wildcard Sources/ActionPlanModel/*.swift)
PARSER_SOURCES = $(wildcard Sources/InspectionParser/*.swift)
fuzz: fuzz-dates fuzz-parser fuzz-sanitiser fuzz-xml

fuzz-parser: deps
	mkdir -p $(FUZZ_DIR)/corpus-parser $(FUZZ_DIR)/crashes-parser $(FUZZ_DIR)/src-parser Tests/Fuzz/regressions/parser
	# One module for libFuzzer: the parser's copies lose their `import ActionPlanModel`.
	for f in $(PARSER_SOURCES); do sed '/^import ActionPlanModel$$/d' "$$f" > $(FUZZ_DIR)/src-parser/$$(basename "$$f"); done
	swiftc -swift-version 6 -sanitize=fuzzer -parse-as-library -O -module-name FuzzParser \
	  $(MODEL_SOURCES) $(FUZZ_DIR)/src-parser/*.swift Tests/Fuzz/ParserFuzz.swift -o $(FUZZ_DIR)/fuzz-parser
	cp ../shared/seeds/*.txt Data/samples/*.txt $(FUZZ_DIR)/corpus-parser/
	for f in ../shared/corpus/*.pdf; do \
	  pdftotext -layout "$$f" "$(FUZZ_DIR)/corpus-parser/$$(basename "$$f" .pdf).txt" 2>/dev/null || true; done
	SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/fuzz-parser -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
	  -artifact_prefix=$(FUZZ_DIR)/crashes-parser/ $(FUZZ_DIR)/corpus-parser Tests/Fuzz/regressions/parser

fuzz-dates: deps
	mkdir -p $(FUZZ_DIR)/corpus-dates $(FUZZ_DIR)/crashes-dates
	swiftc -swift-version 6 -sanitize=fuzzer -parse-as-library -O -module-name FuzzDates \
	  $(MODEL_SOURCES) Tests/Fuzz/DateFuzz.swift -o $(FUZZ_DIR)/fuzz-dates
	for s in 2023-05-09 today +20wd +3m +0d 2024-02-29 wd:70 m:6 immediately date:2018-09-10; do \
	  printf '%s' "$$s" > $(FUZZ_DIR)/corpus-dates/seed-$$(printf '%s' "$$s" | md5sum | cut -c1-8); done
	SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/fuzz-dates -max_total_time=$(FUZZ_SECONDS) -artifact_prefix=$(FUZZ_DIR)/crashes-dates/ \
	  $(FUZZ_DIR)/corpus-dates Tests/Fuzz/regressions/dates

## fuzz-sanitiser: TerminalSafe (issue 10) alone: no control character survives `visible`, and
## a second pass changes nothing. Kept inputs: Tests/Fuzz/regressions/sanitiser (replayed by
## `make test`, SanitiserFuzzRegressionTests).
fuzz-sanitiser: deps
	mkdir -p $(FUZZ_DIR)/corpus-sanitiser $(FUZZ_DIR)/crashes-sanitiser
	swiftc -swift-version 6 -sanitize=fuzzer -parse-as-library -O -module-name FuzzSanitiser \
	  Sources/ActionPlanCore/TerminalSafe.swift Tests/Fuzz/SanitiserFuzz.swift -o $(FUZZ_DIR)/fuzz-sanitiser
	SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/fuzz-sanitiser -max_total_time=$(FUZZ_SECONDS) -max_len=4096 \
	  -artifact_prefix=$(FUZZ_DIR)/crashes-sanitiser/ $(FUZZ_DIR)/corpus-sanitiser Tests/Fuzz/regressions/sanitiser

## fuzz-xml: the workbook's XML reader (XMLReader) alone, seeded with every part of the sample
## and fixture workbooks: bytes read (balanced, and the same when written back) or are refused.
fuzz-xml: deps
	mkdir -p $(FUZZ_DIR)/corpus-xml $(FUZZ_DIR)/crashes-xml
	swiftc -swift-version 6 -sanitize=fuzzer -parse-as-library -O -module-name FuzzXML \
	  Sources/ActionPlanWorkbook/XMLReader.swift Sources/ActionPlanWorkbook/XMLText.swift Tests/Fuzz/XMLFuzz.swift -o $(FUZZ_DIR)/fuzz-xml
	python3 -c 'import sys, zipfile, hashlib; [open("$(FUZZ_DIR)/corpus-xml/" + hashlib.md5(d).hexdigest()[:12], "wb").write(d) \
	  for f in sys.argv[1:] for z in [zipfile.ZipFile(f)] for d in map(z.read, z.namelist())]' Data/samples/*.xlsx Tests/Fixtures/LibreOffice/*.xlsx
	SWIFT_BACKTRACE=enable=no $(FUZZ_DIR)/fuzz-xml -max_total_time=$(FUZZ_SECONDS) -max_len=65536 -timeout=10 \
	  -artifact_prefix=$(FUZZ_DIR)/crashes-xml/ $(FUZZ_DIR)/corpus-xml

clean:
	rm -rf .build
