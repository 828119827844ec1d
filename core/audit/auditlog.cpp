#include "auditlog.h"

#include "../util/ids.h"

namespace pw::core {

int64_t insertAuditEvent(Database &db, const AuditEvent &event)
{
    auto q = db.cached("INSERT INTO audit_events (space_id, actor_user_id, action, object_type, "
                       "object_id, definition_id, details, created_at) VALUES (?,?,?,?,?,?,?,?)");
    if (event.spaceId.empty())
        q->bindNull(1);
    else
        q->bind(1, event.spaceId);
    if (event.actorUserId.empty())
        q->bindNull(2);
    else
        q->bind(2, event.actorUserId);
    q->bind(3, event.action).bind(4, event.objectType).bind(5, event.objectId);
    if (event.definitionId.empty())
        q->bindNull(6);
    else
        q->bind(6, event.definitionId);
    q->bind(7, event.details.dump()).bind(8, event.createdAt.empty() ? nowUtc() : event.createdAt);
    q->run();
    return db.lastInsertId();
}

Result<std::vector<AuditEvent>> AuditLog::forDefinition(const std::string &definitionId, int limit)
{
    return m_store.read([&](Database &db) -> Result<std::vector<AuditEvent>> {
        auto q =
            db.cached("SELECT id, space_id, COALESCE(actor_user_id, ''), action, object_type, "
                      "object_id, details, created_at FROM audit_events WHERE definition_id = ? "
                      "ORDER BY id DESC LIMIT ?");
        q->bind(1, definitionId).bind(2, limit);
        std::vector<AuditEvent> out;
        while (q->step()) {
            AuditEvent e;
            e.id = q->integer(0);
            e.spaceId = q->text(1);
            e.actorUserId = q->text(2);
            e.action = q->text(3);
            e.objectType = q->text(4);
            e.objectId = q->text(5);
            e.definitionId = definitionId;
            e.details = nlohmann::json::parse(q->textView(6), nullptr, false);
            e.createdAt = q->text(7);
            out.push_back(std::move(e));
        }
        return out;
    });
}

Result<int64_t> AuditLog::count(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<int64_t> {
        auto q = db.cached("SELECT COUNT(*) FROM audit_events WHERE space_id = ?");
        q->bind(1, spaceId);
        return q->step() ? q->integer(0) : 0;
    });
}

Result<std::vector<AuditEvent>> AuditLog::after(const std::string &spaceId, int64_t after,
                                                int limit)
{
    return m_store.read([&](Database &db) -> Result<std::vector<AuditEvent>> {
        auto q = db.cached(
            "SELECT id, space_id, COALESCE(actor_user_id, ''), action, object_type, object_id, "
            "COALESCE(definition_id, ''), details, created_at FROM audit_events "
            "WHERE space_id = ? AND id > ? ORDER BY id LIMIT ?");
        q->bind(1, spaceId).bind(2, after).bind(3, limit);
        std::vector<AuditEvent> out;
        while (q->step()) {
            AuditEvent e;
            e.id = q->integer(0);
            e.spaceId = q->text(1);
            e.actorUserId = q->text(2);
            e.action = q->text(3);
            e.objectType = q->text(4);
            e.objectId = q->text(5);
            e.definitionId = q->text(6);
            e.details = nlohmann::json::parse(q->textView(7), nullptr, false);
            if (!e.details.is_object())
                e.details = nlohmann::json::object();
            e.createdAt = q->text(8);
            out.push_back(std::move(e));
        }
        return out;
    });
}

Result<int64_t> AuditLog::latest(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<int64_t> {
        auto q = db.cached("SELECT COALESCE(MAX(id), 0) FROM audit_events WHERE space_id = ?");
        q->bind(1, spaceId);
        return q->step() ? q->integer(0) : 0;
    });
}

} // namespace pw::core
