#!/usr/bin/env python3
"""Runs moto's AWS stand-in on 127.0.0.1 on a free port for the EFS client tests.

Prints "PORT <n>" once listening and exits when stdin closes, so it never outlives its test.
With "--access-key ACCOUNT" it instead creates an IAM user with an access key in that moto
account and prints {"accessKeyId", "secretAccessKey"}: keys moto maps to ACCOUNT, as it maps the
session keys of an assumed role to the role's account.
With "--subnets REGION" it instead prints, as JSON, the default VPC's subnets and default
security group of the moto server at --port (found with boto3; no AWS account involved).
"""
import argparse
import json
import sys


def real_access_point_ids():
    """moto names access points fsap- and 8 hex digits; EFS names them with 17, and mount.efs
    (and so efs-hook) refuses any other spelling. Rename each new one before it is stored."""
    from moto.efs import models

    original = models.AccessPoint.__init__

    def init(self, *args, **kwargs):
        original(self, *args, **kwargs)
        short = self.access_point_id
        self.access_point_id = "fsap-" + models.mock_random.get_random_hex(17)
        self.access_point_arn = self.access_point_arn.replace(short, self.access_point_id)

    models.AccessPoint.__init__ = init


def serve():
    from moto.server import ThreadedMotoServer

    real_access_point_ids()

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    print(f"PORT {server.get_host_and_port()[1]}", flush=True)
    sys.stdin.read()
    server.stop()


def default_network(port, region):
    import boto3

    ec2 = boto3.client(
        "ec2", region_name=region, endpoint_url=f"http://127.0.0.1:{port}",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    vpc = ec2.describe_vpcs(Filters=[{"Name": "isDefault", "Values": ["true"]}])["Vpcs"][0]["VpcId"]
    subnets = ec2.describe_subnets(Filters=[{"Name": "vpc-id", "Values": [vpc]}])["Subnets"]
    groups = ec2.describe_security_groups(
        Filters=[{"Name": "vpc-id", "Values": [vpc]}, {"Name": "group-name", "Values": ["default"]}]
    )["SecurityGroups"]
    json.dump({
        "vpcId": vpc,
        "securityGroupId": groups[0]["GroupId"],
        "subnets": sorted(
            ({"subnetId": s["SubnetId"], "availabilityZone": s["AvailabilityZone"]} for s in subnets),
            key=lambda s: s["availabilityZone"],
        ),
    }, sys.stdout)
    print()


def access_key(port, account):
    import uuid
    import boto3

    iam = boto3.client(
        "iam", region_name="us-east-1", endpoint_url=f"http://127.0.0.1:{port}",
        aws_access_key_id="testing", aws_secret_access_key="testing",
    )
    iam.meta.events.register("before-sign.iam.*", lambda request, **_: request.headers.add_header("x-moto-account-id", account))
    user = f"efs-hook-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=user)
    key = iam.create_access_key(UserName=user)["AccessKey"]
    json.dump({"accessKeyId": key["AccessKeyId"], "secretAccessKey": key["SecretAccessKey"]}, sys.stdout)
    print()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--subnets", metavar="REGION")
    parser.add_argument("--port", type=int)
    parser.add_argument("--access-key", metavar="ACCOUNT")
    args = parser.parse_args()
    if args.access_key:
        access_key(args.port, args.access_key)
    elif args.subnets:
        default_network(args.port, args.subnets)
    else:
        serve()
