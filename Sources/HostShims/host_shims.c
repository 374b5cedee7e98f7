#define _GNU_SOURCE
#include "host_shims.h"

#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>

#ifndef STATX_ATTR_MOUNT_ROOT
#define STATX_ATTR_MOUNT_ROOT 0x00002000
#endif

int efs_hook_is_mount_root(const char *path) {
    struct statx info;
    if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_DONT_SYNC, STATX_TYPE, &info) != 0) {
        return -1;
    }
    if ((info.stx_attributes_mask & STATX_ATTR_MOUNT_ROOT) == 0) {
        return -2;
    }
    return (info.stx_attributes & STATX_ATTR_MOUNT_ROOT) != 0;
}

int efs_hook_device_major(const char *path) {
    struct statx info;
    if (statx(AT_FDCWD, path, AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_DONT_SYNC, STATX_TYPE, &info) != 0) {
        return -1;
    }
    return (int)info.stx_dev_major;
}

#include <errno.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/vfs.h>
#include <time.h>

struct efs_hook_call {
    pthread_mutex_t lock;
    pthread_cond_t done_signal;
    int kind, flags, done, result, references;
    char *path;
};

static int abandoned_calls = 0;
static pthread_mutex_t abandoned_lock = PTHREAD_MUTEX_INITIALIZER;

static void free_call(efs_hook_call *call) {
    pthread_cond_destroy(&call->done_signal);
    pthread_mutex_destroy(&call->lock);
    free(call->path);
    free(call);
}

static void *run_call(void *argument) {
    efs_hook_call *call = argument;
    int result;
    if (call->kind == EFS_HOOK_CALL_STATFS) {
        struct statfs info;
        result = statfs(call->path, &info) == 0 ? 0 : errno;
    } else {
        result = umount2(call->path, call->flags) == 0 ? 0 : errno;
    }
    pthread_mutex_lock(&call->lock);
    call->done = 1;
    call->result = result;
    int wasAbandoned = call->references == 1;
    pthread_cond_signal(&call->done_signal);
    int left = --call->references;
    pthread_mutex_unlock(&call->lock);
    if (wasAbandoned) {
        pthread_mutex_lock(&abandoned_lock);
        abandoned_calls--;
        pthread_mutex_unlock(&abandoned_lock);
    }
    if (left == 0) free_call(call);
    return NULL;
}

efs_hook_call *efs_hook_call_start(int kind, const char *path, int flags) {
    pthread_mutex_lock(&abandoned_lock);
    int tooMany = abandoned_calls >= EFS_HOOK_MAX_ABANDONED;
    pthread_mutex_unlock(&abandoned_lock);
    if (tooMany) {
        errno = EAGAIN;
        return NULL;
    }
    efs_hook_call *call = calloc(1, sizeof *call);
    if (call == NULL || (call->path = strdup(path)) == NULL) {
        free(call);
        errno = ENOMEM;
        return NULL;
    }
    call->kind = kind;
    call->flags = flags;
    call->references = 2;
    pthread_mutex_init(&call->lock, NULL);
    pthread_condattr_t attributes;
    pthread_condattr_init(&attributes);
    pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC);
    pthread_cond_init(&call->done_signal, &attributes);
    pthread_condattr_destroy(&attributes);
    pthread_attr_t threadAttributes;
    pthread_attr_init(&threadAttributes);
    pthread_attr_setdetachstate(&threadAttributes, PTHREAD_CREATE_DETACHED);
    pthread_attr_setstacksize(&threadAttributes, 64 * 1024);
    pthread_t thread;
    int started = pthread_create(&thread, &threadAttributes, run_call, call);
    pthread_attr_destroy(&threadAttributes);
    if (started != 0) {
        free_call(call);
        errno = started;
        return NULL;
    }
    return call;
}

int efs_hook_call_finish(efs_hook_call *call, int timeout_ms) {
    struct timespec deadline;
    clock_gettime(CLOCK_MONOTONIC, &deadline);
    deadline.tv_sec += timeout_ms / 1000;
    deadline.tv_nsec += (long)(timeout_ms % 1000) * 1000000L;
    if (deadline.tv_nsec >= 1000000000L) {
        deadline.tv_sec += 1;
        deadline.tv_nsec -= 1000000000L;
    }
    pthread_mutex_lock(&call->lock);
    while (!call->done) {
        if (pthread_cond_timedwait(&call->done_signal, &call->lock, &deadline) == ETIMEDOUT) break;
    }
    int result = call->done ? call->result : -1;
    if (!call->done) {
        // Counted under the call's lock, so the thread sees `references == 1` only after this.
        pthread_mutex_lock(&abandoned_lock);
        abandoned_calls++;
        pthread_mutex_unlock(&abandoned_lock);
    }
    int left = --call->references;
    pthread_mutex_unlock(&call->lock);
    if (left == 0) free_call(call);
    return result;
}

int efs_hook_spawn_close_from(posix_spawn_file_actions_t *actions, int lowest) {
    return posix_spawn_file_actions_addclosefrom_np(actions, lowest);
}
