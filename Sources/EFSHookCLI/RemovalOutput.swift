import EFSHookCore

/// What `gc` and `remove` print: each candidate with its evidence and, once acted on, what
/// was deleted. `--json` prints this object; the text form has one line per candidate
/// (volume, id, verdict) and its evidence below it.
struct RemovalOutput: Encodable {
    var command: String
    var idleDays: Int
    /// False until `--yes` acted.
    var acted: Bool
    var candidates: [RemovalCandidate]
    /// Ids deleted, in order.
    var deleted: [String]

    var deletableCount: Int { candidates.filter(\.deletable).count }

    var text: String {
        var lines: [String] = []
        for candidate in candidates {
            let resource = candidate.resource
            let verdict =
                if let blocker = candidate.blocker { "keep: \(blocker)" } else if deleted.contains(resource.id) { "deleted" } else {
                    "deletable"
                }
            lines.append("\(resource.volume)\t\(resource.id)\t\(verdict)")
            lines += candidate.evidence.map { "  - \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}
