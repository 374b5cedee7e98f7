# efs-hook's CSI plugin on every Nomad client, as one monolith plugin (node and controller):
#
#   nomad job run efs-hook-csi.nomad.hcl
#   nomad plugin status efs-hook
#
# Needs, on each client:
# - efs-hook installed (/usr/bin/efs-hook-csi, which is `efs-hook csi`, /etc/efs-hook/config.yaml)
#   and the raw_exec driver enabled in the client's configuration:
#     plugin "raw_exec" { config { enabled = true } }
#   A node (or monolith) plugin mounts on the host, so it runs as root in the host's mount
#   namespace: raw_exec does that (it runs the task as the client's own user, root). The exec
#   driver's chroot cannot mount, and only the Docker driver has `privileged`.
# - csi.targetRoots in /etc/efs-hook/config.yaml naming the plugin's directory under the
#   client's state_dir (below), or efs-hook refuses Nomad's paths with PERMISSION_DENIED:
#     csi:
#       targetRoots: [/opt/nomad/data/client/csi]
#
# The socket: Nomad makes <state_dir>/csi/plugins/<allocation id>/ and tells the task where
# to listen in CSI_ENDPOINT. raw_exec has no file-system isolation, so nothing is mounted at
# mount_dir and CSI_ENDPOINT is the host path (unix://<state_dir>/csi/plugins/<alloc>/csi.sock),
# not unix:///csi/csi.sock: pass CSI_ENDPOINT on as it is.
#
# Staging and target paths: Nomad names them under stage_publish_base_dir as the task sees it
# and binds <state_dir>/csi/<type>/<plugin id>/ from the host. With raw_exec the task sees the
# host, so stage_publish_base_dir is that host directory. state_dir defaults to
# <data_dir>/client; /opt/nomad/data is the data_dir here: change both paths if yours differs.
#
# Stopping the job stops the plugin (SIGTERM: calls in flight finish, mounts stay); Nomad also
# stops the processes the task started, such as the stunnel tunnels amazon-efs-utils starts for
# tls mounts, so prefer a rolling `nomad job run` over a stop of every client at once.
job "efs-hook-csi" {
  type = "system"

  group "plugin" {
    task "efs-hook" {
      driver = "raw_exec"

      config {
        command = "/usr/bin/efs-hook-csi"
        args    = ["--endpoint", "${CSI_ENDPOINT}", "--services", "both"]
      }

      csi_plugin {
        id                     = "efs-hook"
        type                   = "monolith"
        mount_dir              = "/csi"
        stage_publish_base_dir = "/opt/nomad/data/client/csi/monolith/efs-hook"
        health_timeout         = "30s"
      }

      # SIGTERM, then time for the calls in flight (each within csi.deadlineSeconds); the
      # client's max_kill_timeout caps kill_timeout: raise it there too.
      kill_signal  = "SIGTERM"
      kill_timeout = "1m"

      resources {
        cpu    = 100
        memory = 256
      }
    }
  }
}
