# prefect-tui: `make demo` runs the explorer on the embedded server; `make test` runs every test.
GO ?= go
BIN := bin/prefect-tui

.PHONY: all generate build demo run test check-generated vet lint bench screenshots golden check

all: build

## generate: schema.graphql from the server catalog (and its embedded copy in api/schema),
## then the genqlient client
generate:
	$(GO) run ./server/gensdl schema.graphql
	cp schema.graphql api/schema/schema.graphql
	$(GO) tool genqlient genqlient.yaml

build:
	$(GO) build -o $(BIN) .

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

## test: what CI runs: generation freshness, lint, and every test with the race detector
test: check-generated lint
	$(GO) test -race -count=1 ./...

check: test

golden:
	$(GO) test ./ui/... -update

bench:
	$(GO) test -run '^$$' -bench . -benchtime 20x ./...

screenshots: build
	./scripts/screenshots.sh
