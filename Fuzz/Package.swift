// swift-tools-version: 6.2
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
        )
    }
)
