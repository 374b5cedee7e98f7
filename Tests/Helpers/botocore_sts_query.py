#!/usr/bin/env python3
"""TEST-ONLY: the form body botocore's query serializer writes for STS calls.

Reads a JSON list of cases on stdin, each {"operation": "AssumeRole", "params": [[name, value], ...]}
with the parameters in the order the caller writes them (the serializer keeps it; integer members
such as DurationSeconds as decimal text), and prints a JSON list of the bodies, percent-encoded as
botocore sends them. Sends nothing.
"""
import json
import sys

import botocore.session
from botocore.serialize import create_serializer
from botocore.utils import percent_encode_sequence

model = botocore.session.get_session().get_service_model("sts")
serializer = create_serializer("query")
out = []
for case in json.load(sys.stdin):
    operation = model.operation_model(case["operation"])
    members = operation.input_shape.members if operation.input_shape else {}
    params = {name: int(value) if members[name].type_name == "integer" else value for name, value in case["params"]}
    request = serializer.serialize_to_request(params, operation)
    out.append(percent_encode_sequence(request["body"]))
json.dump(out, sys.stdout)
