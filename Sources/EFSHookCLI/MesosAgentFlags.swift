import Foundation
import HostLayer

/// The Mesos agent's flags as `doctor` reads them: a file of `--name=value` lines (as
/// deploy/mesos-agent-flags.txt), else the running agent's argv and `MESOS_*` environment,
/// else the Mesosphere packages' `/etc/mesos-slave/NAME` files.
struct MesosAgentFlags {
    var values: [String: String]
    /// Where they were read, for the checks' lines.
    var origin: String

    static func parse(_ lines: some Sequence<Substring>) -> [String: String] {
        var values: [String: String] = [:]
        for line in lines {
            let text = line.trimmingCharacters(in: .whitespaces)
            guard text.hasPrefix("--") else { continue }
            let parts = text.dropFirst(2).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            values[String(parts[0])] = parts.count == 2 ? String(parts[1]) : "true"
        }
        return values
    }

    static func file(_ path: String) -> MesosAgentFlags? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return MesosAgentFlags(values: parse(text.split(separator: "\n")), origin: path)
    }

    static func running() -> MesosAgentFlags? {
        let processes = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        for pid in processes where pid.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }) {
            let name = ((try? ProcFile.read("/proc/\(pid)/comm")) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            guard name == "mesos-agent" || name == "mesos-slave" else { continue }
            var values: [String: String] = [:]
            for entry in nulSeparated("/proc/\(pid)/environ") where entry.hasPrefix("MESOS_") {
                let parts = entry.dropFirst(6).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                if parts.count == 2 { values[parts[0].lowercased()] = String(parts[1]) }
            }
            values.merge(parse(nulSeparated("/proc/\(pid)/cmdline"))) { _, argv in argv }
            return MesosAgentFlags(values: values, origin: "the running \(name) (pid \(pid))")
        }
        let directory = "/etc/mesos-slave"
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return nil }
        var values: [String: String] = [:]
        for name in names {
            if let text = try? String(contentsOfFile: "\(directory)/\(name)", encoding: .utf8) {
                values[name] = text.trimmingCharacters(in: .whitespacesAndNewlines)
            }
        }
        return MesosAgentFlags(values: values, origin: directory)
    }

    private static func nulSeparated(_ path: String) -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else { return [] }
        return String(decoding: data, as: UTF8.self).split(separator: "\0")
    }

    /// Why the `--modules` JSON cannot be used: the file and the reason, for its own check line.
    struct ModulesProblem: Error {
        var description: String
    }

    /// The `--modules` JSON: inline, a `file://` URL or a path; nil without `--modules`.
    var modulesDocument: Result<[String: Any], ModulesProblem>? {
        guard let value = values["modules"] else { return nil }
        var text = value
        var what = "the inline --modules JSON"
        if !value.hasPrefix("{") {
            let path = value.hasPrefix("file://") ? String(value.dropFirst("file://".count)) : value
            what = "the --modules file \(path)"
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else {
                return .failure(ModulesProblem(description: "cannot read \(what): \(String(cString: strerror(errno)))"))
            }
            let handle = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            guard let data = try? handle.readToEnd() else {
                return .failure(ModulesProblem(description: "cannot read \(what): \(String(cString: strerror(errno)))"))
            }
            text = String(decoding: data, as: UTF8.self)
        }
        guard let json = (try? JSONSerialization.jsonObject(with: Data(text.utf8))) as? [String: Any] else {
            return .failure(ModulesProblem(description: "\(what) is not a JSON object"))
        }
        return .success(json)
    }

    var modules: [String: Any]? { try? modulesDocument?.get() }

    /// The names of the modules `--modules` loads.
    var moduleNames: [String] {
        let libraries = modules?["libraries"] as? [[String: Any]] ?? []
        return libraries.flatMap { $0["modules"] as? [[String: Any]] ?? [] }.compactMap { $0["name"] as? String }
    }

    /// `--isolation`'s isolators (Mesos' default when the flag is absent).
    var isolators: [String] {
        (values["isolation"] ?? "posix/cpu,posix/mem").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
    }

    /// The run-task label decorator command of the criteo CommandHook module named in `--hooks`.
    var runTaskHookCommand: String? {
        let hooks = (values["hooks"] ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        let libraries = modules?["libraries"] as? [[String: Any]] ?? []
        for module in libraries.flatMap({ $0["modules"] as? [[String: Any]] ?? [] }) {
            guard let name = module["name"] as? String, name.hasPrefix("com_criteo_mesos_CommandHook"), hooks.contains(name) else {
                continue
            }
            let parameters = module["parameters"] as? [[String: String]] ?? []
            if let command = parameters.first(where: { $0["key"] == "hook_slave_run_task_label_decorator_command" })?["value"] {
                return command
            }
        }
        return nil
    }

    /// Whether the agent creates missing host paths below `directory`.
    func forcesCreation(under directory: String) -> Bool {
        let prefixes = (values["host_path_volume_force_creation"] ?? "").split(separator: ":").map {
            $0.hasSuffix("/") ? String($0.dropLast()) : String($0)
        }
        return prefixes.contains { !$0.isEmpty && (directory == $0 || directory.hasPrefix($0 + "/")) }
    }
}
