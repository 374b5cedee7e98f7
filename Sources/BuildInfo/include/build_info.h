#ifndef EFS_HOOK_BUILD_INFO_H
#define EFS_HOOK_BUILD_INFO_H

/// The commit (`git describe --always --dirty`) the binary was built from, or "unknown".
const char *efs_hook_build_commit(void);
/// The build's date, YYYY-MM-DD in UTC (SOURCE_DATE_EPOCH, else the commit's), or "unknown".
const char *efs_hook_build_date(void);

#endif
