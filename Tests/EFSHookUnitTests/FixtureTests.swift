import Common
import EFSHookTestSupport
import Foundation
import MesosProto
import SwiftProtobuf
import Testing

@testable import VolumeModel

/// Tasks encoded by Mesos' own schema (mesos.interface 1.7.2, scripts/generate-fixtures),
/// each with a hand-written expected plan.
@Suite struct FixtureTests {
    struct Expected: Decodable {
        struct Ignored: Decodable, Equatable {
            var origin: String
            var name: String
            var driver: String
        }
        var message: MessageKind
        var volumes: [VolumeRequest]
        var ignored: [Ignored]
    }

    static let names: [String] = {
        let directory = TestPaths.fixtures.appendingPathComponent("tasks").path
        let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return files.filter { $0.hasSuffix(".expected.json") }.map { String($0.dropLast(".expected.json".count)) }.sorted()
    }()

    static let variants = [".bin", ".json", ".camel.json"]

    static func data(_ file: String) throws -> Data {
        try Data(contentsOf: TestPaths.fixtures.appendingPathComponent("tasks/\(file)"))
    }

    @Test func fixturesArePresent() {
        #expect(Self.names.count >= 10, "fixtures missing: run scripts/generate-fixtures")
    }

    @Test(arguments: names, variants)
    func fixtureParsesToExpectedPlan(name: String, variant: String) throws {
        let expected = try JSONDecoder().decode(Expected.self, from: Self.data("\(name).expected.json"))
        // Binary input must be told its message unless it is a TaskInfo; JSON is inferred.
        let message: MessageKind? = variant == ".bin" ? expected.message : nil
        let task = try TaskDecoder.decode(Self.data(name + variant), message: message)
        #expect(task.kind == expected.message)
        let volumes = try VolumeExtractor(drivers: ["efs"]).volumes(in: task)
        #expect(volumes.volumes == expected.volumes)
        #expect(volumes.ignored.map { Expected.Ignored(origin: $0.origin.rawValue, name: $0.name, driver: $0.driver) } == expected.ignored)
    }

    @Test func unknownFieldsSurviveBinaryParsing() throws {
        let original = try Self.data("unknown-fields.bin")
        let task = try Mesos_TaskInfo(serializedBytes: original)
        #expect(!task.unknownFields.data.isEmpty, "fields our subset lacks must be kept")
        let reencoded: Data = try task.serializedBytes()
        #expect(reencoded.count == original.count)
        let again = try Mesos_TaskInfo(serializedBytes: reencoded)
        #expect(again == task)
        #expect(again.container.unknownFields.data == task.container.unknownFields.data)
        #expect(!task.container.unknownFields.data.isEmpty, "ContainerInfo.linux_info must be kept")
    }

    @Test func addingADriverTurnsIgnoredVolumesIntoRequests() throws {
        let task = try TaskDecoder.decode(Self.data("dvdi-env.bin"))
        let volumes = try VolumeExtractor(drivers: ["efs", "rexray"]).volumes(in: task)
        #expect(volumes.ignored.isEmpty)
        // DVDI_VOLUME_NAME2 names no driver: mesos-module-dvdi's default, rexray, with its naming.
        let legacy = try #require(volumes.volumes.first { $0.name == "legacy-ebs" })
        #expect(legacy.driver == "rexray" && legacy.naming == .rexray)
        #expect(volumes.volumes.filter { $0.name != "legacy-ebs" }.allSatisfy { $0.naming == .efsHook })
    }

    @Test func oversizedInputIsRefused() {
        let big = Data(repeating: 0x0A, count: TaskDecoder.maxInputBytes + 1)
        expectHookError(.invalidTask, "4 mib") { _ = try TaskDecoder.decode(big) }
    }
}
