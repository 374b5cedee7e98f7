# efs-hook — see README.md. Every target works on a fresh Debian machine with Swift.
SWIFT ?= swift
RELEASE_FLAGS = -c release -Xswiftc -static-executable --product efs-hook
BIN_RELEASE = .build/release/efs-hook

.PHONY: all build release deb docker-plugin test test-deps lint demo fixtures protos clean fuzz bench

all: build

build:
	$(SWIFT) build

# Statically linked: the hook starts on every container launch (see BENCHMARKS.md).
release:
	$(SWIFT) build $(RELEASE_FLAGS)

# dist/efs-hook_VERSION_ARCH.deb from the static binary (deploy/build-deb; lintian notes in
# deploy/lintian.md).
deb: release
	deploy/build-deb --binary $(BIN_RELEASE)

# dist/docker-plugin: config.json and rootfs/ for `docker plugin create` (deploy/docker-plugin.md).
# The mount program comes from this host's nfs-common; NFS_ROOT=DIR takes it from a Debian root.
NFS_ROOT ?= /
docker-plugin: release
	deploy/build-docker-plugin --binary $(BIN_RELEASE) --nfs-root $(NFS_ROOT)

# Installs what the tests need (apt/pip, only when missing), then runs every test inside
# a private mount namespace so real mounts never reach the host.
test: test-deps lint
	scripts/run-tests

test-deps:
	scripts/install-test-deps

# swift-format with the repository's .swift-format, warnings as errors, then scripts/check-shape
# (functions at most 60 lines, a type in at most 4 files). Sources/MesosProto is
# generated (make protos) and left out. Part of `make test`: a finding fails it.
LINT_PATHS = $(filter-out Sources/MesosProto,$(wildcard Sources/*)) Tests Benchmarks/Benchmarks Benchmarks/Floor/Sources
lint:
	$(SWIFT) format lint --strict --recursive $(LINT_PATHS)
	scripts/check-shape

# Plans, prepares and cleans up an Aurora-style task with the local provider, in a
# private mount namespace. No AWS account needed.
demo: release
	scripts/demo $(BIN_RELEASE)

# Regenerates Tests/Fixtures from Mesos' own schema (mesos.interface 1.7.2).
fixtures:
	scripts/generate-fixtures

# Regenerates Sources/MesosProto from Protos/ (protoc + protoc-gen-swift). CI never runs this.
protos:
	scripts/generate-protos

clean:
	rm -rf dist .build .build-protoc .build-static-stdlib .build-dynamic Benchmarks/.build Benchmarks/Floor/.build

# Builds the libFuzzer targets in Fuzz/ (own package and .build, ASan) and runs each for 60 s.
# Exits non-zero if one crashes; inputs and logs go to fuzz-artifacts/. See FUZZING.md.
fuzz:
	scripts/fuzz

# Builds the release binary and measures it (Benchmarks/, needs root and a quiet machine);
# writes BENCHMARKS.md and Benchmarks/results/. See BENCHMARKS.md for the method.
bench:
	scripts/bench
