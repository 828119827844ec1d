#include "tasklog.h"

#include <filesystem>

namespace pw::core {

TaskLog::TaskLog(std::string path, int64_t capBytes) : m_path(std::move(path)), m_cap(capBytes)
{
    std::error_code ec;
    std::filesystem::create_directories(std::filesystem::path(m_path).parent_path(), ec);
    m_file = std::fopen(m_path.c_str(), "ab");
}

TaskLog::~TaskLog()
{
    if (m_file)
        std::fclose(m_file);
}

void TaskLog::write(std::string_view bytes)
{
    if (!m_file || bytes.empty())
        return;
    std::fwrite(bytes.data(), 1, bytes.size(), m_file);
    // Unbuffered for readers: a follower sees output as the task writes it.
    std::fflush(m_file);
    m_written += static_cast<int64_t>(bytes.size());
    m_atLineStart = bytes.back() == '\n';
}

void TaskLog::append(std::string_view bytes)
{
    if (m_truncated || bytes.empty())
        return;
    const int64_t room = m_cap - m_written;
    if (static_cast<int64_t>(bytes.size()) <= room) {
        write(bytes);
        return;
    }
    write(bytes.substr(0, static_cast<size_t>(std::max<int64_t>(room, 0))));
    m_truncated = true;
    write(std::string(m_atLineStart ? "" : "\n") + "[pipewright] the log reached its limit of " +
          std::to_string(m_cap) + " bytes; the rest of this attempt's output was left out\n");
}

void TaskLog::note(std::string_view line)
{
    // Pipewright's lines are written past the cap too: they say how the attempt ended.
    write(std::string(m_atLineStart ? "" : "\n") + "[pipewright] " + std::string(line) + "\n");
}

std::string attemptLogPath(const std::string &logDir, const std::string &nodeId, int attempt)
{
    return logDir + "/" + nodeId + "/attempt-" + std::to_string(attempt) + ".log";
}

Result<LogChunk> readLogFile(const std::string &path, int64_t offset, int64_t limit)
{
    LogChunk chunk;
    std::FILE *file = std::fopen(path.c_str(), "rb");
    if (!file)
        return chunk; // not written yet: empty
    std::fseek(file, 0, SEEK_END);
    chunk.size = std::ftell(file);
    offset = std::clamp<int64_t>(offset, 0, chunk.size);
    const int64_t count = std::clamp<int64_t>(limit, 0, chunk.size - offset);
    chunk.offset = offset;
    chunk.content.resize(static_cast<size_t>(count));
    std::fseek(file, offset, SEEK_SET);
    const size_t got = std::fread(chunk.content.data(), 1, chunk.content.size(), file);
    std::fclose(file);
    chunk.content.resize(got);
    chunk.nextOffset = offset + static_cast<int64_t>(got);
    return chunk;
}

} // namespace pw::core
