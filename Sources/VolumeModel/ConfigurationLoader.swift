import Common
import Foundation
import Yams

/// Reads the YAML configuration strictly: unknown keys and wrongly typed values are errors
/// that name the key, so a typo never silently falls back to a default.
public enum ConfigurationLoader {
    /// `explicitPath` (a flag) wins over `$EFS_HOOK_CONFIG`, which wins over the default
    /// path. A missing default file means all defaults; a missing named file is an error.
    /// The variables of `ConfigurationEnvironment` then override their keys.
    public static func load(explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(EFSHookError) -> Configuration
    {
        var config = try loadFile(explicitPath: explicitPath, environment: environment)
        try ConfigurationEnvironment.apply(to: &config, environment: environment)
        return config
    }

    static func loadFile(explicitPath: String?, environment: [String: String]) throws(EFSHookError) -> Configuration {
        let named = explicitPath ?? environment[Configuration.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = named ?? Configuration.defaultPath
        if named == nil, !FileManager.default.fileExists(atPath: path) { return Configuration() }
        let text: String
        do {
            text = try InputReader.text(path, .config)
        } catch  where error.errno != nil {
            throw .config("config file \(path) cannot be read: \(EFSHookError.reason(errno: error.errno ?? 0))")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String = "config") throws(EFSHookError) -> Configuration {
        let root: Node?
        do {
            // compose, not load: load traps on a non-scalar mapping key (found by fuzzing).
            // Only the node tree is used: each key's reader parses its own type. So no implicit
            // tags (the default resolver compiles a dozen regular expressions), no constructor
            // maps, and a fixed encoding: together they would outweigh the rest of a warm cleanup.
            root = try Yams.compose(yaml: text, .basic, Constructor([:], [:], [:]), .utf8)
        } catch {
            throw .config("\(source): not valid YAML: \(EFSHookError.oneLine(error))")
        }
        var config = Configuration()
        guard let root, root.null == nil else { return config }
        let reader = try YAMLMapReader(root, path: "", source: source)
        try reader.allowKeys(ConfigurationKeys.top)
        if let provider = try reader.string("provider") {
            guard let value = Configuration.Provider(rawValue: provider) else {
                throw .config(
                    "\(source): provider must be one of \(Configuration.Provider.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.provider = value
        }
        if let drivers = try reader.stringList("drivers") {
            guard !drivers.isEmpty else { throw .config("\(source): drivers must name at least one driver") }
            config.drivers = drivers
        }
        if let path = try reader.absolutePath("stateDir") { config.stateDir = path }
        if let path = try reader.absolutePath("mountRoot") { config.mountRoot = path }
        if let seconds = try reader.seconds("lockTimeoutSeconds", max: 3600) { config.lockTimeoutSeconds = seconds }
        if let seconds = try reader.seconds("unmountDeadlineSeconds", max: 600) { config.unmountDeadlineSeconds = seconds }
        if let seconds = try reader.seconds("probeTimeoutSeconds", max: 600) { config.probeTimeoutSeconds = seconds }
        if let seconds = try reader.seconds("launchDeadlineSeconds", max: 3600) { config.launchDeadlineSeconds = seconds }
        if let local = try reader.map("local") {
            try local.allowKeys(ConfigurationKeys.local)
            if let path = try local.absolutePath("root") { config.local.root = path }
        }
        if let efs = try reader.map("efs") { config.efs = try parseEFS(efs, source: source) }
        if let dvdcli = try reader.map("dvdcli") {
            try dvdcli.allowKeys(ConfigurationKeys.dvdcli)
            config.dvdcli.fallback = try dvdcli.absolutePath("fallback")
        }
        if let mesos = try reader.map("mesos") {
            try mesos.allowKeys(ConfigurationKeys.mesos)
            if let path = try mesos.absolutePath("sandboxDirectory") { config.mesos.sandboxDirectory = path }
            if let path = try mesos.absolutePath("runtimeDirectory") { config.mesos.runtimeDirectory = path }
            if let path = try mesos.absolutePath("workDirectory") { config.mesos.workDirectory = path }
        }
        if let gc = try reader.map("gc") {
            try gc.allowKeys(ConfigurationKeys.gc)
            if let days = try gc.count("idleDays", max: 455) { config.gc.idleDays = days }
        }
        if let policy = try reader.map("policy") { config.policy = try parsePolicy(policy, source: source) }
        try parseObservability(reader, into: &config)
        if let volumes = try reader.map("volumes") { config.volumes = try ClusterVolumes.parse(volumes, source: source) }
        return config
    }

    /// The `metrics`, `audit` and `csi` sections.
    static func parseObservability(_ reader: YAMLMapReader, into config: inout Configuration) throws(EFSHookError) {
        if let csi = try reader.map("csi") { config.csi = try parseCSI(csi) }
        if let metrics = try reader.map("metrics") {
            try metrics.allowKeys(ConfigurationKeys.metrics)
            config.metrics.textfileDirectory = try metrics.absolutePath("textfileDirectory")
        }
        if let audit = try reader.map("audit") {
            try audit.allowKeys(ConfigurationKeys.audit)
            config.audit.path = try audit.absolutePath("path")
        }
    }

    static func parseCSI(_ reader: YAMLMapReader) throws(EFSHookError) -> Configuration.CSI {
        try reader.allowKeys(ConfigurationKeys.csi)
        var csi = Configuration.CSI()
        if let roots = try reader.stringList("targetRoots") {
            let trimmed = roots.map { $0.count > 1 && $0.hasSuffix("/") ? String($0.dropLast()) : $0 }
            // A root with an empty or "." component would match no path Publication accepts ("//" would be "/").
            for (raw, root) in zip(roots, trimmed) {
                let components = root.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
                guard root.hasPrefix("/"), !root.contains("\0"), !components.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." })
                else {
                    throw .config(
                        "\(reader.source): \(reader.key("targetRoots")): \"\(Quoting.safe(raw))\" must be an absolute directory other than / without \".\", \"..\" or \"//\""
                    )
                }
            }
            guard !roots.isEmpty else { throw .config("\(reader.source): \(reader.key("targetRoots")) must name at least one directory") }
            csi.targetRoots = trimmed
        }
        if let seconds = try reader.seconds("deadlineSeconds", max: 3600) { csi.deadlineSeconds = seconds }
        if let node = try reader.string("nodeId") {
            guard !node.isEmpty, node.utf8.count <= 128, node.utf8.allSatisfy(OptionKind.isNameByte) else {
                throw .config("\(reader.source): \(reader.key("nodeId")) must be 1 to 128 letters, digits, '_', '.' or '-'")
            }
            csi.nodeId = node
        }
        return csi
    }

    static func parseEFS(_ reader: YAMLMapReader, source: String) throws(EFSHookError) -> Configuration.EFS {
        try reader.allowKeys(ConfigurationKeys.efs)
        var efs = Configuration.EFS()
        func checked(_ key: String, _ kind: OptionKind, _ value: String?) throws(EFSHookError) -> String? {
            try checkedEFS(key, kind, value, source: source)
        }
        efs.region = try checked("region", .region, reader.string("region"))
        efs.endpoint = try reader.string("endpoint")
        efs.cloudWatchEndpoint = try reader.string("cloudWatchEndpoint")
        if let tag = try reader.string("clusterTag") {
            guard !tag.isEmpty, tag.utf8.count <= 32, tag.utf8.allSatisfy(OptionKind.isNameByte) else {
                throw .config("\(source): efs.clusterTag must be 1 to 32 letters, digits, '_', '.' or '-'")
            }
            efs.clusterTag = tag
        }
        if let mode = try checked("provisioning", VolumeOption.provisioning.kind, reader.string("provisioning")) {
            efs.provisioning = Provisioning(rawValue: mode) ?? efs.provisioning
        }
        efs.fileSystemId = try checked("fileSystemId", VolumeOption.fileSystemId.kind, reader.string("fileSystemId"))
        try parseEFSPlacement(reader, into: &efs, source: source)
        try parseEFSIdentity(reader, into: &efs, source: source)
        if let mode = try reader.string("mountTarget") {
            guard let value = Configuration.EFS.MountTargetAddress(rawValue: mode) else {
                throw .config("\(source): efs.mountTarget must be ip or dns")
            }
            efs.mountTarget = value
        }
        if let command = try reader.stringList("mountCommand") {
            guard let program = command.first, program.hasPrefix("/") else {
                throw .config("\(source): efs.mountCommand must start with an absolute program path")
            }
            efs.mountCommand = command
        }
        if let seconds = try reader.seconds("mountTimeoutSeconds", max: 600) { efs.mountTimeoutSeconds = seconds }
        if let attempts = try reader.count("mountAttempts", max: 10) { efs.mountAttempts = attempts }
        if let seconds = try reader.seconds("waitTimeoutSeconds", max: 3600) { efs.waitTimeoutSeconds = seconds }
        if let attempts = try reader.count("maxAttempts", max: 20) { efs.maxAttempts = attempts }
        try parseEFSPolicyKeys(reader, into: &efs, source: source)
        if let rexray = try reader.map("rexray") { efs.rexray = try parseREXRay(rexray, source: source) }
        return efs
    }

    /// Where this agent's mounts and mount targets go: zone, subnet, security groups and the
    /// subnets `provision` creates mount targets in.
    static func parseEFSPlacement(_ reader: YAMLMapReader, into efs: inout Configuration.EFS, source: String)
        throws(EFSHookError)
    {
        efs.availabilityZone = try checkedEFS(
            "availabilityZone", .availabilityZone, reader.string("availabilityZone"), source: source)
        efs.subnetId = try checkedEFS("subnetId", .identifier(prefix: "subnet-"), reader.string("subnetId"), source: source)
        if let groups = try reader.stringList("securityGroups") {
            guard (1...5).contains(groups.count) else { throw .config("\(source): efs.securityGroups takes 1 to 5 groups") }
            for group in groups { _ = try checkedEFS("securityGroups", .identifier(prefix: "sg-"), group, source: source) }
            efs.securityGroups = groups
        }
        if let subnets = try reader.stringList("mountTargetSubnets") {
            guard subnets.count <= 64, Set(subnets).count == subnets.count else {
                throw .config("\(source): efs.mountTargetSubnets takes up to 64 distinct subnets, one per zone")
            }
            for subnet in subnets {
                _ = try checkedEFS("mountTargetSubnets", .identifier(prefix: "subnet-"), subnet, source: source)
            }
            efs.mountTargetSubnets = subnets
        }
    }

    /// `value` of `efs.KEY` normalized as `kind` expects; nil when absent.
    static func checkedEFS(_ key: String, _ kind: OptionKind, _ value: String?, source: String) throws(EFSHookError) -> String? {
        guard let value else { return nil }
        guard let normalized = kind.normalize(value) else {
            throw .config("\(source): efs.\(key) is invalid; expected \(kind.expectation)")
        }
        return normalized
    }
}

/// Typed access to one YAML mapping, with errors that name the full key path.
struct YAMLMapReader {
    let values: [String: Node]
    let path: String
    let source: String

    init(_ node: Node, path: String, source: String) throws(EFSHookError) {
        let place = path.isEmpty ? "the top level" : path
        guard case .mapping(let mapping) = node else { throw .config("\(source): \(place) must be a mapping") }
        var map: [String: Node] = [:]
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key else { throw .config("\(source): \(place) has a key that is not a string") }
            map[scalar.string] = value
        }
        self.values = map
        self.path = path
        self.source = source
    }

    func key(_ name: String) -> String { Quoting.safe(path.isEmpty ? name : "\(path).\(name)") }

    func allowKeys(_ allowed: [String]) throws(EFSHookError) {
        for name in values.keys.sorted() where !allowed.contains(name) {
            throw .config("\(source): unknown key \"\(key(name))\"; accepted: \(allowed.map(key).joined(separator: ", "))")
        }
    }

    /// The node for `name`, or nil when absent or YAML null.
    func node(_ name: String) -> Node? {
        guard let value = values[name], value.null == nil else { return nil }
        return value
    }

    func string(_ name: String) throws(EFSHookError) -> String? {
        guard let value = node(name) else { return nil }
        guard case .scalar(let scalar) = value else { throw .config("\(source): \(key(name)) must be a string") }
        return scalar.string
    }

    func absolutePath(_ name: String) throws(EFSHookError) -> String? {
        guard let text = try string(name) else { return nil }
        guard text.hasPrefix("/"), !text.split(separator: "/").contains(".."), !text.contains("\0") else {
            throw .config("\(source): \(key(name)) must be an absolute path without \"..\"")
        }
        return text
    }

    /// A plain decimal number (`30`, `2.5`). Read here rather than by Yams, whose integer
    /// parsing (with `0x`, `_` and sexagesimal forms) cost more than the rest of the file.
    func number(_ name: String) throws(EFSHookError) -> Double? {
        guard let value = node(name) else { return nil }
        guard case .scalar(let scalar) = value, let number = Double(scalar.string), number.isFinite,
            scalar.string.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) || "+-.eE".utf8.contains($0) })
        else { throw .config("\(source): \(key(name)) must be a number") }
        return number
    }

    /// A number of seconds in (0, `max`].
    func seconds(_ name: String, max: Int) throws(EFSHookError) -> Double? {
        guard let seconds = try number(name) else { return nil }
        guard seconds > 0, seconds <= Double(max) else { throw .config("\(source): \(key(name)) must be in (0, \(max)]") }
        return seconds
    }

    /// A whole number from 1 to `max`.
    func count(_ name: String, max: Int) throws(EFSHookError) -> Int? {
        guard let value = try number(name) else { return nil }
        guard value >= 1, value <= Double(max), value == value.rounded() else {
            throw .config("\(source): \(key(name)) must be an integer from 1 to \(max)")
        }
        return Int(value)
    }

    func stringList(_ name: String) throws(EFSHookError) -> [String]? {
        guard let value = node(name) else { return nil }
        guard case .sequence(let sequence) = value else { throw .config("\(source): \(key(name)) must be a list of strings") }
        var strings: [String] = []
        for item in sequence {
            guard case .scalar(let scalar) = item else { throw .config("\(source): \(key(name)) must be a list of strings") }
            strings.append(scalar.string)
        }
        return strings
    }

    func map(_ name: String) throws(EFSHookError) -> YAMLMapReader? {
        guard let value = node(name) else { return nil }
        return try YAMLMapReader(value, path: key(name), source: source)
    }
}
