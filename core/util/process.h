#pragma once

#include <cstdint>
#include <optional>

namespace pw::core {

// When a process started, in clock ticks after boot (/proc/<pid>/stat field 22): with the pid it
// names one process, however pids are reused.
std::optional<int64_t> processStart(int64_t pid);
// This process's start time (read once).
int64_t ownProcessStart();
// Whether the process that had `pid` and started at `start` is still running.
bool processIsAlive(int64_t pid, int64_t start);

} // namespace pw::core
