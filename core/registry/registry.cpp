#include "registry.h"

#include "../util/ids.h"

namespace pw::core {

namespace {

Status requireAdmin(const Actor &actor)
{
    if (actor.role != Role::Admin)
        return fail(Error::forbidden("only space admins can register repositories and connectors"));
    return {};
}

Error notFoundField(std::string message, std::string_view field)
{
    Error e = Error::notFound(std::move(message));
    e.details["field"] = std::string(field);
    return e;
}

} // namespace

Result<Repository> Registry::registerRepository(const Actor &actor, std::string_view name,
                                                std::string_view localPath)
{
    if (auto ok = requireAdmin(actor); !ok)
        return fail(ok.error());
    if (name.empty() || name.size() > 200)
        return fail(Error::invalid("the repository name must be 1 to 200 characters", "name"));
    if (localPath.empty())
        return fail(Error::invalid("the repository needs a local path", "local_path"));
    Repository repo{newUuid(), actor.spaceId, std::string(name), std::string(localPath), nowUtc()};
    return m_store.write([&](WriteTx &tx) -> Result<Repository> {
        Database &db = tx.db();
        auto q = db.cached("INSERT INTO repositories (id, space_id, name, local_path, created_at) "
                           "VALUES (?,?,?,?,?)");
        q->bindAll(repo.id, repo.spaceId, repo.name, repo.localPath, repo.createdAt).run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "repository.registered",
                             "repository",
                             repo.id,
                             {},
                             {{"name", repo.name}},
                             repo.createdAt});
        return repo;
    });
}

Result<std::optional<Repository>> Registry::repository(const std::string &spaceId,
                                                       const std::string &id)
{
    return m_store.read([&](Database &db) -> Result<std::optional<Repository>> {
        auto q = db.cached("SELECT id, space_id, name, local_path, created_at FROM repositories "
                           "WHERE id = ? AND space_id = ?");
        q->bind(1, id).bind(2, spaceId);
        if (!q->step())
            return std::optional<Repository>();
        return std::optional<Repository>(
            Repository{q->text(0), q->text(1), q->text(2), q->text(3), q->text(4)});
    });
}

Result<std::vector<Repository>> Registry::repositories(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<Repository>> {
        auto q = db.cached("SELECT id, space_id, name, local_path, created_at FROM repositories "
                           "WHERE space_id = ? ORDER BY name");
        q->bind(1, spaceId);
        std::vector<Repository> out;
        while (q->step())
            out.push_back(Repository{q->text(0), q->text(1), q->text(2), q->text(3), q->text(4)});
        return out;
    });
}

Result<Connector> Registry::registerConnector(const Actor &actor, std::string_view name,
                                              std::string_view kind)
{
    if (auto ok = requireAdmin(actor); !ok)
        return fail(ok.error());
    if (name.empty() || name.size() > 200)
        return fail(Error::invalid("the connector name must be 1 to 200 characters", "name"));
    if (kind.empty())
        return fail(Error::invalid("the connector needs a kind", "kind"));
    Connector connector{newUuid(), actor.spaceId, std::string(name), std::string(kind), nowUtc()};
    return m_store.write([&](WriteTx &tx) -> Result<Connector> {
        Database &db = tx.db();
        {
            auto q = db.cached("SELECT 1 FROM connectors WHERE space_id = ? AND name = ?");
            q->bind(1, connector.spaceId).bind(2, connector.name);
            if (q->step())
                return fail(
                    Error::conflict("a connector named '" + connector.name + "' already exists"));
        }
        auto q = db.cached(
            "INSERT INTO connectors (id, space_id, name, kind, created_at) VALUES (?,?,?,?,?)");
        q->bindAll(connector.id, connector.spaceId, connector.name, connector.kind,
                   connector.createdAt)
            .run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "connector.registered",
                             "connector",
                             connector.id,
                             {},
                             {{"name", connector.name}},
                             connector.createdAt});
        return connector;
    });
}

Result<std::optional<Connector>> Registry::connector(const std::string &spaceId,
                                                     const std::string &id)
{
    return m_store.read([&](Database &db) -> Result<std::optional<Connector>> {
        auto q = db.cached("SELECT id, space_id, name, kind, created_at FROM connectors WHERE id = "
                           "? AND space_id = ?");
        q->bind(1, id).bind(2, spaceId);
        if (!q->step())
            return std::optional<Connector>();
        return std::optional<Connector>(
            Connector{q->text(0), q->text(1), q->text(2), q->text(3), q->text(4)});
    });
}

Result<std::vector<Connector>> Registry::connectors(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<Connector>> {
        auto q = db.cached("SELECT id, space_id, name, kind, created_at FROM connectors WHERE "
                           "space_id = ? ORDER BY name");
        q->bind(1, spaceId);
        std::vector<Connector> out;
        while (q->step())
            out.push_back(Connector{q->text(0), q->text(1), q->text(2), q->text(3), q->text(4)});
        return out;
    });
}

Status Registry::requireRepository(Database &db, const std::string &spaceId, const std::string &id,
                                   std::string_view field)
{
    auto q = db.cached("SELECT 1 FROM repositories WHERE id = ? AND space_id = ?");
    q->bind(1, id).bind(2, spaceId);
    if (!q->step())
        return fail(notFoundField("repository '" + id + "' was not found", field));
    return {};
}

Status Registry::requireConnector(Database &db, const std::string &spaceId, const std::string &id,
                                  std::string_view field)
{
    auto q = db.cached("SELECT 1 FROM connectors WHERE id = ? AND space_id = ?");
    q->bind(1, id).bind(2, spaceId);
    if (!q->step())
        return fail(notFoundField("connector '" + id + "' was not found", field));
    return {};
}

} // namespace pw::core
