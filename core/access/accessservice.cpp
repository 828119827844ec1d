#include "accessservice.h"

#include <QCryptographicHash>
#include <QRandomGenerator>

#include "../util/ids.h"

namespace pw::core {

namespace {

std::string roleKey(const std::string &userId, const std::string &spaceId)
{
    return userId + '|' + spaceId;
}

std::string newTokenSecret()
{
    // 32 bytes from the system CSPRNG; the pw_ prefix lets secret scanners recognise it.
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), sizeof words);
    return "pw_" + bytes.toHex().toStdString();
}

} // namespace

AccessService::AccessService(Store &store) : m_store(store) {}

std::string AccessService::hashToken(std::string_view token)
{
    return QCryptographicHash::hash(
               QByteArrayView(token.data(), static_cast<qsizetype>(token.size())),
               QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

bool AccessService::isValidSlug(std::string_view slug)
{
    if (slug.empty() || slug.size() > 64 || slug.front() == '-' || slug.back() == '-')
        return false;
    for (char c : slug) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'))
            return false;
    }
    return true;
}

Result<Principal> AccessService::authenticate(std::string_view bearerToken)
{
    const auto unauthenticated = [] {
        return fail(Error{ErrorCode::Unauthenticated, "a valid API token is required",
                          nlohmann::json::object()});
    };
    if (bearerToken.empty() || bearerToken.size() > 256)
        return unauthenticated();
    const std::string hash = hashToken(bearerToken);
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_tokens.find(hash); it != m_tokens.end())
            return it->second;
    }
    auto found = m_store.read([&](Database &db) -> Result<std::optional<Principal>> {
        auto q = db.cached(
            "SELECT t.id, u.id, u.name FROM api_tokens t JOIN users u ON u.id = t.user_id "
            "WHERE t.token_hash = ? AND t.revoked_at IS NULL");
        q->bind(1, hash);
        if (!q->step())
            return std::optional<Principal>();
        return std::optional<Principal>(Principal{q->text(1), q->text(2), q->text(0)});
    });
    if (!found)
        return fail(found.error());
    if (!*found)
        return unauthenticated();
    std::lock_guard lock(m_mutex);
    m_tokens[hash] = **found;
    return **found;
}

Result<Space> AccessService::spaceBySlug(std::string_view slug)
{
    const std::string key(slug);
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_spacesBySlug.find(key); it != m_spacesBySlug.end())
            return it->second;
    }
    auto found = m_store.read([&](Database &db) -> Result<std::optional<Space>> {
        auto q = db.cached("SELECT id, slug, name, created_at FROM spaces WHERE slug = ?");
        q->bind(1, key);
        if (!q->step())
            return std::optional<Space>();
        return std::optional<Space>(Space{q->text(0), q->text(1), q->text(2), q->text(3)});
    });
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(Error::notFound("space '" + key + "' was not found"));
    std::lock_guard lock(m_mutex);
    m_spacesBySlug[key] = **found;
    return **found;
}

Result<std::optional<Role>> AccessService::roleOf(const std::string &userId,
                                                  const std::string &spaceId)
{
    const std::string key = roleKey(userId, spaceId);
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_roles.find(key); it != m_roles.end())
            return std::optional<Role>(it->second);
    }
    auto found = m_store.read([&](Database &db) -> Result<std::optional<Role>> {
        auto q = db.cached("SELECT role FROM space_roles WHERE user_id = ? AND space_id = ?");
        q->bind(1, userId).bind(2, spaceId);
        if (!q->step())
            return std::optional<Role>();
        return roleFromName(q->textView(0));
    });
    if (found && *found) {
        std::lock_guard lock(m_mutex);
        m_roles[key] = **found;
    }
    return found;
}

Result<Actor> AccessService::enterSpace(const Principal &principal, std::string_view slug)
{
    auto space = spaceBySlug(slug);
    if (!space)
        return fail(space.error());
    auto role = roleOf(principal.userId, space->id);
    if (!role)
        return fail(role.error());
    if (!*role)
        return fail(Error::notFound("space '" + std::string(slug) + "' was not found"));
    return Actor{principal.userId, principal.userName, space->id, space->slug,
                 **role,           principal.tokenId};
}

Result<Actor> AccessService::actorFor(const std::string &userId, std::string_view slug)
{
    auto user = userById(userId);
    if (!user)
        return fail(user.error());
    if (!*user)
        return fail(Error::notFound("user was not found"));
    return enterSpace(Principal{userId, (*user)->name, {}}, slug);
}

Result<Space> AccessService::createSpace(std::string_view slug, std::string_view name)
{
    if (!isValidSlug(slug))
        return fail(Error::invalid("a space slug is 1 to 64 characters of a-z, 0-9 and '-', "
                                   "not starting or ending with '-'",
                                   "slug"));
    Space space{newUuid(), std::string(slug), name.empty() ? std::string(slug) : std::string(name),
                nowUtc()};
    auto created = m_store.write([&](WriteTx &tx) -> Result<Space> {
        Database &db = tx.db();
        {
            auto q = db.cached("SELECT 1 FROM spaces WHERE slug = ?");
            q->bind(1, space.slug);
            if (q->step())
                return fail(Error::conflict("space '" + space.slug + "' already exists"));
        }
        auto q = db.cached("INSERT INTO spaces (id, slug, name, created_at) VALUES (?,?,?,?)");
        q->bindAll(space.id, space.slug, space.name, space.createdAt).run();
        tx.record(AuditEvent{0,
                             space.id,
                             {},
                             "space.created",
                             "space",
                             space.id,
                             {},
                             {{"slug", space.slug}},
                             space.createdAt});
        return space;
    });
    return created;
}

Result<std::vector<Space>> AccessService::spaces()
{
    return m_store.read([&](Database &db) -> Result<std::vector<Space>> {
        auto q = db.cached("SELECT id, slug, name, created_at FROM spaces ORDER BY slug");
        std::vector<Space> out;
        while (q->step())
            out.push_back(Space{q->text(0), q->text(1), q->text(2), q->text(3)});
        return out;
    });
}

Result<std::vector<Space>> AccessService::spacesOf(const std::string &userId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<Space>> {
        auto q =
            db.cached("SELECT s.id, s.slug, s.name, s.created_at FROM spaces s JOIN space_roles r "
                      "ON r.space_id = s.id WHERE r.user_id = ? ORDER BY s.slug");
        q->bind(1, userId);
        std::vector<Space> out;
        while (q->step())
            out.push_back(Space{q->text(0), q->text(1), q->text(2), q->text(3)});
        return out;
    });
}

Result<CreatedToken> AccessService::createToken(std::string_view spaceSlug,
                                                std::string_view userName, Role role,
                                                std::string_view tokenName)
{
    if (userName.empty() || userName.size() > 200)
        return fail(Error::invalid("the name must be 1 to 200 characters", "name"));
    auto space = spaceBySlug(spaceSlug);
    if (!space)
        return fail(space.error());
    const std::string secret = newTokenSecret();
    const std::string now = nowUtc();
    auto created = m_store.write([&](WriteTx &tx) -> Result<CreatedToken> {
        Database &db = tx.db();
        std::string userId;
        {
            auto q = db.cached("SELECT id FROM users WHERE name = ?");
            q->bind(1, userName);
            if (q->step())
                userId = q->text(0);
        }
        if (userId.empty()) {
            userId = newUuid();
            auto q =
                db.cached("INSERT INTO users (id, name, is_local, created_at) VALUES (?,?,0,?)");
            q->bindAll(userId, userName, now).run();
        }
        {
            auto q = db.cached("SELECT role FROM space_roles WHERE user_id = ? AND space_id = ?");
            q->bind(1, userId).bind(2, space->id);
            if (q->step()) {
                if (q->textView(0) != roleName(role))
                    return fail(Error::conflict("user '" + std::string(userName) +
                                                "' already has the role " + q->text(0) +
                                                " in space '" + space->slug + "'"));
            } else {
                auto insert =
                    db.cached("INSERT INTO space_roles (space_id, user_id, role) VALUES (?,?,?)");
                insert->bindAll(space->id, userId, roleName(role)).run();
            }
        }
        CreatedToken token{newUuid(), userId, secret};
        auto q = db.cached("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
                           "VALUES (?,?,?,?,?)");
        q->bindAll(token.tokenId, userId, tokenName.empty() ? userName : tokenName,
                   hashToken(secret), now)
            .run();
        tx.record(
            AuditEvent{0,
                       space->id,
                       userId,
                       "token.created",
                       "api_token",
                       token.tokenId,
                       {},
                       {{"user", std::string(userName)}, {"role", std::string(roleName(role))}},
                       now});
        tx.afterCommit([this, key = roleKey(userId, space->id), role] {
            std::lock_guard lock(m_mutex);
            m_roles[key] = role;
        });
        return token;
    });
    return created;
}

Result<CreatedToken> AccessService::issueToken(const std::string &userId,
                                               std::string_view tokenName)
{
    const std::string secret = newTokenSecret();
    const std::string now = nowUtc();
    return m_store.write([&](WriteTx &tx) -> Result<CreatedToken> {
        Database &db = tx.db();
        {
            auto q = db.cached("SELECT 1 FROM users WHERE id = ?");
            q->bind(1, userId);
            if (!q->step())
                return fail(Error::notFound("user was not found"));
        }
        CreatedToken token{newUuid(), userId, secret};
        auto q = db.cached("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at) "
                           "VALUES (?,?,?,?,?)");
        q->bindAll(token.tokenId, userId, tokenName, hashToken(secret), now).run();
        // A user's own token belongs to no space.
        tx.record(AuditEvent{0,
                             {},
                             userId,
                             "token.issued",
                             "api_token",
                             token.tokenId,
                             {},
                             {{"name", std::string(tokenName)}},
                             now});
        return token;
    });
}

Status AccessService::revokeToken(const std::string &tokenId)
{
    return m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        const std::string now = nowUtc();
        auto q =
            db.cached("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
        q->bind(1, now).bind(2, tokenId).run();
        if (db.changes() == 0)
            return fail(Error::notFound("token was not found"));
        std::string userId;
        {
            auto owner = db.cached("SELECT user_id FROM api_tokens WHERE id = ?");
            owner->bind(1, tokenId);
            if (owner->step())
                userId = owner->text(0);
        }
        tx.record(AuditEvent{0,
                             {},
                             userId,
                             "token.revoked",
                             "api_token",
                             tokenId,
                             {},
                             nlohmann::json::object(),
                             now});
        tx.afterCommit([this, tokenId] {
            std::lock_guard lock(m_mutex);
            std::erase_if(m_tokens,
                          [&](const auto &entry) { return entry.second.tokenId == tokenId; });
        });
        return {};
    });
}

Result<User> AccessService::ensureLocalUser(std::string_view name)
{
    return m_store.write([&](WriteTx &tx) -> Result<User> {
        Database &db = tx.db();
        {
            auto q = db.cached("SELECT id, name, created_at FROM users WHERE is_local = 1 LIMIT 1");
            if (q->step())
                return User{q->text(0), q->text(1), true, q->text(2)}; // nothing written
        }
        User user{newUuid(), std::string(name), true, nowUtc()};
        auto q = db.cached("INSERT INTO users (id, name, is_local, created_at) VALUES (?,?,1,?)");
        q->bindAll(user.id, user.name, user.createdAt).run();
        tx.record(AuditEvent{0,
                             {},
                             user.id,
                             "user.created",
                             "user",
                             user.id,
                             {},
                             {{"local", true}},
                             user.createdAt});
        return user;
    });
}

Result<User> AccessService::localUser()
{
    auto found = m_store.read([&](Database &db) -> Result<std::optional<User>> {
        auto q = db.cached("SELECT id, name, created_at FROM users WHERE is_local = 1 LIMIT 1");
        if (!q->step())
            return std::optional<User>();
        return std::optional<User>(User{q->text(0), q->text(1), true, q->text(2)});
    });
    if (!found)
        return fail(found.error());
    if (!*found)
        return fail(Error::notFound("there is no local user"));
    return **found;
}

Result<std::optional<User>> AccessService::userById(const std::string &userId)
{
    return m_store.read([&](Database &db) -> Result<std::optional<User>> {
        auto q = db.cached("SELECT id, name, is_local, created_at FROM users WHERE id = ?");
        q->bind(1, userId);
        if (!q->step())
            return std::optional<User>();
        return std::optional<User>(User{q->text(0), q->text(1), q->integer(2) != 0, q->text(3)});
    });
}

Result<std::vector<SpaceMember>> AccessService::members(const std::string &spaceId)
{
    return m_store.read([&](Database &db) -> Result<std::vector<SpaceMember>> {
        auto q = db.cached(
            "SELECT u.id, u.name, r.role FROM space_roles r JOIN users u ON u.id = r.user_id "
            "WHERE r.space_id = ? ORDER BY u.name");
        q->bind(1, spaceId);
        std::vector<SpaceMember> out;
        while (q->step())
            out.push_back(SpaceMember{q->text(0), q->text(1),
                                      roleFromName(q->textView(2)).value_or(Role::Viewer)});
        return out;
    });
}

Status AccessService::setRole(const std::string &spaceId, const std::string &userId, Role role)
{
    return m_store.write([&](WriteTx &tx) -> Status {
        auto q =
            tx.db().cached("INSERT INTO space_roles (space_id, user_id, role) VALUES (?,?,?) "
                           "ON CONFLICT (space_id, user_id) DO UPDATE SET role = excluded.role");
        q->bindAll(spaceId, userId, roleName(role)).run();
        tx.record(AuditEvent{0,
                             spaceId,
                             {},
                             "space.role_set",
                             "user",
                             userId,
                             {},
                             {{"role", std::string(roleName(role))}},
                             nowUtc()});
        tx.afterCommit([this, key = roleKey(userId, spaceId), role] {
            std::lock_guard lock(m_mutex);
            m_roles[key] = role;
        });
        return {};
    });
}

} // namespace pw::core
