// swift-tools-version: 6.2
import PackageDescription

// Layers, lowest first. Dependencies point one way:
//   efs-hook (main) → EFSHookCLI (front ends; DockerPlugin) → EFSVolumes (the EFS provider)
//   efs-hook-csi (the CSI daemon) → EFSHookCLI, CSIPlugin
//   → EFSHookCore (planner, executor, the provider protocol) / AWSClient (SigV4, credentials, EFS API)
//   → VolumeModel (task parsing, validation, config) / HostLayer (mounts, locks, state) → Common
let package = Package(
    name: "efs-hook",
    products: [
        .executable(name: "efs-hook", targets: ["efs-hook"]),
        // The CSI plugin daemon, apart so that efs-hook, on every launch's path, links no gRPC.
        .executable(name: "efs-hook-csi", targets: ["efs-hook-csi"]),
        // For the fuzzing package in Fuzz/, which builds with sanitizers on its own.
        .library(name: "EFSHookKit", targets: ["Common", "MesosProto", "VolumeModel", "HostLayer"]),
        // For the micro-benchmarks in Benchmarks/, a release build of their own (Benchmarks/.build/).
        .library(
            name: "EFSHookBenchKit",
            targets: ["Common", "MesosProto", "VolumeModel", "HostLayer", "AWSClient", "EFSHookCore", "EFSVolumes"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-protobuf", exact: "1.39.0"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/swift-server/async-http-client", from: "1.37.0"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/grpc/grpc-swift-2", from: "2.4.3"),
        .package(url: "https://github.com/grpc/grpc-swift-nio-transport", from: "2.9.2"),
        .package(url: "https://github.com/grpc/grpc-swift-protobuf", from: "2.4.1"),
    ],
    targets: [
        .target(name: "Common"),
        .target(
            name: "MesosProto",
            dependencies: [.product(name: "SwiftProtobuf", package: "swift-protobuf")]
        ),
        .target(
            name: "VolumeModel",
            dependencies: [
                "Common", "MesosProto",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        // The CSI v1 messages and service protocols (Protos/csi), generated and committed.
        .target(
            name: "CSIProto",
            dependencies: [
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCProtobuf", package: "grpc-swift-protobuf"),
            ]
        ),
        // statx(2), which Swift's Glibc module does not expose.
        .target(name: "HostShims"),
        // The commit and date `--version` prints (scripts/write-build-info), in one C file.
        .target(name: "BuildInfo"),
        .target(name: "HostLayer", dependencies: ["Common", "HostShims"]),
        .target(
            name: "AWSClient",
            dependencies: [
                "Common", "HostLayer",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "AsyncHTTPClient", package: "async-http-client"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "EFSHookCore",
            dependencies: [
                "Common", "VolumeModel", "HostLayer",
                .product(name: "Logging", package: "swift-log"),
                // SHA-256 names a CSI path's user record (`TextDigest`).
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // Amazon EFS volumes: the EFS provider of EFSHookCore's `VolumeProvider`, over AWSClient.
        .target(
            name: "EFSVolumes",
            dependencies: [
                "Common", "VolumeModel", "HostLayer", "AWSClient", "EFSHookCore",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        // `efs-hook serve`: the Docker volume plugin daemon (protocol handling apart from the
        // NIO transport), with Prometheus metrics.
        .target(
            name: "DockerPlugin",
            dependencies: [
                "Common", "VolumeModel", "HostLayer", "EFSHookCore", "AWSClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        // `efs-hook csi`: the CSI plugin's Identity, Node and Controller services over gRPC.
        .target(
            name: "CSIPlugin",
            dependencies: [
                "Common", "VolumeModel", "HostLayer", "EFSHookCore", "CSIProto",
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "GRPCNIOTransportHTTP2Posix", package: "grpc-swift-nio-transport"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        .target(
            name: "EFSHookCLI",
            dependencies: [
                "Common", "VolumeModel", "HostLayer", "AWSClient", "EFSHookCore", "EFSVolumes", "MesosProto", "DockerPlugin",
                "BuildInfo",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
                .product(name: "Yams", package: "Yams"),
            ]
        ),
        .executableTarget(name: "efs-hook", dependencies: ["EFSHookCLI"]),
        // `efs-hook csi`'s daemon: the CLI's `csi` command with CSIPlugin's gRPC server.
        .executableTarget(name: "efs-hook-csi", dependencies: ["EFSHookCLI", "CSIPlugin"]),
        // What both test targets share: error matching, test data paths, temporary paths.
        .target(name: "EFSHookTestSupport", dependencies: ["Common"], path: "Tests/EFSHookTestSupport"),
        // Core logic against in-memory fakes of the host and of EFS, and the pure parsers: no
        // root, mounts, Python, network or Docker.
        .testTarget(
            name: "EFSHookUnitTests",
            dependencies: [
                "Common", "MesosProto", "VolumeModel", "HostLayer", "AWSClient", "EFSHookCore", "EFSVolumes", "EFSHookCLI",
                "DockerPlugin", "CSIPlugin", "CSIProto",
                "EFSHookTestSupport",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "GRPCCore", package: "grpc-swift-2"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ]
        ),
        // The real binary, real mounts in a private mount namespace, moto, botocore, dockerd.
        .testTarget(
            name: "EFSHookTests",
            dependencies: [
                "Common", "VolumeModel", "HostLayer", "AWSClient", "EFSHookCore", "EFSVolumes", "EFSHookCLI", "DockerPlugin",
                "EFSHookTestSupport",
                // Not imported: the binaries these tests run.
                "efs-hook", "efs-hook-csi",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
