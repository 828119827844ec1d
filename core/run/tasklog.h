#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

#include "../util/error.h"

namespace pw::core {

// One attempt's log file: the task's output (stdout and stderr as they came) and Pipewright's
// own lines, capped at a size after which one line says the rest was left out. The file is
// written as output arrives, so a reader can follow it with an offset.
class TaskLog
{
public:
    TaskLog(std::string path, int64_t capBytes);
    ~TaskLog();
    TaskLog(const TaskLog &) = delete;
    TaskLog &operator=(const TaskLog &) = delete;

    bool isOpen() const { return m_file != nullptr; }
    const std::string &path() const { return m_path; }
    // The task's own bytes.
    void append(std::string_view bytes);
    // A line of Pipewright's, marked as such.
    void note(std::string_view line);
    int64_t written() const { return m_written; }
    bool truncated() const { return m_truncated; }

private:
    void write(std::string_view bytes);
    std::string m_path;
    std::FILE *m_file = nullptr;
    int64_t m_cap = 0;
    int64_t m_written = 0;
    bool m_truncated = false;
    bool m_atLineStart = true;
};

struct LogChunk
{
    std::string content;
    int64_t offset = 0;     // where content starts
    int64_t nextOffset = 0; // where to ask next
    int64_t size = 0;       // the file's size now
};

// Where attempt `attempt` of task `nodeId` logs, under a run's log folder.
std::string attemptLogPath(const std::string &logDir, const std::string &nodeId, int attempt);

// Reads up to `limit` bytes of a log from `offset` (past the end: nothing, nextOffset = size).
Result<LogChunk> readLogFile(const std::string &path, int64_t offset, int64_t limit);

} // namespace pw::core
