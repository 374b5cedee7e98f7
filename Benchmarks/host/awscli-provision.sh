#!/bin/bash
# The script an operator would otherwise write to give an agent an EFS volume: the same steps
# efs-hook takes on a cold start, with awscli, against the same endpoint. Used by
# efs_hook_bench.py (section "cold") as the comparison; not part of efs-hook.
#   find the file system by creation token, else create it (encrypted, tagged)
#   wait until it is available (polling only while it is not)
#   find a mount target in the agent's subnet, else create one; wait until available
#   mount it with the NFS options EFS recommends
# Environment: AWS, ENDPOINT, TOKEN, SUBNET, SECURITY_GROUP, MOUNT_POINT, MOUNT_COMMAND (argv
# prefix of the mount helper; the benchmark passes the TEST-ONLY recording-mount stand-in).
set -euo pipefail
efs() { "$AWS" --endpoint-url "$ENDPOINT" --output text efs "$@"; }

fs=$(efs describe-file-systems --creation-token "$TOKEN" --query 'FileSystems[0].[FileSystemId,LifeCycleState]')
if [ "$fs" = None ] || [ -z "$fs" ]; then
    fs=$(efs create-file-system --creation-token "$TOKEN" --encrypted --performance-mode generalPurpose \
        --tags "Key=Name,Value=$TOKEN" --query '[FileSystemId,LifeCycleState]')
fi
read -r fs_id state <<<"$fs"
while [ "$state" != available ]; do
    sleep 1
    state=$(efs describe-file-systems --file-system-id "$fs_id" --query 'FileSystems[0].LifeCycleState')
done

mt=$(efs describe-mount-targets --file-system-id "$fs_id" \
    --query "MountTargets[?SubnetId=='$SUBNET'] | [0].[MountTargetId,IpAddress,LifeCycleState]")
if [ "$mt" = None ] || [ -z "$mt" ]; then
    mt=$(efs create-mount-target --file-system-id "$fs_id" --subnet-id "$SUBNET" --security-groups "$SECURITY_GROUP" \
        --query '[MountTargetId,IpAddress,LifeCycleState]')
fi
read -r mt_id ip state <<<"$mt"
while [ "$state" != available ]; do
    sleep 1
    state=$(efs describe-mount-targets --mount-target-id "$mt_id" --query 'MountTargets[0].LifeCycleState')
done

# shellcheck disable=SC2086 # MOUNT_COMMAND is an argv prefix
$MOUNT_COMMAND -t nfs4 -o nfsvers=4.1,rsize=1048576,wsize=1048576,hard,timeo=600,retrans=2,noresvport \
    "$ip:/" "$MOUNT_POINT"
