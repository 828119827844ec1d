#include "common.h"

#include "authoringjson.h"
#include "core/app/core.h"
#include "core/spec/specio.h"
#include "core/util/limits.h"
#include "server/http/fieldreader.h"
#include "server/http/pagination.h"

namespace pw::server::authoring {

namespace {

using core::Error;
using nlohmann::json;

ApiResponse listWorkspaces(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto archived = boolQuery(req, "include_archived");
    if (!archived)
        return fromError(archived.error());
    core::WorkspaceQuery query{*archived, req.queryValue("q").value_or(""), *page};
    auto result = ctx.core.workspaces().list(req.requireActor(), query);
    if (!result)
        return fromError(result.error());
    json items = json::array();
    for (const core::WorkspaceView &w : result->items)
        items.push_back(workspaceJson(w, req.requireActor().spaceSlug));
    return pageResponse(req, *page, items, result->total);
}

ApiResponse createWorkspace(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::WorkspaceCreate input;
    input.name = in.requiredString("name");
    input.description = in.optionalString("description").value_or("");
    input.defaultRepositoryId = in.nullableString("default_repository_id").value_or(std::nullopt);
    input.ownerUserId = in.nullableString("owner_user_id").value_or(std::nullopt);
    const auto visibility = in.optionalString("visibility");
    input.queryConnectorIds =
        in.optionalStringList("authoring_query_connector_ids").value_or(std::vector<std::string>{});
    if (const json *customization = in.optionalObject("customization"))
        input.customization = *customization;
    if (!in.ok())
        return fromError(in.error());
    if (visibility) {
        const auto v = core::visibilityFromName(*visibility);
        if (!v)
            return fromError(
                Error::invalid("'visibility' must be 'private' or 'shared'", "visibility"));
        input.visibility = *v;
    }
    auto created = ctx.core.workspaces().create(req.requireActor(), input);
    if (!created)
        return fromError(created.error());
    return ApiResponse::json(201, workspaceJson(*created, req.requireActor().spaceSlug));
}

ApiResponse getWorkspace(Context &ctx, ApiRequest &req)
{
    auto view = ctx.core.workspaces().get(req.requireActor(), req.param("workspace_id"));
    if (!view)
        return fromError(view.error());
    return ApiResponse::json(200, workspaceJson(*view, req.requireActor().spaceSlug));
}

ApiResponse patchWorkspace(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::WorkspacePatch patch;
    patch.name = in.optionalString("name");
    patch.description = in.optionalString("description");
    patch.defaultRepositoryId = in.nullableString("default_repository_id");
    patch.ownerUserId = in.optionalString("owner_user_id");
    const auto visibility = in.optionalString("visibility");
    patch.queryConnectorIds = in.optionalStringList("authoring_query_connector_ids");
    if (const json *customization = in.optionalObject("customization"))
        patch.customization = *customization;
    if (!in.ok())
        return fromError(in.error());
    if (visibility) {
        patch.visibility = core::visibilityFromName(*visibility);
        if (!patch.visibility)
            return fromError(
                Error::invalid("'visibility' must be 'private' or 'shared'", "visibility"));
    }
    auto updated =
        ctx.core.workspaces().update(req.requireActor(), req.param("workspace_id"), patch);
    if (!updated)
        return fromError(updated.error());
    return ApiResponse::json(200, workspaceJson(*updated, req.requireActor().spaceSlug));
}

ApiResponse getWorkspaceAccess(Context &ctx, ApiRequest &req)
{
    auto view = ctx.core.workspaces().get(req.requireActor(), req.param("workspace_id"));
    if (!view)
        return fromError(view.error());
    return ApiResponse::json(200, workspaceAccessJson(*view));
}

ApiResponse putWorkspaceAccess(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string visibilityText = in.requiredString("visibility");
    const json *grants = in.optionalArray("grants");
    if (!in.ok())
        return fromError(in.error());
    core::WorkspaceAccessUpdate update;
    const auto visibility = core::visibilityFromName(visibilityText);
    if (!visibility)
        return fromError(
            Error::invalid("'visibility' must be 'private' or 'shared'", "visibility"));
    update.visibility = *visibility;
    if (grants) {
        for (size_t i = 0; i < grants->size(); ++i) {
            const std::string field = "grants[" + std::to_string(i) + "]";
            if (!(*grants)[i].is_object())
                return fromError(Error::invalid("'" + field + "' must be an object", field));
            FieldReader g((*grants)[i], field + ".");
            const std::string userId = g.requiredString("user_id");
            const std::string accessText = g.requiredString("access");
            if (!g.ok())
                return fromError(g.error());
            const auto access = core::grantAccessFromName(accessText);
            if (!access)
                return fromError(Error::invalid("'" + field + ".access' must be 'view' or 'manage'",
                                                field + ".access"));
            update.grants[userId] = *access;
        }
    }
    auto updated =
        ctx.core.workspaces().setAccess(req.requireActor(), req.param("workspace_id"), update);
    if (!updated)
        return fromError(updated.error());
    return ApiResponse::json(200, workspaceAccessJson(*updated));
}

ApiResponse archiveWorkspace(Context &ctx, ApiRequest &req)
{
    auto archived = ctx.core.workspaces().archive(req.requireActor(), req.param("workspace_id"));
    if (!archived)
        return fromError(archived.error());
    return ApiResponse::json(200, workspaceJson(*archived, req.requireActor().spaceSlug));
}

ApiResponse getSettings(Context &ctx, ApiRequest &req)
{
    auto settings = ctx.core.workspaces().settings(req.requireActor());
    if (!settings)
        return fromError(settings.error());
    return ApiResponse::json(200, settingsJson(*settings));
}

ApiResponse patchSettings(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const auto repository = in.nullableString("default_repository_id");
    if (!in.ok())
        return fromError(in.error());
    if (!repository) {
        auto current = ctx.core.workspaces().settings(req.requireActor());
        if (!current)
            return fromError(current.error());
        return ApiResponse::json(200, settingsJson(*current));
    }
    auto updated = ctx.core.workspaces().updateSettings(req.requireActor(), *repository);
    if (!updated)
        return fromError(updated.error());
    return ApiResponse::json(200, settingsJson(*updated));
}

} // namespace

std::vector<Route> workspaceRoutes(const ContextPtr &ctx)
{
    const QueryParam includeArchived{.name = "include_archived",
                                     .description = "Also list archived items.",
                                     .schema = {{"type", "boolean"}, {"default", false}}};
    const QueryParam search{
        .name = "q",
        .description = "Text the name (or description) contains, case-insensitive.",
        .schema = {{"type", "string"}, {"maxLength", core::kMaxSearchTextBytes}}};
    return {
        // Workspaces and settings
        {.method = "GET",
         .pattern = "/workspaces",
         .operationId = "listWorkspaces",
         .summary = "List workspaces",
         .tag = "Workspaces",
         .paginated = true,
         .query = {includeArchived, search},
         .responseSchema = listOf("Workspace"),
         .handler = bind(ctx, listWorkspaces)},
        {.method = "POST",
         .pattern = "/workspaces",
         .operationId = "createWorkspace",
         .summary = "Create a workspace",
         .tag = "Workspaces",
         .successStatus = 201,
         .body = BodyUse::Required,
         .requestSchema = schemaRef("WorkspaceCreate"),
         .responseSchema = schemaRef("Workspace"),
         .handler = bind(ctx, createWorkspace)},
        {.method = "GET",
         .pattern = "/workspaces/{workspace_id}",
         .operationId = "getWorkspace",
         .summary = "Read one workspace",
         .tag = "Workspaces",
         .responseSchema = schemaRef("Workspace"),
         .handler = bind(ctx, getWorkspace)},
        {.method = "PATCH",
         .pattern = "/workspaces/{workspace_id}",
         .operationId = "updateWorkspace",
         .summary = "Update workspace metadata, repository, visibility, owner, connectors or "
                    "customization",
         .tag = "Workspaces",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("WorkspacePatch"),
         .responseSchema = schemaRef("Workspace"),
         .handler = bind(ctx, patchWorkspace)},
        {.method = "GET",
         .pattern = "/workspaces/{workspace_id}/access",
         .operationId = "getWorkspaceAccess",
         .summary = "Read workspace access settings",
         .tag = "Workspaces",
         .responseSchema = schemaRef("WorkspaceAccess"),
         .handler = bind(ctx, getWorkspaceAccess)},
        {.method = "PUT",
         .pattern = "/workspaces/{workspace_id}/access",
         .operationId = "replaceWorkspaceAccess",
         .summary = "Replace workspace access settings",
         .tag = "Workspaces",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("WorkspaceAccessUpdate"),
         .responseSchema = schemaRef("WorkspaceAccess"),
         .handler = bind(ctx, putWorkspaceAccess)},
        {.method = "POST",
         .pattern = "/workspaces/{workspace_id}/archive",
         .operationId = "archiveWorkspace",
         .summary = "Archive a workspace",
         .tag = "Workspaces",
         .responseSchema = schemaRef("Workspace"),
         .handler = bind(ctx, archiveWorkspace)},
        {.method = "GET",
         .pattern = "/settings",
         .operationId = "getSettings",
         .summary = "Read the current user's defaults",
         .tag = "Settings",
         .responseSchema = schemaRef("Settings"),
         .handler = bind(ctx, getSettings)},
        {.method = "PATCH",
         .pattern = "/settings",
         .operationId = "updateSettings",
         .summary = "Update the current user's default repository",
         .tag = "Settings",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("SettingsPatch"),
         .responseSchema = schemaRef("Settings"),
         .handler = bind(ctx, patchSettings)},
    };
}

} // namespace pw::server::authoring
