import CSIProto
import Common
import EFSHookCore
import GRPCCore
import VolumeModel

/// CSI's Controller service: CreateVolume defines a volume (with the EFS provider, creates
/// its file system or access point now, idempotent by name: efs-hook's provisioning), and
/// DeleteVolume removes the definition the way `docker volume rm` does: refused while this
/// host uses it, the data kept unless the volume was created with `reclaim=delete`. Capacity
/// is ignored: an EFS file system has none.
struct ControllerService: Csi_V1_Controller.SimpleServiceProtocol {
    let volumes: CSIVolumes
    let call: CSICall
    /// Whether the provider has resources of its own to create (EFS) or only directories (local).
    let hasResources: Bool

    func createVolume(request: Csi_V1_CreateVolumeRequest, context: ServerContext) async throws -> Csi_V1_CreateVolumeResponse {
        try await call.run("CreateVolume", volume: request.name, changes: true) {
            guard !request.name.isEmpty else { throw EFSHookError.invalidTask("the volume name is missing") }
            try Self.checkCapabilities(request.volumeCapabilities)
            if request.hasVolumeContentSource {
                throw EFSHookError.invalidTask("a volume content source (snapshot or clone) is not supported")
            }
            let handle = try CSIVolumeHandle(parsing: CSIVolumeName.volumeName(for: request.name))
            guard !handle.isEFSHandle else {
                throw EFSHookError.invalidTask(
                    "volume name \(request.name) is a file system handle; name a new volume, or use the handle as is")
            }
            let options = try CSIVolumeContext.options(request.parameters, for: handle)
            let definition = try await volumes.create(handle.name, options: options, hasResources: hasResources)
            var response = Csi_V1_CreateVolumeResponse()
            response.volume.volumeID = definition.name
            // The spec's "unknown (e.g., NFS share)": an EFS file system grows with its data, so
            // every capacity_range fits it, and asking again with another is the same volume.
            response.volume.capacityBytes = 0
            response.volume.volumeContext = CSIVolumeContext.context(of: try definition.mountOptions())
            return response
        }
    }

    func deleteVolume(request: Csi_V1_DeleteVolumeRequest, context: ServerContext) async throws -> Csi_V1_DeleteVolumeResponse {
        try await call.run("DeleteVolume", volume: request.volumeID, changes: true) {
            let handle = try CSIVolumeHandle(parsing: request.volumeID)
            // A handle names a file system efs-hook did not make here: there is nothing of ours to delete.
            if !handle.isEFSHandle { _ = try await volumes.holders.removeDefinition(handle.name) }
            return Csi_V1_DeleteVolumeResponse()
        }
    }

    func validateVolumeCapabilities(request: Csi_V1_ValidateVolumeCapabilitiesRequest, context: ServerContext) async throws
        -> Csi_V1_ValidateVolumeCapabilitiesResponse
    {
        try await call.run("ValidateVolumeCapabilities", volume: request.volumeID, changes: false) {
            let handle = try CSIVolumeHandle(parsing: request.volumeID)
            guard !request.volumeCapabilities.isEmpty else { throw EFSHookError.invalidTask("the volume capabilities are missing") }
            guard try volumes.exists(handle) else { throw CSIStatus.notFound("volume \(handle.name) does not exist") }
            var response = Csi_V1_ValidateVolumeCapabilitiesResponse()
            if let problem = request.volumeCapabilities.lazy.compactMap(CSICapability.problem).first {
                response.message = problem
            } else {
                response.confirmed.volumeCapabilities = request.volumeCapabilities
                response.confirmed.volumeContext = request.volumeContext
                response.confirmed.parameters = request.parameters
            }
            return response
        }
    }

    /// The volumes defined on this host, in name order; a token is the index to go on from.
    func listVolumes(request: Csi_V1_ListVolumesRequest, context: ServerContext) async throws -> Csi_V1_ListVolumesResponse {
        try await call.run("ListVolumes", volume: nil, changes: false) {
            let names = try volumes.holders.definedVolumes().sorted()
            guard request.maxEntries >= 0 else { throw EFSHookError.invalidTask("max_entries must not be negative") }
            let start = request.startingToken.isEmpty ? 0 : Int(request.startingToken) ?? -1
            guard start >= 0, start <= names.count else {
                throw RPCError(code: .aborted, message: "starting token \(Quoting.safe(request.startingToken)) is not one ListVolumes gave")
            }
            let end = request.maxEntries == 0 ? names.count : min(names.count, start + Int(request.maxEntries))
            var response = Csi_V1_ListVolumesResponse()
            for name in names[start..<end] {
                var entry = Csi_V1_ListVolumesResponse.Entry()
                entry.volume.volumeID = name
                if let definition = try volumes.holders.definition(name) {
                    entry.volume.volumeContext = CSIVolumeContext.context(of: try definition.mountOptions())
                }
                response.entries.append(entry)
            }
            if end < names.count { response.nextToken = String(end) }
            return response
        }
    }

    func controllerGetCapabilities(request: Csi_V1_ControllerGetCapabilitiesRequest, context: ServerContext) async throws
        -> Csi_V1_ControllerGetCapabilitiesResponse
    {
        var response = Csi_V1_ControllerGetCapabilitiesResponse()
        for type in [Csi_V1_ControllerServiceCapability.RPC.TypeEnum.createDeleteVolume, .listVolumes] {
            var capability = Csi_V1_ControllerServiceCapability()
            capability.rpc.type = type
            response.capabilities.append(capability)
        }
        return response
    }

    static func checkCapabilities(_ capabilities: [Csi_V1_VolumeCapability]) throws(EFSHookError) {
        guard !capabilities.isEmpty else { throw .invalidTask("the volume capabilities are missing") }
        for capability in capabilities { _ = try CSICapability.check(capability) }
    }
}
