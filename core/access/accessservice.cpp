#include "accessservice.h"

#include "../util/ids.h"

namespace pw::core {

namespace {

std::string roleKey(const std::string &userId, const std::string &spaceId)
{
    return userId + '|' + spaceId;
}

} // namespace

AccessService::AccessService(Store &store) : m_store(store) {}

AccessService::~AccessService()
{
    flushLastUse();
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

void AccessService::clearCachesForTest()
{
    std::lock_guard lock(m_mutex);
    invalidated();
    m_tokens.clear();
    m_spacesBySlug.clear();
    m_roles.clear();
}

Result<Space> AccessService::spaceBySlug(std::string_view slug)
{
    const std::string key(slug);
    uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_spacesBySlug.find(key); it != m_spacesBySlug.end())
            return it->second;
        generation = m_generation;
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
    pauseFill();
    std::lock_guard lock(m_mutex);
    if (generation == m_generation)
        m_spacesBySlug.try_emplace(key, **found);
    return **found;
}

Result<std::optional<Role>> AccessService::roleOf(const std::string &userId,
                                                  const std::string &spaceId)
{
    const std::string key = roleKey(userId, spaceId);
    uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_roles.find(key); it != m_roles.end())
            return std::optional<Role>(it->second);
        generation = m_generation;
    }
    auto found = m_store.read([&](Database &db) -> Result<std::optional<Role>> {
        auto q = db.cached("SELECT role FROM space_roles WHERE user_id = ? AND space_id = ?");
        q->bind(1, userId).bind(2, spaceId);
        if (!q->step())
            return std::optional<Role>();
        return roleFromName(q->textView(0));
    });
    if (found && *found) {
        pauseFill();
        std::lock_guard lock(m_mutex);
        // A role set since the read began is newer than what this fill read.
        if (generation == m_generation)
            m_roles.try_emplace(key, **found);
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
            invalidated();
            m_roles[key] = role;
        });
        return {};
    });
}

} // namespace pw::core
