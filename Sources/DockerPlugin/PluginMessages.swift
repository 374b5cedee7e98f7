import Common
import Foundation

/// The endpoints of Docker's volume plugin protocol (docs/extend/plugins_volume.md), each
/// an HTTP POST with a JSON body.
public enum PluginEndpoint: String, CaseIterable, Sendable {
    case activate = "/Plugin.Activate"
    case create = "/VolumeDriver.Create"
    case remove = "/VolumeDriver.Remove"
    case mount = "/VolumeDriver.Mount"
    case unmount = "/VolumeDriver.Unmount"
    case path = "/VolumeDriver.Path"
    case get = "/VolumeDriver.Get"
    case list = "/VolumeDriver.List"
    case capabilities = "/VolumeDriver.Capabilities"

    /// The label used in logs and metrics: `VolumeDriver.Mount`.
    public var label: String { String(rawValue.dropFirst()) }

    /// Endpoints whose request carries nothing (Docker sends an empty body or `{}`).
    var takesNoArguments: Bool { self == .activate || self == .list || self == .capabilities }
}

/// `{Name}` (Remove, Path, Get), `{Name, ID}` (Mount, Unmount) and `{Name, Opts}` (Create).
/// dvdcli sends no `ID`; Docker may send `"Opts": null`.
struct VolumeCall: Decodable {
    var name: String
    var id: String?
    var options: [String: String]?

    enum CodingKeys: String, CodingKey {
        case name = "Name"
        case id = "ID"
        case options = "Opts"
    }
}

/// Every reply is a JSON object; on failure it carries only `Err`.
struct ErrorReply: Encodable {
    var Err: String
}

struct ActivateReply: Encodable {
    var Implements = ["VolumeDriver"]
}

struct EmptyReply: Encodable {}

struct MountpointReply: Encodable {
    var Mountpoint: String
}

struct VolumeInfo: Encodable {
    var Name: String
    var Mountpoint: String
    var Status: [String: StatusValue]?
}

/// `Status` values Docker shows under `docker volume inspect`.
enum StatusValue: Encodable, Equatable {
    case text(String)
    case number(Int)
    case map([String: String])

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .text(let value): try container.encode(value)
        case .number(let value): try container.encode(value)
        case .map(let value): try container.encode(value)
        }
    }
}

struct GetReply: Encodable {
    var Volume: VolumeInfo
}

struct ListReply: Encodable {
    var Volumes: [VolumeInfo]
}

struct CapabilitiesReply: Encodable {
    struct Capabilities: Encodable { var Scope: String }
    var Capabilities = Capabilities(Scope: "global")
}

/// What the driver answers: an HTTP status and a JSON body. Failures are 500 with `Err`
/// (400 for a malformed request, 404 for an unknown endpoint), as Docker's own plugin
/// helpers answer; Docker treats any reply with `Err` set as an error.
public struct PluginResponse: Sendable, Equatable {
    public var status: Int
    public var body: [UInt8]
    /// The `Err` text when this is a failure.
    public var error: String?

    public var isSuccess: Bool { error == nil }

    static func success(_ reply: some Encodable) -> PluginResponse {
        PluginResponse(status: 200, body: encode(reply), error: nil)
    }

    public static func failure(_ message: String, status: Int = 500) -> PluginResponse {
        let line = message.split(whereSeparator: \.isNewline).joined(separator: " ")
        return PluginResponse(status: status, body: encode(ErrorReply(Err: line)), error: line)
    }

    static func encode(_ value: some Encodable) -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        // Only our own reply types are encoded here; none of them can fail.
        return Array((try? encoder.encode(value)) ?? Data(#"{"Err":"cannot encode the reply"}"#.utf8))
    }
}

/// A request the driver refuses before it reaches the holder service.
struct BadRequest: Error {
    var message: String
}

enum RequestDecoding {
    /// Decodes a `{Name, …}` body, with a one-line message for anything malformed.
    static func volumeCall(_ body: [UInt8], endpoint: PluginEndpoint) throws(BadRequest) -> VolumeCall {
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else {
            throw BadRequest(message: "\(endpoint.label): the request body is empty; expected a JSON object with \"Name\"")
        }
        do {
            return try JSONDecoder().decode(VolumeCall.self, from: Data(body))
        } catch let error as DecodingError {
            throw BadRequest(message: "\(endpoint.label): malformed request body: \(describe(error))")
        } catch {
            throw BadRequest(message: "\(endpoint.label): malformed request body: \(EFSHookError.oneLine(error))")
        }
    }

    /// Bodies of argument-less calls only need to be empty or a JSON object.
    static func checkEmptyCall(_ body: [UInt8], endpoint: PluginEndpoint) throws(BadRequest) {
        guard !body.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) else { return }
        guard (try? JSONSerialization.jsonObject(with: Data(body))) is [String: Any] else {
            throw BadRequest(message: "\(endpoint.label): malformed request body: expected empty or a JSON object")
        }
    }

    static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return keys.isEmpty ? "the body" : keys.joined(separator: ".")
        }
        switch error {
        case .keyNotFound(let key, _):
            return "\"\(key.stringValue)\" is missing"
        case .typeMismatch(_, let context), .valueNotFound(_, let context):
            switch context.codingPath.first?.stringValue {
            case "Opts"?: return "\"Opts\" must be null or an object of string values"
            case "Name"?, "ID"?: return "\"\(path(context))\" must be a string"
            default: return "\(path(context)) has the wrong type; expected a JSON object"
            }
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "not valid JSON" : "\(path(context)) is invalid"
        @unknown default:
            return "not a valid request"
        }
    }
}
