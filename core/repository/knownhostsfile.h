#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "hostkeys.h"

namespace pw::core {

// An OpenSSH known_hosts file, read: the keys it trusts or revokes, and the lines it skipped.
struct KnownHostsFile
{
    std::vector<HostKeyRule> rules;
    std::vector<std::string> notes; // "line 4: …": what was skipped, and why
};

// Reads OpenSSH's format (sshd(8), "SSH_KNOWN_HOSTS FILE FORMAT"): `[marker] hosts keytype
// base64-key [comment]`, hosts a comma list of patterns (`host`, `[host]:port`, wildcards,
// `!negation`, hashed `|1|…`). `@revoked` lines refuse their key; `@cert-authority` lines are
// skipped with a note (libgit2 hands over no host certificates), as are malformed lines and keys
// whose base64 does not hold the type the line names. `origin` names the file in messages.
KnownHostsFile parseKnownHosts(std::string_view text, const std::string &origin);

} // namespace pw::core
