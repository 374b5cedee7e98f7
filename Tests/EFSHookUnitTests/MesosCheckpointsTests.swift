import EFSHookCore
import EFSHookTestSupport
import Foundation
import Testing

@testable import EFSHookCore

/// Liveness from the Mesos agent's checkpoints, on trees laid out as the agent lays them.
@Suite struct MesosCheckpointsTests {
    static let written = Date(timeIntervalSince1970: 1_800_000_000)
    static let before = ProcessFacts(startedAt: written.addingTimeInterval(-5))

    struct Tree {
        let root: String
        var runtime: String { "\(root)/run" }
        var work: String { "\(root)/work" }

        func write(_ relative: String, _ text: String, at date: Date? = MesosCheckpointsTests.written) throws {
            let path = "\(root)/\(relative)"
            try FileManager.default.createDirectory(
                atPath: (path as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: path, atomically: true, encoding: .utf8)
            if let date { try FileManager.default.setAttributes([.modificationDate: date], ofItemAtPath: path) }
        }

        func checkpoints(_ processes: [Int32: ProcessFacts], boot: String = "boot-1") -> MesosCheckpoints {
            MesosCheckpoints(
                runtimeDirectory: runtime, workDirectory: work, processes: FakeProcessTable(processes: processes), bootID: boot)
        }
    }

    func tree() throws -> Tree { Tree(root: try TemporaryPath.directory("mesos")) }

    @Test func noCheckpointDirectoriesMeanNothingIsKnown() throws {
        let tree = try tree()
        #expect(try tree.checkpoints([:]).liveContainers() == nil)
    }

    @Test func runtimeContainersAreLiveWhileTheirCheckpointedProcessRuns() throws {
        let tree = try tree()
        try tree.write("run/containers/c1/pid", "101")
        try tree.write("run/containers/c2/pid", "102")
        try tree.write("run/containers/c3/pid", "103")
        try tree.write("run/containers/c1/containers/n1/pid", "104")
        try tree.write("run/containers/c1/containers/n2/pid", "105")
        try tree.write("run/containers/c1/containers/n2/termination", "")
        try tree.write("run/containers/c4/pid", "106")
        try tree.write("run/containers/c4/status", "0")
        try tree.write("run/containers/launching/status", "")
        let processes: [Int32: ProcessFacts] = [
            101: Self.before, 103: ProcessFacts(startedAt: Self.written.addingTimeInterval(60)),
            104: Self.before, 105: Self.before, 106: Self.before,
        ]
        // c2: no process; c3: a later process got the pid; n2 and c4 ended.
        #expect(try tree.checkpoints(processes).liveContainers() == ["c1", "c1.n1", "launching"])
    }

    @Test func aZombieIsNotAlive() {
        let process = CheckpointedProcess(pid: 7, checkpointedAt: Self.written)
        #expect(process.isAlive(Self.before))
        #expect(!process.isAlive(ProcessFacts(startedAt: Self.before.startedAt, exited: true)))
        #expect(!process.isAlive(nil))
        #expect(process.isAlive(ProcessFacts(startedAt: Self.written.addingTimeInterval(0.5))))
    }

    @Test func executorRunsCountUnlessCompletedOrOfAnotherBoot() throws {
        let tree = try tree()
        let executor = "work/meta/slaves/S0/frameworks/F0/executors/thermos-a"
        try tree.write("work/meta/boot_id", "boot-1\n")
        try tree.write("\(executor)/runs/r1/pids/forked.pid", "201")
        try tree.write("\(executor)/runs/r2/pids/forked.pid", "202")
        try tree.write("\(executor)/runs/r2/executor.sentinel", "")
        try tree.write("\(executor)/runs/r3/pids/forked.pid", "203")
        try FileManager.default.createSymbolicLink(atPath: "\(tree.work)/meta/slaves/latest", withDestinationPath: "S0")
        try FileManager.default.createSymbolicLink(atPath: "\(tree.root)/\(executor)/runs/latest", withDestinationPath: "r1")
        let processes: [Int32: ProcessFacts] = [201: Self.before, 202: Self.before]
        #expect(try tree.checkpoints(processes).liveContainers() == ["r1"])
        #expect(try tree.checkpoints(processes, boot: "boot-2").liveContainers() == [])
    }

    @Test func aCheckpointThatCannotBeParsedKeepsItsContainer() throws {
        let tree = try tree()
        try tree.write("run/containers/c1/pid", "not a pid")
        try tree.write("run/containers/c2/pid", "")
        #expect(try tree.checkpoints([:]).liveContainers() == ["c1"])
    }

    @Test func procStatGivesTheStateAndTheStartAfterBoot() {
        let boot = Date(timeIntervalSince1970: 1_000)
        let line = "42 (a) b) c) S 1 42 42 0 -1 4194560 100 0 0 0 0 0 0 0 20 0 1 0 250 1000 100"
        #expect(
            LinuxProcessTable.parse(stat: line, bootTime: boot, ticksPerSecond: 100)
                == ProcessFacts(startedAt: Date(timeIntervalSince1970: 1_002.5)))
        let zombie = line.replacingOccurrences(of: ") S ", with: ") Z ")
        #expect(LinuxProcessTable.parse(stat: zombie, bootTime: boot, ticksPerSecond: 100)?.exited == true)
        #expect(LinuxProcessTable.parse(stat: "garbage", bootTime: boot, ticksPerSecond: 100) == nil)
        let live = LinuxProcessTable().facts(of: getpid())
        #expect(live.map { !$0.exited && $0.startedAt <= Date() } == true)
    }
}
