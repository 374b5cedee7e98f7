import Common

/// The few keys an operator sets per host without writing a file: the Docker managed plugin's
/// settable environment (`docker plugin set efs-hook EFS_HOOK_PROVIDER=local`). Each variable
/// overrides its key in the file; command-line flags still win.
public enum ConfigurationEnvironment {
    public struct Variable: Sendable {
        public let name: String
        /// The key it sets, in the YAML file's own spelling.
        public let key: String
        let copy: @Sendable (inout Configuration, Configuration) -> Void
    }

    public static let variables: [Variable] = [
        Variable(name: "EFS_HOOK_PROVIDER", key: "provider") { $0.provider = $1.provider },
        Variable(name: "EFS_HOOK_REGION", key: "efs.region") { $0.efs.region = $1.efs.region },
        Variable(name: "EFS_HOOK_CLUSTER_TAG", key: "efs.clusterTag") { $0.efs.clusterTag = $1.efs.clusterTag },
        Variable(name: "EFS_HOOK_PROVISIONING", key: "efs.provisioning") { $0.efs.provisioning = $1.efs.provisioning },
        Variable(name: "EFS_HOOK_LAUNCH_DEADLINE_SECONDS", key: "launchDeadlineSeconds") {
            $0.launchDeadlineSeconds = $1.launchDeadlineSeconds
        },
    ]

    /// Applies every set, non-empty variable. Each value is parsed as that one key of a
    /// configuration file (quoted as a JSON string, so no value can add YAML structure), so it
    /// is checked exactly like the file's and an error names the variable.
    public static func apply(to config: inout Configuration, environment: [String: String]) throws(EFSHookError) {
        for variable in variables {
            guard let value = environment[variable.name], !value.isEmpty else { continue }
            let parts = variable.key.split(separator: ".").map(String.init)
            var document = "\"\(parts.last ?? variable.key)\": \(quoted(value))"
            for parent in parts.dropLast().reversed() { document = "\"\(parent)\": {\(document)}" }
            variable.copy(&config, try ConfigurationLoader.parse("{\(document)}", source: variable.name))
        }
    }

    /// A JSON string literal (JSON is YAML): control characters, quotes and backslashes escaped.
    static func quoted(_ value: String) -> String {
        var out = "\""
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                out += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count) + String(scalar.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
