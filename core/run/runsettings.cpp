#include "runsettings.h"

#include <algorithm>
#include <cctype>

#include <QHostAddress>

#include "../util/ids.h"

namespace pw::core {

nlohmann::json SpaceRunSettings::toJson() const
{
    return {{"network", std::string(runNetworkName(network))},
            {"http_allow_hosts", httpAllowHosts},
            {"updated_at", updatedAt ? nlohmann::json(*updatedAt) : nlohmann::json(nullptr)}};
}

std::string RunSettingsService::normalHost(std::string_view host)
{
    std::string out(host);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (out.size() > 2 && out.front() == '[' && out.back() == ']')
        out = out.substr(1, out.size() - 2);
    while (out.ends_with('.'))
        out.pop_back();
    return out;
}

std::optional<std::string> RunSettingsService::hostProblem(std::string_view host)
{
    const std::string h = normalHost(host);
    if (h.empty())
        return "a host is a name or an IP address, not empty";
    if (QHostAddress address; address.setAddress(QString::fromStdString(h)))
        return std::nullopt;
    if (h.size() > 253)
        return "'" + std::string(host) + "' is longer than a host name can be (253 characters)";
    if (h.find("://") != std::string::npos || h.find('/') != std::string::npos)
        return "'" + std::string(host) + "' is a URL; give the host alone (api.internal)";
    if (h.find(':') != std::string::npos)
        return "'" + std::string(host) + "' has a port; a host is allowed on every port";
    if (h.find('*') != std::string::npos)
        return "'" + std::string(host) + "' has a wildcard; list each host";
    for (size_t at = 0; at <= h.size();) {
        const size_t dot = std::min(h.find('.', at), h.size());
        const std::string_view label(h.data() + at, dot - at);
        if (label.empty() || label.size() > 63 || label.front() == '-' || label.back() == '-' ||
            !std::all_of(label.begin(), label.end(), [](char c) {
                return std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_';
            }))
            return "'" + std::string(host) + "' is not a host name (letters, digits, '-' and '.')";
        at = dot + 1;
    }
    return std::nullopt;
}

Result<SpaceRunSettings> RunSettingsService::get(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<SpaceRunSettings> {
        auto q = db.cached("SELECT network, http_allow_hosts, updated_at FROM space_run_settings "
                           "WHERE space_id = ?");
        q->bind(1, spaceId);
        SpaceRunSettings out;
        if (!q->step())
            return out;
        out.network = runNetworkFromName(q->textView(0)).value_or(RunNetwork::None);
        const nlohmann::json hosts = nlohmann::json::parse(q->textView(1), nullptr, false);
        if (hosts.is_array()) {
            for (const auto &h : hosts) {
                if (h.is_string())
                    out.httpAllowHosts.push_back(h.get<std::string>());
            }
        }
        out.updatedAt = q->text(2);
        return out;
    });
}

Result<SpaceRunSettings> RunSettingsService::set(const std::string &spaceId,
                                                 SpaceRunSettings settings,
                                                 const OperatorChange &change)
{
    if (settings.httpAllowHosts.size() > kMaxAllowedHosts)
        return fail(
            Error::invalid("at most " + std::to_string(kMaxAllowedHosts) + " hosts may be allowed",
                           "http_allow_hosts"));
    std::vector<std::string> hosts;
    for (const std::string &h : settings.httpAllowHosts) {
        if (auto why = hostProblem(h))
            return fail(Error::invalid(*why, "http_allow_hosts"));
        const std::string normal = normalHost(h);
        if (std::find(hosts.begin(), hosts.end(), normal) == hosts.end())
            hosts.push_back(normal);
    }
    settings.httpAllowHosts = std::move(hosts);
    settings.updatedAt = nowUtc();
    return m_store.write([&](WriteTx &tx) -> Result<SpaceRunSettings> {
        Database &db = tx.db();
        {
            auto q = db.cached("SELECT 1 FROM spaces WHERE id = ?");
            q->bind(1, spaceId);
            if (!q->step())
                return fail(Error::notFound("space '" + spaceId + "' was not found"));
        }
        const std::string hostsText = nlohmann::json(settings.httpAllowHosts).dump();
        db.cached("INSERT INTO space_run_settings (space_id, network, http_allow_hosts, "
                  "updated_at) VALUES (?,?,?,?) ON CONFLICT (space_id) DO UPDATE SET network = "
                  "excluded.network, http_allow_hosts = excluded.http_allow_hosts, updated_at = "
                  "excluded.updated_at")
            ->bindAll(spaceId, std::string(runNetworkName(settings.network)), hostsText,
                      *settings.updatedAt)
            .run();
        tx.record(AuditEvent{0,
                             spaceId,
                             change.actorUserId,
                             "space.run_settings_changed",
                             "space",
                             spaceId,
                             {},
                             {{"network", std::string(runNetworkName(settings.network))},
                              {"http_allow_hosts", settings.httpAllowHosts},
                              {"via", change.via}},
                             *settings.updatedAt});
        return settings;
    });
}

} // namespace pw::core
