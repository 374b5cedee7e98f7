// swift-tools-version: 6.1
import PackageDescription

// The floor for whole-process benchmarks: a Swift executable that does nothing, built exactly
// like the release efs-hook (`-c release -Xswiftc -static-executable`). See BENCHMARKS.md.
let package = Package(
    name: "floor",
    targets: [.executableTarget(name: "floor")]
)
