#define _GNU_SOURCE
#include "host_shims.h"

#include <fcntl.h>
#include <sys/stat.h>

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

int efs_hook_is_mount_root(const char *path) {
    struct statx info;
    if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT, STATX_TYPE, &info) != 0) {
        return -1;
    }
    if ((info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) == 0) {
        return -2;
    }
    return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}
