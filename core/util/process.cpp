#include "process.h"

#include <fstream>
#include <sstream>
#include <string>

#include <unistd.h>

namespace pw::core {

std::optional<int64_t> processStart(int64_t pid)
{
    std::ifstream stat("/proc/" + std::to_string(pid) + "/stat");
    std::string text;
    if (!std::getline(stat, text))
        return std::nullopt;
    // The command name (field 2) may hold spaces; the fields after it are counted from its ')'.
    const size_t close = text.rfind(')');
    if (close == std::string::npos || close + 2 > text.size())
        return std::nullopt;
    std::istringstream rest(text.substr(close + 2));
    std::string field;
    for (int i = 3; i <= 22 && (rest >> field); ++i) {
        if (i == 22) {
            try {
                return std::stoll(field);
            } catch (...) {
                return std::nullopt;
            }
        }
    }
    return std::nullopt;
}

int64_t ownProcessStart()
{
    static const int64_t start = processStart(::getpid()).value_or(0);
    return start;
}

bool processIsAlive(int64_t pid, int64_t start)
{
    if (pid <= 0)
        return false;
    const auto now = processStart(pid);
    return now && *now == start;
}

} // namespace pw::core
