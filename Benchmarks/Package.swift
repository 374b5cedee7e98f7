// swift-tools-version: 6.2
import PackageDescription

// Micro-benchmarks (package-benchmark) of efs-hook's hot pure paths: task decoding and volume
// extraction, planning, SigV4 signing. A package of its own so its release build never
// touches the main build (its .build/ is Benchmarks/.build/). Run with `scripts/bench-micro`.
let package = Package(
    name: "efs-hook-benchmarks",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(name: "efs-hook", path: ".."),
        // Only the malloc interposer (for the malloc counts). The default traits also enable
        // RuntimeInterposer, for ARC counts on Linux with Swift 6.3, whose package is not among
        // those this machine has; these benchmarks measure no ARC counts.
        .package(url: "https://github.com/ordo-one/benchmark", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .executableTarget(
            name: "EFSHookBenchmarks",
            dependencies: [
                .product(name: "EFSHookBenchKit", package: "efs-hook"),
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/EFSHookBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    ]
)
