# efs-hook — see README.md. Every target works on a fresh Debian machine with Swift.
SWIFT ?= swift
RELEASE_FLAGS = -c release -Xswiftc -static-executable
BIN_RELEASE = .build/release/efs-hook

.PHONY: all build build-info release deb docker-plugin dist test test-deps lint demo fixtures protos clean fuzz bench

all: build

build: build-info
	$(SWIFT) build

# Sources/BuildInfo/build_stamp.h (git-ignored): the commit and date of `efs-hook --version`;
# SOURCE_DATE_EPOCH sets the date. Without it a build says "commit unknown".
build-info:
	scripts/write-build-info

# Statically linked: the hook starts on every container launch (see BENCHMARKS.md). The CSI
# daemon is a binary apart so that efs-hook carries no gRPC.
release: build-info
	$(SWIFT) build $(RELEASE_FLAGS) --product efs-hook
	$(SWIFT) build $(RELEASE_FLAGS) --product efs-hook-csi

# dist/efs-hook_VERSION_ARCH.deb from the static binary (deploy/build-deb; lintian notes in
# deploy/lintian.md).
deb: release
	deploy/build-deb --binary $(BIN_RELEASE)

# dist/docker-plugin: config.json and rootfs/ for `docker plugin create` (deploy/docker-plugin.md).
# The mount program comes from this host's nfs-common; NFS_ROOT=DIR takes it from a Debian root.
NFS_ROOT ?= /
docker-plugin: release
	deploy/build-docker-plugin --binary $(BIN_RELEASE) --nfs-root $(NFS_ROOT)

# dist/: the .deb, the managed plugin as efs-hook-docker-plugin_VERSION_ARCH.tar.gz (config.json
# and rootfs/ at its top, for `docker plugin create NAME DIR` once unpacked) and SHA256SUMS.
dist: deb docker-plugin
	scripts/make-dist $(BIN_RELEASE)

# Installs what the tests need (apt/pip, only when missing), then runs every test inside
# a private mount namespace so real mounts never reach the host.
test: test-deps lint
	scripts/run-tests

test-deps:
	scripts/install-test-deps

# swift-format with the repository's .swift-format, warnings as errors, then scripts/check-shape
# (functions at most 60 lines, a type in at most 4 files). Sources/MesosProto and Sources/CSIProto are
# generated (make protos) and left out. Part of `make test`: a finding fails it.
LINT_PATHS = $(filter-out Sources/MesosProto Sources/CSIProto,$(wildcard Sources/*)) Tests Benchmarks/Benchmarks Benchmarks/Floor/Sources
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

# Regenerates Sources/MesosProto and Sources/CSIProto from Protos/ (protoc, protoc-gen-swift, protoc-gen-grpc-swift-2). CI never runs this.
protos:
	scripts/generate-protos

clean:
	rm -rf dist Sources/BuildInfo/build_stamp.h .build .build-protoc .build-static-stdlib .build-dynamic Benchmarks/.build Benchmarks/Floor/.build

# Builds the libFuzzer targets in Fuzz/ (own package and .build, ASan) and runs each for 60 s.
# Exits non-zero if one crashes; inputs and logs go to fuzz-artifacts/. See FUZZING.md.
fuzz:
	scripts/fuzz

# Builds the release binary and measures it (Benchmarks/, needs root and a quiet machine);
# writes BENCHMARKS.md and Benchmarks/results/. See BENCHMARKS.md for the method.
bench:
	scripts/bench
