import Common

/// How an AWS failure is classified, keyed on the error code first and the status second.
public enum AWSErrorClassifier {
    public static let throttlingCodes: Set<ErrorCode> = [
        "Throttling", .throttling, "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "RequestThrottled", "RequestLimitExceeded", "SlowDown",
        "ProvisionedThroughputExceededException", "BandwidthLimitExceeded", "EC2ThrottledException",
        "PriorRequestNotComplete", "TransactionInProgressException", "LimitExceededException",
    ]
    public static let transientCodes: Set<ErrorCode> = [
        "DependencyTimeout", "RequestTimeout", "RequestTimeoutException", "InternalError", "InternalFailure",
        .internalServerError, "ServiceUnavailable", "ServiceUnavailableException",
    ]
    public static let permissionCodes: Set<ErrorCode> = [
        .accessDenied, .accessDeniedException, "UnauthorizedOperation", "UnauthorizedException", "AuthFailure",
        "UnrecognizedClientException", "InvalidClientTokenId", "InvalidAccessKeyId", "InvalidSignatureException",
        "SignatureDoesNotMatch", "IncompleteSignature", "IncompleteSignatureException", "MissingAuthenticationToken",
        "MissingAuthenticationTokenException", "ExpiredToken", "ExpiredTokenException", "RequestExpired",
        "NotAuthorized", "OptInRequired",
    ]
    /// Codes after which fresh credentials may help.
    public static let expiredCredentialCodes: Set<ErrorCode> = [
        "ExpiredToken", "ExpiredTokenException", "RequestExpired", "InvalidClientTokenId",
    ]

    public static func isThrottling(_ failure: AWSServiceFailure) -> Bool {
        if let code = failure.code, throttlingCodes.contains(code) { return true }
        if failure.status == 429 { return true }
        // EFS has been seen to answer a bare 400 "Rate exceeded".
        let text = ((failure.code?.rawValue ?? "") + " " + (failure.message ?? "")).lowercased()
        return failure.status == 400 && text.contains("rate exceeded")
    }

    public static func isTransient(_ failure: AWSServiceFailure) -> Bool {
        if let code = failure.code, transientCodes.contains(code) { return true }
        return failure.status >= 500
    }

    public static func isPermission(_ failure: AWSServiceFailure) -> Bool {
        if let code = failure.code {
            if permissionCodes.contains(code) { return true }
            // 403 also carries quota errors (FileSystemLimitExceeded …): those are not permissions.
            if code.rawValue.hasSuffix("LimitExceeded") || code.rawValue.hasSuffix("LimitExceededException") { return false }
        }
        return failure.status == 401 || (failure.status == 403 && failure.code == nil)
    }

    public static func kind(_ failure: AWSServiceFailure) -> EFSHookError.Kind {
        if isThrottling(failure) || isTransient(failure) { return .temporary }
        if isPermission(failure) { return .permissionDenied }
        return .failure
    }
}
