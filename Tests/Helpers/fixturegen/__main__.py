"""Writes the fixtures, removes stale ones and checks them: python -m fixturegen [-v]."""

import os
import sys

import json

from .bad_cases import bad_cases
from .cases_aurora_routes import agent_files
from .checks import check_bad, check_good
from .good_cases import GOOD_CASES
from .output import AGENT_DIR, BAD_DIR, ROOT, TASKS_DIR, dump_json, remove_stale, to_json, write


def main(argv):
    verbose = "-v" in argv or "--verbose" in argv
    os.makedirs(TASKS_DIR, exist_ok=True)
    os.makedirs(BAD_DIR, exist_ok=True)
    os.makedirs(AGENT_DIR, exist_ok=True)

    written = set()
    good = [build() for build in GOOD_CASES]
    names = [g[0] for g in good]
    assert len(names) == len(set(names))
    for name, kind, message, expected, tail in good:
        write(os.path.join(TASKS_DIR, name + ".bin"), message.SerializeToString() + tail, written)
        write(os.path.join(TASKS_DIR, name + ".json"), to_json(message, True), written)
        write(os.path.join(TASKS_DIR, name + ".camel.json"), to_json(message, False), written)
        write(os.path.join(TASKS_DIR, name + ".expected.json"), dump_json(expected), written)

    manifest = []
    for file, message, fmt, expect, layer, description, payload in bad_cases():
        if isinstance(payload, bytes):
            data = payload
        elif fmt == "binary":
            data = payload.SerializeToString()
        else:
            payload.SerializeToString()  # refuses unset required fields
            data = to_json(payload, True).encode("utf-8")
        write(os.path.join(BAD_DIR, file), data, written)
        assert expect == expect.lower(), file
        manifest.append({
            "file": file,
            "message": message,
            "format": fmt,
            "expect": expect,
            "layer": layer,
            "description": description,
        })
    write(os.path.join(BAD_DIR, "manifest.json"), dump_json(manifest), written)

    def to_dict(message):
        return json.loads(to_json(message, True))

    for file, content in agent_files(to_dict):
        write(os.path.join(AGENT_DIR, file), content if isinstance(content, bytes) else dump_json(content), written)

    remove_stale(AGENT_DIR, written)
    remove_stale(TASKS_DIR, written)
    remove_stale(BAD_DIR, written)

    for name, kind, message, expected, tail in good:
        check_good(name, kind, message, tail)
    outcomes = [(m["file"], check_bad(m["file"], m["message"], m["format"], m["layer"])) for m in manifest]
    wire_checks = {
        "truncated-task-info": "DecodeError: Truncated message.",
        "random-bytes": "DecodeError: Wrong wire type in tag.",
        "executor-info-as-task-info": "missing task_id,slave_id",
        "empty-file": "empty",
        "json-task-missing-required": "missing task_id,slave_id",
    }
    for file, outcome in outcomes:
        slug = file[4:].rsplit(".", 1)[0]
        if slug in wire_checks and outcome != wire_checks[slug]:
            raise SystemExit("%s: python decodes it as %r, expected %r" % (file, outcome, wire_checks[slug]))
    if verbose:
        for file, outcome in outcomes:
            print("  %-45s python: %s" % (file, outcome))
    print("generate_fixtures: %d good cases (%d files) in %s; %d bad inputs in %s; all checked"
          % (len(good), 4 * len(good), os.path.relpath(TASKS_DIR, ROOT), len(manifest), os.path.relpath(BAD_DIR, ROOT)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
