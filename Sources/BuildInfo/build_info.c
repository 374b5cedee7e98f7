// The stamp comes from build_stamp.h, which scripts/write-build-info writes (git-ignored) before
// `make build` and `make release`. A plain `swift build` without it says "unknown". A C target
// of its own: a new stamp recompiles this one file and relinks, never the other C code.
#include "build_info.h"

#if __has_include("build_stamp.h")
#include "build_stamp.h"
#endif

#ifndef EFS_HOOK_BUILD_COMMIT
#define EFS_HOOK_BUILD_COMMIT "unknown"
#endif
#ifndef EFS_HOOK_BUILD_DATE
#define EFS_HOOK_BUILD_DATE "unknown"
#endif

const char *efs_hook_build_commit(void) { return EFS_HOOK_BUILD_COMMIT; }
const char *efs_hook_build_date(void) { return EFS_HOOK_BUILD_DATE; }
