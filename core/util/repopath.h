#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace pw::core {

inline constexpr size_t kMaxRepoPathBytes = 4096;
inline constexpr size_t kMaxRepoPathSegmentBytes = 255;

// Why `path` may not name a file inside a repository, or nullopt when it may: it must be
// well-formed UTF-8, relative, use '/', and contain no empty, '.' or '..' segment, no control
// character (C0, DEL, C1), no invisible character (zero-width, bidi controls, BOM, variation
// selectors: Unicode's default-ignorable code points), no line separator or noncharacter, no
// percent-encoded byte, no segment over 255 bytes, be at most 4 KiB, and no segment may name
// .git as any file system reads it (any case; with trailing dots or spaces, as Windows drops
// them; the NTFS short name GIT~N; an NTFS stream `.git:...`). Git's own verify_path with
// core.protectNTFS and core.protectHFS refuses these; macOS ignores the invisible characters
// inside names, which the character rule covers. Deployment paths and draft files share this
// one rule.
std::optional<std::string> repoPathProblem(std::string_view path);

// repoPathProblem, and what git refuses of a symbolic link besides: a link named .gitmodules,
// .gitattributes, .gitignore or .mailmap (in any of the spellings above, short names included),
// which git would read through the link.
std::optional<std::string> linkPathProblem(std::string_view path);

} // namespace pw::core
