import Common

extension REXRayConfigImport {
    /// One setting as the EFS driver sees it: its global name (`efs.tag`) and the key it was
    /// read from (`libstorage.server.services.NAME.efs.tag` when service-scoped), for warnings.
    struct Effective {
        var origin: String
        var value: REXRaySetting
    }

    static let servicesPrefix = "libstorage.server.services."

    /// libStorage's services (`libstorage.server.services.NAME.*`) → their driver. A service
    /// without `driver` uses its name as the driver, as libStorage does.
    var services: [String: String] {
        var drivers: [String: String] = [:]
        for key in settings.keys {
            guard let name = Self.serviceScope(key)?.service else { continue }
            drivers[name] = drivers[name] ?? settings[Self.servicesPrefix + name + ".driver"]?.text.lowercased() ?? name
        }
        return drivers
    }

    /// The settings the EFS driver uses, by global name: a key scoped under an EFS service
    /// wins over the global one, as libStorage looks in the service's scope first. Keys of
    /// other drivers' services are left out (one warning each); keys selecting the driver are
    /// checked here and need nothing in efs-hook.
    ///
    /// Two EFS services whose values of one key differ are refused: efs-hook has one tag and
    /// one root path per agent, and picking either would silently mis-name the other's volumes.
    func effectiveSettings(source: String) throws(EFSHookError) -> (settings: [String: Effective], warnings: [String]) {
        let services = services
        let efsServices = services.filter { $0.value == "efs" }.keys.sorted()
        try checkDriverSelection(services: services, source: source)
        var global: [String: Effective] = [:]
        var scoped: [String: [String: Effective]] = [:]
        var warnings: [String] = []
        for (key, value) in settings.sorted(by: { $0.key < $1.key }) where !Self.driverKeys.contains(key) {
            guard let (name, scopedKey) = Self.serviceScope(key) else {
                global[key] = Effective(origin: key, value: value)
                continue
            }
            guard scopedKey != "driver" else { continue }
            guard services[name] == "efs" else {
                warnings.append("\(key) belongs to service \(name) of driver \(services[name] ?? name), not efs, and is not migrated")
                continue
            }
            scoped[name, default: [:]][scopedKey] = Effective(origin: key, value: value)
        }
        guard !efsServices.isEmpty else { return (global, warnings) }
        var result = global
        let keys = Set(scoped.values.flatMap(\.keys))
        for key in keys.sorted() {
            let values = efsServices.map { (service: $0, setting: scoped[$0]?[key] ?? global[key]) }
            for (first, second) in zip(values, values.dropFirst()) where first.setting?.value != second.setting?.value {
                throw .config(
                    "\(source): services \(first.service) and \(second.service) set \(key) differently (\(Self.shown(first.setting)) and \(Self.shown(second.setting))): migrate one service's configuration at a time"
                )
            }
            result[key] = values.first?.setting
        }
        return (result, warnings)
    }

    /// REX-Ray must be using the EFS driver: `libstorage.service` names `efs` or a service of
    /// driver efs, the old `rexray.storageDrivers` lists efs, and some service has driver efs
    /// when services are declared.
    func checkDriverSelection(services: [String: String], source: String) throws(EFSHookError) {
        func refuse(_ key: String, _ value: String) -> EFSHookError {
            .config("\(source): \(key) is \(Quoting.safe(value)), not efs: only REX-Ray's EFS volumes can be migrated")
        }
        if let value = settings["libstorage.service"]?.text, (services[value.lowercased()] ?? value.lowercased()) != "efs" {
            throw refuse("libstorage.service", value)
        }
        if let value = settings["rexray.storagedrivers"], !value.items.contains(where: { $0.lowercased() == "efs" }) {
            throw refuse("rexray.storagedrivers", value.text)
        }
        if !services.isEmpty, !services.values.contains("efs") {
            let (name, driver) = services.sorted { $0.key < $1.key }[0]
            throw refuse(Self.servicesPrefix + name + ".driver", driver)
        }
    }

    /// `libstorage.server.services.NAME.KEY` → (NAME, KEY); nil for any other key.
    static func serviceScope(_ key: String) -> (service: String, key: String)? {
        guard key.hasPrefix(servicesPrefix) else { return nil }
        let rest = key.dropFirst(servicesPrefix.count)
        guard let dot = rest.firstIndex(of: "."), dot != rest.startIndex else { return nil }
        return (String(rest[..<dot]), String(rest[rest.index(after: dot)...]))
    }

    private static func shown(_ setting: Effective?) -> String {
        setting.map { quoted($0.value.text) } ?? "unset"
    }
}
