#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pw::core {

enum class Role
{
    Viewer,
    Editor,
    Admin
};
std::string_view roleName(Role role);
std::optional<Role> roleFromName(std::string_view name);

enum class Visibility
{
    Private,
    Shared
};
std::string_view visibilityName(Visibility visibility);
std::optional<Visibility> visibilityFromName(std::string_view name);

enum class GrantAccess
{
    View,
    Manage
};
std::string_view grantAccessName(GrantAccess access);
std::optional<GrantAccess> grantAccessFromName(std::string_view name);

// A caller acting inside one space with its role there. Only AccessService makes these.
struct Actor
{
    std::string userId;
    std::string userName;
    std::string spaceId;
    std::string spaceSlug;
    Role role = Role::Viewer;
    std::string tokenId; // the API token the caller presented; empty in the window and the CLI
};

// What an actor may do with one workspace and everything in it.
struct WorkspacePermissions
{
    bool view = false;       // read the workspace and its definitions
    bool manage = false;     // edit metadata, create and change definitions
    bool administer = false; // change access and owner, archive

    bool operator==(const WorkspacePermissions &) const = default;
};

// The one rule for workspace access. Space admins may do everything. The owner administers
// (unless only a viewer in the space). A shared workspace is visible to every member and
// managed by editors; a private one only to its owner and direct grantees. A grant never lifts a
// space viewer above read-only.
WorkspacePermissions workspacePermissions(const Actor &actor, std::string_view ownerUserId,
                                          Visibility visibility, std::optional<GrantAccess> grant);

} // namespace pw::core
