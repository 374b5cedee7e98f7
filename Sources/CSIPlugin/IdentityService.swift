import CSIProto
import EFSHookCore
import GRPCCore
import SwiftProtobuf

/// CSI's Identity service: the plugin's name and version, what it serves, and whether it is
/// ready. Answered from memory: the orchestrator probes often.
struct IdentityService: Csi_V1_Identity.SimpleServiceProtocol {
    let settings: CSISettings

    func getPluginInfo(request: Csi_V1_GetPluginInfoRequest, context: ServerContext) async throws -> Csi_V1_GetPluginInfoResponse {
        var response = Csi_V1_GetPluginInfoResponse()
        response.name = CSISettings.pluginName
        response.vendorVersion = settings.version
        return response
    }

    func getPluginCapabilities(request: Csi_V1_GetPluginCapabilitiesRequest, context: ServerContext) async throws
        -> Csi_V1_GetPluginCapabilitiesResponse
    {
        var response = Csi_V1_GetPluginCapabilitiesResponse()
        if settings.services.controller {
            var capability = Csi_V1_PluginCapability()
            capability.service.type = .controllerService
            response.capabilities.append(capability)
        }
        return response
    }

    func probe(request: Csi_V1_ProbeRequest, context: ServerContext) async throws -> Csi_V1_ProbeResponse {
        var response = Csi_V1_ProbeResponse()
        response.ready = Google_Protobuf_BoolValue(true)
        return response
    }
}
