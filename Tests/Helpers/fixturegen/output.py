"""Where the fixtures go, their JSON forms, and writing them."""

import json
import os

from google.protobuf import json_format

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
TASKS_DIR = os.path.join(ROOT, "Tests", "Fixtures", "tasks")
BAD_DIR = os.path.join(ROOT, "Tests", "Fixtures", "bad")
AGENT_DIR = os.path.join(ROOT, "Tests", "Fixtures", "agent")
MAX_COMMITTED_BYTES = 64 * 1024


def to_json(message, proto_names):
    return json_format.MessageToJson(
        message, preserving_proto_field_name=proto_names, indent=2, sort_keys=True
    ) + "\n"


def dump_json(value):
    return json.dumps(value, indent=2, sort_keys=True, ensure_ascii=True) + "\n"


def write(path, data, written):
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_COMMITTED_BYTES:
        raise SystemExit("%s would be %d bytes; fixtures stay under 64 KiB" % (path, len(data)))
    with open(path, "wb") as f:
        f.write(data)
    written.add(os.path.abspath(path))


def remove_stale(directory, written):
    for entry in sorted(os.listdir(directory)):
        path = os.path.abspath(os.path.join(directory, entry))
        if os.path.isfile(path) and path not in written:
            os.remove(path)
