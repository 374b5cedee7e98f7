#!/usr/bin/env python3
"""TEST-ONLY: plays the Mesos agent (1.11, CSI v1) against a CSI plugin's unix socket.

Usage: csi_agent.py --endpoint unix:///ABS/PATH/csi.sock [--agent-start [--services S]]
                    [--script FILE|-] [--stop-on-failure] [--target-path-exists]
                    [--proto PATH]

The gRPC client is PyPI's grpcio; the Python stubs are generated at run time from the repo's
Protos/csi/csi.proto with grpcio-tools (cached under $TMPDIR by the proto's sha256).

--agent-start runs the agent's plugin-start sequence first, in the order of Mesos 1.11's
ServiceManager::probeEndpoint and v1 VolumeManagerProcess::prepareServices:
  Probe (v1; Mesos would fall back to v0 on UNIMPLEMENTED, which this client does not speak),
  GetPluginCapabilities, GetPluginInfo (once per configured service),
  ControllerGetCapabilities (when the controller service is configured),
  NodeGetCapabilities (when the node service is configured),
  NodeGetInfo (only when the controller capabilities include PUBLISH_UNPUBLISH_VOLUME).
--services says which services the plugin config (CSIPluginInfo.endpoints) lists: "node",
"controller", "node,controller", or "auto" (the default: node, plus controller when the plugin
advertises CONTROLLER_SERVICE). As in Mesos, a configured controller that the plugin does not
advertise fails the sequence (code AGENT_CHECK_FAILED).

The script (--script FILE, "-" or no --script and no --agent-start: stdin) is a JSON list of steps:
  {"call": "NodePublishVolume", "request": {...}, "timeout": 60, "expect": "OK"}
      any RPC of csi.v1's Identity, Controller or Node service by its method name; "request"
      is the request message's JSON form (google.protobuf.json_format.ParseDict: proto or
      lowerCamel field names). "timeout" is the RPC deadline in seconds (default 60, the
      agent's). "expect" is "OK" (the default) or a grpc status name ("INVALID_ARGUMENT").
      A "volume_capability" (or "volumeCapability") value, in the request or at the step's
      top level, may be a shorthand string: "mount-mnmw" is {"mount": {}, "accessMode":
      {"mode": "MULTI_NODE_MULTI_WRITER"}}, "mount-ro" MULTI_NODE_READER_ONLY, "mount-snw"
      SINGLE_NODE_WRITER; so may each item of "volume_capabilities".
      As the agent does, an OK NodePublishVolume whose target_path does not exist afterwards
      is a failure, and so is an OK NodeUnpublishVolume whose target_path still exists
      (unless --target-path-exists): code AGENT_CHECK_FAILED, "rpcCode" OK.
  {"mkdir": PATH}                  makes PATH and its parents (the agent makes the staging and
                                   target directories' parents itself)
  {"write": PATH, "data": TEXT}    writes TEXT to PATH (through one published target)
  {"read": PATH, "data": TEXT}     reads PATH (through another); with "data", the content
                                   must equal TEXT (else code MISMATCH); response {"data": ...}
  File steps take "expect" too: "OK" or an errno name ("EROFS", "ENOENT"), and a "timeout"
  (default 10 s; a step still running then is code TIMEOUT, as on a hung mount).

Prints one JSON line per step on stdout:
  {"step": i, "call": NAME, "code": "OK"|STATUS, "message": DETAILS, "ms": ELAPSED,
   "response": MessageToDict(response) or null}
(file steps: "call" is "mkdir", "write" or "read"). Exits 0 when every step met its
expectation, 1 otherwise (the first unmet step named on stderr in one line), 2 on a usage or
script error. Never hangs: every RPC has its deadline, every file step its timeout.
"""
import argparse, errno, hashlib, importlib, json, os, shutil, sys, tempfile, threading, time

DEFAULT_RPC_TIMEOUT = 60.0
DEFAULT_FILE_TIMEOUT = 10.0
CAPABILITY_SHORTHANDS = {
    "mount-mnmw": "MULTI_NODE_MULTI_WRITER",
    "mount-ro": "MULTI_NODE_READER_ONLY",
    "mount-snw": "SINGLE_NODE_WRITER",
}
HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_PROTO = os.path.join(HERE, "..", "..", "Protos", "csi", "csi.proto")


class ScriptError(Exception):
    pass


def load_stubs(proto_path):
    """csi_pb2 and csi_pb2_grpc generated from proto_path, cached by its sha256."""
    with open(proto_path, "rb") as f:
        digest = hashlib.sha256(f.read()).hexdigest()[:16]
    cache = os.path.join(tempfile.gettempdir(), f"csi_agent_stubs-{digest}")
    if not os.path.exists(os.path.join(cache, "csi_pb2_grpc.py")):
        generate_stubs(proto_path, cache)
    sys.path.insert(0, cache)
    return importlib.import_module("csi_pb2"), importlib.import_module("csi_pb2_grpc")


def generate_stubs(proto_path, cache):
    import grpc_tools
    from grpc_tools import protoc

    # Generate beside the cache and rename into place, so concurrent runs never see half a cache.
    work = tempfile.mkdtemp(prefix="csi_agent_gen-", dir=os.path.dirname(cache))
    include = os.path.join(os.path.dirname(grpc_tools.__file__), "_proto")
    proto_dir, proto_file = os.path.split(os.path.abspath(proto_path))
    status = protoc.main(["protoc", "-I", proto_dir, "-I", include, f"--python_out={work}",
                          f"--grpc_python_out={work}", proto_file])
    if status != 0:
        raise ScriptError(f"protoc failed on {proto_path} (status {status})")
    try:
        os.rename(work, cache)
    except OSError:
        shutil.rmtree(work, ignore_errors=True)  # another run won the race; its cache is the same


class Agent:
    def __init__(self, pb2, pb2_grpc, channel, target_path_exists):
        self.pb2 = pb2
        self.target_path_exists = target_path_exists
        self.methods = {}
        for service in pb2.DESCRIPTOR.services_by_name.values():
            stub = getattr(pb2_grpc, f"{service.name}Stub")(channel)
            for method in service.methods:
                self.methods[method.name] = (getattr(stub, method.name), method.input_type.name)
        self.index = 0
        self.first_unmet = None

    # Output

    def report(self, call, code, message, started, response, expect="OK", extra=None):
        line = {"step": self.index, "call": call, "code": code, "message": message,
                "ms": round((time.monotonic() - started) * 1000, 1), "response": response}
        line.update(extra or {})
        print(json.dumps(line), flush=True)
        met = code == expect
        if not met and self.first_unmet is None:
            unmet = f"step {self.index} ({call}): expected {expect}, got {code}: {message}"
            self.first_unmet = " ".join(unmet.split())
        self.index += 1
        return met, response

    # RPCs

    def request(self, call, request):
        """The request message for call, parsed from its JSON form."""
        from google.protobuf import json_format

        if call not in self.methods:
            raise ScriptError(f"unknown call {call!r}")
        try:
            return json_format.ParseDict(request or {}, getattr(self.pb2, self.methods[call][1])())
        except json_format.ParseError as error:
            raise ScriptError(f"{call}: bad request: {error}")

    def rpc(self, call, message=None, timeout=DEFAULT_RPC_TIMEOUT, expect="OK"):
        import grpc
        from google.protobuf import json_format

        function = self.methods[call][0]
        message = message if message is not None else self.request(call, {})
        started = time.monotonic()
        try:
            answer = function(message, timeout=timeout)
        except grpc.RpcError as error:
            return self.report(call, error.code().name, error.details() or "", started, None, expect)
        response = json_format.MessageToDict(answer)
        code, note = self.agent_check(call, message)
        extra = {"rpcCode": "OK"} if note else None
        return self.report(call, code, note, started, response, expect, extra)

    def agent_check(self, call, request):
        """What the agent itself checks after an OK publish or unpublish."""
        if call == "NodePublishVolume" and not os.path.exists(request.target_path):
            return "AGENT_CHECK_FAILED", f"Target path '{request.target_path}' not created"
        if (call == "NodeUnpublishVolume" and not self.target_path_exists
                and os.path.lexists(request.target_path)):
            return "AGENT_CHECK_FAILED", f"Target path '{request.target_path}' not removed"
        return "OK", ""

    # Mesos' plugin start

    def agent_start(self, services):
        met, _ = self.rpc("Probe")
        if not met:
            return
        met, caps = self.rpc("GetPluginCapabilities")
        if not met:
            return
        kinds = {c.get("service", {}).get("type") for c in caps.get("capabilities", [])}
        if services == "auto":
            services = ["node"] + (["controller"] if "CONTROLLER_SERVICE" in kinds else [])
        if "controller" in services and "CONTROLLER_SERVICE" not in kinds:
            self.report("agent-check", "AGENT_CHECK_FAILED",
                        "CONTROLLER_SERVICE plugin capability is not supported", time.monotonic(), None)
            return
        for _ in services:
            met, _ = self.rpc("GetPluginInfo")
            if not met:
                return
        controller = []
        if "controller" in services:
            met, answer = self.rpc("ControllerGetCapabilities")
            if not met:
                return
            controller = [c.get("rpc", {}).get("type") for c in answer.get("capabilities", [])]
        if "node" in services:
            met, _ = self.rpc("NodeGetCapabilities")
            if met and "PUBLISH_UNPUBLISH_VOLUME" in controller:
                self.rpc("NodeGetInfo")

    # File steps

    def file_step(self, kind, step):
        path = step[kind]
        expect = step.get("expect", "OK")
        timeout = float(step.get("timeout", DEFAULT_FILE_TIMEOUT))
        outcome = {}

        def work():
            try:
                if kind == "mkdir":
                    os.makedirs(path, exist_ok=True)
                elif kind == "write":
                    with open(path, "w") as f:
                        f.write(step.get("data", ""))
                else:
                    with open(path) as f:
                        outcome["data"] = f.read()
                outcome["code"] = "OK"
            except OSError as error:
                outcome["code"] = errno.errorcode.get(error.errno, "OSError")
                outcome["message"] = str(error)

        started = time.monotonic()
        # A thread, so a read on a hung mount (uninterruptible) cannot hang the client.
        worker = threading.Thread(target=work, daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            return self.report(kind, "TIMEOUT", f"still running after {timeout:g} s", started, None, expect)
        code, message = outcome["code"], outcome.get("message", "")
        response = {"data": outcome["data"]} if "data" in outcome else None
        if code == "OK" and kind == "read" and "data" in step and outcome["data"] != step["data"]:
            code, message = "MISMATCH", f"read {outcome['data']!r}, expected {step['data']!r}"
        return self.report(kind, code, message, started, response, expect)

    def prepare(self, number, step):
        """A function that runs step; checks the whole step first, so a bad script runs nothing."""
        if not isinstance(step, dict):
            raise ScriptError(f"script step {number}: not an object")
        for kind in ("mkdir", "write", "read"):
            if kind in step:
                return lambda kind=kind: self.file_step(kind, step)
        if "call" not in step:
            raise ScriptError(f"script step {number}: no call, mkdir, write or read")
        request = dict(step.get("request", {}))
        for key in ("volume_capability", "volumeCapability"):
            if key in step:
                request[key] = step[key]
        message = self.request(step["call"], expand_shorthands(request))
        timeout = float(step.get("timeout", DEFAULT_RPC_TIMEOUT))
        return lambda: self.rpc(step["call"], message, timeout, step.get("expect", "OK"))


def capability(value):
    if not isinstance(value, str):
        return value
    if value not in CAPABILITY_SHORTHANDS:
        raise ScriptError(f"unknown volume capability shorthand {value!r}")
    return {"mount": {}, "accessMode": {"mode": CAPABILITY_SHORTHANDS[value]}}


def expand_shorthands(request):
    for key in ("volume_capability", "volumeCapability"):
        if key in request:
            request[key] = capability(request[key])
    for key in ("volume_capabilities", "volumeCapabilities"):
        if key in request:
            request[key] = [capability(item) for item in request[key]]
    return request


def read_script(args):
    if args.script is None and args.agent_start:
        return []
    if args.script in (None, "-"):
        text = sys.stdin.read()
    else:
        with open(args.script) as f:
            text = f.read()
    steps = json.loads(text) if text.strip() else []
    if not isinstance(steps, list):
        raise ScriptError("the script is not a JSON list of steps")
    return steps


def main():
    parser = argparse.ArgumentParser(description="TEST-ONLY: plays the Mesos agent against a CSI plugin.")
    parser.add_argument("--endpoint", required=True, help="unix:///abs/path/csi.sock")
    parser.add_argument("--agent-start", action="store_true")
    parser.add_argument("--services", default="auto")
    parser.add_argument("--script")
    parser.add_argument("--stop-on-failure", action="store_true")
    parser.add_argument("--target-path-exists", action="store_true")
    parser.add_argument("--proto", default=DEFAULT_PROTO)
    args = parser.parse_args()
    services = args.services if args.services == "auto" else args.services.split(",")
    if services != "auto" and not set(services) <= {"node", "controller"}:
        parser.error(f"--services: {args.services!r}")
    try:
        steps = read_script(args)
        import grpc

        pb2, pb2_grpc = load_stubs(args.proto)
        with grpc.insecure_channel(args.endpoint) as channel:
            agent = Agent(pb2, pb2_grpc, channel, args.target_path_exists)
            runs = [agent.prepare(number, step) for number, step in enumerate(steps)]
            if args.agent_start:
                agent.agent_start(services)
            for run in runs:
                if agent.first_unmet and args.stop_on_failure:
                    break
                run()
    except (ScriptError, ValueError, OSError) as error:
        print("csi_agent: " + " ".join(str(error).split()), file=sys.stderr, flush=True)
        os._exit(2)
    if agent.first_unmet:
        print(f"csi_agent: {agent.first_unmet}", file=sys.stderr, flush=True)
    sys.stdout.flush()
    # os._exit: a file step's thread stuck on a hung mount must not keep the process alive.
    os._exit(1 if agent.first_unmet else 0)


if __name__ == "__main__":
    main()
