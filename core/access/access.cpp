#include "access.h"

namespace pw::core {

std::string_view roleName(Role role)
{
    switch (role) {
    case Role::Admin:
        return "admin";
    case Role::Editor:
        return "editor";
    case Role::Viewer:
        return "viewer";
    }
    return "viewer";
}

std::optional<Role> roleFromName(std::string_view name)
{
    if (name == "admin")
        return Role::Admin;
    if (name == "editor")
        return Role::Editor;
    if (name == "viewer")
        return Role::Viewer;
    return std::nullopt;
}

std::string_view visibilityName(Visibility visibility)
{
    return visibility == Visibility::Shared ? "shared" : "private";
}

std::optional<Visibility> visibilityFromName(std::string_view name)
{
    if (name == "shared")
        return Visibility::Shared;
    if (name == "private")
        return Visibility::Private;
    return std::nullopt;
}

std::string_view grantAccessName(GrantAccess access)
{
    return access == GrantAccess::Manage ? "manage" : "view";
}

std::optional<GrantAccess> grantAccessFromName(std::string_view name)
{
    if (name == "manage")
        return GrantAccess::Manage;
    if (name == "view")
        return GrantAccess::View;
    return std::nullopt;
}

WorkspacePermissions workspacePermissions(const Actor &actor, std::string_view ownerUserId,
                                          Visibility visibility, std::optional<GrantAccess> grant)
{
    if (actor.role == Role::Admin)
        return {true, true, true};
    const bool canWrite = actor.role == Role::Editor;
    WorkspacePermissions p;
    if (actor.userId == ownerUserId) {
        p.view = true;
        p.manage = canWrite;
        p.administer = canWrite;
        return p;
    }
    p.view = visibility == Visibility::Shared || grant.has_value();
    p.manage = canWrite && (visibility == Visibility::Shared || grant == GrantAccess::Manage);
    return p;
}

} // namespace pw::core
