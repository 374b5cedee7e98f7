import EFSHookTestSupport
import Testing

@testable import Common
@testable import VolumeModel

@Suite struct ValidationTests {
    @Test(arguments: ["a", "uploads", "web.data_1-x", "A1", String(repeating: "x", count: 64)])
    func acceptsDockerStyleNames(_ name: String) throws {
        try VolumeName.validate(name)
    }

    @Test(arguments: ["", "-x", ".x", "_x", "a/b", "a:b", "a b", "a;b", "é", String(repeating: "x", count: 65)])
    func rejectsOtherNames(_ name: String) {
        expectHookError(.invalidTask, "name") { try VolumeName.validate(name) }
    }

    @Test(arguments: [
        ("/data", "/data"), ("/data/", "/data"), ("//a//b/./c", "/a/b/c"), ("uploads", "uploads"), ("./a/b", "a/b"),
    ])
    func normalizesContainerPaths(_ input: String, _ output: String) throws {
        #expect(try ContainerPath.normalize(input, volume: "v") == output)
    }

    @Test(arguments: ["", "/", ".", "/a/../b", "..", "a/..", "/a\u{0}b", "/a\nb"])
    func rejectsBadContainerPaths(_ path: String) {
        expectHookError(.invalidTask, "container path") { _ = try ContainerPath.normalize(path, volume: "v") }
    }

    @Test func normalizesOptionValuesAndKeys() throws {
        let options = try VolumeOptions.parse(
            [("Encrypted", "YES"), ("directoryperms", "755"), ("uid", "1000"), ("provisioning", "accesspoint"), ("path", "/a//b/")],
            volume: "v")
        #expect(
            options.values == ["encrypted": "true", "directoryPerms": "0755", "uid": "1000", "provisioning": "accessPoint", "path": "/a/b"])
    }

    @Test func unknownOptionListsTheAcceptedOnes() {
        expectHookError(.invalidTask, "accepted options: provisioning, filesystemid") {
            _ = try VolumeOptions.parse([("nfsvers", "4.1")], volume: "v")
        }
    }

    @Test(arguments: [
        ("encrypted", "maybe"), ("uid", "-1"), ("uid", "4294967295"), ("gid", "1e3"), ("directoryPerms", "999"),
        ("fileSystemId", "fs-XYZ"), ("fileSystemId", "fs-12"), ("accessPointId", "fs-12345678"), ("kmsKeyId", "a b"),
        ("path", "relative"), ("path", "/a/./b"), ("availabilityZoneName", "us east"), ("provisionedThroughputInMibps", "0"),
        ("reclaim", "destroy"), ("transitionToIA", "AFTER_2_DAYS"),
    ])
    func rejectsBadOptionValues(_ key: String, _ value: String) {
        expectHookError(.invalidTask, key.lowercased()) { _ = try VolumeOptions.parse([(key, value)], volume: "v") }
    }

    @Test func splitsDVDIOptionLists() throws {
        let pairs = try VolumeOptions.splitList("a=1,b=x=y,,c=", volume: "v")
        #expect(pairs.map(\.key) == ["a", "b", "c"])
        #expect(pairs.map(\.value) == ["1", "x=y", ""])
        expectHookError(.invalidTask, "key=value") { _ = try VolumeOptions.splitList("a=1,oops", volume: "v") }
    }

    @Test(arguments: [
        ("v:/data", "v", "/data", false), ("v:/data:ro", "v", "/data", true), ("v:/data:ro,z", "v", "/data", true),
        ("v:/data:nocopy", "v", "/data", false), ("/host:/data:rw", "/host", "/data", false),
    ])
    func parsesDockerVolumeParameters(_ value: String, _ name: String, _ path: String, _ readOnly: Bool) throws {
        let spec = try DockerParameterSource.parse(value)
        #expect(spec.name == name && spec.path == path && spec.readOnly == readOnly)
    }

    @Test(arguments: ["v", "v:", "v:/a:ro:x", "v:/a:rx", "v:/a:ro,rw"])
    func rejectsBadDockerVolumeParameters(_ value: String) {
        expectHookError(.invalidTask, "docker volume parameter") { _ = try DockerParameterSource.parse(value) }
    }

    @Test(arguments: ["a\nb", "a\u{85}b", "a\u{2028}b", "a\u{2029}b", "a\u{202E}b", "a\u{7F}b"])
    func quotingLeavesNoLineBreakOrBidiControl(_ text: String) {
        let quoted = Quoting.safe(text)
        #expect(quoted.unicodeScalars.allSatisfy { !Quoting.needsEscape($0) }, "\(quoted)")
        #expect(quoted.hasPrefix("a\\") && quoted.hasSuffix("b"))
    }

    @Test(arguments: ["c1", "0f8e-4a.b_c", "parent.child"])
    func acceptsContainerIDs(_ id: String) throws {
        try ContainerIdentifier.validate(id)
    }

    @Test(arguments: ["", "../x", "a/b", ".hidden", "a b", String(repeating: "x", count: 201)])
    func rejectsContainerIDs(_ id: String) {
        expectHookError(.usage, "container id") { try ContainerIdentifier.validate(id) }
    }
}
