import Common
import Foundation

/// A non-2xx answer from an AWS service, reduced to what callers branch on.
public struct AWSServiceFailure: Sendable, Equatable {
    public var status: Int
    /// `FileSystemAlreadyExists`, `ThrottlingException`, …; nil when the service sent none.
    public var code: ErrorCode?
    public var message: String?

    public init(status: Int, code: ErrorCode? = nil, message: String? = nil) {
        self.status = status
        self.code = code
        self.message = message
    }

    /// The code comes from `X-Amzn-ErrorType`, else the body's `ErrorCode`, `__type`, `code` or `Code`
    /// (JSON, or the XML of query-protocol services).
    public static func parse(_ response: HTTPResponse) -> AWSServiceFailure {
        var fields: [String: String] = [:]
        if let object = try? JSONSerialization.jsonObject(with: response.body) as? [String: Any] {
            for (key, value) in object {
                if let text = value as? String { fields[key] = text }
            }
        }
        if fields.isEmpty, response.body.first == UInt8(ascii: "<") {
            // Query-protocol services (STS) answer <ErrorResponse><Error><Code>…</Code><Message>….
            let text = String(decoding: response.body, as: UTF8.self)
            fields["Code"] = QueryXML.value("Code", in: text)
            fields["Message"] = QueryXML.value("Message", in: text)
        }
        let rawCode =
            response.headers.value(for: "x-amzn-errortype")
            ?? ["ErrorCode", "__type", "code", "Code"].lazy.compactMap { fields[$0] }.first
        let message = ["message", "Message", "errorMessage"].lazy.compactMap { fields[$0] }.first
        return AWSServiceFailure(status: response.status, code: rawCode.flatMap(normalizedCode), message: message)
    }

    /// `aws.protocols#ThrottlingException:http://internal…` → `ThrottlingException`.
    public static func normalizedCode(_ raw: String) -> ErrorCode? {
        var code = Substring(raw)
        if let colon = code.firstIndex(of: ":") { code = code[..<colon] }
        if let hash = code.lastIndex(of: "#") { code = code[code.index(after: hash)...] }
        let trimmed = code.trimmingWhitespace
        return trimmed.isEmpty ? nil : ErrorCode(trimmed)
    }
}
