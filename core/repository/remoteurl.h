#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "../app/trustpolicy.h"
#include "../util/error.h"

namespace pw::core {

// Where a remote URL leads, as far as credentials and the host's own files are concerned.
enum class RemoteKind
{
    Https,        // https://…: credentials may go there
    Ssh,          // ssh://… or user@host:path: credentials may go there
    HttpLoopback, // http://127.0.0.1…: plain http, allowed only to this machine (test doubles)
    Local,        // file://… or a path: the server's own files; only when the operator allows
};

// The one rule for remote URLs (connect, clone, fetch, push): https and ssh anywhere, plain http
// only to loopback, file:// URLs and local paths only when the operator allowed local remotes
// and never inside the data directory (every space's repositories live there). A refusal never
// says whether a path exists. No password may be written into the URL.
Result<RemoteKind> checkRemoteUrl(const std::string &url, const TrustPolicy &policy,
                                  const std::string &dataDir, std::string_view field = "remoteUrl");

// Whether a credential may be sent to an API at `url` (a forge): https anywhere, plain http only
// to loopback.
Status checkCredentialUrl(const std::string &url, std::string_view field);

bool isLoopbackHost(std::string_view host);

// Where an ssh remote connects: ssh://[user@]host[:port]/path, or user@host:path (port 22). Host
// lowercase, an IPv6 address without brackets. None for other URLs.
struct SshEndpoint
{
    std::string host;
    int port = 22;
};
std::optional<SshEndpoint> sshEndpointOf(const std::string &url);

} // namespace pw::core
