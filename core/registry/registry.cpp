#include "registry.h"

#include <algorithm>
#include <cctype>

#include "../secrets/secretstore.h"
#include "../util/ids.h"

namespace pw::core {

std::string_view credentialTypeName(CredentialType type)
{
    switch (type) {
    case CredentialType::None:
        return "NONE";
    case CredentialType::Token:
        return "TOKEN";
    case CredentialType::SshKey:
        return "SSH_KEY";
    }
    return "NONE";
}

std::optional<CredentialType> credentialTypeFromName(std::string_view name)
{
    for (CredentialType t : {CredentialType::None, CredentialType::Token, CredentialType::SshKey}) {
        if (credentialTypeName(t) == name)
            return t;
    }
    return std::nullopt;
}

namespace {

std::string credentialSecretName(const std::string &repositoryId)
{
    return "repository/" + repositoryId + "/credential";
}

std::string webhookSecretName(const std::string &repositoryId)
{
    return "repository/" + repositoryId + "/webhook";
}

std::string connectorSecretName(const std::string &connectorId, const std::string &field)
{
    return "connector/" + connectorId + "/" + field;
}

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
    RepositoryRegistration input;
    input.name = std::string(name);
    input.localPath = std::string(localPath);
    return registerRepository(actor, input);
}

Result<Repository> Registry::registerRepository(const Actor &actor,
                                                const RepositoryRegistration &input)
{
    if (auto ok = requireAdmin(actor); !ok)
        return fail(ok.error());
    if (input.name.empty() || input.name.size() > 200)
        return fail(Error::invalid("the repository name must be 1 to 200 characters", "name"));
    if (input.localPath.empty())
        return fail(Error::invalid("the repository needs a local path", "local_path"));
    Repository repo;
    repo.id = input.id.empty() ? newUuid() : input.id;
    repo.spaceId = actor.spaceId;
    repo.name = input.name;
    repo.localPath = input.localPath;
    repo.createdAt = nowUtc();
    repo.defaultBranch = input.defaultBranch;
    repo.remoteUrl = input.remoteUrl;
    repo.state = input.state;
    repo.forge = input.forge;
    return m_store.write([&](WriteTx &tx) -> Result<Repository> {
        Database &db = tx.db();
        auto q = db.cached("INSERT INTO repositories (id, space_id, name, local_path, created_at, "
                           "default_branch, remote_url, state, forge, forge_api_url, "
                           "forge_project) VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        q->bindAll(repo.id, repo.spaceId, repo.name, repo.localPath, repo.createdAt,
                   repo.defaultBranch, repo.remoteUrl, repo.state);
        if (repo.forge)
            q->bind(9, repo.forge->kind).bind(10, repo.forge->apiUrl).bind(11, repo.forge->project);
        else
            q->bindNull(9).bindNull(10).bindNull(11);
        q->run();
        const bool hasCredential = input.credentialType != CredentialType::None;
        if (hasCredential || input.webhookSecret) {
            auto secrets = db.cached("INSERT INTO repository_secrets (repository_id, "
                                     "credential_type, credential_ref) VALUES (?,?,?)");
            secrets->bind(1, repo.id).bind(2, credentialTypeName(input.credentialType));
            secrets->bind(3, hasCredential ? input.credentialRef : std::nullopt).run();
        }
        if (hasCredential && input.credential) {
            if (auto ok = m_secrets.put(tx, repo.spaceId, credentialSecretName(repo.id),
                                        input.credential->view());
                !ok)
                return fail(ok.error());
        }
        if (input.webhookSecret) {
            if (auto ok = m_secrets.put(tx, repo.spaceId, webhookSecretName(repo.id),
                                        input.webhookSecret->view());
                !ok)
                return fail(ok.error());
        }
        // What was stored, never its value.
        nlohmann::json details = {{"name", repo.name},
                                  {"default_branch", repo.defaultBranch},
                                  {"credential_type", credentialTypeName(input.credentialType)},
                                  {"webhook_secret_set", input.webhookSecret.has_value()}};
        if (repo.remoteUrl)
            details["remote_url"] = *repo.remoteUrl;
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "repository.registered",
                             "repository",
                             repo.id,
                             {},
                             std::move(details),
                             repo.createdAt});
        return repo;
    });
}

Status Registry::setRepositoryState(const Actor &actor, const std::string &id,
                                    const std::string &state, const std::string &message,
                                    const std::optional<std::string> &defaultBranch)
{
    return m_store.write([&](WriteTx &tx) -> Status {
        auto q = tx.db().cached("UPDATE repositories SET state = ?, state_message = ?, "
                                "default_branch = COALESCE(?, default_branch) "
                                "WHERE id = ? AND space_id = ?");
        q->bindAll(state, message, defaultBranch, id, actor.spaceId).run();
        if (tx.db().changes() == 0)
            return fail(Error::notFound("repository '" + id + "' was not found"));
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "repository." + state,
                             "repository",
                             id,
                             {},
                             {{"state", state}, {"message", message}},
                             nowUtc()});
        return {};
    });
}

Result<RepositoryCredentials> Registry::repositoryCredentials(const std::string &id)
{
    return m_store.read([&](Database &db) -> Result<RepositoryCredentials> {
        auto q = db.cached(
            "SELECT s.credential_type, s.credential_ref, "
            "EXISTS (SELECT 1 FROM secrets WHERE name = 'repository/' || ?1 || '/credential'), "
            "EXISTS (SELECT 1 FROM secrets WHERE name = 'repository/' || ?1 || '/webhook') "
            "FROM repository_secrets s WHERE s.repository_id = ?1");
        q->bind(1, id);
        RepositoryCredentials out;
        if (q->step()) {
            out.type = credentialTypeFromName(q->textView(0)).value_or(CredentialType::None);
            out.reference = q->optionalText(1);
            out.credentialSet = q->integer(2) != 0 || out.reference.has_value();
            out.webhookSecretSet = q->integer(3) != 0;
        }
        return out;
    });
}

Result<RepositorySecrets> Registry::repositorySecrets(const std::string &id)
{
    auto known = repositoryCredentials(id);
    if (!known)
        return fail(known.error());
    RepositorySecrets out;
    out.type = known->type;
    out.reference = known->reference;
    if (out.type != CredentialType::None && !out.reference) {
        auto value = m_secrets.get(credentialSecretName(id));
        if (!value)
            return fail(value.error());
        out.credential = std::move(*value);
    }
    return out;
}

Result<std::optional<SecretValue>> Registry::webhookSecret(const std::string &id)
{
    return m_secrets.get(webhookSecretName(id));
}

namespace {

constexpr const char *kRepositoryColumns =
    "id, space_id, name, local_path, created_at, default_branch, remote_url, state, state_message, "
    "forge, forge_api_url, forge_project";

Repository repositoryOf(Statement &q)
{
    Repository r;
    r.id = q.text(0);
    r.spaceId = q.text(1);
    r.name = q.text(2);
    r.localPath = q.text(3);
    r.createdAt = q.text(4);
    r.defaultBranch = q.text(5);
    r.remoteUrl = q.optionalText(6);
    r.state = q.text(7);
    r.stateMessage = q.text(8);
    if (!q.isNull(9))
        r.forge = Forge{q.text(9), q.text(10), q.text(11)};
    return r;
}

} // namespace

Result<std::optional<Repository>> Registry::repository(const std::string &spaceId,
                                                       const std::string &id)
{
    return m_store.read([&](Database &db) -> Result<std::optional<Repository>> {
        static const std::string sql = std::string("SELECT ") + kRepositoryColumns +
                                       " FROM repositories WHERE id = ? AND space_id = ?";
        auto q = db.cached(sql.c_str());
        q->bind(1, id).bind(2, spaceId);
        if (!q->step())
            return std::optional<Repository>();
        return std::optional<Repository>(repositoryOf(*q));
    });
}

Result<std::vector<Repository>> Registry::repositories(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<Repository>> {
        static const std::string sql = std::string("SELECT ") + kRepositoryColumns +
                                       " FROM repositories WHERE space_id = ? ORDER BY name";
        auto q = db.cached(sql.c_str());
        q->bind(1, spaceId);
        std::vector<Repository> out;
        while (q->step())
            out.push_back(repositoryOf(*q));
        return out;
    });
}

Result<std::vector<Repository>> Registry::repositoriesByRemote(const std::vector<std::string> &urls)
{
    return m_store.read([&](Database &db) -> Result<std::vector<Repository>> {
        static const std::string sql =
            std::string("SELECT ") + kRepositoryColumns + " FROM repositories WHERE remote_url = ?";
        std::vector<Repository> out;
        for (const std::string &url : urls) {
            auto q = db.cached(sql.c_str());
            q->bind(1, url);
            while (q->step())
                out.push_back(repositoryOf(*q));
        }
        return out;
    });
}

namespace {

Connector connectorFrom(const Statement &q)
{
    Connector c{q.text(0), q.text(1), q.text(2), q.text(3), q.text(4)};
    c.config = nlohmann::json::parse(q.textView(5), nullptr, false);
    if (!c.config.is_object())
        c.config = nlohmann::json::object();
    return c;
}

// A macro so that queries built with it stay string literals (the statement cache keys on them).
#define PW_CONNECTOR_COLUMNS "id, space_id, name, kind, created_at, config"

} // namespace

Result<Connector> Registry::registerConnector(const Actor &actor, std::string_view name,
                                              std::string_view kind, nlohmann::json config)
{
    if (!config.is_object())
        return fail(Error::invalid("the connector's config must be an object", "config"));
    if (auto ok = requireAdmin(actor); !ok)
        return fail(ok.error());
    if (name.empty() || name.size() > 200)
        return fail(Error::invalid("the connector name must be 1 to 200 characters", "name"));
    if (kind.empty())
        return fail(Error::invalid("the connector needs a kind", "kind"));
    Connector connector{newUuid(),         actor.spaceId, std::string(name),
                        std::string(kind), nowUtc(),      std::move(config)};
    return m_store.write([&](WriteTx &tx) -> Result<Connector> {
        Database &db = tx.db();
        {
            auto q = db.cached("SELECT 1 FROM connectors WHERE space_id = ? AND name = ?");
            q->bind(1, connector.spaceId).bind(2, connector.name);
            if (q->step())
                return fail(
                    Error::conflict("a connector named '" + connector.name + "' already exists"));
        }
        auto q = db.cached("INSERT INTO connectors (id, space_id, name, kind, created_at, config) "
                           "VALUES (?,?,?,?,?,?)");
        q->bindAll(connector.id, connector.spaceId, connector.name, connector.kind,
                   connector.createdAt, connector.config.dump())
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
        auto q = db.cached("SELECT " PW_CONNECTOR_COLUMNS
                           " FROM connectors WHERE id = ? AND space_id = ?");
        q->bind(1, id).bind(2, spaceId);
        if (!q->step())
            return std::optional<Connector>();
        return std::optional<Connector>(connectorFrom(*q));
    });
}

std::function<std::optional<Connector>(const std::string &)>
Registry::connectorLookup(const std::string &spaceId)
{
    return [this, spaceId](const std::string &name) -> std::optional<Connector> {
        auto c = connectorByName(spaceId, name);
        return c ? *c : std::nullopt;
    };
}

Result<std::optional<Connector>> Registry::connectorByName(const std::string &spaceId,
                                                           const std::string &name)
{
    return m_store.read([&](Database &db) -> Result<std::optional<Connector>> {
        auto q = db.cached("SELECT " PW_CONNECTOR_COLUMNS
                           " FROM connectors WHERE space_id = ? AND name = ?");
        q->bind(1, spaceId).bind(2, name);
        if (!q->step())
            return std::optional<Connector>();
        return std::optional<Connector>(connectorFrom(*q));
    });
}

Result<Connector> Registry::setConnectorConfig(const Actor &actor, const std::string &id,
                                               nlohmann::json config)
{
    if (auto ok = requireAdmin(actor); !ok)
        return fail(ok.error());
    if (!config.is_object())
        return fail(Error::invalid("the connector's config must be an object", "config"));
    return m_store.write([&](WriteTx &tx) -> Result<Connector> {
        Database &db = tx.db();
        auto q = db.cached("SELECT " PW_CONNECTOR_COLUMNS
                           " FROM connectors WHERE id = ? AND space_id = ?");
        q->bind(1, id).bind(2, actor.spaceId);
        if (!q->step())
            return fail(Error::notFound("connector '" + id + "' was not found"));
        Connector connector = connectorFrom(*q);
        q->reset();
        connector.config = std::move(config);
        db.cached("UPDATE connectors SET config = ? WHERE id = ?")
            ->bindAll(connector.config.dump(), id)
            .run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "connector.configured",
                             "connector",
                             id,
                             {},
                             {{"name", connector.name}},
                             nowUtc()});
        return connector;
    });
}

Result<std::vector<Connector>> Registry::connectors(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<Connector>> {
        auto q = db.cached("SELECT " PW_CONNECTOR_COLUMNS
                           " FROM connectors WHERE space_id = ? ORDER BY name");
        q->bind(1, spaceId);
        std::vector<Connector> out;
        while (q->step())
            out.push_back(connectorFrom(*q));
        return out;
    });
}

Status Registry::setConnectorSecret(const Actor &actor, const std::string &connectorId,
                                    const std::string &field,
                                    const std::optional<SecretValue> &value)
{
    if (auto ok = requireAdmin(actor); !ok)
        return ok;
    if (field.empty() || field.size() > 64 || !std::all_of(field.begin(), field.end(), [](char c) {
            return std::islower(static_cast<unsigned char>(c)) ||
                   std::isdigit(static_cast<unsigned char>(c)) || c == '_';
        }))
        return fail(Error::invalid("a secret field is 1 to 64 of a-z, 0-9 and _", "field"));
    return m_store.write([&](WriteTx &tx) -> Status {
        if (auto ok = requireConnector(tx.db(), actor.spaceId, connectorId, "connector"); !ok)
            return ok;
        const std::string name = connectorSecretName(connectorId, field);
        if (value) {
            if (auto ok = m_secrets.put(tx, actor.spaceId, name, value->view()); !ok)
                return ok;
        } else {
            m_secrets.remove(tx, name);
        }
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             value ? "connector.secret_set" : "connector.secret_cleared",
                             "connector",
                             connectorId,
                             {},
                             {{"field", field}},
                             nowUtc()});
        return {};
    });
}

Result<std::vector<std::string>> Registry::connectorSecretFields(const std::string &connectorId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<std::string>> {
        const std::string prefix = connectorSecretName(connectorId, "");
        auto q = db.cached("SELECT name FROM secrets WHERE name >= ? AND name < ? ORDER BY name");
        q->bind(1, prefix).bind(2, prefix + "\xff");
        std::vector<std::string> out;
        while (q->step())
            out.push_back(std::string(q->textView(0).substr(prefix.size())));
        return out;
    });
}

Result<std::optional<SecretValue>> Registry::connectorSecret(const std::string &connectorId,
                                                             const std::string &field)
{
    return m_secrets.get(connectorSecretName(connectorId, field));
}

Result<SecretValue> Registry::taskConnection(const std::string &spaceId, const std::string &name)
{
    auto connector = connectorByName(spaceId, name);
    if (!connector)
        return fail(connector.error());
    if (!*connector)
        return fail(
            notFoundField("connector '" + name + "' does not exist in this space", "connections"));
    auto fields = connectorSecretFields((*connector)->id);
    if (!fields)
        return fail(fields.error());
    // Airflow's names for the usual settings; anything else goes to extra as it is.
    nlohmann::json connection{{"conn_type", (*connector)->kind}};
    nlohmann::json extra = nlohmann::json::object();
    const std::pair<const char *, std::vector<const char *>> named[] = {
        {"host", {"host"}},
        {"port", {"port"}},
        {"login", {"login", "user", "username"}},
        {"schema", {"schema", "database"}}};
    for (const auto &[key, value] : (*connector)->config.items()) {
        const auto it = std::find_if(std::begin(named), std::end(named), [&](const auto &n) {
            return std::find_if(n.second.begin(), n.second.end(),
                                [&](const char *alias) { return key == alias; }) != n.second.end();
        });
        if (it != std::end(named) && !connection.contains(it->first))
            connection[it->first] = value;
        else
            extra[key] = value;
    }
    for (const std::string &field : *fields) {
        auto secret = connectorSecret((*connector)->id, field);
        if (!secret)
            return fail(secret.error());
        if (!*secret)
            continue;
        if (field == "password")
            connection["password"] = (*secret)->str();
        else
            extra[field] = (*secret)->str();
    }
    if (!extra.empty())
        connection["extra"] = std::move(extra);
    return SecretValue(connection.dump());
}

std::function<Result<SecretValue>(const std::string &)>
Registry::taskConnectionLookup(const std::string &spaceId)
{
    return [this, spaceId](const std::string &name) { return taskConnection(spaceId, name); };
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
