import Common
import Yams

/// The `policy` section and the `efs` keys of the safe defaults, read as strictly as the rest.
extension ConfigurationLoader {
    static func parseEFSPolicyKeys(_ reader: YAMLMapReader, into efs: inout Configuration.EFS, source: String) throws(EFSHookError) {
        if let ids = try reader.stringList("allowedFileSystemIds") {
            for id in ids where VolumeOption.fileSystemId.kind.normalize(id) == nil {
                throw .config("\(source): efs.allowedFileSystemIds: \"\(Quoting.safe(id))\" is not a file system id (fs-…)")
            }
            efs.allowedFileSystemIds = ids
        }
        if let base = try reader.string("accessPointBasePath") {
            guard let path = OptionKind.accessPointPath.normalize(base) else {
                throw .config("\(source): efs.accessPointBasePath must be \(OptionKind.accessPointPath.expectation)")
            }
            efs.accessPointBasePath = path
        }
        efs.defaultOptions = try reader.optionValues("defaultOptions")
    }

    static func parsePolicy(_ reader: YAMLMapReader, source: String) throws(EFSHookError) -> TenantPolicy {
        try reader.allowKeys(ConfigurationKeys.policy)
        var policy = TenantPolicy()
        if let action = try reader.oneOf("defaultAction", TenantPolicy.Action.self) { policy.defaultAction = action }
        for (index, rule) in try reader.mapList("rules").enumerated() {
            let parsed = try parseRule(rule, index: index, source: source)
            if policy.rules.contains(where: { $0.name == parsed.name }) {
                throw .config("\(source): policy.rules has two rules named \"\(Quoting.safe(parsed.name))\"")
            }
            policy.rules.append(parsed)
        }
        return policy
    }

    static func parseRule(_ reader: YAMLMapReader, index: Int, source: String) throws(EFSHookError) -> PolicyRule {
        try reader.allowKeys(ConfigurationKeys.rule)
        var rule = PolicyRule(name: try reader.string("name") ?? "rule \(index + 1)")
        if let action = try reader.oneOf("action", TenantPolicy.Action.self) { rule.action = action }
        if let match = try reader.map("match") { rule.match = try parseMatch(match) }
        rule.volumes = try reader.patterns("volumes")
        if let access = try reader.oneOf("access", PolicyRule.Access.self) { rule.access = access }
        for mode in try reader.stringList("provisioning") ?? [] {
            guard let value = VolumeOption.provisioning.kind.normalize(mode).flatMap(Provisioning.init(rawValue:)) else {
                throw .config("\(source): \(reader.key("provisioning")): \"\(Quoting.safe(mode))\" is not a provisioning mode")
            }
            rule.provisioning.append(value)
        }
        rule.fileSystems = try reader.stringList("fileSystems") ?? []
        for id in rule.fileSystems where VolumeOption.fileSystemId.kind.normalize(id) == nil {
            throw .config("\(source): \(reader.key("fileSystems")): \"\(Quoting.safe(id))\" is not a file system id (fs-…)")
        }
        rule.uids = try reader.idRanges("uids")
        rule.gids = try reader.idRanges("gids")
        if let options = try reader.stringList("options") {
            rule.options = try options.map { (name) throws(EFSHookError) -> VolumeOption in
                guard let option = VolumeOption.lookup(name) else {
                    throw .config("\(source): \(reader.key("options")): unknown volume option \"\(Quoting.safe(name))\"")
                }
                return option
            }
        }
        rule.namespace = try reader.oneOf("namespace", PolicyRule.Namespace.self)
        rule.require = try reader.optionValues("require")
        return rule
    }

    static func parseMatch(_ reader: YAMLMapReader) throws(EFSHookError) -> IdentityMatch {
        try reader.allowKeys(ConfigurationKeys.match)
        var match = IdentityMatch()
        for name in try reader.stringList("frontEnds") ?? [] {
            guard let frontEnd = FrontEnd(rawValue: name) else {
                throw .config(
                    "\(reader.source): \(reader.key("frontEnds")): \"\(Quoting.safe(name))\" is not one of "
                        + FrontEnd.allCases.map(\.rawValue).joined(separator: ", "))
            }
            match.frontEnds.append(frontEnd)
        }
        match.users = try reader.patterns("users")
        match.frameworkIds = try reader.patterns("frameworkIds")
        match.auroraRoles = try reader.patterns("auroraRoles")
        match.auroraEnvironments = try reader.patterns("auroraEnvironments")
        match.auroraJobs = try reader.patterns("auroraJobs")
        match.taskLabels = try reader.labelPatterns("taskLabels")
        match.executorLabels = try reader.labelPatterns("executorLabels")
        return match
    }
}

extension YAMLMapReader {
    func oneOf<T: RawRepresentable & CaseIterable>(_ name: String, _ type: T.Type) throws(EFSHookError) -> T?
    where T.RawValue == String {
        guard let text = try string(name) else { return nil }
        guard let value = T(rawValue: text) else {
            throw .config("\(source): \(key(name)) must be one of \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return value
    }

    /// A list of glob patterns; a single string is a list of one.
    func patterns(_ name: String) throws(EFSHookError) -> [GlobPattern] {
        if case .scalar(let scalar)? = node(name) { return [GlobPattern(scalar.string)] }
        return (try stringList(name) ?? []).map(GlobPattern.init)
    }

    func labelPatterns(_ name: String) throws(EFSHookError) -> [String: GlobPattern] {
        guard let labels = try map(name) else { return [:] }
        var patterns: [String: GlobPattern] = [:]
        for label in labels.values.keys {
            guard let value = try labels.string(label) else { throw .config("\(source): \(labels.key(label)) must be a pattern") }
            patterns[label] = GlobPattern(value)
        }
        return patterns
    }

    func idRanges(_ name: String) throws(EFSHookError) -> [IDRange] {
        var ranges: [IDRange] = []
        let items: [String]
        if case .scalar(let scalar)? = node(name) { items = [scalar.string] } else { items = try stringList(name) ?? [] }
        for item in items {
            guard let range = IDRange(parsing: item) else {
                throw .config("\(source): \(key(name)): \"\(Quoting.safe(item))\" is not an id or a range such as 1000-1999")
            }
            ranges.append(range)
        }
        return ranges
    }

    /// `option: value` pairs, each value checked and normalized as a task's would be.
    func optionValues(_ name: String) throws(EFSHookError) -> [String: String] {
        guard let options = try map(name) else { return [:] }
        var required: [String: String] = [:]
        for key in options.values.keys.sorted() {
            guard let option = VolumeOption.lookup(key) else {
                throw .config("\(source): \(options.key(key)): unknown volume option \"\(Quoting.safe(key))\"")
            }
            guard let text = try options.string(key), let value = option.kind.normalize(text) else {
                throw .config("\(source): \(options.key(key)) must be \(option.kind.expectation)")
            }
            required[option.rawValue] = value
        }
        return required
    }

    func mapList(_ name: String) throws(EFSHookError) -> [YAMLMapReader] {
        guard let value = node(name) else { return [] }
        guard case .sequence(let sequence) = value else { throw .config("\(source): \(key(name)) must be a list of mappings") }
        var readers: [YAMLMapReader] = []
        for (index, item) in sequence.enumerated() {
            readers.append(try YAMLMapReader(item, path: "\(key(name))[\(index)]", source: source))
        }
        return readers
    }
}
