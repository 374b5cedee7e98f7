"""Checks a received request's SigV4 Authorization against botocore's own signature of the
same wire request (botocore_sign.sign with its rawPath), for aws_fault_proxy.py's
--verify-secret. Test tooling only: the secret is the fixed fake one of the test stack.
"""
import re
import threading
import urllib.parse

from botocore_sign import sign

AUTHORIZATION = re.compile(
    r"AWS4-HMAC-SHA256 Credential=(?P<key>[^/]+)/(?P<date>\d{8})/(?P<region>[^/]+)/(?P<service>[^/]+)/aws4_request, "
    r"SignedHeaders=(?P<signed>[^,]+), Signature=(?P<signature>[0-9a-f]{64})$")
# botocore_sign fixes botocore's clock with mock.patch, which is process-wide.
_lock = threading.Lock()


def mismatch(method, path, headers, body, secret):
    """None when botocore signs the request the same way, else why not (one line)."""
    authorization = headers.get("Authorization") or ""
    parsed = AUTHORIZATION.match(authorization)
    if not parsed:
        return f"{method} {path}: Authorization is not SigV4: {authorization[:40]!r}"
    signed = parsed["signed"].split(";")
    split = urllib.parse.urlsplit(path)
    case = {
        "method": method, "endpoint": f"http://{headers.get('Host')}", "region": parsed["region"],
        "service": parsed["service"], "timestamp": headers.get("X-Amz-Date") or "",
        "accessKey": parsed["key"], "secretKey": secret, "sessionToken": headers.get("X-Amz-Security-Token"),
        "rawPath": split.path, "query": urllib.parse.parse_qsl(split.query, keep_blank_values=True),
        # botocore adds Host, X-Amz-Date and the token itself and signs every header it is given.
        "headers": [(name, headers.get(name)) for name in signed
                    if name not in ("host", "x-amz-date", "x-amz-security-token")],
        "body": body.decode("utf-8"),
    }
    with _lock:
        expected = sign(case)["authorization"]
    return None if expected == authorization else f"{method} {path}: botocore signs {expected!r}, got {authorization!r}"
