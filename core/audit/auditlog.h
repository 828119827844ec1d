#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../store/store.h"
#include "auditevent.h"

namespace pw::core {

// Reads the append-only record of mutations. Events are written only by the write pipeline
// (one per write, inside its transaction); nothing changes them.
class AuditLog
{
public:
    explicit AuditLog(Store &store) : m_store(store) {}

    Result<std::vector<AuditEvent>> forDefinition(const std::string &definitionId, int limit = 200);
    Result<int64_t> count(const std::string &spaceId);
    // The events of a space after sequence number `after`, oldest first, at most `limit`: what a
    // stream replays to a client that reconnects with its last event id.
    Result<std::vector<AuditEvent>> after(const std::string &spaceId, int64_t after, int limit);
    // The newest sequence number of a space (0 when it has none).
    Result<int64_t> latest(const std::string &spaceId);

private:
    Store &m_store;
};

} // namespace pw::core
