#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../store/store.h"
#include "runnetwork.h"

namespace pw::core {

// A space's settings for local runs: the network its tasks get, and the hosts its http_request
// tasks may reach although they are loopback, private or link-local addresses (the only hosts
// they reach at all without a network).
struct SpaceRunSettings
{
    RunNetwork network = RunNetwork::None;
    std::vector<std::string> httpAllowHosts; // lower-case host names or IP addresses
    std::optional<std::string> updatedAt;    // none: never set (the defaults)

    nlohmann::json toJson() const;
};

// Who changes run settings: the operator of the data directory (the CLI, or the window's local
// user for the desktop space), never a request. Only the app's entry points make one; no route
// reaches `set`, so a space admin on a shared server cannot open the network for their own
// tasks.
struct OperatorChange
{
    std::string via;         // "cli", "window": recorded in the audit event
    std::string actorUserId; // the window's local user; empty for the CLI
};

// The run settings of every space (the only writer of space_run_settings). Spaces start with no
// network; the default space the desktop creates on first start gets the host's.
class RunSettingsService
{
public:
    static constexpr size_t kMaxAllowedHosts = 100;

    explicit RunSettingsService(Store &store) : m_store(store) {}

    // For core (runs), the CLI and the window; no route serves them (see docs/architecture.md,
    // "Local runs": an API caller learns of them from a refusal's message).
    Result<SpaceRunSettings> get(const std::string &spaceId);
    // Replaces the space's settings: one write, one audit event space.run_settings_changed.
    Result<SpaceRunSettings> set(const std::string &spaceId, SpaceRunSettings settings,
                                 const OperatorChange &change);

    // Why `host` cannot be on an allow-list (a URL, a port, a wildcard, a character no host
    // name has), or nothing. `normalHost` gives the form stored (lower case, no brackets).
    static std::optional<std::string> hostProblem(std::string_view host);
    static std::string normalHost(std::string_view host);

private:
    Store &m_store;
};

} // namespace pw::core
