#include "repopath.h"

namespace pw::core {

std::optional<std::string> repoPathProblem(std::string_view path)
{
    if (path.empty())
        return "the path is empty";
    if (path.size() > 1024)
        return "the path is longer than 1024 bytes";
    if (path.front() == '/')
        return "the path must be relative to the repository";
    for (char c : path) {
        if (c == '\0')
            return "the path contains a NUL byte";
        if (static_cast<unsigned char>(c) < 0x20)
            return "the path contains a control character";
        if (c == '\\')
            return "the path must use '/' as separator";
    }
    size_t start = 0;
    bool first = true;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty())
            return "the path has an empty segment";
        if (segment == "." || segment == "..")
            return "the path may not contain '.' or '..' segments";
        if (first && segment == ".git")
            return "the path may not point into .git";
        first = false;
        start = end + 1;
    }
    return std::nullopt;
}

} // namespace pw::core
