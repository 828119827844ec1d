#pragma once

#include <optional>
#include <string_view>

namespace pw::core {

// The network a space's tasks get: none (a network namespace of their own with only its
// loopback; http_request tasks reach only the HTTP sandbox and allow-listed hosts) or the host's.
enum class RunNetwork
{
    None,
    Host
};

inline std::string_view runNetworkName(RunNetwork network)
{
    return network == RunNetwork::Host ? "host" : "none";
}

inline std::optional<RunNetwork> runNetworkFromName(std::string_view name)
{
    if (name == "none")
        return RunNetwork::None;
    if (name == "host")
        return RunNetwork::Host;
    return std::nullopt;
}

} // namespace pw::core
