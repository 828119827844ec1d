#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "../util/error.h"
#include "secretbox.h"

namespace pw::core {

// Which references to the server's own environment and files a credential may name
// (`credentialRef`: env://NAME, file:///path). None by default: a space admin must not be able to
// read the server's environment or files through a credential. The operator opens prefixes at
// start (`pipewright serve --secret-ref …`, repeatable): `env://PREFIX` (or a bare NAME prefix)
// allows variables whose names start with it; `file:///dir` (or a bare absolute path) allows
// that file or the files under that folder, judged after symbolic links are resolved.
class SecretRefPolicy
{
public:
    SecretRefPolicy() = default;
    // Fails on an empty prefix, a relative path or another scheme (an operator's typo must not
    // open more than meant).
    static Result<SecretRefPolicy> parse(const std::vector<std::string> &allowed);

    bool empty() const { return m_envPrefixes.empty() && m_paths.empty(); }
    // Whether `ref` is well formed and allowed (400 `invalid` on `field` when not). Called when a
    // credential is stored and again when it is used (the operator may have closed it since).
    Status check(std::string_view ref, std::string_view field = "credentialRef") const;
    // What the reference names now: the variable's value, or the file's text (trimmed). Errors
    // say neither whether a file exists nor what it holds.
    Result<SecretValue> resolve(std::string_view ref) const;
    // A file reference's real path (an SSH key handed to libgit2 by path).
    Result<std::string> resolvePath(std::string_view ref) const;
    // A reference as the operator's flags print it, for messages ("env://GIT_",
    // "file:///srv/keys").
    std::vector<std::string> describe() const;

private:
    std::vector<std::string> m_envPrefixes;
    std::vector<std::string> m_paths; // real paths of allowed files or folders
};

} // namespace pw::core
