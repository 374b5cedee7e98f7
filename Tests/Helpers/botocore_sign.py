#!/usr/bin/env python3
"""Signs request cases with botocore's own SigV4Auth: the oracle for the Swift SigV4 signer.

Reads a JSON list of cases on stdin and prints a JSON list of results, one per case, in order.
A case is built into a request the way botocore builds a REST-JSON request (prepare_request_dict:
each path segment percent-encoded like a URI label, query pairs with percent_encode_sequence),
then signed by SigV4Auth.add_auth at the case's fixed time.

Case fields:
  method, endpoint ("https://host[:port]"), region, service, timestamp ("YYYYMMDDTHHMMSSZ"),
  accessKey, secretKey, sessionToken (optional),
  segments (raw path segments) or rawPath (a path already in wire form, used as is),
  query ([[key, value], ...] raw), headers ([[name, value], ...], repeated names allowed),
  body (UTF-8 text; "" for none).
Result fields: url (what botocore would send), authorization, canonicalRequest, stringToSign.
Test tooling only: the secrets it sees are the fixed fake ones of the test cases.
"""
import datetime
import json
import sys
from unittest import mock

import botocore.auth
from botocore.awsrequest import create_request_object, prepare_request_dict
from botocore.credentials import Credentials
from botocore.utils import percent_encode


def build_request(case):
    if "rawPath" in case:
        url_path = case["rawPath"]
    else:
        # Like BaseRestSerializer._render_uri_template for a non-greedy label.
        url_path = "/" + "/".join(percent_encode(segment) for segment in case["segments"])
    request_dict = {
        "url_path": url_path,
        "query_string": [tuple(pair) for pair in case.get("query", [])],
        "method": case["method"],
        "headers": {},
        "body": case.get("body", "").encode("utf-8"),
    }
    prepare_request_dict(request_dict, endpoint_url=case["endpoint"])
    request = create_request_object(request_dict)
    # HTTPHeaders appends on assignment, so repeated names stay repeated, in order.
    for name, value in case.get("headers", []):
        request.headers[name] = value
    return request


class CapturingSigV4Auth(botocore.auth.SigV4Auth):
    """SigV4Auth unchanged, but keeps the canonical request and string to sign it used."""

    def string_to_sign(self, request, canonical_request):
        result = super().string_to_sign(request, canonical_request)
        self.captured = (canonical_request, result)
        return result


def sign(case):
    request = build_request(case)
    credentials = Credentials(case["accessKey"], case["secretKey"], case.get("sessionToken"))
    signer = CapturingSigV4Auth(credentials, case["service"], case["region"])
    fixed = datetime.datetime.strptime(case["timestamp"], "%Y%m%dT%H%M%SZ")
    with mock.patch.object(botocore.auth, "get_current_datetime", return_value=fixed):
        signer.add_auth(request)
    canonical, string_to_sign = signer.captured
    return {
        "url": request.url,
        "authorization": request.headers["Authorization"],
        "canonicalRequest": canonical,
        "stringToSign": string_to_sign,
    }


def main():
    cases = json.load(sys.stdin)
    json.dump([sign(case) for case in cases], sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
