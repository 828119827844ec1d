#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pw::core {

inline constexpr size_t kMaxRepoPathBytes = 4096;
inline constexpr size_t kMaxRepoPathSegmentBytes = 255;

// Why `path` may not name a file inside a repository, or nullopt when it may: it must be
// relative, use '/', and contain no empty, '.' or '..' segment, no NUL, no control character,
// no percent-encoded byte, no segment named .git (in any case), no segment over 255 bytes, and
// be at most 4 KiB. Deployment paths and draft files share this one rule.
std::optional<std::string> repoPathProblem(std::string_view path);

} // namespace pw::core
