/// The `policy` section: which identities may use which volumes, and how. The first rule
/// that matches a request's identity and volume name decides; with none, `defaultAction`.
/// With no policy configured the default is allow, and only the safe defaults apply.
public struct TenantPolicy: Sendable, Equatable, Codable {
    public enum Action: String, Sendable, Equatable, Codable, CaseIterable {
        case allow, deny
    }

    public var defaultAction: Action = .allow
    public var rules: [PolicyRule] = []

    public init() {}

    public var isConfigured: Bool { !rules.isEmpty || defaultAction == .deny }
}

public struct PolicyRule: Sendable, Equatable, Codable {
    public enum Access: String, Sendable, Equatable, Codable, CaseIterable {
        case readWrite, readOnly
    }

    /// Which identity value prefixes the volume names of matching requests.
    public enum Namespace: String, Sendable, Equatable, Codable, CaseIterable {
        case auroraRole, user
    }

    public var name: String
    public var action: TenantPolicy.Action = .allow
    public var match = IdentityMatch()
    /// Volume names (as the task writes them) this rule is about; empty means every name.
    public var volumes: [GlobPattern] = []
    public var access: Access = .readWrite
    /// Provisioning modes matching requests may use; empty means every mode.
    public var provisioning: [Provisioning] = []
    /// File systems `accessPoint` and `static` volumes may name (or get from
    /// `efs.fileSystemId`); empty means whatever the safe defaults allow.
    public var fileSystems: [String] = []
    /// uid and gid options allowed; empty means any but 0.
    public var uids: [IDRange] = []
    public var gids: [IDRange] = []
    /// Volume options matching requests may set; nil means every option.
    public var options: [VolumeOption]?
    /// Option values a matching request must set, normalized (`encrypted` → `true`): a value
    /// that differs, or the option left out, is refused. A required option is also allowed.
    public var require: [String: String] = [:]
    public var namespace: Namespace?

    public init(name: String) { self.name = name }
}

/// What a rule asks of the identity. Every field given must match; a pattern never matches
/// a value the task does not carry.
public struct IdentityMatch: Sendable, Equatable, Codable {
    public var frontEnds: [FrontEnd] = []
    public var users: [GlobPattern] = []
    public var frameworkIds: [GlobPattern] = []
    public var auroraRoles: [GlobPattern] = []
    public var auroraEnvironments: [GlobPattern] = []
    public var auroraJobs: [GlobPattern] = []
    public var taskLabels: [String: GlobPattern] = [:]
    public var executorLabels: [String: GlobPattern] = [:]

    public init() {}
}

/// `*` (any run of characters) and `?` (one character); everything else matches itself,
/// byte for byte: no case folding or Unicode normalisation, so look-alikes never match.
public struct GlobPattern: Sendable, Equatable, Codable, CustomStringConvertible {
    public let text: String

    public init(_ text: String) { self.text = text }

    public init(from decoder: any Decoder) throws { text = try decoder.singleValueContainer().decode(String.self) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(text)
    }

    public var description: String { text }

    public func matches(_ value: String) -> Bool {
        let pattern = Array(text.utf8)
        let subject = Array(value.utf8)
        var p = 0
        var s = 0
        var star: Int?
        var resume = 0
        while s < subject.count {
            if p < pattern.count, pattern[p] == UInt8(ascii: "?") || pattern[p] == subject[s] {
                p += 1
                s += 1
            } else if p < pattern.count, pattern[p] == UInt8(ascii: "*") {
                star = p
                resume = s
                p += 1
            } else if let star {
                p = star + 1
                resume += 1
                s = resume
            } else {
                return false
            }
        }
        while p < pattern.count, pattern[p] == UInt8(ascii: "*") { p += 1 }
        return p == pattern.count
    }
}

/// `1000-1999` or `1000`.
public struct IDRange: Sendable, Equatable, Codable, CustomStringConvertible {
    public let lower: UInt32
    public let upper: UInt32

    public init(_ lower: UInt32, _ upper: UInt32) {
        self.lower = lower
        self.upper = upper
    }

    public init?(parsing text: String) {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count), parts.allSatisfy({ !$0.isEmpty && $0.utf8.allSatisfy(OptionKind.isDigit) }),
            let lower = UInt32(parts[0]), let upper = UInt32(parts[parts.count - 1]), lower <= upper
        else { return nil }
        self.init(lower, upper)
    }

    public func contains(_ id: UInt32) -> Bool { id >= lower && id <= upper }

    public var description: String { lower == upper ? "\(lower)" : "\(lower)-\(upper)" }
}

extension VolumeOption: Codable {}
