#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../store/store.h"

namespace pw::core {

struct AuditEvent
{
    int64_t id = 0;
    std::string spaceId;
    std::string actorUserId;
    std::string action; // "definition.node_added", "workspace.archived", ...
    std::string objectType;
    std::string objectId;
    std::string definitionId;
    nlohmann::json details = nlohmann::json::object();
    std::string createdAt;
};

// The append-only record of mutations: each service writes one event inside the transaction
// of its mutation; nothing else writes or changes it.
class AuditLog
{
public:
    explicit AuditLog(Store &store) : m_store(store) {}

    // Must be called inside the mutation's write transaction, on its connection.
    void record(Database &db, const AuditEvent &event);

    Result<std::vector<AuditEvent>> forDefinition(const std::string &definitionId, int limit = 200);
    Result<int64_t> count(const std::string &spaceId);

private:
    Store &m_store;
};

} // namespace pw::core
