import Common
import Foundation
import Yams

/// Reads the YAML configuration strictly: unknown keys and wrongly typed values are errors
/// that name the key, so a typo never silently falls back to a default.
public enum ConfigurationLoader {
    /// `explicitPath` (a flag) wins over `$EFS_HOOK_CONFIG`, which wins over the default
    /// path. A missing default file means all defaults; a missing named file is an error.
    public static func load(explicitPath: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment)
        throws(EFSHookError) -> Configuration
    {
        let named = explicitPath ?? environment[Configuration.environmentVariable].flatMap { $0.isEmpty ? nil : $0 }
        let path = named ?? Configuration.defaultPath
        guard let handle = FileHandle(forReadingAtPath: path) else {
            if named == nil, !FileManager.default.fileExists(atPath: path) { return Configuration() }
            throw .config("config file \(path) cannot be read")
        }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: 1 << 20) ?? Data() else {
            throw .config("config file \(path) cannot be read")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw .config("config file \(path) is not UTF-8")
        }
        return try parse(text, source: path)
    }

    public static func parse(_ text: String, source: String = "config") throws(EFSHookError) -> Configuration {
        let root: Any?
        do {
            root = try Yams.load(yaml: text)
        } catch {
            throw .config("\(source): not valid YAML: \(EFSHookError.oneLine(error))")
        }
        var config = Configuration()
        guard let root else { return config }
        let reader = try YAMLMapReader(root, path: "", source: source)
        try reader.allowKeys(["provider", "drivers", "stateDir", "mountRoot", "lockTimeoutSeconds", "local"])
        if let provider = try reader.string("provider") {
            guard let value = Configuration.Provider(rawValue: provider) else {
                throw .config("\(source): provider must be one of \(Configuration.Provider.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            config.provider = value
        }
        if let drivers = try reader.stringList("drivers") {
            guard !drivers.isEmpty else { throw .config("\(source): drivers must name at least one driver") }
            config.drivers = drivers
        }
        if let path = try reader.absolutePath("stateDir") { config.stateDir = path }
        if let path = try reader.absolutePath("mountRoot") { config.mountRoot = path }
        if let seconds = try reader.number("lockTimeoutSeconds") {
            guard seconds > 0, seconds <= 3600 else { throw .config("\(source): lockTimeoutSeconds must be in (0, 3600]") }
            config.lockTimeoutSeconds = seconds
        }
        if let local = try reader.map("local") {
            try local.allowKeys(["root"])
            if let path = try local.absolutePath("root") { config.local.root = path }
        }
        return config
    }
}

/// Typed access to one YAML mapping, with errors that name the full key path.
struct YAMLMapReader {
    let values: [String: Any]
    let path: String
    let source: String

    init(_ node: Any, path: String, source: String) throws(EFSHookError) {
        var map: [String: Any] = [:]
        if let typed = node as? [String: Any] {
            map = typed
        } else if let untyped = node as? [AnyHashable: Any] {
            for (key, value) in untyped {
                guard let name = key.base as? String else {
                    throw .config("\(source): \(path.isEmpty ? "the top level" : path) has a key that is not a string")
                }
                map[name] = value
            }
        } else {
            throw .config("\(source): \(path.isEmpty ? "the top level" : path) must be a mapping")
        }
        self.values = map
        self.path = path
        self.source = source
    }

    func key(_ name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    func allowKeys(_ allowed: [String]) throws(EFSHookError) {
        for name in values.keys.sorted() where !allowed.contains(name) {
            throw .config("\(source): unknown key \"\(key(name))\"; accepted: \(allowed.map(key).joined(separator: ", "))")
        }
    }

    func string(_ name: String) throws(EFSHookError) -> String? {
        guard let value = values[name], !(value is NSNull) else { return nil }
        guard let text = value as? String else { throw .config("\(source): \(key(name)) must be a string") }
        return text
    }

    func absolutePath(_ name: String) throws(EFSHookError) -> String? {
        guard let text = try string(name) else { return nil }
        guard text.hasPrefix("/"), !text.split(separator: "/").contains(".."), !text.contains("\0") else {
            throw .config("\(source): \(key(name)) must be an absolute path without \"..\"")
        }
        return text
    }

    func number(_ name: String) throws(EFSHookError) -> Double? {
        guard let value = values[name], !(value is NSNull) else { return nil }
        if let int = value as? Int { return Double(int) }
        if let double = value as? Double { return double }
        throw .config("\(source): \(key(name)) must be a number")
    }

    func stringList(_ name: String) throws(EFSHookError) -> [String]? {
        guard let value = values[name], !(value is NSNull) else { return nil }
        guard let list = value as? [Any], let strings = list as? [String] else {
            throw .config("\(source): \(key(name)) must be a list of strings")
        }
        return strings
    }

    func map(_ name: String) throws(EFSHookError) -> YAMLMapReader? {
        guard let value = values[name], !(value is NSNull) else { return nil }
        return try YAMLMapReader(value, path: key(name), source: source)
    }
}
