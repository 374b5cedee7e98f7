import Foundation

/// Debian's docker-registry (distribution) on 127.0.0.1, storing in a test directory: what
/// `docker plugin push` and `docker plugin upgrade` talk to. dockerd treats 127.0.0.0/8 as
/// an insecure (plain HTTP) registry by default.
final class LocalRegistry: @unchecked Sendable {
    static let program = "/usr/bin/docker-registry"
    static var available: Bool { FileManager.default.isExecutableFile(atPath: program) }
    static let unavailableReason = "needs /usr/bin/docker-registry (Debian docker-registry): run scripts/install-test-deps"

    let port: Int
    var host: String { "127.0.0.1:\(port)" }
    let logPath: String
    private let process = Process()

    var log: String { (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "" }

    init(root: String) throws {
        port = try RawHTTP.freePort()
        try FileManager.default.createDirectory(atPath: "\(root)/storage", withIntermediateDirectories: true)
        let config = """
            version: 0.1
            log: {level: warn}
            storage: {filesystem: {rootdirectory: \(root)/storage}}
            http: {addr: 127.0.0.1:\(port)}
            """
        try config.write(toFile: "\(root)/config.yml", atomically: true, encoding: .utf8)
        logPath = "\(root)/registry.log"
        _ = FileManager.default.createFile(atPath: logPath, contents: nil)
        process.executableURL = URL(fileURLWithPath: Self.program)
        process.arguments = ["serve", "\(root)/config.yml"]
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle(forWritingAtPath: logPath)
        process.standardError = FileHandle(forWritingAtPath: logPath)
        try process.run()
        let deadline = Date().addingTimeInterval(30)
        while (try? RawHTTP.get(port: port, "/v2/"))?.status != 200 {
            guard process.isRunning, Date() < deadline else {
                stop()
                throw RawHTTP.Failure(description: "docker-registry did not answer on \(host): \(log.suffix(2000))")
            }
            usleep(100_000)
        }
    }

    func stop() {
        guard process.isRunning else { return }
        process.terminate()
        process.waitUntilExit()
    }

    deinit { stop() }
}
