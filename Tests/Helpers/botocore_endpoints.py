#!/usr/bin/env python3
"""TEST-ONLY: the endpoint URL botocore's own rules give, the oracle for EndpointResolver.

Reads a JSON list of cases on stdin, each {"service": "efs"|"sts"|"cloudwatch", "region",
"fips": bool, "dualStack": bool}, and prints a JSON list of results in order: the URL, or
null where botocore's rules refuse the combination. STS is asked with
AWS_STS_REGIONAL_ENDPOINTS=regional (efs-hook always uses the regional STS endpoint; newer
botocore does so by default). Builds clients only: sends nothing, and needs no credentials.
"""
import json
import os
import sys

import botocore.session
from botocore.config import Config

os.environ["AWS_STS_REGIONAL_ENDPOINTS"] = "regional"
for name in ("AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_EFS", "AWS_ENDPOINT_URL_STS", "AWS_ENDPOINT_URL_CLOUDWATCH",
             "AWS_USE_FIPS_ENDPOINT", "AWS_USE_DUALSTACK_ENDPOINT", "AWS_PROFILE"):
    os.environ.pop(name, None)
os.environ["AWS_CONFIG_FILE"] = "/nonexistent-efs-hook/config"
os.environ["AWS_SHARED_CREDENTIALS_FILE"] = "/nonexistent-efs-hook/credentials"

session = botocore.session.get_session()
out = []
for case in json.load(sys.stdin):
    try:
        client = session.create_client(
            case["service"], region_name=case["region"], aws_access_key_id="AKIDEXAMPLE", aws_secret_access_key="secret",
            config=Config(use_fips_endpoint=case["fips"], use_dualstack_endpoint=case["dualStack"]))
        out.append(client.meta.endpoint_url)
    except Exception:  # noqa: BLE001 - botocore refuses the combination (EndpointVariantError and kin)
        out.append(None)
json.dump(out, sys.stdout)
