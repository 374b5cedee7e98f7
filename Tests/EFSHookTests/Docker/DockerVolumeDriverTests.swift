import Foundation
import Logging
import Testing
import VolumeModel

@testable import DockerPlugin
@testable import EFSHookCore
@testable import HostLayer

/// The protocol handling on its own, in process: a request in, a reply out, given an
/// executor; no socket. Many requests at once on one volume must neither deadlock on the
/// executor's file locks (flock is per open file, so two requests of one process would wait
/// on each other) nor lose a holder.
@Suite(.enabled(if: TestEnvironment.inPrivateMountNamespace, TestEnvironment.mountReason), .serialized)
struct DockerVolumeDriverTests {
    static let quiet = Logger(label: "efs-hook-test") { _ in SwiftLogNoOpLogHandler() }

    func driver(_ sandbox: HostSandbox, metrics: PluginMetrics? = nil) throws -> VolumeDriver {
        let host = LinuxHost()
        let state = try StateDirectory(root: sandbox.stateDir, lockTimeout: 30, host: host)
        let status = HostStatus(layout: state.layout, planner: Planner(providerName: "local", mountRoot: sandbox.mountRoot), host: host)
        let ledger = HostMountLedger(
            provider: LocalProvider(root: sandbox.localRoot), host: host, status: status, state: state, deadlines: HostDeadlines(),
            onHostUnmount: nil, logger: Self.quiet)
        let holders = HolderService(ledger: ledger, policy: PolicyEngine(configuration: Configuration()))
        return try VolumeDriver(holders: holders, status: status, driverName: "efs", metrics: metrics, logger: Self.quiet)
    }

    func call(_ driver: VolumeDriver, _ endpoint: PluginEndpoint, _ body: String) async -> PluginResponse {
        await driver.handle(endpoint: endpoint.rawValue, body: Array(body.utf8))
    }

    @Test func concurrentMountsAndUnmountsOfOneVolume() async throws {
        let sandbox = try HostSandbox()
        let metrics = PluginMetrics(version: "test")
        let driver = try driver(sandbox, metrics: metrics)
        let blocking = BlockingTaskExecutor(threads: 4, name: "test-plugin")
        #expect(await call(driver, .create, #"{"Name":"busy"}"#).isSuccess)
        let ids = (0..<16).map { "id\($0)" }

        let mounts = await withTaskExecutorPreference(blocking) {
            await withTaskGroup(of: PluginResponse.self) { group in
                for id in ids { group.addTask { await call(driver, .mount, #"{"Name":"busy","ID":"\#(id)"}"#) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        let failedMounts = mounts.compactMap { $0.error }
        #expect(mounts.count == ids.count && failedMounts.isEmpty, "\(failedMounts)")
        #expect(try MountTable.current().mountCount(at: "\(sandbox.mountRoot)/busy") == 1)
        #expect(sandbox.records("containers").count == ids.count)
        #expect(
            String(decoding: metrics.exposition(status: driver.status), as: UTF8.self).contains("efs_hook_plugin_mounts_held 16"))

        let unmounts = await withTaskExecutorPreference(blocking) {
            await withTaskGroup(of: PluginResponse.self) { group in
                for id in ids { group.addTask { await call(driver, .unmount, #"{"Name":"busy","ID":"\#(id)"}"#) } }
                return await group.reduce(into: []) { $0.append($1) }
            }
        }
        let failedUnmounts = unmounts.compactMap { $0.error }
        #expect(unmounts.count == ids.count && failedUnmounts.isEmpty, "\(failedUnmounts)")
        #expect(try !MountTable.current().isMountPoint("\(sandbox.mountRoot)/busy"))
        #expect(sandbox.records("containers").isEmpty)
    }

    @Test func repliesAreDockersShapes() async throws {
        let sandbox = try HostSandbox()
        let driver = try driver(sandbox)
        func json(_ response: PluginResponse) -> String { String(decoding: response.body, as: UTF8.self) }
        #expect(json(await call(driver, .activate, "")) == #"{"Implements":["VolumeDriver"]}"#)
        #expect(json(await call(driver, .capabilities, "")) == #"{"Capabilities":{"Scope":"global"}}"#)
        #expect(json(await call(driver, .create, #"{"Name":"v","Opts":{"reclaim":"delete"}}"#)) == "{}")
        #expect(json(await call(driver, .list, "")) == #"{"Volumes":[{"Mountpoint":"","Name":"v"}]}"#)
        #expect(json(await call(driver, .mount, #"{"Name":"v","ID":"m"}"#)) == #"{"Mountpoint":"\#(sandbox.mountRoot)/v"}"#)
        // reclaim is kept out of the holder's options: the last Unmount must never delete.
        let holder = try #require(try driver.status.layout.containerRecords.load("@docker.m"))
        #expect(holder.volumes.first?.options.isEmpty == true)
        let failed = await call(driver, .get, #"{"Name":"nope"}"#)
        #expect(failed.status == 500)
        #expect(json(failed) == #"{"Err":"volume nope does not exist"}"#)
        #expect(await call(driver, .unmount, #"{"Name":"v","ID":"m"}"#).isSuccess)
        // The local provider never deletes data: reclaim=delete only forgets the definition.
        #expect(await call(driver, .remove, #"{"Name":"v"}"#).isSuccess)
        #expect(FileManager.default.fileExists(atPath: "\(sandbox.localRoot)/v"))
        #expect(sandbox.records("volumes").isEmpty)
    }
}
