/// The process environment as a plain dictionary, passed in so every lookup is testable.
/// Empty values count as unset, as in the AWS SDKs.
/// Its descriptions list variable names only: the values include secret keys.
public struct AWSEnvironment: Sendable, CustomStringConvertible, CustomReflectable {
    public var variables: [String: String]

    public init(_ variables: [String: String]) {
        self.variables = variables
    }

    public subscript(_ name: String) -> String? {
        guard let value = variables[name]?.trimmingWhitespace, !value.isEmpty else { return nil }
        return value
    }

    public var description: String { "AWSEnvironment(\(variables.keys.sorted().joined(separator: ", ")))" }
    public var customMirror: Mirror { Mirror(self, children: ["description": description], displayStyle: .struct) }

    public func isTrue(_ name: String) -> Bool {
        self[name]?.lowercased() == "true"
    }

    public var home: String? { self["HOME"] }

    /// `~/x` expanded with `HOME`; other paths unchanged.
    public func expandingHome(_ path: String) -> String {
        guard path == "~" || path.hasPrefix("~/"), let home else { return path }
        return home + path.dropFirst()
    }

    public var profile: String { self["AWS_PROFILE"] ?? "default" }
    public var profileWasChosen: Bool { self["AWS_PROFILE"] != nil }

    public var sharedCredentialsFile: String? {
        if let path = self["AWS_SHARED_CREDENTIALS_FILE"] { return expandingHome(path) }
        return home.map { $0 + "/.aws/credentials" }
    }

    public var configFile: String? {
        if let path = self["AWS_CONFIG_FILE"] { return expandingHome(path) }
        return home.map { $0 + "/.aws/config" }
    }
}

extension StringProtocol {
    var trimmingWhitespace: String {
        // The usual case, without loading Unicode property tables on the launch path.
        if let first = utf8.first, let last = utf8.reversed().first, (0x21..<0x7F).contains(first), (0x21..<0x7F).contains(last) {
            return String(self)
        }
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}
