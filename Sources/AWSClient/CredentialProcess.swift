import Common
import Foundation
import HostLayer

/// A profile's `credential_process`: split as a POSIX shell would (botocore uses shlex), run
/// without a shell, in its own process group, bounded by the launch deadline (killed with its
/// group when that passes), and read as JSON version 1 on stdout.
struct CredentialProcess: Sendable {
    /// The bound outside a launch (gc, the plugin daemon between requests).
    static let defaultTimeout = 60.0

    var command: String
    var profile: String
    var environment: AWSEnvironment

    func run() async throws(EFSHookError) -> AWSCredentials {
        let what = "credential_process of AWS profile \(Quoting.safe(profile))"
        var words = try ShellWords.split(command, what: what)
        words[0] = try executable(words[0], what: what)
        let argv = words
        let timeout = LaunchDeadline.capped(Self.defaultTimeout)
        let environment = self.environment.variables.map { "\($0.key)=\($0.value)" }
        let outcome = try await Self.offPool { () throws(EFSHookError) in
            try ChildProcess.run(argv, timeout: timeout, environment: environment, discardStderr: true)
        }
        if outcome.timedOut {
            throw EFSHookError(
                .temporary,
                "\(what) did not finish within \(Int(timeout.rounded())) s (\(LaunchDeadline.current == nil ? "its time limit" : "the launch deadline")) and was killed",
                code: .credentialProcessFailed)
        }
        guard outcome.status == 0 else {
            throw EFSHookError(.config, "\(what) exited with status \(outcome.status)", code: .credentialProcessFailed)
        }
        return try Self.decode(Data(outcome.output.utf8), what: what, source: "process:\(profile)")
    }

    /// The program itself, or the first match on `PATH`.
    func executable(_ name: String, what: String) throws(EFSHookError) -> String {
        if name.contains("/") { return environment.expandingHome(name) }
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for directory in path.split(separator: ":") where !directory.isEmpty {
            let candidate = "\(directory)/\(name)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        throw EFSHookError(.config, "\(what): \(Quoting.safe(name)) is not on PATH", code: .credentialProcessFailed)
    }

    struct Document: Decodable {
        var Version: Int?
        var AccessKeyId: String?
        var SecretAccessKey: String?
        var SessionToken: String?
        var Expiration: String?
    }

    static func decode(_ data: Data, what: String, source: String) throws(EFSHookError) -> AWSCredentials {
        guard let document = try? JSONDecoder().decode(Document.self, from: data) else {
            throw EFSHookError(.config, "\(what) did not print a JSON credentials document", code: .credentialProcessFailed)
        }
        guard document.Version == 1 else {
            throw EFSHookError(
                .config, "\(what) printed Version \(document.Version.map(String.init) ?? "(none)"); only Version 1 is supported",
                code: .credentialProcessFailed)
        }
        guard let key = document.AccessKeyId, !key.isEmpty, let secret = document.SecretAccessKey, !secret.isEmpty else {
            throw EFSHookError(.config, "\(what) printed no AccessKeyId or SecretAccessKey", code: .credentialProcessFailed)
        }
        var expiration: Date?
        if let text = document.Expiration {
            guard let date = UTCTime.parseISO8601(text) else {
                throw EFSHookError(
                    .config, "\(what) printed an unreadable Expiration \(Quoting.safe(text))", code: .credentialProcessFailed)
            }
            expiration = date
        }
        return AWSCredentials(
            accessKeyId: key, secretAccessKey: secret, sessionToken: document.SessionToken.flatMap { $0.isEmpty ? nil : $0 },
            expiration: expiration, source: source)
    }

    /// Runs blocking work on a thread of its own, so a slow helper never holds a thread of
    /// the cooperative pool.
    static func offPool<T: Sendable>(_ body: @escaping @Sendable () throws(EFSHookError) -> T) async throws(EFSHookError) -> T {
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, EFSHookError>, Never>) in
            Thread.detachNewThread {
                do throws(EFSHookError) { continuation.resume(returning: .success(try body())) } catch {
                    continuation.resume(returning: .failure(error))
                }
            }
        }
        return try result.get()
    }
}

/// POSIX shell word splitting without expansion, as Python's `shlex.split`: blanks separate
/// words; single quotes keep everything; double quotes keep all but `\"`, `\\`, `\$`, `` \` ``;
/// a backslash outside quotes keeps the next character.
enum ShellWords {
    static func split(_ text: String, what: String) throws(EFSHookError) -> [String] {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        var iterator = Array(text).makeIterator()
        while let character = iterator.next() {
            switch (quote, character) {
            case ("'", "'"), ("\"", "\""):
                quote = nil
            case ("'", _):
                current.append(character)
            case ("\"", "\\"):
                guard let next = iterator.next() else { throw unterminated(what) }
                if !"\"\\$`".contains(next) { current.append("\\") }
                current.append(next)
            case ("\"", _):
                current.append(character)
            case (nil, "'"), (nil, "\""):
                quote = character
                inWord = true
            case (nil, "\\"):
                guard let next = iterator.next() else { throw unterminated(what) }
                current.append(next)
                inWord = true
            case (nil, " "), (nil, "\t"), (nil, "\n"):
                if inWord { words.append(current) }
                current = ""
                inWord = false
            default:
                current.append(character)
                inWord = true
            }
        }
        guard quote == nil else { throw unterminated(what) }
        if inWord { words.append(current) }
        guard !words.isEmpty else { throw EFSHookError(.config, "\(what) is empty", code: .credentialProcessFailed) }
        return words
    }

    private static func unterminated(_ what: String) -> EFSHookError {
        EFSHookError(.config, "\(what) has an unterminated quote or a trailing backslash", code: .credentialProcessFailed)
    }
}
