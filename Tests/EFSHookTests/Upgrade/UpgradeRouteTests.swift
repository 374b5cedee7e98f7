import Foundation
import Testing

@testable import HostLayer

/// Upgrade and rollback between real builds (ReleaseBuild) for the Aurora routes (as criteo's
/// modules run the binary; the fixtures and helpers of AuroraRouteTests) and the Docker holder
/// (the plugin protocol of `efs-hook serve`), with the local provider.
@Suite(.enabled(if: ReleaseBuild.suiteEnabled, ReleaseBuild.suiteReason), .serialized)
struct UpgradeRouteTests {
    let routes = AuroraRouteTests()

    func isolator(
        _ build: ReleaseBuild, _ action: String, _ input: String, _ sandbox: HostSandbox, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let (result, _, error) = try routes.call(["isolator", action], input, sandbox, binary: build.path)
        #expect(result.status == 0, "\(build) isolator \(action): \(result.stderr) \(error)", sourceLocation: sourceLocation)
    }

    func expectEmpty(_ sandbox: HostSandbox, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(try sandbox.mounts().isEmpty, "\((try? sandbox.mounts()) ?? [])", sourceLocation: sourceLocation)
        for kind in ["containers", "mounts", "requests", "volumes"] {
            #expect(sandbox.records(kind).isEmpty, "\(kind): \(sandbox.records(kind))", sourceLocation: sourceLocation)
        }
    }

    @Test func routeAExecutorsPreparedByOneBuildAreCleanedUpRecoveredAndPreparedAgainByTheOther() throws {
        for (from, to) in try ReleaseBuild.directions() {
            let sandbox = try HostSandbox()
            var figures = HandOverFigures("Route A (isolator, HOST_PATH volume)", from, to)
            figures.volumes = ["uploads"]
            let host = "\(sandbox.mountRoot)/uploads"
            try FileManager.default.createDirectory(atPath: host, withIntermediateDirectories: true)
            let inputs = try (0...2).map {
                try routes.isolatorInput("aurora-route-a-config-\($0 % 2)", sandbox, container: "executor-\($0)").path
            }
            for input in inputs {
                try isolator(from, "prepare", input, sandbox)
                figures.prepared += 1
            }
            #expect(try MountTable.current().mountCount(at: host) == 1)
            try isolator(to, "cleanup", inputs[0], sandbox)
            figures.cleanedUp += 1
            #expect(try MountTable.current().isMountPoint(host), "executors 1 and 2 still use it")
            let recovered = try sandbox.run(to, ["recover", "--json", "--live", "executor-1"])
            #expect(recovered.json?["releasedContainers"] as? [String] == ["executor-2"], "\(recovered.stdout)")
            figures.recovered += 1
            #expect(try MountTable.current().isMountPoint(host), "executor 1 still uses it")
            try isolator(to, "prepare", inputs[2], sandbox)
            figures.reprepared += 1
            #expect(try MountTable.current().mountCount(at: host) == 1, "one host mount, not a second on top")
            for input in inputs.dropFirst() {
                try isolator(to, "cleanup", input, sandbox)
                figures.cleanedUp += 1
            }
            try expectEmpty(sandbox)
            figures.print()
        }
    }

    @Test func routeBRequestsStoredByOneBuildArePreparedCleanedUpAndRecoveredByTheOther() throws {
        for (from, to) in try ReleaseBuild.directions() {
            let sandbox = try HostSandbox()
            var figures = HandOverFigures("Route B (hook + isolator, volume in the image)", from, to)
            figures.volumes = ["uploads"]
            let stored = "\(sandbox.stateDir)/requests/\(AuroraRouteTests.executorB).json"
            let input = try routes.isolatorInput("aurora-route-b-config", sandbox, container: "executor-b").path
            func hook(_ build: ReleaseBuild) throws {
                let (hooked, _, error) = try routes.hook(sandbox, binary: build.path)
                #expect(hooked.status == 0, "\(build) hook: \(error)")
                #expect(FileManager.default.fileExists(atPath: stored))
            }
            // The request the old build stored, prepared by the new one (the hook ran before the upgrade).
            try hook(from)
            try isolator(to, "prepare", input, sandbox)
            try isolator(from, "cleanup", input, sandbox)
            #expect(!FileManager.default.fileExists(atPath: stored))
            try expectEmpty(sandbox)
            // Prepared before the upgrade, cleaned up after it.
            try hook(from)
            try isolator(from, "prepare", input, sandbox)
            figures.prepared += 2
            #expect(try MountTable.current().isMountPoint("\(sandbox.mountRoot)/uploads"))
            try isolator(to, "cleanup", input, sandbox)
            figures.cleanedUp += 2
            #expect(!FileManager.default.fileExists(atPath: stored))
            try expectEmpty(sandbox)
            // Prepared before, executor gone, recovered after.
            try hook(from)
            try isolator(from, "prepare", input, sandbox)
            figures.prepared += 1
            // No live container, said in a way both builds take: 0.1.0 has no --no-live-containers,
            // and this build refuses an empty --live-from.
            let recovered = try sandbox.run(to, ["recover", "--live", "no-such-container"])
            #expect(recovered.stdout.contains(AuroraRouteTests.executorB), "\(recovered.stdout)")
            figures.recovered += 1
            try expectEmpty(sandbox)
            try hook(to)
            try isolator(to, "prepare", input, sandbox)
            figures.reprepared += 1
            try isolator(to, "cleanup", input, sandbox)
            figures.cleanedUp += 1
            try expectEmpty(sandbox)
            figures.print(" (one request hooked by \(from), prepared by \(to), cleaned up by \(from))")
        }
    }

    @Test func dockerHoldersMountedThroughOneBuildsDaemonAreUnmountedThroughTheOthers() throws {
        for (from, to) in try ReleaseBuild.directions() {
            let sandbox = try HostSandbox()
            var figures = HandOverFigures("Docker holder (efs-hook serve)", from, to)
            figures.volumes = ["shared"]
            let socket = "\(sandbox.root)/plugins/efs.sock"
            let host = "\(sandbox.mountRoot)/shared"
            let first = try PluginDaemonProcess.start(socket: socket, environment: sandbox.environment, binary: from.path)
            #expect(try first.post("/VolumeDriver.Create", #"{"Name":"shared","Opts":{"uid":"1000"}}"#).text == "{}")
            for id in ["aaa111", "bbb222"] {
                let mounted = try first.post("/VolumeDriver.Mount", #"{"Name":"shared","ID":"\#(id)"}"#)
                #expect(mounted.json?["Mountpoint"] as? String == host, "\(from): \(mounted)")
                figures.prepared += 1
            }
            #expect(first.stop() == 0, "\(first.log.suffix(1000))")
            #expect(try MountTable.current().isMountPoint(host), "the daemon's restart leaves its holders mounted")

            let second = try PluginDaemonProcess.start(socket: socket, environment: sandbox.environment, binary: to.path)
            defer { second.stop() }
            let volume = try second.post("/VolumeDriver.Get", #"{"Name":"shared"}"#).json?["Volume"] as? [String: Any]
            #expect(volume?["Mountpoint"] as? String == host, "\(to) reads \(from)'s holders: \(String(describing: volume))")
            #expect((volume?["Status"] as? [String: Any])?["options"] as? [String: String] == ["uid": "1000"])
            #expect(try second.post("/VolumeDriver.Unmount", #"{"Name":"shared","ID":"aaa111"}"#).text == "{}")
            figures.cleanedUp += 1
            #expect(try MountTable.current().isMountPoint(host), "bbb222 still holds it")
            #expect(try second.post("/VolumeDriver.Mount", #"{"Name":"shared","ID":"ccc333"}"#).status == 200)
            figures.reprepared += 1
            for id in ["bbb222", "ccc333"] {
                #expect(try second.post("/VolumeDriver.Unmount", #"{"Name":"shared","ID":"\#(id)"}"#).text == "{}")
                figures.cleanedUp += 1
            }
            #expect(try second.post("/VolumeDriver.Remove", #"{"Name":"shared"}"#).text == "{}")
            try expectEmpty(sandbox)
            figures.print(" (the volume created through \(from)'s daemon removed through \(to)'s)")
        }
    }
}

extension HostSandbox {
    /// Runs `build` with this sandbox's config and expects exit 0.
    func run(_ build: ReleaseBuild, _ arguments: [String], sourceLocation: SourceLocation = #_sourceLocation) throws -> RunResult {
        let result = try build.run(arguments, environment: environment)
        #expect(result.status == 0, "\(build) \(arguments): \(result.stderr)", sourceLocation: sourceLocation)
        return result
    }
}
