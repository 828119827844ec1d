#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../util/error.h"

namespace pw::core {

// An SSH server's host key as a connection met it.
struct SshHostKey
{
    std::string host; // lowercase, without brackets (an IPv6 address as written in the URL)
    int port = 22;
    std::string
        type; // ssh-ed25519, ecdsa-sha2-nistp256, ssh-rsa …; empty when only a hash is known
    std::string
        blob; // the public key in SSH wire format (known_hosts holds it in base64); may be empty
    std::string sha256; // 32 bytes: SHA-256 of the blob
};

// A host name as keys are kept for it: ASCII lowercase, an IPv6 address without brackets.
std::string normalHostName(std::string_view host);
// How OpenSSH shows a key (ssh-keygen -l): "SHA256:" and the hash in base64 without padding.
std::string fingerprintOf(std::string_view sha256);
// A key from its wire-format blob (type and hash taken from it); invalid when it is not one.
Result<SshHostKey> hostKeyOfBlob(std::string host, int port, std::string blob);
// The key type a wire-format blob names (its first string), or empty when it holds none.
std::string keyTypeOfBlob(std::string_view blob);
// "'host' (port N)": how messages name where a key was met.
std::string hostLabel(std::string_view host, int port);

// Which hosts a known key is for: one host and port exactly (a space's keys), or the host
// patterns of an OpenSSH known_hosts line (comma list of `host`, `[host]:port`, `*`/`?`
// wildcards, `!negation`, hashed `|1|salt|hash`).
class HostPatterns
{
public:
    static HostPatterns exact(std::string host, int port);
    static HostPatterns openSsh(std::string patterns);

    bool matches(std::string_view host, int port) const;
    // The patterns as written (openSsh), or the host (exact).
    const std::string &text() const { return m_text; }
    bool isExact() const { return m_exact; }
    const std::string &host() const { return m_host; }
    int port() const { return m_port; }

private:
    bool m_exact = true;
    std::string m_text;
    std::string m_host;
    int m_port = 22;
};

// A key a connection may trust, or (revoked) must refuse wherever it is met.
struct HostKeyRule
{
    enum class Kind
    {
        Trusted,
        Revoked, // an @revoked line of the operator's file
    };
    Kind kind = Kind::Trusted;
    HostPatterns hosts = HostPatterns::exact({}, 22);
    std::string type;
    std::string blob; // may be empty: then sha256 identifies the key
    std::string sha256;
    std::string
        origin; // for messages: "the space's known hosts", "the operator's known_hosts file"
    bool fromOperator = false;
    int line = 0; // the operator's file: the line it comes from
};

// What one connection may trust: a snapshot of its space's known host keys and the operator's
// file, taken before connecting, because the check runs inside libgit2's certificate callback
// where nothing may wait on the database. Used on one thread.
class HostKeyCheck
{
public:
    explicit HostKeyCheck(std::vector<HostKeyRule> rules) : m_rules(std::move(rules)) {}

    // Whether a connection may go on with `presented`: yes when a rule for its host and port holds
    // the same key (OpenSSH's rule: a key of another type does not vouch for it). Otherwise
    // `unavailable` with details.reason: host_key_revoked, host_key_changed (the host has another
    // key of this type: never accepted silently) or host_key_unknown (remembered, see unknown()).
    Status verify(const SshHostKey &presented);
    // The unknown key a verify refused, so the caller can record it for an admin to accept.
    const std::optional<SshHostKey> &unknown() const { return m_unknown; }

private:
    std::vector<HostKeyRule> m_rules;
    std::optional<SshHostKey> m_unknown;
};

// The reasons of a host key refusal (Error::details["reason"]).
inline constexpr std::string_view kHostKeyUnknown = "host_key_unknown";
inline constexpr std::string_view kHostKeyChanged = "host_key_changed";
inline constexpr std::string_view kHostKeyRevoked = "host_key_revoked";

} // namespace pw::core
