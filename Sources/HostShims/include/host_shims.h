#ifndef EFS_HOOK_HOST_SHIMS_H
#define EFS_HOOK_HOST_SHIMS_H

/// Whether `path` is the root of a mount, from statx(2)'s STATX_ATTR_MOUNT_ROOT (Linux 5.8+),
/// without following a final symlink: 1 yes, 0 no, -1 error (errno set), -2 the kernel
/// cannot tell. Swift's Glibc module hides statx (it needs _GNU_SOURCE), hence C.
/// `AT_STATX_DONT_SYNC`: the answer comes from the kernel's cache, never from the file
/// system's server (or FUSE daemon), so it cannot hang on a volume that stopped answering.
int efs_hook_is_mount_root(const char *path);

/// Calls that can block on a volume's server, run on a detached helper thread so the caller
/// can stop waiting at a deadline. A call still blocked then is abandoned: the thread finishes
/// (and frees its state) when the kernel returns, or dies with the process (NFS and FUSE
/// waits end on SIGKILL). At most `EFS_HOOK_MAX_ABANDONED` may be outstanding; beyond that a
/// new call is not started and reports a timeout, so a hung volume cannot eat every thread.
enum { EFS_HOOK_CALL_STATFS = 1, EFS_HOOK_CALL_UMOUNT2 = 2 };
enum { EFS_HOOK_MAX_ABANDONED = 32 };
typedef struct efs_hook_call efs_hook_call;

/// Starts `kind` on `path` (`flags`: umount2's). NULL if no thread could be started (errno set).
efs_hook_call *efs_hook_call_start(int kind, const char *path, int flags);
/// Waits until the call returns or `timeout_ms` passes, then lets go of the handle. Returns
/// 0 when the call succeeded, its errno when it failed, or -1 when it is still blocked.
int efs_hook_call_finish(efs_hook_call *call, int timeout_ms);

/// The major number of the device `path` is on, from the kernel's cache (statx with
/// AT_STATX_DONT_SYNC, never asking a server), or -1. Network and FUSE file systems have
/// anonymous devices (major 0); a file system on a block device has no server to wait for.
int efs_hook_device_major(const char *path);

#include <spawn.h>

/// Closes every descriptor from 3 up in the spawned child (glibc 2.34+): a helper that leaves
/// a daemon behind (mount.efs's tunnel, a FUSE server) must not keep our caller's pipes or
/// sockets open. Returns posix_spawn_file_actions_addclosefrom_np's result.
int efs_hook_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest);

#endif
