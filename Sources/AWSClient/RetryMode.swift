import Common

/// botocore's retry mode: `AWS_RETRY_MODE`, else the profile's `retry_mode`.
///
/// The modes map onto our own retries, which always keep throttling apart from the attempt
/// budget (see `RetryPolicy`):
/// - unset: what efs-hook always did, 5 attempts (botocore's own default, `legacy`, makes 5
///   too); only `efs-hook serve` adapts its rate, because it alone lives long enough to learn
///   the account's.
/// - `legacy`: the same.
/// - `standard`: 3 attempts, botocore's default for the mode, which an operator who names it
///   expects; `AWS_MAX_ATTEMPTS` or `efs.maxAttempts` still win.
/// - `adaptive`: `standard`, and every process (not just `serve`) sends through one
///   client-side rate limiter (`AdaptiveRateLimiter`) shared by its clients.
///
/// Any other value is a configuration error naming it, never a silent default.
public enum RetryMode: String, Sendable, CaseIterable {
    case legacy, standard, adaptive

    /// The attempt budget when neither `AWS_MAX_ATTEMPTS` nor `efs.maxAttempts` sets one.
    public var defaultMaxAttempts: Int { self == .legacy ? RetryPolicy.defaultMaxAttempts : 3 }

    /// nil when neither the environment nor the profile names a mode.
    public static func resolve(_ environment: AWSEnvironment, files: AWSConfigFiles?) throws(EFSHookError) -> RetryMode? {
        let named: (text: String, source: String)?
        if let text = environment["AWS_RETRY_MODE"] {
            named = (text, "AWS_RETRY_MODE")
        } else if let text = files?.value("retry_mode", profile: environment.profile)?.trimmingWhitespace, !text.isEmpty {
            named = (text, "retry_mode of profile \(Quoting.safe(environment.profile))")
        } else {
            named = nil
        }
        guard let named else { return nil }
        guard let mode = RetryMode(rawValue: named.text) else {
            throw EFSHookError(
                .config, "\(named.source) must be legacy, standard or adaptive, not \(Quoting.safe(named.text))")
        }
        return mode
    }

    /// The rate limiter a process in this mode sends through: the caller's (the daemon's),
    /// else in `adaptive` mode the process's own.
    public func rateLimiter(given: AdaptiveRateLimiter?) -> AdaptiveRateLimiter? {
        given ?? (self == .adaptive ? AdaptiveRateLimiter.process : nil)
    }
}
