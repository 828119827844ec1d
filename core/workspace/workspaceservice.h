#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../store/store.h"
#include "../util/page.h"

namespace pw::core {

struct Workspace
{
    std::string id;
    std::string spaceId;
    std::string name;
    std::string description;
    std::optional<std::string> defaultRepositoryId;
    std::string ownerUserId;
    Visibility visibility = Visibility::Private;
    std::vector<std::string> queryConnectorIds;
    nlohmann::json customization = nlohmann::json::object();
    std::optional<std::string> archivedAt;
    std::string createdAt;
    std::string updatedAt;
    std::map<std::string, GrantAccess> grants; // user id → access
};

struct WorkspaceView
{
    std::shared_ptr<const Workspace> workspace;
    WorkspacePermissions permissions;
};

// A new workspace is private to its owner unless it is asked to be shared.
inline constexpr Visibility kDefaultWorkspaceVisibility = Visibility::Private;

struct WorkspaceCreate
{
    std::string name;
    std::string description;
    std::optional<std::string> defaultRepositoryId;
    std::optional<std::string> ownerUserId; // default: the caller
    // Left empty, core decides: kDefaultWorkspaceVisibility, for the window and the API alike.
    std::optional<Visibility> visibility;
    std::vector<std::string> queryConnectorIds;
    nlohmann::json customization = nlohmann::json::object();
};

// Absent members leave the field as it is; a present empty inner optional clears it.
struct WorkspacePatch
{
    std::optional<std::string> name;
    std::optional<std::string> description;
    std::optional<std::optional<std::string>> defaultRepositoryId;
    std::optional<std::string> ownerUserId;
    std::optional<Visibility> visibility;
    std::optional<std::vector<std::string>> queryConnectorIds;
    std::optional<nlohmann::json> customization;
};

struct WorkspaceAccessUpdate
{
    Visibility visibility = Visibility::Private;
    std::map<std::string, GrantAccess> grants;
};

struct WorkspaceQuery
{
    bool includeArchived = false;
    std::string text;
    PageRequest page;
};

struct UserSettings
{
    std::optional<std::string> defaultRepositoryId;
    std::string updatedAt;
};

// Workspaces, their access (visibility, owner, direct grants) and per-user settings. It is the
// place that answers "may this actor see / manage this workspace" for every other service.
class WorkspaceService
{
public:
    explicit WorkspaceService(Store &store);

    Result<Page<WorkspaceView>> list(const Actor &actor, const WorkspaceQuery &query);
    Result<WorkspaceView> get(const Actor &actor, const std::string &id);
    Result<WorkspaceView> create(const Actor &actor, const WorkspaceCreate &input);
    Result<WorkspaceView> update(const Actor &actor, const std::string &id,
                                 const WorkspacePatch &patch);
    Result<WorkspaceView> setAccess(const Actor &actor, const std::string &id,
                                    const WorkspaceAccessUpdate &update);
    Result<WorkspaceView> archive(const Actor &actor, const std::string &id);

    Result<UserSettings> settings(const Actor &actor);
    Result<UserSettings> updateSettings(const Actor &actor,
                                        const std::optional<std::string> &defaultRepositoryId);

    // For other services. Visible: not_found otherwise. Managed: forbidden when visible only;
    // conflict when archived.
    Result<WorkspaceView> requireVisible(const Actor &actor, const std::string &id);
    Result<WorkspaceView> requireManaged(const Actor &actor, const std::string &id);
    // Ids of the workspaces of the actor's space that it may see.
    Result<std::vector<std::string>> visibleIds(const Actor &actor, bool includeArchived);
    WorkspacePermissions permissions(const Actor &actor, const Workspace &workspace) const;

private:
    using SpaceWorkspaces = std::unordered_map<std::string, std::shared_ptr<const Workspace>>;
    Result<std::shared_ptr<const SpaceWorkspaces>> spaceWorkspaces(const std::string &spaceId);
    void invalidate(const std::string &spaceId);
    Status checkReferences(Database &db, const Actor &actor,
                           const std::optional<std::string> &repository,
                           const std::vector<std::string> *connectors,
                           const std::optional<std::string> &owner);
    Result<WorkspaceView> reload(const Actor &actor, const std::string &id);
    // The workspace with the actor's permissions on it, whether or not the actor may see it.
    Result<WorkspaceView> lookup(const Actor &actor, const std::string &id);
    // Ends every workspace write: its audit event, the cache refreshed after commit, its event.
    void record(WriteTx &tx, const Actor &actor, const AuditEvent &event);

    Store &m_store;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<const SpaceWorkspaces>> m_cache; // by space
    // Bumped by every invalidation; a reader stores what it loaded only if no writer
    // invalidated meanwhile, so a snapshot older than a commit never lands in the cache.
    uint64_t m_generation = 0;
};

} // namespace pw::core
