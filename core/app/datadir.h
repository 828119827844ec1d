#pragma once

#include <memory>
#include <string>

class QLockFile;

namespace pw::core {

// The data directory when none is given: $PIPEWRIGHT_DATA, else the platform's application
// data location (~/.local/share/pipewright on Linux).
std::string defaultDataDir();

// Held by the one process that serves a data directory (the window or `pipewright serve`):
// services cache what they write, so a second writer would see stale caches. Short CLI commands
// that only add rows (tokens, spaces) do not take it.
class DataDirLock
{
public:
    explicit DataDirLock(const std::string &dataDir);
    ~DataDirLock();
    bool tryLock();
    // Pid of the holder when tryLock failed, or 0.
    long long holderPid() const;

private:
    std::unique_ptr<QLockFile> m_lock;
};

} // namespace pw::core
