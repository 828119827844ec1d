#include "workspaceservice.h"

#include <algorithm>

#include "../registry/registry.h"
#include "../util/ids.h"
#include "../util/text.h"

namespace pw::core {

namespace {

constexpr size_t kMaxDescription = 10000;

Error notFoundWorkspace(const std::string &id)
{
    return Error::notFound("workspace '" + id + "' was not found");
}

std::vector<std::string> parseIdList(std::string_view text)
{
    std::vector<std::string> out;
    const auto parsed = nlohmann::json::parse(text, nullptr, false);
    if (parsed.is_array()) {
        for (const auto &item : parsed) {
            if (item.is_string())
                out.push_back(item.get<std::string>());
        }
    }
    return out;
}

Status checkName(const std::string &name)
{
    if (!isValidName(name))
        return fail(Error::invalid("the name must be 1 to 200 characters and not blank", "name"));
    return {};
}

Status checkDescription(const std::string &description)
{
    if (description.size() > kMaxDescription)
        return fail(
            Error::invalid("the description is longer than 10000 characters", "description"));
    return {};
}

Status checkUniqueName(Database &db, const std::string &spaceId, const std::string &name,
                       const std::string &exceptId)
{
    auto q = db.cached("SELECT id FROM workspaces WHERE space_id = ? AND name = ? AND archived_at "
                       "IS NULL AND id != ?");
    q->bind(1, spaceId).bind(2, std::string(trimmed(name))).bind(3, exceptId);
    if (q->step())
        return fail(Error::conflict("a workspace named '" + std::string(trimmed(name)) +
                                    "' already exists"));
    return {};
}

} // namespace

WorkspaceService::WorkspaceService(Store &store) : m_store(store) {}

WorkspacePermissions WorkspaceService::permissions(const Actor &actor,
                                                   const Workspace &workspace) const
{
    std::optional<GrantAccess> grant;
    if (auto it = workspace.grants.find(actor.userId); it != workspace.grants.end())
        grant = it->second;
    return workspacePermissions(actor, workspace.ownerUserId, workspace.visibility, grant);
}

Result<std::shared_ptr<const WorkspaceService::SpaceWorkspaces>>
WorkspaceService::spaceWorkspaces(const std::string &spaceId)
{
    uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_cache.find(spaceId); it != m_cache.end())
            return it->second;
        generation = m_generation;
    }
    auto loaded = m_store.read([&](Database &db) -> Result<std::shared_ptr<const SpaceWorkspaces>> {
        std::unordered_map<std::string, std::shared_ptr<Workspace>> items;
        {
            auto q = db.cached(
                "SELECT id, space_id, name, description, default_repository_id, owner_user_id, "
                "visibility, query_connector_ids, customization, archived_at, created_at, "
                "updated_at "
                "FROM workspaces WHERE space_id = ?");
            q->bind(1, spaceId);
            while (q->step()) {
                auto w = std::make_shared<Workspace>();
                w->id = q->text(0);
                w->spaceId = q->text(1);
                w->name = q->text(2);
                w->description = q->text(3);
                w->defaultRepositoryId = q->optionalText(4);
                w->ownerUserId = q->text(5);
                w->visibility = visibilityFromName(q->textView(6)).value_or(Visibility::Private);
                w->queryConnectorIds = parseIdList(q->textView(7));
                w->customization = nlohmann::json::parse(q->textView(8), nullptr, false);
                if (!w->customization.is_object())
                    w->customization = nlohmann::json::object();
                w->archivedAt = q->optionalText(9);
                w->createdAt = q->text(10);
                w->updatedAt = q->text(11);
                items.emplace(w->id, std::move(w));
            }
        }
        auto q = db.cached("SELECT g.workspace_id, g.user_id, g.access FROM workspace_grants g "
                           "JOIN workspaces w ON w.id = g.workspace_id WHERE w.space_id = ?");
        q->bind(1, spaceId);
        while (q->step()) {
            if (auto it = items.find(q->text(0)); it != items.end())
                it->second->grants[q->text(1)] =
                    grantAccessFromName(q->textView(2)).value_or(GrantAccess::View);
        }
        auto out = std::make_shared<SpaceWorkspaces>();
        for (auto &[id, w] : items)
            out->emplace(id, std::move(w));
        return std::shared_ptr<const SpaceWorkspaces>(std::move(out));
    });
    if (!loaded)
        return loaded;
    std::lock_guard lock(m_mutex);
    if (generation != m_generation)
        return *loaded;
    return m_cache.try_emplace(spaceId, *loaded).first->second;
}

void WorkspaceService::invalidate(const std::string &spaceId)
{
    std::lock_guard lock(m_mutex);
    ++m_generation;
    m_cache.erase(spaceId);
}

Result<WorkspaceView> WorkspaceService::lookup(const Actor &actor, const std::string &id)
{
    auto all = spaceWorkspaces(actor.spaceId);
    if (!all)
        return fail(all.error());
    const auto it = (*all)->find(id);
    if (it == (*all)->end())
        return fail(notFoundWorkspace(id));
    return WorkspaceView{it->second, permissions(actor, *it->second)};
}

Result<WorkspaceView> WorkspaceService::requireVisible(const Actor &actor, const std::string &id)
{
    auto view = lookup(actor, id);
    if (view && !view->permissions.view)
        return fail(notFoundWorkspace(id));
    return view;
}

Result<WorkspaceView> WorkspaceService::requireManaged(const Actor &actor, const std::string &id)
{
    auto view = requireVisible(actor, id);
    if (!view)
        return view;
    if (!view->permissions.manage)
        return fail(
            Error::forbidden("you cannot change workspace '" + view->workspace->name + "'"));
    if (view->workspace->archivedAt)
        return fail(Error::conflict("workspace '" + view->workspace->name + "' is archived"));
    return view;
}

Result<std::vector<std::string>> WorkspaceService::visibleIds(const Actor &actor,
                                                              bool includeArchived)
{
    auto all = spaceWorkspaces(actor.spaceId);
    if (!all)
        return fail(all.error());
    std::vector<std::string> ids;
    for (const auto &[id, w] : **all) {
        if ((includeArchived || !w->archivedAt) && permissions(actor, *w).view)
            ids.push_back(id);
    }
    return ids;
}

Result<Page<WorkspaceView>> WorkspaceService::list(const Actor &actor, const WorkspaceQuery &query)
{
    auto all = spaceWorkspaces(actor.spaceId);
    if (!all)
        return fail(all.error());
    if (auto ok = checkSearchText(trimmed(query.text)); !ok)
        return fail(ok.error());
    std::vector<WorkspaceView> visible;
    const QString needle = QString::fromStdString(std::string(trimmed(query.text)));
    for (const auto &[id, w] : **all) {
        if (w->archivedAt && !query.includeArchived)
            continue;
        const WorkspacePermissions perms = permissions(actor, *w);
        if (!perms.view)
            continue;
        if (!needle.isEmpty() &&
            !QString::fromStdString(w->name).contains(needle, Qt::CaseInsensitive))
            continue;
        visible.push_back({w, perms});
    }
    std::sort(visible.begin(), visible.end(), [](const WorkspaceView &a, const WorkspaceView &b) {
        return a.workspace->name != b.workspace->name ? a.workspace->name < b.workspace->name
                                                      : a.workspace->id < b.workspace->id;
    });
    Page<WorkspaceView> page;
    page.total = static_cast<int64_t>(visible.size());
    const auto begin = std::min<int64_t>(query.page.offset, page.total);
    const auto end = std::min<int64_t>(begin + query.page.limit, page.total);
    page.items.assign(visible.begin() + begin, visible.begin() + end);
    return page;
}

Result<WorkspaceView> WorkspaceService::get(const Actor &actor, const std::string &id)
{
    return requireVisible(actor, id);
}

Status WorkspaceService::checkReferences(Database &db, const Actor &actor,
                                         const std::optional<std::string> &repository,
                                         const std::vector<std::string> *connectors,
                                         const std::optional<std::string> &owner)
{
    if (repository) {
        if (auto ok = Registry::requireRepository(db, actor.spaceId, *repository,
                                                  "default_repository_id");
            !ok)
            return ok;
    }
    if (connectors) {
        for (const std::string &c : *connectors) {
            if (auto ok = Registry::requireConnector(db, actor.spaceId, c,
                                                     "authoring_query_connector_ids");
                !ok)
                return ok;
        }
    }
    if (owner) {
        auto q = db.cached("SELECT 1 FROM space_roles WHERE space_id = ? AND user_id = ?");
        q->bind(1, actor.spaceId).bind(2, *owner);
        if (!q->step()) {
            Error e = Error::notFound("user '" + *owner + "' is not a member of this space");
            e.details["field"] = "owner_user_id";
            return fail(std::move(e));
        }
    }
    return {};
}

Result<WorkspaceView> WorkspaceService::reload(const Actor &actor, const std::string &id)
{
    // The caller made this change, so the answer is its result even when the change took the
    // caller's own access away (handing the workspace to a new owner): the permissions in the
    // view say so, instead of a 404 for a write that was saved.
    return lookup(actor, id);
}

void WorkspaceService::record(WriteTx &tx, const Actor &actor, const AuditEvent &event)
{
    // The space's workspaces are read again on next use: a receiver of the event already sees
    // the committed state.
    tx.afterCommit([this, space = actor.spaceId] { invalidate(space); });
    tx.record(event);
}

Result<WorkspaceView> WorkspaceService::create(const Actor &actor, const WorkspaceCreate &input)
{
    if (actor.role == Role::Viewer)
        return fail(Error::forbidden("viewers cannot create workspaces"));
    if (auto ok = checkName(input.name); !ok)
        return fail(ok.error());
    if (auto ok = checkDescription(input.description); !ok)
        return fail(ok.error());
    if (!input.customization.is_object())
        return fail(Error::invalid("customization must be an object", "customization"));
    const std::string id = newUuid();
    const std::string now = nowUtc();
    const std::string owner = input.ownerUserId.value_or(actor.userId);
    if (owner != actor.userId && actor.role != Role::Admin)
        return fail(Error::forbidden("only space admins can create a workspace for another owner"));
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        if (auto ok = checkReferences(db, actor, input.defaultRepositoryId,
                                      &input.queryConnectorIds, owner);
            !ok)
            return ok;
        if (auto ok = checkUniqueName(db, actor.spaceId, input.name, id); !ok)
            return ok;
        auto q = db.cached(
            "INSERT INTO workspaces (id, space_id, name, description, default_repository_id, "
            "owner_user_id, visibility, query_connector_ids, customization, created_at, "
            "updated_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)");
        q->bind(1, id)
            .bind(2, actor.spaceId)
            .bind(3, std::string(trimmed(input.name)))
            .bind(4, input.description);
        q->bind(5, input.defaultRepositoryId)
            .bind(6, owner)
            .bind(7, visibilityName(input.visibility.value_or(kDefaultWorkspaceVisibility)));
        q->bind(8, nlohmann::json(input.queryConnectorIds).dump())
            .bind(9, input.customization.dump());
        q->bind(10, now).bind(11, now).run();
        record(tx, actor,
               AuditEvent{0,
                          actor.spaceId,
                          actor.userId,
                          "workspace.created",
                          "workspace",
                          id,
                          {},
                          {{"name", input.name}},
                          now});
        return {};
    });
    if (!written)
        return fail(written.error());
    return reload(actor, id);
}

Result<WorkspaceView> WorkspaceService::update(const Actor &actor, const std::string &id,
                                               const WorkspacePatch &patch)
{
    auto view = requireVisible(actor, id);
    if (!view)
        return view;
    const Workspace &current = *view->workspace;
    const bool content = patch.name || patch.description || patch.defaultRepositoryId ||
                         patch.queryConnectorIds || patch.customization;
    const bool control = patch.ownerUserId || patch.visibility;
    if (content && !view->permissions.manage)
        return fail(Error::forbidden("you cannot change workspace '" + current.name + "'"));
    if (control && !view->permissions.administer)
        return fail(
            Error::forbidden("only the owner or a space admin can change the owner or visibility"));
    if (current.archivedAt)
        return fail(Error::conflict("workspace '" + current.name + "' is archived"));
    if (patch.name) {
        if (auto ok = checkName(*patch.name); !ok)
            return fail(ok.error());
    }
    if (patch.description) {
        if (auto ok = checkDescription(*patch.description); !ok)
            return fail(ok.error());
    }
    if (patch.customization && !patch.customization->is_object())
        return fail(Error::invalid("customization must be an object", "customization"));

    Workspace next = current;
    if (patch.name)
        next.name = std::string(trimmed(*patch.name));
    if (patch.description)
        next.description = *patch.description;
    if (patch.defaultRepositoryId)
        next.defaultRepositoryId = *patch.defaultRepositoryId;
    if (patch.ownerUserId)
        next.ownerUserId = *patch.ownerUserId;
    if (patch.visibility)
        next.visibility = *patch.visibility;
    if (patch.queryConnectorIds)
        next.queryConnectorIds = *patch.queryConnectorIds;
    if (patch.customization)
        next.customization = *patch.customization;
    if (next.name == current.name && next.description == current.description &&
        next.defaultRepositoryId == current.defaultRepositoryId &&
        next.ownerUserId == current.ownerUserId && next.visibility == current.visibility &&
        next.queryConnectorIds == current.queryConnectorIds &&
        next.customization == current.customization)
        return view; // nothing changed: nothing written

    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        const std::optional<std::string> repository =
            patch.defaultRepositoryId ? *patch.defaultRepositoryId : std::nullopt;
        if (auto ok = checkReferences(db, actor, repository,
                                      patch.queryConnectorIds ? &*patch.queryConnectorIds : nullptr,
                                      patch.ownerUserId);
            !ok)
            return ok;
        if (patch.name) {
            if (auto ok = checkUniqueName(db, actor.spaceId, next.name, id); !ok)
                return ok;
        }
        auto q = db.cached(
            "UPDATE workspaces SET name = ?, description = ?, default_repository_id = ?, "
            "owner_user_id = ?, visibility = ?, query_connector_ids = ?, customization = ?, "
            "updated_at = ? WHERE id = ? AND space_id = ? AND archived_at IS NULL");
        q->bind(1, next.name)
            .bind(2, next.description)
            .bind(3, next.defaultRepositoryId)
            .bind(4, next.ownerUserId);
        q->bind(5, visibilityName(next.visibility))
            .bind(6, nlohmann::json(next.queryConnectorIds).dump());
        q->bind(7, next.customization.dump())
            .bind(8, now)
            .bind(9, id)
            .bind(10, actor.spaceId)
            .run();
        if (db.changes() == 0)
            return fail(Error::conflict("workspace '" + current.name + "' is archived"));
        nlohmann::json changed = nlohmann::json::array();
        if (next.name != current.name)
            changed.push_back("name");
        if (next.description != current.description)
            changed.push_back("description");
        if (next.defaultRepositoryId != current.defaultRepositoryId)
            changed.push_back("default_repository_id");
        if (next.ownerUserId != current.ownerUserId)
            changed.push_back("owner_user_id");
        if (next.visibility != current.visibility)
            changed.push_back("visibility");
        if (next.queryConnectorIds != current.queryConnectorIds)
            changed.push_back("authoring_query_connector_ids");
        if (next.customization != current.customization)
            changed.push_back("customization");
        record(tx, actor,
               AuditEvent{0,
                          actor.spaceId,
                          actor.userId,
                          "workspace.updated",
                          "workspace",
                          id,
                          {},
                          {{"fields", changed}},
                          now});
        return {};
    });
    if (!written)
        return fail(written.error());
    return reload(actor, id);
}

Result<WorkspaceView> WorkspaceService::setAccess(const Actor &actor, const std::string &id,
                                                  const WorkspaceAccessUpdate &update)
{
    auto view = requireVisible(actor, id);
    if (!view)
        return view;
    if (!view->permissions.administer)
        return fail(
            Error::forbidden("only the owner or a space admin can change workspace access"));
    if (view->workspace->archivedAt)
        return fail(Error::conflict("workspace '" + view->workspace->name + "' is archived"));
    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        for (const auto &[userId, access] : update.grants) {
            auto q = db.cached("SELECT 1 FROM space_roles WHERE space_id = ? AND user_id = ?");
            q->bind(1, actor.spaceId).bind(2, userId);
            if (!q->step()) {
                Error e = Error::notFound("user '" + userId + "' is not a member of this space");
                e.details["field"] = "grants";
                return fail(std::move(e));
            }
        }
        {
            auto q = db.cached("UPDATE workspaces SET visibility = ?, updated_at = ? WHERE id = ?");
            q->bind(1, visibilityName(update.visibility)).bind(2, now).bind(3, id).run();
        }
        {
            auto q = db.cached("DELETE FROM workspace_grants WHERE workspace_id = ?");
            q->bind(1, id).run();
        }
        nlohmann::json grants = nlohmann::json::array();
        for (const auto &[userId, access] : update.grants) {
            auto q = db.cached(
                "INSERT INTO workspace_grants (workspace_id, user_id, access) VALUES (?,?,?)");
            q->bind(1, id).bind(2, userId).bind(3, grantAccessName(access)).run();
            grants.push_back(
                {{"user_id", userId}, {"access", std::string(grantAccessName(access))}});
        }
        record(tx, actor,
               AuditEvent{0,
                          actor.spaceId,
                          actor.userId,
                          "workspace.access_changed",
                          "workspace",
                          id,
                          {},
                          {{"visibility", std::string(visibilityName(update.visibility))},
                           {"grants", grants}},
                          now});
        return {};
    });
    if (!written)
        return fail(written.error());
    return reload(actor, id);
}

Result<WorkspaceView> WorkspaceService::archive(const Actor &actor, const std::string &id)
{
    auto view = requireVisible(actor, id);
    if (!view)
        return view;
    if (!view->permissions.administer)
        return fail(Error::forbidden("only the owner or a space admin can archive a workspace"));
    if (view->workspace->archivedAt)
        return fail(
            Error::conflict("workspace '" + view->workspace->name + "' is already archived"));
    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        auto q = db.cached("UPDATE workspaces SET archived_at = ?, updated_at = ? WHERE id = ? AND "
                           "archived_at IS NULL");
        q->bind(1, now).bind(2, now).bind(3, id).run();
        if (db.changes() == 0)
            return fail(Error::conflict("workspace is already archived"));
        record(tx, actor,
               AuditEvent{0,
                          actor.spaceId,
                          actor.userId,
                          "workspace.archived",
                          "workspace",
                          id,
                          {},
                          nlohmann::json::object(),
                          now});
        return {};
    });
    if (!written)
        return fail(written.error());
    return reload(actor, id);
}

Result<UserSettings> WorkspaceService::settings(const Actor &actor)
{
    return m_store.read([&](Database &db) -> Result<UserSettings> {
        auto q = db.cached("SELECT default_repository_id, updated_at FROM user_settings WHERE "
                           "user_id = ? AND space_id = ?");
        q->bind(1, actor.userId).bind(2, actor.spaceId);
        if (!q->step())
            return UserSettings{};
        return UserSettings{q->optionalText(0), q->text(1)};
    });
}

Result<UserSettings>
WorkspaceService::updateSettings(const Actor &actor,
                                 const std::optional<std::string> &defaultRepositoryId)
{
    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Result<UserSettings> {
        Database &db = tx.db();
        if (defaultRepositoryId) {
            if (auto ok = Registry::requireRepository(db, actor.spaceId, *defaultRepositoryId,
                                                      "default_repository_id");
                !ok)
                return fail(ok.error());
        }
        auto q = db.cached(
            "INSERT INTO user_settings (user_id, space_id, default_repository_id, updated_at) "
            "VALUES (?,?,?,?) ON CONFLICT (user_id, space_id) DO UPDATE SET "
            "default_repository_id = excluded.default_repository_id, updated_at = "
            "excluded.updated_at");
        q->bind(1, actor.userId)
            .bind(2, actor.spaceId)
            .bind(3, defaultRepositoryId)
            .bind(4, now)
            .run();
        record(tx, actor,
               AuditEvent{0,
                          actor.spaceId,
                          actor.userId,
                          "settings.updated",
                          "user_settings",
                          actor.userId,
                          {},
                          {{"default_repository_id", defaultRepositoryId
                                                         ? nlohmann::json(*defaultRepositoryId)
                                                         : nlohmann::json()}},
                          now});
        return UserSettings{defaultRepositoryId, now};
    });
    return written;
}

} // namespace pw::core
