"""TEST-ONLY: writes the task-description test fixtures, encoded by Mesos' own schema.

Run through scripts/generate-fixtures (python -m fixturegen, with Tests/Helpers on the
path), which provides a venv with mesos.interface==1.7.2 and protobuf==3.20.3
(pure-Python implementation).

Outputs (this package owns both directories and deletes stale files in them):

  Tests/Fixtures/tasks/NAME.bin            binary protobuf (mesos_pb2 SerializeToString)
  Tests/Fixtures/tasks/NAME.json           json_format, .proto field names (Mesos style)
  Tests/Fixtures/tasks/NAME.camel.json     json_format, lowerCamelCase (proto3 canonical JSON)
  Tests/Fixtures/tasks/NAME.expected.json  the volume plan, written by hand in the case modules
  Tests/Fixtures/bad/NNN-short-name.{bin,json}
  Tests/Fixtures/bad/manifest.json

The expected plans are literals in the case modules; nothing here computes a plan.
The oversized (> 4 MiB) input is not stored: tests build it at run time.

Modules:
  schema          mesos_pb2, and the ContainerConfig descriptor shim in its pool
  builders        builders for Mesos messages (resources, volumes, tasks, Aurora/Thermos)
  plans           builders for the expected-plan literals
  wire            hand-written protobuf wire encoding and top-level field parser
  cases_command   good cases: command tasks (Marathon style, Docker, DVDI)
  cases_aurora    good cases: Aurora tasks, including the two examples/ jobs
  cases_executor  good cases: ExecutorInfo and ContainerConfig
  good_cases      the good cases, in order
  bad_cases       the bad-input corpus
  output          paths, JSON forms, writing and stale-file removal
  checks          reading every written file back with Mesos' schema
  __main__        the run: write, remove stale files, check

Notes on the schema:
  - mesos.interface 1.7.2 ships mesos_pb2 only (no containerizer_pb2, no v1,
    no scheduler/executor protos). ContainerConfig (include/mesos/slave/
    containerizer.proto, package mesos.slave) is therefore declared in schema.py
    as a FileDescriptorProto in the same descriptor pool as mesos_pb2, with the
    upstream field numbers and types; its fields of Mesos types (TaskInfo,
    ExecutorInfo, CommandInfo, ContainerInfo, Resource) are mesos_pb2's own
    descriptors. Upstream's `docker = 7` and `appc = 10` need image-manifest
    protos that the package lacks, so they are left out (no fixture uses them).
  - Every message is serialized with SerializeToString(), which refuses
    messages with unset required fields, so every fixture is a valid message.
"""

import os

# Before any module of this package imports google.protobuf.
os.environ.setdefault("PROTOCOL_BUFFERS_PYTHON_IMPLEMENTATION", "python")
