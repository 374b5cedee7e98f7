import Common
import Foundation
import MesosProto
import SwiftProtobuf

/// Turns raw bytes (binary protobuf or JSON, either naming style) into a `TaskDescription`.
/// Every failure is an `invalidTask` error with one line of explanation; nothing crashes.
public enum TaskDecoder {
    public static let maxInputBytes = 4 * 1024 * 1024

    public static func decode(_ data: Data, message: MessageKind? = nil, format: InputFormat = .auto) throws(EFSHookError)
        -> TaskDescription
    {
        guard data.count <= maxInputBytes else {
            throw .invalidTask("task description is \(data.count) bytes; the limit is \(maxInputBytes) (4 MiB)")
        }
        guard !data.isEmpty else { throw .invalidTask("task description is empty") }
        let json: Bool
        switch format {
        case .json: json = true
        case .binary: json = false
        case .auto: json = looksLikeJSON(data)
        }
        if json {
            let kind: MessageKind
            if let message { kind = message } else { kind = try inferKind(fromJSON: data) }
            return try decodeJSON(data, as: kind)
        }
        return try decodeBinary(data, as: message ?? .taskInfo)
    }

    /// A binary Mesos message starts with a field tag; `{` (field 15, start-group) never
    /// starts one, so the first non-blank byte decides.
    static func looksLikeJSON(_ data: Data) -> Bool {
        // Not a Set<UInt8>: setting one up is a measurable share of a warm prepare.
        guard let first = data.first(where: { !JSONObjectKeys.isBlank($0) }) else { return false }
        return first == UInt8(ascii: "{") || first == UInt8(ascii: "[") || first == UInt8(ascii: "\"")
    }

    static func inferKind(fromJSON data: Data) throws(EFSHookError) -> MessageKind {
        let keys = try JSONObjectKeys.topLevel(data)
        func has(_ names: String...) -> Bool { names.contains(where: keys.contains) }
        if has("container_config", "containerConfig") { return .isolatorRequest }
        if has("task_id", "taskId") { return .taskInfo }
        if has("executor_id", "executorId") { return .executorInfo }
        if has("command_info", "commandInfo", "directory") { return .containerConfig }
        throw .invalidTask(
            "cannot tell which Mesos message this JSON is (no task_id, executor_id, command_info or container_config key); pass --message"
        )
    }

    static func decodeJSON(_ data: Data, as kind: MessageKind) throws(EFSHookError) -> TaskDescription {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        do {
            switch kind {
            case .taskInfo: return .taskInfo(try checked(Mesos_TaskInfo(jsonUTF8Bytes: data, options: options)))
            case .executorInfo:
                return .executorInfo(try checked(Mesos_ExecutorInfo(jsonUTF8Bytes: data, options: options)))
            case .containerConfig:
                return .containerConfig(try checked(Mesos_Slave_ContainerConfig(jsonUTF8Bytes: data, options: options)))
            case .isolatorRequest:
                return .isolatorRequest(try checked(Efshook_IsolatorRequest(jsonUTF8Bytes: data, options: options)))
            }
        } catch let error as EFSHookError {
            throw error
        } catch {
            throw .invalidTask("task description is not a valid JSON \(kind.rawValue): \(describe(error))")
        }
    }

    static func decodeBinary(_ data: Data, as kind: MessageKind) throws(EFSHookError) -> TaskDescription {
        do {
            switch kind {
            case .taskInfo: return .taskInfo(try checked(Mesos_TaskInfo(serializedBytes: data, partial: true)))
            case .executorInfo: return .executorInfo(try checked(Mesos_ExecutorInfo(serializedBytes: data, partial: true)))
            case .containerConfig:
                return .containerConfig(try checked(Mesos_Slave_ContainerConfig(serializedBytes: data, partial: true)))
            case .isolatorRequest:
                return .isolatorRequest(try checked(Efshook_IsolatorRequest(serializedBytes: data, partial: true)))
            }
        } catch let error as EFSHookError {
            throw error
        } catch {
            throw .invalidTask("task description is not a valid binary \(kind.rawValue): \(describe(error))")
        }
    }

    /// The agent hook's input (`efshook.RunTaskHookInput`, JSON only), its TaskInfo checked as
    /// a task description's is.
    public static func decodeHookInput(_ data: Data) throws(EFSHookError) -> Efshook_RunTaskHookInput {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        let input: Efshook_RunTaskHookInput
        do {
            input = try Efshook_RunTaskHookInput(jsonUTF8Bytes: data, options: options)
        } catch {
            throw .invalidTask("hook input is not valid JSON: \(describe(error))")
        }
        guard input.hasTaskInfo else {
            throw .invalidTask("hook input has no task_info object (expected {task_info, executor_info, framework_info, slave_info})")
        }
        _ = try checked(input.taskInfo)
        return input
    }

    /// Proto2 `required` fields are what tell a TaskInfo from an ExecutorInfo on the wire;
    /// JSON decoding does not check them, so both paths check here.
    private static func checked<M: Message>(_ message: M) throws(EFSHookError) -> M {
        guard message.isInitialized else {
            throw .invalidTask(
                "task description is missing required fields of \(M.protoMessageName); is it really that message? pass --message")
        }
        return message
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case BinaryDecodingError.truncated: return "truncated input"
        case BinaryDecodingError.malformedProtobuf: return "malformed protobuf"
        case BinaryDecodingError.invalidUTF8: return "a string field is not valid UTF-8"
        case BinaryDecodingError.messageDepthLimit: return "messages nested too deeply"
        default: return EFSHookError.oneLine(error)
        }
    }
}
