#!/usr/bin/env python3
"""TEST-ONLY: reads and seeds moto's EFS state per account, for the identity tests.

Usage: moto_accounts.py PORT COMMAND ACCOUNT [ARG...]

Straight to moto on 127.0.0.1:PORT (never through a proxy, so nothing here is counted), as
ACCOUNT (moto's x-moto-account-id header). Prints one JSON document:
  file-systems ACCOUNT TOKEN    ids of the file systems with that creation token: [...]
  create-fs ACCOUNT ZONE...     a file system with a mount target in each zone's default
                                subnet: {"fileSystemId", "mountTargets": [{"zone", "zoneId", "ip", "subnetId"}]}
"""
import json
import sys
import uuid

import boto3

port, command, account, args = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]


def client(service):
    made = boto3.client(service, region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
                        aws_access_key_id="testing", aws_secret_access_key="testing")
    made.meta.events.register("before-sign.*.*", lambda request, **_: request.headers.add_header("x-moto-account-id", account))
    return made


if command == "file-systems":
    out = [fs["FileSystemId"] for fs in client("efs").describe_file_systems(CreationToken=args[0])["FileSystems"]]
elif command == "create-fs":
    efs, ec2 = client("efs"), client("ec2")
    subnets = {s["AvailabilityZone"]: s for s in ec2.describe_subnets(Filters=[{"Name": "default-for-az", "Values": ["true"]}])["Subnets"]}
    fs = efs.create_file_system(CreationToken=f"identity-{uuid.uuid4().hex[:8]}")["FileSystemId"]
    targets = []
    for zone in args:
        target = efs.create_mount_target(FileSystemId=fs, SubnetId=subnets[zone]["SubnetId"])
        targets.append({"zone": zone, "zoneId": target["AvailabilityZoneId"], "ip": target["IpAddress"], "subnetId": target["SubnetId"]})
    out = {"fileSystemId": fs, "mountTargets": targets}
else:
    sys.exit(f"unknown command {command}")
json.dump(out, sys.stdout)
