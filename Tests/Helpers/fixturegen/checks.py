"""Reads every written fixture back with Mesos' schema."""

import json
import os

from google.protobuf import json_format
from google.protobuf.message import DecodeError

from .output import BAD_DIR, TASKS_DIR
from .schema import MESSAGE_CLASSES


def check_good(name, kind, message, tail):
    cls = MESSAGE_CLASSES[kind]
    body = message.SerializeToString()
    with open(os.path.join(TASKS_DIR, name + ".bin"), "rb") as f:
        data = f.read()
    assert data == body + tail, name
    decoded = cls()
    decoded.ParseFromString(data)
    assert decoded.IsInitialized(), name
    assert decoded.SerializeToString() == data, "%s.bin does not re-serialize byte for byte" % name
    for suffix in (".json", ".camel.json"):
        with open(os.path.join(TASKS_DIR, name + suffix), encoding="utf-8") as f:
            parsed = json_format.Parse(f.read(), cls())
        assert parsed.IsInitialized(), name + suffix
        assert parsed.SerializeToString() == body, "%s%s does not parse back to the message" % (name, suffix)
    with open(os.path.join(TASKS_DIR, name + ".expected.json"), encoding="utf-8") as f:
        expected = json.load(f)
    assert expected["message"] == kind
    assert set(expected) == {"message", "volumes", "ignored"}


def check_bad(file, message, fmt, layer):
    with open(os.path.join(BAD_DIR, file), "rb") as f:
        data = f.read()
    cls = MESSAGE_CLASSES.get(message or "task-info")
    if fmt == "binary":
        outcome = "ok"
        msg = cls()
        try:
            msg.ParseFromString(data)
            if not data:
                outcome = "empty"
            elif not msg.IsInitialized():
                outcome = "missing " + ",".join(msg.FindInitializationErrors())
        except DecodeError as err:
            outcome = "DecodeError: %s" % err
    else:
        try:
            msg = json_format.Parse(data.decode("utf-8"), cls())
            outcome = "ok" if msg.IsInitialized() else "missing " + ",".join(msg.FindInitializationErrors())
        except json_format.ParseError as err:
            outcome = "ParseError: %s" % str(err).splitlines()[0][:80]
        if message is None and outcome == "ok":
            outcome = "ok (as task-info)"
    if layer == "plan" and outcome != "ok":
        raise SystemExit("%s should be a valid %s but python says: %s" % (file, message, outcome))
    if layer == "decode" and outcome.startswith("ok") and message is not None:
        raise SystemExit("%s should not decode as %s, but it does" % (file, message))
    return outcome
