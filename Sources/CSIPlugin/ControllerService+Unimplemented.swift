import CSIProto
import GRPCCore

/// The Controller calls efs-hook does not serve (it advertises none of their capabilities).
extension ControllerService {
    func controllerPublishVolume(request: Csi_V1_ControllerPublishVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_ControllerPublishVolumeResponse
    {
        throw CSIUnimplemented.rpc(
            "ControllerPublishVolume", because: "an EFS file system is attached to no node: every agent mounts it itself")
    }

    func controllerUnpublishVolume(request: Csi_V1_ControllerUnpublishVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_ControllerUnpublishVolumeResponse
    {
        throw CSIUnimplemented.rpc(
            "ControllerUnpublishVolume", because: "an EFS file system is attached to no node: every agent mounts it itself")
    }

    func getCapacity(request: Csi_V1_GetCapacityRequest, context: ServerContext) async throws -> Csi_V1_GetCapacityResponse {
        throw CSIUnimplemented.rpc("GetCapacity", because: "an EFS file system grows with its data and has no capacity to report")
    }

    func createSnapshot(request: Csi_V1_CreateSnapshotRequest, context: ServerContext) async throws -> Csi_V1_CreateSnapshotResponse {
        throw CSIUnimplemented.rpc("CreateSnapshot", because: "efs-hook takes no snapshots; use AWS Backup for EFS")
    }

    func deleteSnapshot(request: Csi_V1_DeleteSnapshotRequest, context: ServerContext) async throws -> Csi_V1_DeleteSnapshotResponse {
        throw CSIUnimplemented.rpc("DeleteSnapshot", because: "efs-hook takes no snapshots; use AWS Backup for EFS")
    }

    func listSnapshots(request: Csi_V1_ListSnapshotsRequest, context: ServerContext) async throws -> Csi_V1_ListSnapshotsResponse {
        throw CSIUnimplemented.rpc("ListSnapshots", because: "efs-hook takes no snapshots; use AWS Backup for EFS")
    }

    func getSnapshot(request: Csi_V1_GetSnapshotRequest, context: ServerContext) async throws -> Csi_V1_GetSnapshotResponse {
        throw CSIUnimplemented.rpc("GetSnapshot", because: "efs-hook takes no snapshots; use AWS Backup for EFS")
    }

    func controllerExpandVolume(request: Csi_V1_ControllerExpandVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_ControllerExpandVolumeResponse
    {
        throw CSIUnimplemented.rpc("ControllerExpandVolume", because: "an EFS file system has no size to expand")
    }

    func controllerGetVolume(request: Csi_V1_ControllerGetVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_ControllerGetVolumeResponse
    {
        throw CSIUnimplemented.rpc("ControllerGetVolume", because: "efs-hook does not report volume health")
    }

    func controllerModifyVolume(request: Csi_V1_ControllerModifyVolumeRequest, context: ServerContext) async throws
        -> Csi_V1_ControllerModifyVolumeResponse
    {
        throw CSIUnimplemented.rpc("ControllerModifyVolume", because: "a volume's options are fixed when it is created")
    }
}
