#include "repopath.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <cstdio>

#include "text.h"

namespace pw::core {

namespace {

std::string codePointName(uint32_t cp)
{
    char name[16];
    std::snprintf(name, sizeof name, "U+%04X", static_cast<unsigned>(cp));
    return name;
}

// Unicode's Default_Ignorable_Code_Point ranges (DerivedCoreProperties.txt): characters that
// render as nothing, so two paths that look the same can differ, and macOS drops some of them
// from names (".git" with a zero-width joiner inside opens .git there).
constexpr std::array<std::pair<uint32_t, uint32_t>, 18> kInvisible{{
    {0x00AD, 0x00AD},
    {0x034F, 0x034F},
    {0x061C, 0x061C},
    {0x115F, 0x1160},
    {0x17B4, 0x17B5},
    {0x180B, 0x180F},
    {0x200B, 0x200F},
    {0x202A, 0x202E},
    {0x2060, 0x206F},
    {0x3164, 0x3164},
    {0xFE00, 0xFE0F},
    {0xFEFF, 0xFEFF},
    {0xFFA0, 0xFFA0},
    {0xFFF0, 0xFFFB},
    {0x1BCA0, 0x1BCA3},
    {0x1D173, 0x1D17A},
    {0xE0000, 0xE0FFF},
    {0x2028, 0x2029}, // line and paragraph separators: they break lines
}};

// Why a code point may not appear in a path, or nullopt.
std::optional<std::string> codePointProblem(uint32_t cp)
{
    if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F))
        return "the path contains a control character (" + codePointName(cp) + ")";
    for (const auto &[first, last] : kInvisible) {
        if (cp >= first && cp <= last)
            return "the path contains an invisible or formatting character (" + codePointName(cp) +
                   ")";
    }
    if ((cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE)
        return "the path contains a noncharacter (" + codePointName(cp) + ")";
    return std::nullopt;
}

// The code point at `at` of well-formed UTF-8, and its length.
std::pair<uint32_t, size_t> decodeAt(std::string_view text, size_t at)
{
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[at + i]); };
    const unsigned char c = byte(0);
    if (c < 0x80)
        return {c, 1};
    if (c < 0xE0)
        return {((c & 0x1Fu) << 6) | (byte(1) & 0x3Fu), 2};
    if (c < 0xF0)
        return {((c & 0x0Fu) << 12) | ((byte(1) & 0x3Fu) << 6) | (byte(2) & 0x3Fu), 3};
    return {((c & 0x07u) << 18) | ((byte(1) & 0x3Fu) << 12) | ((byte(2) & 0x3Fu) << 6) |
                (byte(3) & 0x3Fu),
            4};
}

bool startsWithNoCase(std::string_view text, std::string_view prefix)
{
    return text.size() >= prefix.size() &&
           std::equal(prefix.begin(), prefix.end(), text.begin(), [](char a, char b) {
               return std::tolower(static_cast<unsigned char>(a)) ==
                      std::tolower(static_cast<unsigned char>(b));
           });
}

// How long an NTFS short name ("GIT~1", "GI7EBA~12") at the start of `segment` is, for a
// stem of up to six characters; 0 when there is none.
size_t shortNameLength(std::string_view segment, std::string_view stem)
{
    if (!startsWithNoCase(segment, stem) || segment.size() <= stem.size() + 1 ||
        segment[stem.size()] != '~')
        return 0;
    size_t end = stem.size() + 1;
    if (segment[end] < '1' || segment[end] > '9')
        return 0;
    while (end < segment.size() && std::isdigit(static_cast<unsigned char>(segment[end])))
        ++end;
    return end;
}

// Whether what follows a name is nothing Windows keeps: only dots and spaces (dropped), or an
// NTFS stream (`:$DATA`, `::$INDEX_ALLOCATION`) after them.
bool onlyNtfsTail(std::string_view rest)
{
    const size_t kept = rest.find_first_not_of(". ");
    return kept == std::string_view::npos || rest[kept] == ':';
}

// Why `segment` names .git on some file system, or nullopt.
std::optional<std::string> dotGitProblem(std::string_view segment)
{
    if (startsWithNoCase(segment, ".git") && onlyNtfsTail(segment.substr(4))) {
        if (segment.size() == 4)
            return "the path may not name .git";
        return "the path may not name '" + std::string(segment) +
               "': Windows reads it as .git (trailing dots and spaces are dropped, ':' starts a "
               "stream)";
    }
    if (const size_t n = shortNameLength(segment, "git"); n && onlyNtfsTail(segment.substr(n)))
        return "the path may not name '" + std::string(segment) +
               "': it is the short name Windows gives .git";
    return std::nullopt;
}

// Whether `segment` names `.<name>` on some file system: the name itself with a Windows tail,
// its short name from its first six characters (~1 to ~4), or git's hashed short name.
bool namesDotFile(std::string_view segment, std::string_view name, std::string_view hashed)
{
    if (segment.starts_with('.') && startsWithNoCase(segment.substr(1), name) &&
        onlyNtfsTail(segment.substr(1 + name.size())))
        return true;
    for (std::string_view stem : {name.substr(0, 6), hashed}) {
        if (const size_t n = shortNameLength(segment, stem); n && onlyNtfsTail(segment.substr(n)))
            return true;
    }
    return false;
}

} // namespace

std::optional<std::string> repoPathProblem(std::string_view path)
{
    if (path.empty())
        return "the path is empty";
    if (path.size() > kMaxRepoPathBytes)
        return "the path is longer than 4096 bytes";
    if (!isValidUtf8(path))
        return "the path is not valid UTF-8";
    if (path.front() == '/')
        return "the path must be relative to the repository";
    for (size_t i = 0; i < path.size();) {
        const auto [cp, length] = decodeAt(path, i);
        if (cp == 0)
            return "the path contains a NUL byte";
        if (cp == '\\')
            return "the path must use '/' as separator";
        if (auto problem = codePointProblem(cp))
            return problem;
        i += length;
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
        // .git anywhere: case-insensitive file systems open .GIT as .git, and a nested .git
        // would make a directory a repository of its own.
        if (auto problem = dotGitProblem(segment))
            return problem;
        start = end + 1;
    }
    return std::nullopt;
}

std::optional<std::string> linkPathProblem(std::string_view path)
{
    if (auto problem = repoPathProblem(path))
        return problem;
    const size_t slash = path.rfind('/');
    const std::string_view name = path.substr(slash == std::string_view::npos ? 0 : slash + 1);
    // The files git reads from the tree itself; git refuses them as links (they would let a
    // tree point git at a file outside it).
    constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kGitFiles{{
        {"gitmodules", "gi7eba"},
        {"gitattributes", "gi7d29"},
        {"gitignore", "gi250a"},
        {"mailmap", "maba30"},
    }};
    for (const auto &[file, hashed] : kGitFiles) {
        if (namesDotFile(name, file, hashed))
            return "a symbolic link may not be named ." + std::string(file) +
                   ": git reads that file from the tree and refuses it as a link";
    }
    return std::nullopt;
}

} // namespace pw::core
