import Foundation
import Testing
import VolumeModel

/// README.md and deploy/*.md against the code: configuration keys, commands, flags and
/// environment variables, both ways. No root needed.
///
/// What counts as naming a configuration key: an inline code span holding a dotted key of one
/// of the loader's sections (`efs.clusterTag`, `mesos.sandboxDirectory`, `efs.rexray.tag`,
/// optionally followed by `: value`), anywhere; and the first cell of a row of README's
/// configuration table (`| \`launchDeadlineSeconds\` |`), which may also name a top-level key.
/// Segments in capitals are placeholders (`efs.NAME`, Aurora metadata) and name no key.
/// A command is an inline code span or a fenced-block line starting `efs-hook WORD`; the
/// `--flags` in it must be that command's.
@Suite struct DocsAgreeTests {
    static let root = TestEnvironment.packageRoot

    /// README.md and deploy/*.md: name → text.
    static func documents() throws -> [(name: String, text: String)] {
        let deploy = root.appendingPathComponent("deploy")
        let names = try FileManager.default.contentsOfDirectory(atPath: deploy.path).filter { $0.hasSuffix(".md") }.sorted()
        return try [("README.md", String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8))]
            + names.map { ("deploy/\($0)", try String(contentsOf: deploy.appendingPathComponent($0), encoding: .utf8)) }
    }

    // MARK: configuration keys

    /// Every key the loader accepts, dotted (`efs.rexray.tag`; policy rules' keys under
    /// `policy.rules[].`): the lists the loader checks each mapping against.
    static func loaderKeys() -> [String] { ConfigurationKeys.all }

    /// Inline code spans (single backticks), outside fenced blocks.
    static func codeSpans(_ text: String) -> [String] {
        var spans: [String] = []
        var fenced = false
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.trimmingCharacters(in: .whitespaces).hasPrefix("```") {
                fenced.toggle()
                continue
            }
            guard !fenced else { continue }
            let parts = line.split(separator: "`", omittingEmptySubsequences: false)
            spans += parts.enumerated().filter { $0.offset % 2 == 1 }.map { String($0.element) }
        }
        return spans
    }

    /// The dotted key a code span names, if it names one of the loader's sections' keys.
    static func dottedKey(_ span: String, sections: Set<String>) -> String? {
        let key = String(span.split(separator: ":", maxSplits: 1).first ?? "").trimmingCharacters(in: .whitespaces)
        let segments = key.split(separator: ".", omittingEmptySubsequences: false)
        guard segments.count >= 2, let first = segments.first, sections.contains(String(first)),
            segments.allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isLetter || $0.isNumber } }),
            !segments.contains(where: { $0.allSatisfy(\.isUppercase) }), let last = segments.last,
            !fileExtensions.contains(String(last))
        else { return nil }
        return key
    }

    /// The first cells of README's configuration table (the table under "## Configuration").
    static func configurationTableKeys(_ readme: String) -> [String] {
        guard let start = readme.range(of: "\n## Configuration\n") else { return [] }
        let section = readme[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].split(separator: "\n").compactMap { line -> String? in
            let cells = line.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            guard line.hasPrefix("| `"), let first = cells.first, first.hasPrefix("`"), first.hasSuffix("`") else { return nil }
            return String(first.dropFirst().dropLast())
        }
    }

    /// File names such as `efs.json` are not keys.
    static let fileExtensions: Set<String> = ["json", "spec", "yaml", "yml", "md", "txt", "sock", "service", "conf", "deb"]

    /// Dotted names that are not efs-hook's keys: REX-Ray's own keys, which the migration
    /// docs name as REX-Ray's, and a PyPI package.
    static let foreignKeys: Set<String> = ["efs.tag", "efs.accessKey", "efs.secretKey", "efs.endpointFormat", "mesos.interface"]

    static func keyProblems(keys: [String], documents: [(name: String, text: String)]) -> [String] {
        let known = Set(keys)
        let sections = Set(
            keys.compactMap { $0.split(separator: ".").first.map(String.init) }.filter { name in keys.contains { $0.hasPrefix(name + ".") }
            })
        var problems: [String] = []
        for (name, text) in documents {
            for span in codeSpans(text) {
                guard let key = dottedKey(span, sections: sections), !known.contains(key), !foreignKeys.contains(key) else { continue }
                problems.append("\(name) names `\(key)`, which the loader does not accept")
            }
        }
        let readme = documents.first { $0.name == "README.md" }?.text ?? ""
        let table = configurationTableKeys(readme)
        for key in table where !known.contains(key) {
            problems.append("README.md's configuration table has `\(key)`, which the loader does not accept")
        }
        let leaves = keys.filter { key in !key.hasPrefix("policy.rules[]") && !keys.contains { $0.hasPrefix(key + ".") } }
        for key in leaves where !table.contains(key) {
            problems.append("the loader accepts `\(key)`, which README.md's configuration table does not name")
        }
        return Array(Set(problems)).sorted()
    }

    @Test func everyDocumentedKeyExistsAndEveryKeyIsDocumented() throws {
        let keys = Self.loaderKeys()
        #expect(keys.contains("efs.clusterTag") && keys.contains("mesos.sandboxDirectory") && keys.contains("launchDeadlineSeconds"))
        let problems = Self.keyProblems(keys: keys, documents: try Self.documents())
        #expect(problems.isEmpty, "\(problems.count) disagreements:\n\(problems.joined(separator: "\n"))")
    }

    @Test func theRuleKeysTableListsEveryRuleKey() throws {
        let keys = Self.loaderKeys()
        let rules = Set(
            keys.filter { $0.hasPrefix("policy.rules[].") && !$0.hasPrefix("policy.rules[].match.") }.map { String($0.dropFirst(15)) })
        let readme = try #require(try Self.documents().first { $0.name == "README.md" }).text
        guard let start = readme.range(of: "| rule key |") else { Issue.record("README.md has no rule key table"); return }
        let table = readme[start.upperBound...].split(separator: "\n").dropFirst().prefix { $0.hasPrefix("|") }.dropFirst()
        let named = Set(
            table.flatMap { row in
                (row.split(separator: "|").first ?? "").split(separator: "`").enumerated().filter { $0.offset % 2 == 1 }.map {
                    String($0.element)
                }
            })
        #expect(!named.isEmpty)
        #expect(rules == named, "loader only: \(rules.subtracting(named).sorted()); README only: \(named.subtracting(rules).sorted())")
        let match = table.first { $0.hasPrefix("| `match`") }.map(String.init) ?? ""
        for key in keys where key.hasPrefix("policy.rules[].match.") {
            #expect(match.contains("`\(key.dropFirst(21))`"), "the match row does not name \(key)")
        }
    }

    /// The check itself: a key renamed in the code is a documented key the loader no longer
    /// accepts, and a loader key no table row names.
    @Test func aRenamedKeyIsFound() throws {
        let keys = Self.loaderKeys()
        #expect(keys.contains("launchDeadlineSeconds"))
        let renamed = keys.map { $0 == "launchDeadlineSeconds" ? "launchDeadline" : $0 }
        let problems = Self.keyProblems(keys: renamed, documents: try Self.documents())
        #expect(
            problems.contains("README.md's configuration table has `launchDeadlineSeconds`, which the loader does not accept"),
            "\(problems)")
        #expect(
            problems.contains("the loader accepts `launchDeadline`, which README.md's configuration table does not name"), "\(problems)")
    }

    // MARK: commands and flags

    /// A command of `--experimental-dump-help`: its subcommands, its options' long names, and
    /// the text of a passthrough argument's help (dvdcli's flags are parsed by efs-hook itself).
    struct Command {
        var subcommands: [String: Command] = [:]
        var flags: Set<String> = ["--help"]
        var passthroughHelp = ""

        init(_ json: [String: Any]) {
            for sub in json["subcommands"] as? [[String: Any]] ?? [] {
                if let name = sub["commandName"] as? String { subcommands[name] = Command(sub) }
            }
            for argument in json["arguments"] as? [[String: Any]] ?? [] {
                for name in argument["names"] as? [[String: Any]] ?? [] where name["kind"] as? String == "long" {
                    if let long = name["name"] as? String { flags.insert("--" + long) }
                }
                if argument["kind"] as? String == "positional" { passthroughHelp += (argument["abstract"] as? String ?? "") + " " }
            }
        }
    }

    static func commandTree() throws -> Command {
        let result = try ProcessRunner.hook(["--experimental-dump-help"], environment: ["EFS_HOOK_CONFIG": "/dev/null"])
        try #require(result.status == 0, "\(result.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        return Command(try #require(json["command"] as? [String: Any]))
    }

    /// `efs-hook …` as the docs write it: inline spans and fenced-block lines.
    static func commandLines(_ text: String) -> [String] {
        var lines = codeSpans(text).filter { $0.hasPrefix("efs-hook ") }
        var fenced = false
        for line in text.split(separator: "\n") {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.hasPrefix("```") {
                fenced.toggle()
                continue
            }
            var command = trimmed.hasPrefix("$ ") ? String(trimmed.dropFirst(2)) : trimmed
            if let comment = command.range(of: " #") { command = String(command[..<comment.lowerBound]) }
            if fenced, command.hasPrefix("efs-hook ") { lines.append(command) }
        }
        return lines
    }

    static func commandProblems(_ tree: Command, documents: [(name: String, text: String)]) -> [String] {
        var problems: [String] = []
        for (name, text) in documents {
            for line in commandLines(text) {
                let words = line.replacingOccurrences(of: "\\|", with: "|").split(separator: " ").dropFirst().map(String.init)
                guard let first = words.first, !first.hasPrefix("-"), !first.allSatisfy({ $0.isUppercase || $0 == "_" }) else { continue }
                var command = tree
                var path = "efs-hook"
                for word in words {
                    let alternatives = word.split(separator: "|").map(String.init)
                    guard let next = alternatives.first.flatMap({ command.subcommands[$0] }) else { break }
                    for alternative in alternatives where command.subcommands[alternative] == nil {
                        problems.append("\(name): `\(line)`: \(path) has no subcommand \(alternative)")
                    }
                    command = next
                    path += " " + (alternatives.first ?? "")
                }
                if path == "efs-hook" { problems.append("\(name): `\(line)`: efs-hook has no subcommand \(first)") }
                for word in words {
                    let flag = String(word.drop { $0 == "[" }.prefix { $0.isLetter || $0.isNumber || $0 == "-" })
                    guard flag.hasPrefix("--"), flag.count > 2 else { continue }
                    if !command.flags.contains(flag) && !command.passthroughHelp.contains(flag) {
                        problems.append("\(name): `\(line)`: \(path) has no \(flag)")
                    }
                }
            }
        }
        return Array(Set(problems)).sorted()
    }

    @Test func everyDocumentedCommandAndFlagExists() throws {
        let tree = try Self.commandTree()
        #expect(tree.subcommands["migrate"]?.subcommands["rexray"]?.flags.contains("--env-file") == true)
        let documents = try Self.documents()
        #expect(documents.flatMap { Self.commandLines($0.text) }.count > 30, "the docs' command lines are found")
        let problems = Self.commandProblems(tree, documents: documents)
        #expect(problems.isEmpty, "\(problems.count) disagreements:\n\(problems.joined(separator: "\n"))")
    }

    // MARK: environment

    /// `EFS_HOOK_*` names in `text`; in code only string literals (`"EFS_HOOK_CONFIG"`), so
    /// C constants of the same prefix do not count.
    static func environmentNames(_ text: String, literals: Bool = false) -> Set<String> {
        var names: Set<String> = []
        var remaining = Substring(text)
        while let found = remaining.range(of: literals ? "\"EFS_HOOK_" : "EFS_HOOK_") {
            let start = literals ? remaining.index(after: found.lowerBound)..<found.upperBound : found
            let name = remaining[start.lowerBound...].prefix { $0.isUppercase || $0.isNumber || $0 == "_" }
            if name.count > "EFS_HOOK_".count, !name.hasSuffix("_") { names.insert(String(name)) }
            remaining = remaining[start.upperBound...]
        }
        return names
    }

    @Test func everyEnvironmentVariableIsDocumentedAndRead() throws {
        let sources = Self.root.appendingPathComponent("Sources")
        var code: Set<String> = []
        let enumerator = FileManager.default.enumerator(atPath: sources.path)
        while let path = enumerator?.nextObject() as? String {
            guard path.hasSuffix(".swift") else { continue }
            code.formUnion(
                Self.environmentNames(try String(contentsOf: sources.appendingPathComponent(path), encoding: .utf8), literals: true))
        }
        let documented = try Self.documents().reduce(into: Set<String>()) { $0.formUnion(Self.environmentNames($1.text)) }
        #expect(code.contains("EFS_HOOK_CONFIG"))
        #expect(documented.subtracting(code).isEmpty, "documented, never read: \(documented.subtracting(code).sorted())")
        #expect(code.subtracting(documented).isEmpty, "read, never documented: \(code.subtracting(documented).sorted())")
    }
}
