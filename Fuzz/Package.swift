// swift-tools-version: 6.1
import PackageDescription

// libFuzzer targets for efs-hook, in a package of their own so the sanitizer build never
// touches the main build (its .build/ is Fuzz/.build/). Build and run with `scripts/fuzz`
// (see FUZZING.md); each executable is one libFuzzer binary.
let fuzzTargets = [
    "task-binary", "task-json", "docker-volume-parameter", "dvdi-env", "volume-options", "config",
]

let package = Package(
    name: "efs-hook-fuzz",
    platforms: [.macOS(.v13)],
    products: fuzzTargets.map { .executable(name: $0, targets: [$0]) },
    dependencies: [
        .package(name: "efs-hook", path: ".."),
        // The root package's own Yams, named here so the config target can see a document's
        // nodes (EFS_FUZZ_SKIP=yams-non-scalar-key).
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(
            name: "FuzzSupport",
            dependencies: [.product(name: "EFSHookKit", package: "efs-hook")]
        ),
    ] + fuzzTargets.map {
        .executableTarget(
            name: $0,
            dependencies: ["FuzzSupport", .product(name: "EFSHookKit", package: "efs-hook")]
                + ($0 == "config" ? [.product(name: "Yams", package: "Yams")] : [])
        )
    }
)
