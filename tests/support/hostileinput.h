#pragma once

#include <cstdint>
#include <string>

#include <QFile>

namespace pw::test {

// "Billion laughs" in about 350 bytes: nine levels of nine aliases, 9^9 copies of `leaf` once
// expanded.
inline std::string aliasBomb(const std::string &leaf = "\"lol\"")
{
    std::string yaml = "a: &a [" + leaf;
    for (int i = 1; i < 9; ++i)
        yaml += "," + leaf;
    yaml += "]\n";
    for (char level = 'b'; level <= 'i'; ++level) {
        const std::string below(1, static_cast<char>(level - 1));
        yaml += std::string(1, level) + ": &" + level + " [*" + below;
        for (int i = 1; i < 9; ++i)
            yaml += ",*" + below;
        yaml += "]\n";
    }
    return yaml;
}

// The process's peak resident memory so far, in bytes (VmHWM of /proc/self/status): what a
// refused input may not have grown.
inline int64_t peakResidentBytes()
{
    QFile status(QStringLiteral("/proc/self/status"));
    if (!status.open(QIODevice::ReadOnly))
        return 0;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith("VmHWM:"))
            return line.mid(6).trimmed().split(' ').front().toLongLong() * 1024;
    }
    return 0;
}

} // namespace pw::test
