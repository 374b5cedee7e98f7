"""Expected-plan literals."""


def vol(name, driver, container_path, read_only, origin, options=None):
    return {
        "name": name,
        "driver": driver,
        "containerPath": container_path,
        "readOnly": read_only,
        "origin": origin,
        "options": dict(options or {}),
    }


def ign(origin, name, driver):
    return {"origin": origin, "name": name, "driver": driver}


MV, DP, DE = "mesos-volume", "docker-parameter", "dvdi-env"
