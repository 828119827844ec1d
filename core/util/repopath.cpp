#include "repopath.h"

#include <algorithm>
#include <cctype>

namespace pw::core {

std::optional<std::string> repoPathProblem(std::string_view path)
{
    if (path.empty())
        return "the path is empty";
    if (path.size() > kMaxRepoPathBytes)
        return "the path is longer than 4096 bytes";
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
    // Paths arrive decoded once (by the URL or the JSON); a '%' followed by two hex digits is
    // an encoding meant to be decoded again somewhere later ("%2e%2e", "%2f"), so it is refused.
    for (size_t i = 0; i + 2 < path.size(); ++i) {
        if (path[i] == '%' && std::isxdigit(static_cast<unsigned char>(path[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(path[i + 2])))
            return "the path contains a percent-encoded byte; send it decoded";
    }
    size_t start = 0;
    while (start <= path.size()) {
        const size_t end = std::min(path.find('/', start), path.size());
        const std::string_view segment = path.substr(start, end - start);
        if (segment.empty())
            return "the path has an empty segment";
        if (segment == "." || segment == "..")
            return "the path may not contain '.' or '..' segments";
        if (segment.size() > kMaxRepoPathSegmentBytes)
            return "a path segment is longer than 255 bytes";
        // ".git" in any case, anywhere: case-insensitive file systems open .GIT as .git, and a
        // nested .git would make a directory a repository of its own.
        if (segment.size() == 4 && std::tolower(static_cast<unsigned char>(segment[1])) == 'g' &&
            segment[0] == '.' && std::tolower(static_cast<unsigned char>(segment[2])) == 'i' &&
            std::tolower(static_cast<unsigned char>(segment[3])) == 't')
            return "the path may not name .git";
        start = end + 1;
    }
    return std::nullopt;
}

} // namespace pw::core
