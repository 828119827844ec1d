#include "httppolicy.h"

#include <array>
#include <cctype>
#include <cstdint>

#include <QHostAddress>

namespace pw::core {

namespace {

std::string lowered(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.size() > 2 && out.front() == '[' && out.back() == ']')
        out = out.substr(1, out.size() - 2);
    while (out.ends_with('.'))
        out.pop_back(); // "localhost." is localhost
    return out;
}

bool inV4(uint32_t address, uint32_t network, int bits)
{
    const uint32_t mask = bits == 0 ? 0 : ~uint32_t(0) << (32 - bits);
    return (address & mask) == (network & mask);
}

constexpr uint32_t v4(int a, int b, int c, int d)
{
    return (uint32_t(a) << 24) | (uint32_t(b) << 16) | (uint32_t(c) << 8) | uint32_t(d);
}

std::optional<std::string_view> v4Kind(uint32_t a)
{
    if (inV4(a, v4(0, 0, 0, 0), 8))
        return "unspecified";
    if (inV4(a, v4(127, 0, 0, 0), 8))
        return "loopback";
    if (inV4(a, v4(10, 0, 0, 0), 8) || inV4(a, v4(172, 16, 0, 0), 12) ||
        inV4(a, v4(192, 168, 0, 0), 16) || inV4(a, v4(100, 64, 0, 0), 10))
        return "private";
    if (inV4(a, v4(169, 254, 0, 0), 16))
        return "link-local";
    if (inV4(a, v4(224, 0, 0, 0), 4))
        return "multicast";
    if (inV4(a, v4(240, 0, 0, 0), 4)) // with the broadcast address
        return "reserved";
    return std::nullopt;
}

uint32_t v4At(const Q_IPV6ADDR &a, int from)
{
    return (uint32_t(a[from]) << 24) | (uint32_t(a[from + 1]) << 16) |
           (uint32_t(a[from + 2]) << 8) | uint32_t(a[from + 3]);
}

bool zeros(const Q_IPV6ADDR &a, int from, int to)
{
    for (int i = from; i < to; ++i) {
        if (a[i] != 0)
            return false;
    }
    return true;
}

std::optional<std::string_view> v6Kind(const Q_IPV6ADDR &a)
{
    if (zeros(a, 0, 16))
        return "unspecified";
    if (zeros(a, 0, 15) && a[15] == 1)
        return "loopback";
    // ::ffff:a.b.c.d (mapped) and ::a.b.c.d (compatible, deprecated): the IPv4 address decides.
    if (zeros(a, 0, 10) && ((a[10] == 0xff && a[11] == 0xff) || (a[10] == 0 && a[11] == 0)))
        return v4Kind(v4At(a, 12));
    // 64:ff9b::/96 (NAT64) and 2002::/16 (6to4) carry an IPv4 destination too.
    if (a[0] == 0x00 && a[1] == 0x64 && a[2] == 0xff && a[3] == 0x9b && zeros(a, 4, 12))
        return v4Kind(v4At(a, 12));
    if (a[0] == 0x20 && a[1] == 0x02)
        return v4Kind(v4At(a, 2));
    if ((a[0] & 0xfe) == 0xfc) // fc00::/7 unique local
        return "private";
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) // fe80::/10
        return "link-local";
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0xc0) // fec0::/10, site-local (deprecated)
        return "private";
    if (a[0] == 0xff)
        return "multicast";
    return std::nullopt;
}

} // namespace

bool HttpPolicy::allowsHost(std::string_view host) const
{
    const std::string wanted = lowered(host);
    for (const std::string &h : allowedHosts) {
        if (lowered(h) == wanted)
            return true;
    }
    return false;
}

bool HttpPolicy::allowsAddress(const QHostAddress &address) const
{
    for (const std::string &h : allowedHosts) {
        QHostAddress listed;
        if (listed.setAddress(QString::fromStdString(lowered(h))) && listed.isEqual(address))
            return true;
    }
    return false;
}

std::optional<std::string_view> restrictedAddressKind(const QHostAddress &address)
{
    switch (address.protocol()) {
    case QAbstractSocket::IPv4Protocol:
        return v4Kind(address.toIPv4Address());
    case QAbstractSocket::IPv6Protocol:
        return v6Kind(address.toIPv6Address());
    default:
        return "unspecified";
    }
}

namespace {

std::string slugOf(const HttpPolicy &policy)
{
    return policy.spaceSlug.empty() ? std::string("SLUG") : policy.spaceSlug;
}

} // namespace

std::string refusedDestinationMessage(const HttpPolicy &policy, std::string_view host,
                                      std::string_view address, std::string_view kind)
{
    std::string where = std::string(host);
    if (address != host)
        where += " (" + std::string(address) + ")";
    return "refused to connect to " + where + ": it is a " + std::string(kind) +
           " address, which http_request tasks may not reach unless the space allows the host. "
           "An operator allows it with `pipewright space set " +
           slugOf(policy) + " --http-allow-host " + std::string(host) +
           "` (for the desktop space: Settings, Local runs)";
}

std::string noNetworkMessage(const HttpPolicy &policy, std::string_view host)
{
    return "refused to connect to " + std::string(host) +
           ": the tasks of this space have no network (run network: none) and reach only the "
           "HTTP sandbox and allow-listed hosts. An operator opens the network with `pipewright "
           "space set " +
           slugOf(policy) + " --run-network host` or allows this host with `--http-allow-host " +
           std::string(host) + "`";
}

} // namespace pw::core
