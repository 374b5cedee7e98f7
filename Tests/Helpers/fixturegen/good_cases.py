"""The good cases, in the order they are built."""

from .cases_aurora import (
    case_aurora_docker_command,
    case_aurora_example_docker,
    case_aurora_example_mesos,
    case_aurora_thermos_docker,
)
from .cases_aurora_routes import case_aurora_route_a_config, case_aurora_route_b_config, case_aurora_route_b_task
from .cases_command import (
    case_docker_deprecated_volume_driver,
    case_dvdi_env,
    case_mesos_docker_volumes,
    case_mesos_mixed_sources,
    case_no_volumes,
    case_other_drivers,
    case_unknown_fields,
)
from .cases_executor import case_container_config, case_executor_info

GOOD_CASES = [
    case_mesos_docker_volumes,
    case_mesos_mixed_sources,
    case_aurora_thermos_docker,
    case_aurora_docker_command,
    case_docker_deprecated_volume_driver,
    case_dvdi_env,
    case_other_drivers,
    case_executor_info,
    case_container_config,
    case_unknown_fields,
    case_no_volumes,
    case_aurora_example_docker,
    case_aurora_example_mesos,
    case_aurora_route_a_config(0),
    case_aurora_route_a_config(1),
    case_aurora_route_b_task,
    case_aurora_route_b_config,
]
