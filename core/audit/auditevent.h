#pragma once

#include <cstdint>
#include <string>

#include <nlohmann/json.hpp>

namespace pw::core {

class Database;

// One mutation in the append-only audit log. The write pipeline records exactly one per write
// (WriteTx::audit); AuditLog reads them.
struct AuditEvent
{
    int64_t id = 0;
    std::string spaceId; // empty for changes outside any space (a user's own tokens)
    std::string actorUserId;
    std::string action; // "definition.node_added", "workspace.archived", ...
    std::string objectType;
    std::string objectId;
    std::string definitionId;
    nlohmann::json details = nlohmann::json::object();
    std::string createdAt;
};

// Inserts the event on `db` (inside the write's transaction) and returns its id.
int64_t insertAuditEvent(Database &db, const AuditEvent &event);

} // namespace pw::core
