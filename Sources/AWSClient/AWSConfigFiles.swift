import Common
import Foundation

/// The AWS shared `credentials` and `config` files (INI): profile name → lower-cased key → value.
/// In `config`, profiles are `[profile NAME]` (and `[default]`); in `credentials` they are `[NAME]`.
public struct AWSConfigFiles: Sendable {
    public var credentialsProfiles: [String: [String: String]]
    public var configProfiles: [String: [String: String]]
    public var credentialsPath: String?
    public var configPath: String?

    public init(
        credentialsProfiles: [String: [String: String]] = [:], configProfiles: [String: [String: String]] = [:],
        credentialsPath: String? = nil, configPath: String? = nil
    ) {
        self.credentialsProfiles = credentialsProfiles
        self.configProfiles = configProfiles
        self.credentialsPath = credentialsPath
        self.configPath = configPath
    }

    /// Reads both files named by the environment; a missing file is an empty one.
    public static func load(_ environment: AWSEnvironment) throws(EFSHookError) -> AWSConfigFiles {
        var files = AWSConfigFiles(credentialsPath: environment.sharedCredentialsFile, configPath: environment.configFile)
        if let path = files.credentialsPath, let text = try read(path) {
            files.credentialsProfiles = parseINI(text)
        }
        if let path = files.configPath, let text = try read(path) {
            var profiles: [String: [String: String]] = [:]
            for (section, values) in parseINI(text) {
                if section == "default" {
                    profiles["default", default: [:]].merge(values) { old, _ in old }
                } else if section.hasPrefix("profile ") {
                    let name = section.dropFirst("profile ".count).trimmingWhitespace
                    // `[profile default]` wins over `[default]`, as in botocore.
                    profiles[name, default: [:]].merge(values) { _, new in new }
                }
            }
            files.configProfiles = profiles
        }
        return files
    }

    /// A value for `profile`: the credentials file first, then the config file.
    public func value(_ key: String, profile: String) -> String? {
        credentialsProfiles[profile]?[key] ?? configProfiles[profile]?[key]
    }

    /// Every setting of `profile`, the credentials file's over the config file's (botocore's
    /// full configuration).
    public func merged(_ profile: String) -> [String: String] {
        (configProfiles[profile] ?? [:]).merging(credentialsProfiles[profile] ?? [:]) { _, new in new }
    }

    /// The static keys of `profile` in one file's profiles (never a key of one file with the
    /// other's token); nil when it has none, an error when it has only one of the pair.
    public func keys(_ profile: String, in profiles: [String: [String: String]]) throws(EFSHookError) -> AWSCredentials? {
        guard let values = profiles[profile] else { return nil }
        let accessKey = values["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secretKey = values["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (accessKey, secretKey) {
        case (let accessKey?, let secretKey?):
            let token = values["aws_session_token"].flatMap { $0.isEmpty ? nil : $0 }
            return AWSCredentials(
                accessKeyId: accessKey, secretAccessKey: secretKey, sessionToken: token, source: "shared-file:\(profile)")
        case (nil, nil):
            return nil
        default:
            throw EFSHookError(
                .config, "profile \(Quoting.safe(profile)) has only one of aws_access_key_id and aws_secret_access_key",
                code: .partialCredentials)
        }
    }

    public func hasProfile(_ profile: String) -> Bool {
        credentialsProfiles[profile] != nil || configProfiles[profile] != nil
    }

    private static func read(_ path: String) throws(EFSHookError) -> String? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EFSHookError(.config, "cannot read AWS file \(Quoting.safe(path))")
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// Sections with lower-cased keys. Comment lines start with `#` or `;`; indented lines
    /// continue the previous value (nested settings like `s3 =`) and are ignored here.
    static func parseINI(_ text: String) -> [String: [String: String]] {
        var sections: [String: [String: String]] = [:]
        var current: String?
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingWhitespace
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if let first = rawLine.unicodeScalars.first, first == " " || first == "\t" { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                let name = line.dropFirst().dropLast().trimmingWhitespace
                current = name
                if sections[name] == nil { sections[name] = [:] }
                continue
            }
            guard let current, let separator = line.firstIndex(where: { $0 == "=" || $0 == ":" }) else { continue }
            let key = line[..<separator].trimmingWhitespace.lowercased()
            let value = line[line.index(after: separator)...].trimmingWhitespace
            sections[current, default: [:]][key] = value
        }
        return sections
    }
}
