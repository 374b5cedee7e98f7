#!/usr/bin/env python3
"""TEST-ONLY: reads (and, for fixtures, writes) moto's EFS state with boto3 for the Swift tests.

Usage: moto_inspect.py PORT COMMAND [ARG...]

Talks straight to the moto server on 127.0.0.1:PORT (never through the fault proxy, so
inspecting never shows up in the proxy's counts) and prints one JSON document on stdout:

  snapshot                      every EFS file system in us-east-1 with its tags, mount
                                targets, access points and how many file systems share its
                                creation token: {"fileSystems": [...]}
  create-fs TOKEN [SUBNET]      an encrypted file system tagged only with Name (one efs-hook
                                did not make), optionally with a mount target in SUBNET:
                                {"fileSystemId": ..., "mountTarget": {...}}
  create-rexray TAG NAME GEN [SUBNET]
                                a file system made the way libStorage makes it: creation
                                token md5("TAG/NAME") (GEN current), NAME (GEN 0.5) or GEN, not
                                encrypted, then one tag Name=TAG/NAME, then a mount target
                                in SUBNET: {"fileSystemId": ..., "mountTarget": {...}}
  race-rexray TAG NAME          libStorage's create of a new volume: CreateFileSystem under
                                its token (FileSystemAlreadyExists is a lost race), then the
                                Name tag: {"fileSystemId": ... or null}
  delete-fs FS_ID               deletes the file system's mount targets, then the file
                                system (as someone deleting it by hand): {"deleted": FS_ID}
  put-connections FS_ID VALUE HOURS_AGO...
                                ClientConnections (AWS/EFS, FileSystemId=FS_ID) of VALUE at
                                each of the given hours before now, as EFS would publish
                                them: {"put": N}
  reset-auth COUNT              moto's IAM enforcement after COUNT more requests ("inf"
                                switches it off): moto's own answer

Run by Tests/EFSHookTests/EFS/MotoInspector.swift; needs boto3 (moto[server] brings it).
"""
import json, sys, urllib.request
import boto3

port, command, args = sys.argv[1], sys.argv[2], sys.argv[3:]
url = f"http://127.0.0.1:{port}"

def client(service):
    return boto3.client(service, region_name="us-east-1", endpoint_url=url,
                        aws_access_key_id="testing", aws_secret_access_key="testing")

def tags(items):
    return {t["Key"]: t["Value"] for t in items or []}

def mount_target(mt):
    keys = ("MountTargetId", "FileSystemId", "SubnetId", "AvailabilityZoneName", "IpAddress", "LifeCycleState")
    return {k: mt.get(k) for k in keys}

out = None
if command == "snapshot":
    efs = client("efs")
    systems = []
    for page in efs.get_paginator("describe_file_systems").paginate():
        systems += page["FileSystems"]
    result = []
    for fs in systems:
        fid = fs["FileSystemId"]
        mts = efs.describe_mount_targets(FileSystemId=fid)["MountTargets"]
        aps = efs.describe_access_points(FileSystemId=fid)["AccessPoints"]
        same = efs.describe_file_systems(CreationToken=fs["CreationToken"])["FileSystems"]
        result.append({
            "FileSystemId": fid, "CreationToken": fs["CreationToken"], "Encrypted": fs.get("Encrypted"),
            "LifeCycleState": fs["LifeCycleState"], "Tags": tags(fs.get("Tags")),
            "MountTargets": [mount_target(mt) for mt in mts],
            "AccessPoints": [{
                "AccessPointId": ap["AccessPointId"], "FileSystemId": ap["FileSystemId"],
                "ClientToken": ap.get("ClientToken"), "PosixUser": ap.get("PosixUser"),
                "RootDirectory": ap.get("RootDirectory"), "Tags": tags(ap.get("Tags")),
            } for ap in aps],
            "SameTokenCount": len(same),
        })
    out = {"fileSystems": result}
elif command == "create-fs":
    efs = client("efs")
    fs = efs.create_file_system(CreationToken=args[0], Encrypted=True,
                                Tags=[{"Key": "Name", "Value": "test-owned/" + args[0]}])
    out = {"fileSystemId": fs["FileSystemId"]}
    if len(args) > 1:
        out["mountTarget"] = mount_target(efs.create_mount_target(FileSystemId=fs["FileSystemId"], SubnetId=args[1]))
elif command == "create-rexray" or command == "race-rexray":
    import hashlib
    efs = client("efs")
    tag, name = args[0], args[1]
    generation = args[2] if command == "create-rexray" else "current"
    token = {"current": hashlib.md5(f"{tag}/{name}".encode()).hexdigest(), "0.5": name}.get(generation, generation)
    try:
        fs = efs.create_file_system(CreationToken=token)
    except efs.exceptions.FileSystemAlreadyExists:
        fs = None
    out = {"fileSystemId": fs and fs["FileSystemId"]}
    if fs:
        efs.tag_resource(ResourceId=fs["FileSystemId"], Tags=[{"Key": "Name", "Value": f"{tag}/{name}"}])
    if fs and len(args) > 3:
        out["mountTarget"] = mount_target(efs.create_mount_target(FileSystemId=fs["FileSystemId"], SubnetId=args[3]))
elif command == "delete-fs":
    efs = client("efs")
    for mt in efs.describe_mount_targets(FileSystemId=args[0])["MountTargets"]:
        efs.delete_mount_target(MountTargetId=mt["MountTargetId"])
    efs.delete_file_system(FileSystemId=args[0])
    out = {"deleted": args[0]}
elif command == "put-connections":
    from datetime import datetime, timedelta, timezone
    now = datetime.now(timezone.utc)
    data = [{
        "MetricName": "ClientConnections", "Value": float(args[1]), "Unit": "Count",
        "Dimensions": [{"Name": "FileSystemId", "Value": args[0]}],
        "Timestamp": now - timedelta(hours=float(hours)),
    } for hours in args[2:]]
    client("cloudwatch").put_metric_data(Namespace="AWS/EFS", MetricData=data)
    out = {"put": len(data)}
elif command == "reset-auth":
    request = urllib.request.Request(url + "/moto-api/reset-auth", data=args[0].encode(), method="POST",
                                     headers={"Content-Type": "text/plain"})
    out = json.loads(urllib.request.urlopen(request).read())
else:
    sys.exit(f"unknown command {command}")
json.dump(out, sys.stdout, default=str)
