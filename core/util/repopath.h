#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pw::core {

// Why `path` may not name a file inside a repository, or nullopt when it may: it must be
// relative, use '/', and contain no empty, '.' or '..' segment, no NUL, no control character
// and nothing under .git/. Deployment paths and draft files share this one rule.
std::optional<std::string> repoPathProblem(std::string_view path);

} // namespace pw::core
