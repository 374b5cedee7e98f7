import Common
import EFSHookTestSupport
import Testing
import VolumeModel

@testable import CSIPlugin

/// CSI volume ids and volume_context: efs-hook names and the EFS CSI driver's handles.
@Suite struct CSIVolumeHandleTests {
    static let fileSystem = "fs-0123456789abcdef0"
    static let accessPoint = "fsap-0123456789abcdef0"

    @Test(
        arguments: [
            ("data", "data", nil, nil),
            ("pvc-1b2c.x_y", "pvc-1b2c.x_y", nil, nil),
            (fileSystem, fileSystem, fileSystem, nil),
            ("efs:\(fileSystem)", fileSystem, fileSystem, nil),
            ("\(fileSystem)::\(accessPoint)", "\(fileSystem).\(accessPoint)", fileSystem, accessPoint),
            ("efs:\(fileSystem)::\(accessPoint)", "\(fileSystem).\(accessPoint)", fileSystem, accessPoint),
            ("fs-abc", "fs-abc", nil, nil),
        ] as [(String, String, String?, String?)])
    func goodIds(_ id: String, _ name: String, _ fileSystemId: String?, _ accessPointId: String?) throws {
        let handle = try CSIVolumeHandle(parsing: id)
        #expect(handle.name == name)
        #expect(handle.options[.fileSystemId] == fileSystemId)
        #expect(handle.options[.accessPointId] == accessPointId)
        #expect(handle.isEFSHandle == (fileSystemId != nil))
        #expect(handle.options.values.count == [fileSystemId, accessPointId].compactMap { $0 }.count)
    }

    @Test(arguments: [
        ("", "the volume id is empty"),
        ("\(fileSystem):/sub", "a subpath in the handle is not supported"),
        ("\(fileSystem)::\(accessPoint):/sub", "a subpath in the handle is not supported"),
        ("\(fileSystem):x:\(accessPoint)", "a subpath in the handle is not supported"),
        ("data:x", "a subpath in the handle is not supported"),
        ("efs:data", "option fileSystemId=\"data\" is invalid"),
        ("efs:", "option fileSystemId=\"\" is invalid"),
        ("\(fileSystem)::fsap-bad", "option accessPointId=\"fsap-bad\" is invalid"),
        ("\(fileSystem)::", "option accessPointId=\"\" is invalid"),
        ("-data", "must start with a letter or digit"),
        ("da/ta", "volume \"da/ta\""),
        (String(repeating: "a", count: 65), "longer than 64 characters"),
    ])
    func badIds(_ id: String, _ fragment: String) {
        expectHookError(.invalidTask, fragment) { _ = try CSIVolumeHandle(parsing: id) }
    }

    @Test func contextOptionsForAName() throws {
        let handle = try CSIVolumeHandle(parsing: "data")
        #expect(try CSIVolumeContext.options([:], for: handle).isEmpty)
        let options = try CSIVolumeContext.options(
            [
                "encryptInTransit": "true", "storage.kubernetes.io/csiProvisionerIdentity": "1700000000000-8081-efs-hook.csi",
                "uid": "1000", "fileSystemId": Self.fileSystem,
            ], for: handle)
        #expect(options.values == ["tls": "true", "uid": "1000", "fileSystemId": Self.fileSystem])
        #expect(CSIVolumeContext.context(of: options) == options.values, "what CreateVolume returns comes back as is")
    }

    @Test(arguments: [
        (["bogus": "1"], "unknown option \"bogus\""),
        (["tls": "maybe"], "option tls=\"maybe\" is invalid"),
        (["tls": "true", "encryptInTransit": "true"], "option \"tls\" is given twice"),
    ])
    func contextRefusals(_ context: [String: String], _ fragment: String) throws {
        let handle = try CSIVolumeHandle(parsing: "data")
        expectHookError(.invalidTask, fragment) { _ = try CSIVolumeContext.options(context, for: handle) }
    }

    @Test func aHandlesIdsCannotBeContradicted() throws {
        let handle = try CSIVolumeHandle(parsing: "\(Self.fileSystem)::\(Self.accessPoint)")
        let agreeing = try CSIVolumeContext.options(["fileSystemId": Self.fileSystem, "tls": "on"], for: handle)
        #expect(agreeing.values == ["fileSystemId": Self.fileSystem, "accessPointId": Self.accessPoint, "tls": "true"])
        expectHookError(.invalidTask, "volume_context's fileSystemId fs-0123456789abcdef1 disagrees with the volume id") {
            _ = try CSIVolumeContext.options(["fileSystemId": "fs-0123456789abcdef1"], for: handle)
        }
        expectHookError(.invalidTask, "accessPointId fsap-0123456789abcdef1 disagrees") {
            _ = try CSIVolumeContext.options(["accessPointId": "fsap-0123456789abcdef1"], for: handle)
        }
        expectHookError(.invalidTask, "a path in volume_context is not supported for a file system handle") {
            _ = try CSIVolumeContext.options(["path": "/data"], for: handle)
        }
        let fileSystemOnly = try CSIVolumeHandle(parsing: Self.fileSystem)
        expectHookError(.invalidTask, "accessPointId \(Self.accessPoint) disagrees") {
            _ = try CSIVolumeContext.options(["accessPointId": Self.accessPoint], for: fileSystemOnly)
        }
    }
}
