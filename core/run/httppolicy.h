#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "runnetwork.h"

class QHostAddress;

namespace pw::core {

// Where a space's http_request tasks may connect. With the host network they reach public
// addresses; loopback, private, link-local, multicast, unspecified and reserved ones only for
// hosts on the allow-list. With no network they reach the allow-listed hosts only. The HTTP
// sandbox a connection is routed to by the engine is always reachable (`sandboxOrigin`).
struct HttpPolicy
{
    RunNetwork network = RunNetwork::None;
    std::vector<std::string> allowedHosts; // host names (lower case) or IP addresses
    std::string spaceSlug;                 // named in refusals, so they say what to change

    // The host as written in a URL (names compared without case, IPv6 without brackets).
    bool allowsHost(std::string_view host) const;
    // An address an allow-listed IP literal names.
    bool allowsAddress(const QHostAddress &address) const;
};

// What kind of address `address` is when an http_request task may not reach it without the
// allow-list ("loopback", "private", "link-local", "multicast", "unspecified", "reserved"),
// or nothing for a public address. IPv4-mapped, -compatible, NAT64 and 6to4 IPv6 forms are
// judged by the IPv4 address inside them.
std::optional<std::string_view> restrictedAddressKind(const QHostAddress &address);

// The one message for a refused destination: what was refused and how an operator allows it.
std::string refusedDestinationMessage(const HttpPolicy &policy, std::string_view host,
                                      std::string_view address, std::string_view kind);
std::string noNetworkMessage(const HttpPolicy &policy, std::string_view host);

} // namespace pw::core
