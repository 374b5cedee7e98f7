import Foundation
import Testing
import VolumeModel

@testable import EFSHookCore

/// The shapes that hold a `VolumeSpec` keep its fields flat on disk and in every output, as
/// they were before it: records written by either version read in the other.
@Suite struct VolumeSpecFormatTests {
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    static let options = VolumeOptions.parseForTests(["tls": "true"])

    @Test func aContainerRecordIsTheSameJSONAsBefore() throws {
        let record = ContainerRecord(
            containerID: "c1", phase: .prepared,
            volumes: [
                ContainerVolume(
                    spec: VolumeSpec(name: "v", options: Self.options, naming: .rexray), containerPath: "/data", readOnly: true,
                    target: "/rootfs/data", bindManaged: true)
            ], bootID: "b")
        #expect(
            try Self.json(record)
                == #"{"bootID":"b","containerID":"c1","phase":"prepared","volumes":[{"bindManaged":true,"containerPath":"/data","#
                + #""name":"v","naming":"rexray","options":{"tls":"true"},"readOnly":true,"target":"/rootfs/data","viaHostPath":false}]}"#
        )
        #expect(try JSONDecoder().decode(ContainerRecord.self, from: Data(try Self.json(record).utf8)) == record)
    }

    @Test func aVolumeWrittenBeforeNamingAndHostPathStillReads() throws {
        let old = #"{"name":"v","containerPath":"/d","readOnly":false,"target":"/r/d","bindManaged":true,"options":{}}"#
        let volume = try JSONDecoder().decode(ContainerVolume.self, from: Data(old.utf8))
        #expect(volume.spec == VolumeSpec(name: "v") && !volume.viaHostPath && volume.target == "/r/d")
    }

    @Test func aRequestAndAPreparedVolumeEncodeTheirFieldsFlat() throws {
        var request = VolumeRequest(name: "v", driver: "rexray", containerPath: "/d", readOnly: false, origin: .mesosVolume)
        request.options = Self.options
        #expect(
            try Self.json(request)
                == #"{"containerPath":"/d","driver":"rexray","name":"v","naming":"rexray","options":{"tls":"true"},"#
                + #""origin":"mesos-volume","readOnly":false}"#)
        #expect(try JSONDecoder().decode(VolumeRequest.self, from: Data(try Self.json(request).utf8)) == request)
        let prepared = PreparedVolume(
            spec: request.spec, hostMount: "/m/v", target: "/r/d", readOnly: false, reusedHostMount: true, bound: true,
            viaHostPath: false)
        #expect(
            try Self.json(prepared)
                == #"{"bound":true,"hostMount":"/m/v","name":"v","readOnly":false,"reusedHostMount":true,"target":"/r/d","viaHostPath":false}"#
        )
    }
}

extension VolumeOptions {
    static func parseForTests(_ pairs: [String: String]) -> VolumeOptions {
        (try? VolumeOptions.parse(pairs.sorted { $0.key < $1.key }.map { ($0.key, $0.value) }, volume: "v")) ?? VolumeOptions()
    }
}
