import Common
import Foundation
import VolumeModel
import Yams

/// REX-Ray's configuration (YAML, and its Docker plugin's environment) turned into
/// efs-hook's: what carries over, and one warning for every key that does not or that
/// changes behaviour. Keys match case-insensitively, as REX-Ray's config library reads them.
struct REXRayConfigImport {
    /// Dotted lower-case key → its value (a list for YAML sequences).
    var settings: [String: REXRaySetting] = [:]

    enum REXRaySetting: Equatable {
        case text(String)
        case list([String])

        var items: [String] {
            switch self {
            case .text(let text): return text.split(whereSeparator: { $0 == "," || $0 == " " }).map(String.init)
            case .list(let list): return list
            }
        }
        var text: String {
            switch self {
            case .text(let text): return text
            case .list(let list): return list.joined(separator: ",")
            }
        }
    }

    struct Result {
        var yaml: String
        var warnings: [String]
        var configuration: Configuration
    }

    /// YAML first, then the environment (`EFS_REGION` → `efs.region`), which wins; empty
    /// environment values change nothing, as in REX-Ray.
    init(yaml: String, environment: [String: String], source: String) throws(EFSHookError) {
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml, .basic, Constructor([:], [:], [:]), .utf8)
        } catch {
            throw .config("\(source): not valid YAML: \(EFSHookError.oneLine(error))")
        }
        if let root, root.null == nil { try flatten(root, path: "", source: source) }
        for (name, value) in environment where !value.isEmpty {
            let upper = name.uppercased()
            guard
                upper.hasPrefix("EFS_") || upper.hasPrefix("REXRAY_") || upper.hasPrefix("LINUX_VOLUME_") || upper.hasPrefix("LIBSTORAGE_")
            else { continue }
            settings[upper.lowercased().replacingOccurrences(of: "_", with: ".")] = .text(value)
        }
    }

    private mutating func flatten(_ node: Node, path: String, source: String) throws(EFSHookError) {
        switch node {
        case .mapping(let mapping):
            for (key, value) in mapping {
                guard case .scalar(let scalar) = key else { throw .config("\(source): a key under \(path) is not a string") }
                let name = scalar.string.lowercased()
                try flatten(value, path: path.isEmpty ? name : "\(path).\(name)", source: source)
            }
        case .sequence(let sequence):
            settings[path] = .list(sequence.compactMap { if case .scalar(let scalar) = $0 { scalar.string } else { nil } })
        case .scalar(let scalar):
            if node.null == nil { settings[path] = .text(scalar.string) }
        case .alias:
            throw .config("\(source): \(path) uses a YAML alias, which migrate does not follow")
        }
    }

    /// Keys that select the EFS driver (checked by `checkDriverSelection`), needing nothing in efs-hook.
    static let driverKeys: Set<String> = ["libstorage.service", "rexray.storagedrivers"]

    /// REX-Ray's keys that stop it from creating volumes. efs-hook has no agent-wide
    /// equivalent: only a dvdcli mount with `--explicitcreate` refuses to create.
    static let creationKeys = [
        "libstorage.integration.volume.operations.create.disable": "true",
        "libstorage.integration.volume.operations.create.implicit": "false",
    ]

    func translate(source: String) throws(EFSHookError) -> Result {
        let (effective, serviceWarnings) = try effectiveSettings(source: source)
        var efs: [String] = []
        var rexray: [String] = []
        var warnings = serviceWarnings
        for (key, setting) in effective.sorted(by: { $0.key < $1.key }) {
            Self.translate(key, setting, region: effective["efs.region"] != nil, efs: &efs, rexray: &rexray, warnings: &warnings)
        }
        warnings.append(
            "behaviour: REX-Ray's volume remove deleted the file system; efs-hook never deletes REX-Ray's file systems (remove, gc and reclaim=delete leave them)"
        )
        var lines = [
            "# efs-hook configuration imported from REX-Ray (\(source)) by efs-hook migrate rexray.",
            "# Volumes of driver rexray keep REX-Ray's file systems, naming and root path.",
            "provider: efs",
            "drivers: [efs, rexray]",
            "efs:",
        ]
        lines += efs.map { "  " + $0 }
        lines.append("  rexray:")
        lines += (rexray.isEmpty ? ["tag: \"\""] : rexray).map { "    " + $0 }
        let yaml = lines.joined(separator: "\n") + "\n"
        let configuration = try ConfigurationLoader.parse(yaml, source: "the configuration imported from \(source)")
        return Result(yaml: yaml, warnings: warnings.map { "warning: " + $0 }, configuration: configuration)
    }

    /// One effective setting (`key` is its global name) into efs-hook's `efs` and
    /// `efs.rexray` lines, or a warning naming the key it was read from.
    private static func translate(
        _ key: String, _ setting: Effective, region: Bool, efs: inout [String], rexray: inout [String], warnings: inout [String]
    ) {
        let value = setting.value
        let origin = setting.origin
        switch key {
        case "efs.region": efs.append("region: \(quoted(value.text))")
        case "efs.endpoint":
            let url = value.text.contains("://") ? value.text : "https://" + value.text
            efs.append("endpoint: \(quoted(url))")
            if region {
                warnings.append("\(origin): REX-Ray ignored it when efs.region is set (efs.endpointFormat won); efs-hook will use it")
            }
        case "efs.securitygroups": efs.append("securityGroups: [\(value.items.map(quoted).joined(separator: ", "))]")
        case "efs.tag": rexray.append("tag: \(quoted(value.text))")
        case "linux.volume.rootpath", "libstorage.integration.volume.operations.mount.rootpath":
            rexray.append("rootPath: \(quoted(value.text))")
        case "efs.accesskey", "efs.secretkey":
            warnings.append(
                "\(origin) is not carried over (its value is not shown): efs-hook uses the AWS credential chain (instance role, AWS_* environment, shared files)"
            )
        case "linux.volume.filemode" where ["0700", "700"].contains(value.text): break
        case "linux.volume.filemode":
            warnings.append(
                "\(origin) \(Quoting.safe(value.text)): efs-hook creates rootPath with mode 0700 and never chmods it again on mount")
        case _ where creationKeys[key] != nil:
            guard value.text.lowercased() == creationKeys[key] else { break }
            warnings.append(
                "\(origin) \(Quoting.safe(value.text)): REX-Ray never created a volume that did not exist; efs-hook has no such setting and creates a file system (token of \"<tag>/NAME\") for a volume name it does not find, from docker, Aurora and a dvdcli mount without --explicitcreate; give dvdcli --explicitcreate (mesos-module-dvdi: DVDI_VOLUME_EXPLICITCREATE) or restrict volume names with a policy"
            )
        case "efs.endpointformat": warnings.append("\(origin) has no equivalent: set efs.endpoint to the full endpoint URL")
        case "efs.statusmaxattempts", "efs.statusinitialdelay", "efs.statustimeout":
            warnings.append("\(origin) has no equivalent: efs-hook waits up to efs.waitTimeoutSeconds (300) for new resources")
        case "rexray.loglevel": warnings.append("\(origin) has no equivalent: use --log-level")
        default: warnings.append("\(origin) has no equivalent in efs-hook and is ignored")
        }
    }

    /// A YAML double-quoted scalar (JSON's string syntax is a subset of it).
    static func quoted(_ text: String) -> String {
        guard let data = try? JSONSerialization.data(withJSONObject: text, options: [.fragmentsAllowed, .withoutEscapingSlashes])
        else { return "\"\"" }
        return String(decoding: data, as: UTF8.self)
    }

    /// `KEY=VALUE` lines (`docker plugin inspect`'s Env, a systemd EnvironmentFile); `#`
    /// comments, blank lines and `export ` are allowed, and quotes around the value dropped.
    static func parseEnvFile(_ text: String, source: String) throws(EFSHookError) -> [String: String] {
        var environment: [String: String] = [:]
        for (number, raw) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            var line = raw.trimmingCharacters(in: .whitespaces)
            guard !line.isEmpty, !line.hasPrefix("#") else { continue }
            if line.hasPrefix("export ") { line = String(line.dropFirst(7)) }
            guard let equals = line.firstIndex(of: "="), equals != line.startIndex else {
                throw .config("\(source):\(number + 1): not KEY=VALUE")
            }
            var value = String(line[line.index(after: equals)...])
            if value.count >= 2, let first = value.first, first == "\"" || first == "'", value.last == first {
                value = String(value.dropFirst().dropLast())
            }
            environment[String(line[..<equals])] = value
        }
        return environment
    }
}
