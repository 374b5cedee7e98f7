import Common
import VolumeModel

extension Executor {
    /// `efs-hook provision`: every volume passes the tenant policy first; then each one's
    /// resources are created and waited for (no volume lock is held meanwhile, so launches on
    /// this host are not held up), its definition is stored (launches through dvdcli, the
    /// Docker plugin and the isolator find its options) and this agent's resolution cache is
    /// seeded. (`--dry-run` needs no executor: see `VolumeAdministration.provisionAhead`.)
    public func provisionAhead(
        _ requests: [VolumeRequest], identity: TaskIdentity, progress: @escaping @Sendable (String) -> Void
    ) async throws(EFSHookError) -> [ProvisionReport] {
        guard let administration = provider.administration else {
            throw .usage("provision creates provider resources; the \(provider.name) provider has none")
        }
        let allowed = try authorize(requests, identity: identity)
        for request in allowed { try checkDefinition(request) }
        var reports: [ProvisionReport] = []
        for request in allowed {
            let report = try await administration.provisionAhead(request, dryRun: false) { progress("volume \(request.name): \($0)") }
            let locks = try state.lockVolumes([request.name])
            defer { locks.forEach { $0.release() } }
            try checkDefinition(request)
            if !state.definitions.contains(request.name) {
                try state.definitions.save(VolumeDefinition(name: request.name, options: request.options), as: request.name)
            }
            remember(report.resolution, replacing: cachedResolution(request.name))
            reports.append(report)
        }
        return reports
    }

    /// A volume defined here already (`docker volume create`, an earlier provision) keeps its
    /// options: provisioning it with others is refused before anything is created.
    private func checkDefinition(_ request: VolumeRequest) throws(EFSHookError) {
        guard let existing = try state.definitions.load(request.name), existing.options != request.options else { return }
        throw .invalidTask(
            "volume \(request.name) is already defined here with \(existing.optionSummary); provision it with the same options, or remove it first"
        )
    }
}
