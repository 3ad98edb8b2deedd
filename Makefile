# Capstan: `make run` serves the API, `make test` runs the whole suite (installing what it needs).
SHELL := /bin/bash
MVN ?= mvn
MVN_FLAGS ?= -B
JAR := dist/capstan.jar
DATA_DIR ?= ./data
SOURCES := $(shell find pom.xml api server -name pom.xml -o -path '*/src/main/*' -type f 2>/dev/null)
GIT_COMMIT := $(shell git rev-parse HEAD 2>/dev/null)
GIT_TREE := $(shell git diff --quiet HEAD 2>/dev/null && echo clean || echo dirty)
BUILD_PROPS := -Dcapstan.commit=$(GIT_COMMIT) -Dcapstan.treeState=$(GIT_TREE)

.PHONY: build run test test-tools clean bench

build: $(JAR)

$(JAR): $(SOURCES)
	$(MVN) $(MVN_FLAGS) -q -pl server -am package -DskipTests $(BUILD_PROPS)
	@mkdir -p dist
	cp server/target/capstan.jar $(JAR)
	@echo "built $(JAR)"

run: $(JAR)
	@echo "Starting Capstan; data in $(DATA_DIR). Once it is ready, in another terminal:"
	@echo "  kubectl --kubeconfig $(DATA_DIR)/admin.kubeconfig version"
	java -jar $(JAR) server --data-dir $(DATA_DIR)

test: test-tools
	$(MVN) $(MVN_FLAGS) verify $(BUILD_PROPS)

# The tests use a real etcd and real kubectl binaries; install them when this machine lacks them.
test-tools:
	@./scripts/install-test-tools.sh

clean:
	$(MVN) $(MVN_FLAGS) -q clean
	rm -rf dist

# Capstan beside its baselines (raw etcd, raw SQLite, a hello-world endpoint on the same HTTP stack, fabric8's
# mock server), all measured in this run: a markdown table on stdout and bench/results/<date>-<commit>.json.
# Target 15 minutes on 2 cores; QUICK=1 for a short run (target 3); WATCH_SECONDS=60 for the issue's full-length
# fan-out runs (10 s by default). bench/RESULTS.md has the latest run's times and figures.
BENCH_CP := bench/target/bench.classpath
bench: $(JAR)
	$(MVN) $(MVN_FLAGS) -q -pl bench -am compile dependency:build-classpath \
	  -Dmdep.outputFile=target/bench.classpath -Dmdep.includeScope=runtime
	java -cp bench/target/classes:$$(cat $(BENCH_CP)) dev.capstan.bench.Bench --jar $(abspath $(JAR)) \
	  --out bench/results --commit $(GIT_COMMIT)$(if $(filter dirty,$(GIT_TREE)),-dirty) $(if $(QUICK),--quick) \
	  $(if $(WATCH_SECONDS),--watch-seconds $(WATCH_SECONDS))
