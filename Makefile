# prefect-tui: `make demo` runs the explorer on the embedded server; `make test` runs every test.
GO ?= go
BIN := bin/prefect-tui

# What `version` prints. VERSION is the release tag when HEAD has one, else
# dev-<commit>[-dirty]; DATE is the build date.
VERSION ?= $(shell git describe --tags --match 'v[0-9]*' --dirty 2>/dev/null || \
	git describe --always --dirty --abbrev=12 --exclude '*' 2>/dev/null | sed 's/^/dev-/')
COMMIT ?= $(shell git rev-parse HEAD 2>/dev/null)
DATE ?= $(shell date -u +%Y-%m-%dT%H:%M:%SZ)
LDFLAGS := -X main.version=$(VERSION) -X main.commit=$(COMMIT) -X main.date=$(DATE)
# CROSS are the platforms CI cross-compiles to prove the static builds (make cross).
CROSS := linux/arm64 darwin/arm64 windows/amd64

.PHONY: all generate build dist cross demo run test check-generated vet lint bench screenshots golden check prefect-client

all: build

## generate: schema.graphql from the server catalog (and its embedded copy in api/schema),
## then the genqlient client
generate:
	$(GO) run ./server/gensdl schema.graphql
	cp schema.graphql api/schema/schema.graphql
	$(GO) tool genqlient genqlient.yaml

build:
	$(GO) build -ldflags "$(LDFLAGS)" -o $(BIN) .

## dist: static binaries for linux, darwin and windows on amd64 and arm64, one archive
## each and SHA256SUMS, in dist/ (.goreleaser.yaml describes the same release)
dist:
	$(GO) run ./internal/release/dist -go "$(GO)" -version "$(VERSION)" -commit "$(COMMIT)" -date "$(DATE)" -out dist

## cross: compile (nothing kept) for the CROSS platforms with CGO_ENABLED=0
cross:
	@for t in $(CROSS); do \
		echo "go build $$t"; \
		CGO_ENABLED=0 GOOS=$${t%/*} GOARCH=$${t#*/} $(GO) build -o /dev/null . || exit 1; \
	done

## demo: the explorer on the embedded, seeded, simulating server
demo: build
	./$(BIN) demo

## run: the embedded API alone on 127.0.0.1:4200
run: build
	./$(BIN) server --seed demo --simulate

## check-generated: fails when `make generate` would change a committed file
check-generated: generate
	@git diff --exit-code -- schema.graphql api/schema/schema.graphql api/generated.go || { echo "generated files are stale: run make generate and commit"; exit 1; }
	@$(GO) mod tidy -diff >/dev/null || { echo "go.mod/go.sum are not tidy: run go mod tidy and commit"; $(GO) mod tidy -diff; exit 1; }

vet:
	$(GO) vet ./...

lint: vet
	@out=$$(gofmt -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "not gofmt-formatted:"; echo "$$out"; exit 1; fi

## prefect-client: Prefect's released Python client (1.4.1, 0.15.13) for the real-client
## tests, from ../shared/prefect-client/setup.sh (it installs the Debian packages it
## needs when they are missing) into .cache/; the tests read .cache/prefect-client.env.
PREFECT_SHARED ?= ../shared/prefect-client
PREFECT_ENV := .cache/prefect-client.env

prefect-client: $(PREFECT_ENV)

$(PREFECT_ENV): $(wildcard $(PREFECT_SHARED)/setup.sh)
	@test -f $(PREFECT_SHARED)/setup.sh || { echo "$(PREFECT_SHARED)/setup.sh not found: the real-client tests need Prefect's client (set PREFECT_SHARED to the folder that holds setup.sh)"; exit 1; }
	@mkdir -p .cache
	bash $(PREFECT_SHARED)/setup.sh $(CURDIR)/.cache/prefect-client > $@.tmp
	@mv $@.tmp $@

## test: what CI runs: generation freshness, lint, and every test with the race detector
## (the real-client tests included: the client is set up first). The timeout only
## catches a hung package: on a shared, loaded machine the Cloud auth and real-client
## packages take longer than go test's default 10 minutes under -race.
test: check-generated lint $(PREFECT_ENV)
	$(GO) test -race -count=1 -timeout 30m ./...

check: test

## golden: rewrite the UI goldens (only the test binaries that have the -update flag:
## those that link charmbracelet/x/exp/golden)
GOLDEN_PKGS = $(shell $(GO) list -test -f '{{if .ForTest}}{{range .Deps}}{{if eq . "github.com/charmbracelet/x/exp/golden"}}{{$$.ForTest}} {{end}}{{end}}{{end}}' ./ui/... | tr ' ' '\n' | sort -u)

golden:
	$(GO) test $(GOLDEN_PKGS) -update

## bench: every benchmark, printed as one table (measure, ours, baseline, ratio,
## target). BENCH_SCALE=100000,1000000 also measures at 1M runs (the generated
## databases are cached under ~/.cache/prefect-tui-bench, or $$BENCH_CACHE);
## BENCHTIME sets the iterations (default 20x).
bench:
	$(GO) run ./internal/benchtable

screenshots: build
	./scripts/screenshots.sh
