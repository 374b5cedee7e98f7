#ifndef EFS_HOOK_HOST_SHIMS_H
#define EFS_HOOK_HOST_SHIMS_H

/// Whether `path` is the root of a mount, from statx(2)'s STATX_ATTR_MOUNT_ROOT (Linux 5.8+),
/// without following a final symlink: 1 yes, 0 no, -1 error (errno set), -2 the kernel
/// cannot tell. Swift's Glibc module hides statx (it needs _GNU_SOURCE), hence C.
int efs_hook_is_mount_root(const char *path);

#endif
