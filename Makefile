# ParcelStream: `make run` runs the main job, `make test` runs every test. Both install what they need.
SHELL := /bin/bash
DOTNET ?= dotnet
CONFIG ?= Release
HOST := src/ParcelStream.Host
# Where the alerts' runbook_url annotations point: docs/runbooks/ of the repository. A fork sets its own and runs
# `make runbook-urls RUNBOOK_BASE_URL=https://github.com/OWNER/REPO/blob/BRANCH/docs/runbooks/` (or edits this line).
RUNBOOK_BASE_URL ?= https://github.com/parcelstream/parcelstream/blob/main/docs/runbooks/
export DOTNET_CLI_TELEMETRY_OPTOUT := 1
export DOTNET_NOLOGO := 1
export DOTNET_SKIP_FIRST_TIME_EXPERIENCE := 1

.PHONY: all setup restore build run simulate test docs-check runbook-urls k8s-rules bench load soak fuzz clean help

all: build

help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | sed 's/:.*## /\t/' | expand -t 12

setup: ## Install system packages the tests need (idempotent, quiet)
	@scripts/setup.sh

restore: ## Restore NuGet packages
	@$(DOTNET) restore ParcelStream.sln --verbosity quiet

build: restore ## Build everything
	@$(DOTNET) build ParcelStream.sln -c $(CONFIG) --no-restore --verbosity quiet -clp:NoSummary

run: restore ## Run the main job on the embedded default: cluster + generator + worker (RUN_ARGS="--count 1000000")
	@test -f src/ParcelStream.Host/bin/$(CONFIG)/net10.0/parcelstream.dll || echo "make run: building ParcelStream first (about a minute on 2 cores; later runs start at once)"
	@$(DOTNET) build $(HOST) -c $(CONFIG) --no-restore --verbosity quiet -clp:NoSummary
	@$(DOTNET) run --no-build --project $(HOST) -c $(CONFIG) -- dev $(RUN_ARGS)

simulate: restore ## Closed targeting loop on a synthetic world, real worker, model retrained daily (SIM_ARGS="--days 20 --out simulation")
	@$(DOTNET) build $(HOST) -c $(CONFIG) --no-restore --verbosity quiet -clp:NoSummary
	@$(DOTNET) run --no-build --project $(HOST) -c $(CONFIG) -- simulate $(SIM_ARGS)

test: setup build ## Run every test (unit and integration) and the docs' example commands
	@scripts/test.sh $(CONFIG)

docs-check: build ## Run every example command of README.md and docs/ (scripts/docs-check.py)
	@scripts/docs-check.py

runbook-urls: ## Point the alerts' runbook_url at RUNBOOK_BASE_URL (rewrites ops/prometheus/*.yaml)
	@scripts/runbook-urls.sh "$(RUNBOOK_BASE_URL)"

k8s-rules: ## List every file of rules/default in the rule pack ConfigMap's generator (rewrites rules/kustomization.yaml)
	@scripts/k8s-rules.sh

bench: restore ## Run the BenchmarkDotNet suites (results in perf/results/)
	@$(DOTNET) run --project perf/ParcelStream.Benchmarks -c Release -- --filter '*' $(BENCH_ARGS)
	@$(DOTNET) run --project perf/ParcelStream.Rules.Benchmarks -c Release -- --filter '*' $(BENCH_ARGS)

load: restore ## End-to-end load driver with jemalloc preloaded (LOAD_ARGS="--messages 1000000 --out /tmp/e2e.md")
	@scripts/load.sh $(LOAD_ARGS)

soak: setup build ## Soak: 2M manifests, 1 % hostile, two kill -9s, worker in a 512 MiB cgroup (SOAK_ARGS="--messages 200000 --out F.md")
	@$(DOTNET) perf/ParcelStream.Soak/bin/$(CONFIG)/net10.0/ParcelStream.Soak.dll $(SOAK_ARGS)

fuzz: ## Fuzz with AFL++ and SharpFuzz (FUZZ_SECONDS, default 300; FUZZ_TARGET decoder|inspection|changelog|decided|headers, default decoder)
	@scripts/fuzz.sh $(FUZZ_SECONDS) $(FUZZ_TARGET)

clean: ## Remove build output
	@$(DOTNET) clean ParcelStream.sln --verbosity quiet
