import CSIProto
import Common
import EFSHookCore
import EFSHookTestSupport
import GRPCCore
import Testing
import VolumeModel

@testable import CSIPlugin

/// The CSI plugin's pure decisions: capabilities, status codes, the caller's deadline,
/// CreateVolume's names and the endpoint.
@Suite struct CSIPluginUnitTests {
    typealias Mode = Csi_V1_VolumeCapability.AccessMode.Mode

    static func mount(_ mode: Mode, fsType: String = "", flags: [String] = []) -> Csi_V1_VolumeCapability {
        var capability = Csi_V1_VolumeCapability()
        capability.mount.fsType = fsType
        capability.mount.mountFlags = flags
        capability.accessMode.mode = mode
        return capability
    }

    @Test(arguments: [
        (Mode.singleNodeWriter, false), (.singleNodeReaderOnly, true), (.multiNodeReaderOnly, true),
        (.multiNodeSingleWriter, false), (.multiNodeMultiWriter, false), (.singleNodeSingleWriter, false),
        (.singleNodeMultiWriter, false),
    ])
    func everyAccessModeIsServedReaderOnlyOnesReadOnly(_ mode: Mode, _ readOnly: Bool) throws {
        #expect(try CSICapability.check(Self.mount(mode)) == readOnly)
        for fsType in ["nfs", "nfs4", "efs"] { #expect(try CSICapability.check(Self.mount(mode, fsType: fsType)) == readOnly) }
    }

    @Test func capabilitiesEFSHookCannotServe() {
        var block = Csi_V1_VolumeCapability()
        block.block = Csi_V1_VolumeCapability.BlockVolume()
        block.accessMode.mode = .multiNodeMultiWriter
        var neither = Csi_V1_VolumeCapability()
        neither.accessMode.mode = .multiNodeMultiWriter
        var noMode = Csi_V1_VolumeCapability()
        noMode.mount = Csi_V1_VolumeCapability.MountVolume()
        let problems: [(Csi_V1_VolumeCapability, String)] = [
            (block, "a block volume is not supported: EFS is a file system"),
            (neither, "the volume capability names neither mount nor block"),
            (Self.mount(.multiNodeMultiWriter, fsType: "ext4"), "file system type ext4 is not supported (EFS is NFS)"),
            (
                Self.mount(.multiNodeMultiWriter, flags: ["noatime"]),
                "mount flags are not supported; give the volume's options in volume_context"
            ),
            (noMode, "the volume capability has no known access mode"),
            (Self.mount(.unknown), "the volume capability has no known access mode"),
            (Self.mount(.UNRECOGNIZED(99)), "the volume capability has no known access mode"),
        ]
        for (capability, problem) in problems {
            #expect(CSICapability.problem(capability) == problem)
            expectHookError(.invalidTask, problem) { _ = try CSICapability.check(capability) }
        }
        expectHookError(.invalidTask, "the volume capability is missing") { _ = try CSICapability.check(nil) }
    }

    @Test(arguments: [
        (EFSHookError.usage("u"), false, RPCError.Code.invalidArgument),
        (.invalidTask("i"), false, .invalidArgument),
        (.invalidTask("i"), true, .invalidArgument),
        (.permissionDenied("p"), false, .permissionDenied),
        (.config("c"), false, .failedPrecondition),
        (.temporary("t"), false, .unavailable),
        (.temporary("t"), true, .deadlineExceeded),
        (.failure("f"), false, .internalError),
        (.failure("f"), true, .deadlineExceeded),
        (EFSHookError(.invalidTask, "shows another", code: .publishedOtherwise), false, .alreadyExists),
        (EFSHookError(.invalidTask, "defined otherwise", code: .definedOtherwise), false, .alreadyExists),
        (EFSHookError(.invalidTask, "not staged", code: .notStaged), false, .failedPrecondition),
        (EFSHookError(.temporary, "not staged", code: .notStaged), true, .failedPrecondition),
        (EFSHookError(.failure, "in use", code: .volumeInUse), false, .failedPrecondition),
    ])
    func statusByKindAndCode(_ error: EFSHookError, _ expired: Bool, _ code: RPCError.Code) {
        #expect(CSIStatus.code(for: error, deadlineExpired: expired) == code)
        let status = CSIStatus.rpcError(error, deadlineExpired: expired)
        #expect(status.code == code)
        #expect(status.message == error.message)
    }

    @Test func statusOfOtherErrors() {
        struct Plain: Error {}
        let passed = CSIStatus.rpcError(RPCError(code: .notFound, message: "gone"), deadlineExpired: true)
        #expect(passed.code == .notFound && passed.message == "gone")
        let cancelled = CSIStatus.rpcError(CancellationError(), deadlineExpired: false)
        #expect(cancelled.code == .cancelled)
        #expect(cancelled.message == "the call was cancelled (its deadline passed)")
        #expect(CSIStatus.rpcError(Plain(), deadlineExpired: false).code == .internalError)
        #expect(CSIStatus.rpcError(Plain(), deadlineExpired: true).code == .deadlineExceeded)
        #expect(CSIStatus.notFound("volume x does not exist").code == .notFound)
    }

    @Test(arguments: [
        ("59999m", 59.999), ("10S", 10), ("1H", 3600), ("2M", 120), ("1500000u", 1.5), ("25000000n", 0.025),
        ("12345678S", 12_345_678), ("0S", 0),
    ])
    func clientDeadlines(_ header: String, _ seconds: Double) throws {
        let parsed = try #require(ClientDeadline.parse(header))
        #expect(abs(parsed - seconds) < 1e-9)
    }

    @Test(arguments: ["", "S", "10", "10s", "10x", "123456789S", "-1S", "+1S", "1.5S", "1e3S", " 1S", "١S"])
    func badClientDeadlines(_ header: String) {
        #expect(ClientDeadline.parse(header) == nil)
    }

    @Test func shortNamesAreKept() {
        let longest = String(repeating: "n", count: 64)
        #expect(CSIVolumeName.volumeName(for: longest) == longest)
        #expect(CSIVolumeName.volumeName(for: "pvc-0a1b") == "pvc-0a1b")
    }

    @Test func longNamesBecomeAPrefixAndADigest() throws {
        let name = "pvc-" + String(repeating: "a", count: 124)
        let volume = CSIVolumeName.volumeName(for: name)
        #expect(volume.utf8.count == 64)
        #expect(volume.hasPrefix(String(name.prefix(47)) + "-"))
        #expect(volume.suffix(16).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(CSIVolumeName.volumeName(for: name) == volume, "the same every time")
        #expect(CSIVolumeName.volumeName(for: name.dropLast() + "b") != volume, "the digest is of the whole name")
        try VolumeName.validate(volume)
        #expect(CSIVolumeName.volumeName(for: String(repeating: "n", count: 65)).utf8.count == 64)
    }

    @Test(arguments: [("unix:///run/efs-hook/csi.sock", "/run/efs-hook/csi.sock"), ("unix:/a", "/a"), ("/a", "/a")])
    func endpoints(_ text: String, _ path: String) throws {
        let endpoint = try CSIEndpoint(parsing: text)
        #expect(endpoint.path == path)
        #expect(endpoint.uri == "unix://\(path)")
    }

    @Test(arguments: [
        ("csi.sock", "must be unix:///ABSOLUTE/PATH"), ("tcp://127.0.0.1:1", "must be unix:///ABSOLUTE/PATH"),
        ("unix://run/csi.sock", "absolute socket path"), ("unix:", "absolute socket path"),
        ("/run/../csi.sock", "without \"..\""), ("unix:///run/../csi.sock", "without \"..\""),
    ])
    func badEndpoints(_ text: String, _ fragment: String) {
        expectHookError(.usage, fragment) { _ = try CSIEndpoint(parsing: text) }
    }
}
