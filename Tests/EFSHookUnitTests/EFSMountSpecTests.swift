import Testing

@testable import EFSHookCore
@testable import EFSVolumes

/// The region told to mount.efs and used in DNS names when only the zone is known.
@Suite struct EFSMountSpecTests {
    @Test(arguments: [
        ("us-east-1a", "us-east-1"), ("ap-southeast-2c", "ap-southeast-2"), ("us-gov-west-1a", "us-gov-west-1"),
        ("cn-north-1b", "cn-north-1"), ("us-west-2-lax-1a", "us-west-2"), ("us-east-1-wl1-bos-wlz-1", "us-east-1"),
    ])
    func aZoneNamesItsRegion(zone: String, region: String) {
        #expect(EFSMountSpec.region(ofZone: zone) == region)
    }

    @Test(arguments: ["", "us-east-1", "east-1a", "US-EAST-1A"])
    func aNameOfNoKnownShapeNamesNone(zone: String) {
        #expect(EFSMountSpec.region(ofZone: zone) == nil)
    }
}
