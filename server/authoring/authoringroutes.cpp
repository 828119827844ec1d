#include "authoringroutes.h"

#include "authoringjson.h"
#include "authoringschemas.h"
#include "core/app/core.h"
#include "core/definition/graphquery.h"
#include "core/spec/specio.h"
#include "core/util/limits.h"
#include "server/http/fieldreader.h"
#include "server/http/pagination.h"
#include "server/http/router.h"

namespace pw::server {

namespace {

using core::Error;
using nlohmann::json;

constexpr const char *kBase = "/api/v1.0/spaces/{space_slug}/pipeline-authoring";

std::string path(const char *suffix) { return std::string(kBase) + suffix; }

ApiResponse fromError(const Error &error) { return ApiResponse::error(error); }

core::Result<bool> boolQuery(const ApiRequest &request, const char *name)
{
    const auto value = request.queryValue(name);
    if (!value || value->empty() || *value == "false" || *value == "0")
        return false;
    if (*value == "true" || *value == "1")
        return true;
    return core::fail(Error::invalid(std::string("query parameter '") + name + "' must be true or false", name));
}

// Shape problems of a spec in a request are 400s naming the field; rule problems (unknown
// type, cycle, ...) are left to core's validation, which answers 422.
core::Result<core::Spec> specFromJson(json &&source, const std::string &field)
{
    core::SpecRead read = core::readSpec(std::move(source), field);
    for (const core::Problem &p : read.problems) {
        if (!p.isError())
            continue;
        Error e = Error::invalid(p.message, p.path);
        e.details["problems"] = core::problemsToJson(read.problems);
        return core::fail(std::move(e));
    }
    return std::move(read.spec);
}

core::Result<core::Node> nodeFromJson(const json &source, const std::string &field)
{
    core::NodeRead read = core::readNode(source, field);
    for (const core::Problem &p : read.problems) {
        if (p.isError())
            return core::fail(Error::invalid(p.message, p.path));
    }
    if (read.node.id.empty())
        return core::fail(Error::invalid("'" + field + ".id' is required", field + ".id"));
    return std::move(read.node);
}

core::Result<core::Edge> edgeFromJson(const json &source, const std::string &field)
{
    if (!source.is_object())
        return core::fail(Error::invalid("'" + field + "' must be an object", field));
    FieldReader in(source, field + ".");
    core::Edge edge{in.requiredString("upstream"), in.requiredString("downstream"), false};
    if (!in.ok())
        return core::fail(in.error());
    return edge;
}

core::Result<std::vector<core::Edge>> edgesFromJson(const json &array, const std::string &field)
{
    std::vector<core::Edge> out;
    out.reserve(array.size());
    for (size_t i = 0; i < array.size(); ++i) {
        auto edge = edgeFromJson(array[i], field + "[" + std::to_string(i) + "]");
        if (!edge)
            return core::fail(edge.error());
        out.push_back(std::move(*edge));
    }
    return out;
}

struct Context
{
    core::Core &core;
};

// ---- workspaces and settings ------------------------------------------------------------

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
    input.queryConnectorIds = in.optionalStringList("authoring_query_connector_ids").value_or(std::vector<std::string>{});
    if (const json *customization = in.optionalObject("customization"))
        input.customization = *customization;
    if (!in.ok())
        return fromError(in.error());
    if (visibility) {
        const auto v = core::visibilityFromName(*visibility);
        if (!v)
            return fromError(Error::invalid("'visibility' must be 'private' or 'shared'", "visibility"));
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
            return fromError(Error::invalid("'visibility' must be 'private' or 'shared'", "visibility"));
    }
    auto updated = ctx.core.workspaces().update(req.requireActor(), req.param("workspace_id"), patch);
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
        return fromError(Error::invalid("'visibility' must be 'private' or 'shared'", "visibility"));
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
                return fromError(Error::invalid("'" + field + ".access' must be 'view' or 'manage'", field + ".access"));
            update.grants[userId] = *access;
        }
    }
    auto updated = ctx.core.workspaces().setAccess(req.requireActor(), req.param("workspace_id"), update);
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

// ---- definitions and versions -----------------------------------------------------------

ApiResponse definitionResponse(int status, const core::DefinitionView &view, const ApiRequest &req)
{
    return ApiResponse::rawJson(status, definitionText(view, req.requireActor().spaceSlug));
}

ApiResponse listDefinitions(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto archived = boolQuery(req, "include_archived");
    if (!archived)
        return fromError(archived.error());
    core::DefinitionQuery query;
    query.workspaceId = req.queryValue("workspace_id");
    if (query.workspaceId && query.workspaceId->empty())
        query.workspaceId.reset();
    query.text = req.queryValue("q").value_or("");
    query.includeArchived = *archived;
    query.page = *page;
    auto result = ctx.core.definitions().list(req.requireActor(), query);
    if (!result)
        return fromError(result.error());
    json items = json::array();
    for (const core::DefinitionSummary &s : result->items)
        items.push_back(definitionSummaryJson(s, req.requireActor().spaceSlug));
    return pageResponse(req, *page, items, result->total);
}

ApiResponse createDefinition(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::DefinitionCreate input;
    input.meta.name = in.requiredString("name");
    input.meta.description = in.optionalString("description").value_or("");
    input.meta.target = in.optionalString("target").value_or("airflow");
    input.meta.workspaceId = in.requiredString("workspace_id");
    input.meta.repositoryId = in.nullableString("repository_id").value_or(std::nullopt);
    const json *specJson = in.optionalObject("spec");
    input.changeSummary = in.optionalString("change_summary").value_or("");
    if (!in.ok())
        return fromError(in.error());
    if (specJson) {
        // The body is ours: move the spec out of it instead of copying megabytes.
        auto spec = specFromJson(std::move((*body)["spec"]), "spec");
        if (!spec)
            return fromError(spec.error());
        input.spec = std::move(*spec);
    }
    auto created = ctx.core.definitions().create(req.requireActor(), std::move(input));
    if (!created)
        return fromError(created.error());
    return definitionResponse(201, *created, req);
}

ApiResponse getDefinition(Context &ctx, ApiRequest &req)
{
    auto view = ctx.core.definitions().get(req.requireActor(), req.param("definition_id"));
    if (!view)
        return fromError(view.error());
    return definitionResponse(200, *view, req);
}

ApiResponse patchDefinition(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::DefinitionPatch patch;
    patch.name = in.optionalString("name");
    patch.description = in.optionalString("description");
    patch.target = in.optionalString("target");
    patch.workspaceId = in.optionalString("workspace_id");
    patch.repositoryId = in.nullableString("repository_id");
    const json *specJson = in.optionalObject("spec");
    patch.changeSummary = in.optionalString("change_summary").value_or("");
    if (!in.ok())
        return fromError(in.error());
    if (specJson) {
        auto spec = specFromJson(std::move((*body)["spec"]), "spec");
        if (!spec)
            return fromError(spec.error());
        patch.spec = std::move(*spec);
    }
    auto updated = ctx.core.definitions().update(req.requireActor(), req.param("definition_id"), std::move(patch));
    if (!updated)
        return fromError(updated.error());
    return definitionResponse(200, *updated, req);
}

ApiResponse listVersions(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto result = ctx.core.definitions().versions(req.requireActor(), req.param("definition_id"), *page);
    if (!result)
        return fromError(result.error());
    json items = json::array();
    for (const core::VersionInfo &v : result->items)
        items.push_back(versionJson(v));
    return pageResponse(req, *page, items, result->total);
}

ApiResponse getVersion(Context &ctx, ApiRequest &req)
{
    auto version = ctx.core.definitions().version(req.requireActor(), req.param("definition_id"), req.param("version_id"));
    if (!version)
        return fromError(version.error());
    json out = versionJson(version->info);
    out["spec"] = core::specToJson(version->spec, false);
    return ApiResponse::json(200, out);
}

ApiResponse compareVersion(Context &ctx, ApiRequest &req)
{
    auto other = req.queryValue("to_version_id");
    if (other && other->empty())
        other.reset();
    auto comparison = ctx.core.definitions().compare(req.requireActor(), req.param("definition_id"),
                                                     req.param("version_id"), other);
    if (!comparison)
        return fromError(comparison.error());
    return ApiResponse::json(200, comparisonJson(*comparison));
}

std::string optionalSummary(const ApiRequest &req, core::Result<json> *bodyOut = nullptr)
{
    if (auto q = req.queryValue("change_summary"))
        return *q;
    if (req.body.trimmed().isEmpty())
        return {};
    auto body = req.jsonObject();
    if (bodyOut)
        *bodyOut = body;
    if (body) {
        const auto it = body->find("change_summary");
        if (it != body->end() && it->is_string())
            return it->get<std::string>();
    }
    return {};
}

ApiResponse restoreVersion(Context &ctx, ApiRequest &req)
{
    core::Result<json> body = json::object();
    const std::string summary = optionalSummary(req, &body);
    if (!body)
        return fromError(body.error());
    if (const auto it = body->find("change_summary"); it != body->end() && !it->is_string() && !it->is_null())
        return fromError(Error::invalid("'change_summary' must be a string", "change_summary"));
    auto restored = ctx.core.definitions().restore(req.requireActor(), req.param("definition_id"),
                                                   req.param("version_id"), summary);
    if (!restored)
        return fromError(restored.error());
    return definitionResponse(200, *restored, req);
}

ApiResponse archiveDefinition(Context &ctx, ApiRequest &req)
{
    auto archived = ctx.core.definitions().archive(req.requireActor(), req.param("definition_id"));
    if (!archived)
        return fromError(archived.error());
    return definitionResponse(200, *archived, req);
}

// ---- graph ------------------------------------------------------------------------------

ApiResponse listNodes(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto view = ctx.core.definitions().get(req.requireActor(), req.param("definition_id"));
    if (!view)
        return fromError(view.error());
    const core::Spec &spec = view->definition->spec;
    const std::vector<core::NodeDegree> degrees = core::degrees(spec);
    json items = json::array();
    const auto total = static_cast<int64_t>(spec.nodes.size());
    for (int64_t i = page->offset; i < std::min(total, page->offset + page->limit); ++i) {
        const auto at = static_cast<size_t>(i);
        items.push_back(nodeListItemJson(spec.nodes[at], degrees[at].upstream, degrees[at].downstream));
    }
    return pageResponse(req, *page, items, total);
}

ApiResponse getNode(Context &ctx, ApiRequest &req)
{
    auto view = ctx.core.definitions().get(req.requireActor(), req.param("definition_id"));
    if (!view)
        return fromError(view.error());
    const core::Spec &spec = view->definition->spec;
    const std::string &nodeId = req.param("node_id");
    const core::Node *node = spec.findNode(nodeId);
    if (!node)
        return fromError(Error::notFound("node '" + nodeId + "' was not found"));
    const core::IncidentEdges incident = core::incidentEdges(spec, nodeId);
    json up = json::array();
    json down = json::array();
    for (const core::Edge &e : incident.upstream)
        up.push_back(e.id());
    for (const core::Edge &e : incident.downstream)
        down.push_back(e.id());
    json out = core::nodeToJson(*node);
    out["upstream_edge_ids"] = std::move(up);
    out["downstream_edge_ids"] = std::move(down);
    return ApiResponse::json(200, out);
}

ApiResponse graphResponse(int status, const core::DefinitionView &view, const ApiRequest &req, const char *key,
                          const json &value)
{
    return ApiResponse::rawJson(status, wrapDefinition(definitionText(view, req.requireActor().spaceSlug), key, value));
}

ApiResponse addNode(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const json *nodeJson = in.requiredObject("node");
    const auto upstream = in.optionalStringList("upstream");
    const auto downstream = in.optionalStringList("downstream");
    const std::string summary = in.optionalString("change_summary").value_or("");
    if (!in.ok())
        return fromError(in.error());
    auto node = nodeFromJson(*nodeJson, "node");
    if (!node)
        return fromError(node.error());
    core::GraphEdit edit;
    const std::string id = node->id;
    edit.addNodes.push_back(std::move(*node));
    for (const std::string &u : upstream.value_or(std::vector<std::string>{}))
        edit.addEdges.push_back({u, id, false});
    for (const std::string &d : downstream.value_or(std::vector<std::string>{}))
        edit.addEdges.push_back({id, d, false});
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"), edit, summary);
    if (!updated)
        return fromError(updated.error());
    const core::Node *added = updated->definition->spec.findNode(id);
    return graphResponse(201, *updated, req, "node", added ? core::nodeToJson(*added) : json());
}

ApiResponse patchNode(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const json *nested = in.optionalObject("node");
    const std::string summary = in.optionalString("change_summary").value_or("");
    if (!in.ok())
        return fromError(in.error());
    json changes = nested ? *nested : *body;
    if (!nested)
        changes.erase("change_summary");
    if (changes.empty())
        return fromError(Error::invalid("the patch has no node fields", "node"));
    core::GraphEdit edit;
    edit.updateNodes.push_back({req.param("node_id"), std::move(changes)});
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"), edit, summary);
    if (!updated)
        return fromError(updated.error());
    const core::Node *node = updated->definition->spec.findNode(req.param("node_id"));
    return graphResponse(200, *updated, req, "node", node ? core::nodeToJson(*node) : json());
}

ApiResponse deleteNode(Context &ctx, ApiRequest &req)
{
    core::Result<json> body = json::object();
    const std::string summary = optionalSummary(req, &body);
    if (!body)
        return fromError(body.error());
    core::GraphEdit edit;
    edit.removeNodes.push_back(req.param("node_id"));
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"), edit, summary);
    if (!updated)
        return fromError(updated.error());
    // What went with the node is what its undo brings back, computed inside the write (a
    // read before it could miss a dependency added meanwhile).
    json removed = json::array();
    for (const core::Edge &e : updated->inverse.addEdges)
        removed.push_back(edgeJson(e));
    return graphResponse(200, *updated, req, "removed_dependencies", removed);
}

ApiResponse listDependencies(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto view = ctx.core.definitions().get(req.requireActor(), req.param("definition_id"));
    if (!view)
        return fromError(view.error());
    const auto &edges = view->definition->spec.edges;
    const auto total = static_cast<int64_t>(edges.size());
    json items = json::array();
    for (int64_t i = page->offset; i < std::min(total, page->offset + page->limit); ++i)
        items.push_back(edgeJson(edges[static_cast<size_t>(i)]));
    return pageResponse(req, *page, items, total);
}

ApiResponse addDependency(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string summary = in.optionalString("change_summary").value_or("");
    if (!in.ok())
        return fromError(in.error());
    const json &source = body->contains("dependency") ? (*body)["dependency"] : *body;
    auto edge = edgeFromJson(source, body->contains("dependency") ? "dependency" : "body");
    if (!edge) {
        Error e = edge.error();
        if (!body->contains("dependency")) {
            const std::string f = e.details.value("field", std::string());
            if (f.starts_with("body."))
                e.details["field"] = f.substr(5);
            const auto at = e.message.find("body.");
            if (at != std::string::npos)
                e.message.erase(at, 5);
        }
        return fromError(e);
    }
    core::GraphEdit edit;
    edit.addEdges.push_back(*edge);
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"), edit, summary);
    if (!updated)
        return fromError(updated.error());
    return graphResponse(201, *updated, req, "dependency", edgeJson(*edge));
}

ApiResponse deleteDependency(Context &ctx, ApiRequest &req)
{
    core::Edge edge;
    std::string summary;
    if (auto up = req.queryValue("upstream")) {
        edge.upstream = *up;
        edge.downstream = req.queryValue("downstream").value_or("");
        summary = req.queryValue("change_summary").value_or("");
        if (edge.downstream.empty())
            return fromError(Error::invalid("query parameter 'downstream' is required", "downstream"));
    } else {
        auto body = req.jsonObject();
        if (!body)
            return fromError(Error::invalid("name the dependency with a JSON body {\"upstream\", \"downstream\"} "
                                            "or the query parameters upstream and downstream"));
        FieldReader in(*body);
        edge.upstream = in.requiredString("upstream");
        edge.downstream = in.requiredString("downstream");
        summary = in.optionalString("change_summary").value_or("");
        if (!in.ok())
            return fromError(in.error());
    }
    core::GraphEdit edit;
    edit.removeEdges.push_back(edge);
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"), edit, summary);
    if (!updated)
        return fromError(updated.error());
    return graphResponse(200, *updated, req, "removed_dependency", edgeJson(edge));
}

ApiResponse replaceDependencies(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const json *edgesJson = in.requiredArray("edges");
    const std::string summary = in.optionalString("change_summary").value_or("");
    if (!in.ok())
        return fromError(in.error());
    auto edges = edgesFromJson(*edgesJson, "edges");
    if (!edges)
        return fromError(edges.error());
    core::GraphEdit edit;
    edit.replaceEdges = *edges;
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"), edit, summary);
    if (!updated)
        return fromError(updated.error());
    json list = json::array();
    for (const core::Edge &e : updated->definition->spec.edges)
        list.push_back(edgeJson(e));
    return graphResponse(200, *updated, req, "dependencies", list);
}

// ---- compiler ---------------------------------------------------------------------------

ApiResponse nodeCatalog(Context &ctx, ApiRequest &)
{
    return ApiResponse::json(200, ctx.core.compiler().catalog().toJson());
}

ApiResponse validateSpec(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    const auto it = body->find("spec");
    if (it == body->end() || it->is_null())
        return fromError(Error::invalid("'spec' is required", "spec"));
    if (!it->is_object())
        return fromError(Error::invalid("'spec' must be an object", "spec"));
    return ApiResponse::json(200, ctx.core.compiler().validate(*it).toJson());
}

json jobJson(const core::JobInfo &job)
{
    auto optional = [](const std::optional<std::string> &v) { return v ? json(*v) : json(); };
    return {{"id", job.id},
            {"kind", job.kind},
            {"state", std::string(core::jobStateName(job.state))},
            {"progress", job.progress},
            {"message", job.message},
            {"result", job.result},
            {"error", job.error},
            {"created_by", job.createdBy},
            {"created_at", job.createdAt},
            {"started_at", optional(job.startedAt)},
            {"finished_at", optional(job.finishedAt)}};
}

// Validation as a job: answered 202 with the job at once; its status route has the result.
ApiResponse startCompilerJob(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string mode = in.requiredString("mode");
    in.requiredObject("spec");
    if (!in.ok())
        return fromError(in.error());
    if (mode != "validate")
        return fromError(Error::invalid("'mode' must be 'validate' (compile jobs come with the compiler)", "mode"));
    core::CompilerService &compiler = ctx.core.compiler();
    auto job = ctx.core.jobs().submit(req.requireActor(), "validate", {},
                                      [&compiler, spec = std::move((*body)["spec"])](core::JobContext &) -> core::Result<json> {
                                          return compiler.validate(spec).toJson();
                                      });
    if (!job)
        return fromError(job.error());
    ApiResponse response = ApiResponse::json(202, jobJson(*job));
    response.headers.emplace_back("Location", QByteArray::fromStdString(
                                                  "/api/v1.0/spaces/" + req.requireActor().spaceSlug +
                                                  "/pipeline-authoring/compiler/jobs/" + job->id));
    return response;
}

ApiResponse getCompilerJob(Context &ctx, ApiRequest &req)
{
    auto job = ctx.core.jobs().get(req.requireActor(), req.param("job_id"));
    if (!job)
        return fromError(job.error());
    return ApiResponse::json(200, jobJson(*job));
}

} // namespace

void registerAuthoringRoutes(Router &router, core::Core &core)
{
    registerAuthoringSchemas(router);
    auto ctx = std::make_shared<Context>(Context{core});
    auto bind = [ctx](ApiResponse (*fn)(Context &, ApiRequest &)) {
        return [ctx, fn](ApiRequest &req) { return fn(*ctx, req); };
    };
    auto list = [](const char *name) { return json{{"type", "array"}, {"items", schemaRef(name)}}; };
    const QueryParam includeArchived{.name = "include_archived",
                                     .description = "Also list archived items.",
                                     .schema = {{"type", "boolean"}, {"default", false}}};
    const QueryParam search{.name = "q",
                            .description = "Text the name (or description) contains, case-insensitive.",
                            .schema = {{"type", "string"}, {"maxLength", core::kMaxSearchTextBytes}}};
    const QueryParam summary{.name = "change_summary",
                             .description = "The version's change summary (instead of the body's).",
                             .schema = {{"type", "string"}, {"maxLength", 2000}}};
    const std::vector<Route> routes = {
        // Workspaces and settings
        {.method = "GET", .pattern = path("/workspaces"), .operationId = "listWorkspaces",
         .summary = "List workspaces", .tag = "Workspaces", .paginated = true, .query = {includeArchived, search},
         .responseSchema = list("Workspace"), .handler = bind(listWorkspaces)},
        {.method = "POST", .pattern = path("/workspaces"), .operationId = "createWorkspace",
         .summary = "Create a workspace", .tag = "Workspaces", .successStatus = 201, .body = BodyUse::Required,
         .requestSchema = schemaRef("WorkspaceCreate"), .responseSchema = schemaRef("Workspace"),
         .handler = bind(createWorkspace)},
        {.method = "GET", .pattern = path("/workspaces/{workspace_id}"), .operationId = "getWorkspace",
         .summary = "Read one workspace", .tag = "Workspaces", .responseSchema = schemaRef("Workspace"),
         .handler = bind(getWorkspace)},
        {.method = "PATCH", .pattern = path("/workspaces/{workspace_id}"), .operationId = "updateWorkspace",
         .summary = "Update workspace metadata, repository, visibility, owner, connectors or customization",
         .tag = "Workspaces", .body = BodyUse::Required, .requestSchema = schemaRef("WorkspacePatch"),
         .responseSchema = schemaRef("Workspace"), .handler = bind(patchWorkspace)},
        {.method = "GET", .pattern = path("/workspaces/{workspace_id}/access"), .operationId = "getWorkspaceAccess",
         .summary = "Read workspace access settings", .tag = "Workspaces",
         .responseSchema = schemaRef("WorkspaceAccess"), .handler = bind(getWorkspaceAccess)},
        {.method = "PUT", .pattern = path("/workspaces/{workspace_id}/access"), .operationId = "replaceWorkspaceAccess",
         .summary = "Replace workspace access settings", .tag = "Workspaces", .body = BodyUse::Required,
         .requestSchema = schemaRef("WorkspaceAccessUpdate"), .responseSchema = schemaRef("WorkspaceAccess"),
         .handler = bind(putWorkspaceAccess)},
        {.method = "POST", .pattern = path("/workspaces/{workspace_id}/archive"), .operationId = "archiveWorkspace",
         .summary = "Archive a workspace", .tag = "Workspaces", .responseSchema = schemaRef("Workspace"),
         .handler = bind(archiveWorkspace)},
        {.method = "GET", .pattern = path("/settings"), .operationId = "getSettings",
         .summary = "Read the current user's defaults", .tag = "Settings", .responseSchema = schemaRef("Settings"),
         .handler = bind(getSettings)},
        {.method = "PATCH", .pattern = path("/settings"), .operationId = "updateSettings",
         .summary = "Update the current user's default repository", .tag = "Settings", .body = BodyUse::Required,
         .requestSchema = schemaRef("SettingsPatch"), .responseSchema = schemaRef("Settings"),
         .handler = bind(patchSettings)},
        // Definitions and versions
        {.method = "GET", .pattern = path("/definitions"), .operationId = "listDefinitions",
         .summary = "List pipeline definitions", .tag = "Definitions", .paginated = true,
         .query = {{.name = "workspace_id", .description = "Only definitions of this workspace."}, includeArchived,
                   search},
         .responseSchema = list("DefinitionSummary"), .handler = bind(listDefinitions)},
        {.method = "POST", .pattern = path("/definitions"), .operationId = "createDefinition",
         .summary = "Create a pipeline definition", .tag = "Definitions", .successStatus = 201,
         .body = BodyUse::Required, .requestSchema = schemaRef("DefinitionCreate"),
         .responseSchema = schemaRef("Definition"), .handler = bind(createDefinition)},
        {.method = "GET", .pattern = path("/definitions/{definition_id}"), .operationId = "getDefinition",
         .summary = "Read one pipeline definition", .tag = "Definitions", .responseSchema = schemaRef("Definition"),
         .handler = bind(getDefinition)},
        {.method = "PATCH", .pattern = path("/definitions/{definition_id}"), .operationId = "updateDefinition",
         .summary = "Update metadata, workspace, repository or spec", .tag = "Definitions",
         .body = BodyUse::Required, .requestSchema = schemaRef("DefinitionPatch"),
         .responseSchema = schemaRef("Definition"), .handler = bind(patchDefinition)},
        {.method = "GET", .pattern = path("/definitions/{definition_id}/versions"), .operationId = "listVersions",
         .summary = "List saved definition versions", .tag = "Versions", .paginated = true,
         .responseSchema = list("Version"), .handler = bind(listVersions)},
        {.method = "GET", .pattern = path("/definitions/{definition_id}/versions/{version_id}"),
         .operationId = "getVersion", .summary = "Read one saved version with its spec", .tag = "Versions",
         .responseSchema = schemaRef("VersionDetail"), .handler = bind(getVersion)},
        {.method = "GET", .pattern = path("/definitions/{definition_id}/versions/{version_id}/compare"),
         .operationId = "compareVersion",
         .summary = "Compare a saved version with the current definition (or ?to_version_id=)", .tag = "Versions",
         .query = {{.name = "to_version_id", .description = "Compare with this saved version instead."}},
         .responseSchema = schemaRef("Comparison"), .handler = bind(compareVersion)},
        {.method = "POST", .pattern = path("/definitions/{definition_id}/versions/{version_id}/restore"),
         .operationId = "restoreVersion", .summary = "Restore a saved version as a new version", .tag = "Versions",
         .body = BodyUse::Optional, .query = {summary}, .requestSchema = schemaRef("RestoreRequest"),
         .responseSchema = schemaRef("Definition"), .handler = bind(restoreVersion)},
        {.method = "POST", .pattern = path("/definitions/{definition_id}/archive"), .operationId = "archiveDefinition",
         .summary = "Archive a definition", .tag = "Definitions", .responseSchema = schemaRef("Definition"),
         .handler = bind(archiveDefinition)},
        // Graph
        {.method = "GET", .pattern = path("/definitions/{definition_id}/nodes"), .operationId = "listNodes",
         .summary = "List nodes with upstream and downstream counts", .tag = "Graph", .paginated = true,
         .responseSchema = list("NodeListItem"), .handler = bind(listNodes)},
        {.method = "GET", .pattern = path("/definitions/{definition_id}/nodes/{node_id}"), .operationId = "getNode",
         .summary = "Read one node with its edge ids", .tag = "Graph", .responseSchema = schemaRef("NodeDetail"),
         .handler = bind(getNode)},
        {.method = "POST", .pattern = path("/definitions/{definition_id}/nodes"), .operationId = "addNode",
         .summary = "Add a node with optional upstream and downstream dependencies", .tag = "Graph",
         .successStatus = 201, .body = BodyUse::Required, .requestSchema = schemaRef("NodeAdd"),
         .responseSchema = schemaRef("NodeMutation"), .handler = bind(addNode)},
        {.method = "PATCH", .pattern = path("/definitions/{definition_id}/nodes/{node_id}"),
         .operationId = "updateNode", .summary = "Patch node fields (the id cannot change)", .tag = "Graph",
         .body = BodyUse::Required, .requestSchema = schemaRef("NodePatch"),
         .responseSchema = schemaRef("NodeMutation"), .handler = bind(patchNode)},
        {.method = "DELETE", .pattern = path("/definitions/{definition_id}/nodes/{node_id}"),
         .operationId = "deleteNode", .summary = "Delete a node and its dependencies", .tag = "Graph",
         .body = BodyUse::Optional, .query = {summary}, .requestSchema = schemaRef("RestoreRequest"),
         .responseSchema = schemaRef("NodeDeletion"), .handler = bind(deleteNode)},
        {.method = "GET", .pattern = path("/definitions/{definition_id}/dependencies"),
         .operationId = "listDependencies", .summary = "List dependencies", .tag = "Graph", .paginated = true,
         .responseSchema = list("Dependency"), .handler = bind(listDependencies)},
        {.method = "POST", .pattern = path("/definitions/{definition_id}/dependencies"),
         .operationId = "addDependency", .summary = "Add one dependency", .tag = "Graph", .successStatus = 201,
         .body = BodyUse::Required, .requestSchema = schemaRef("DependencyAdd"),
         .responseSchema = schemaRef("DependencyMutation"), .handler = bind(addDependency)},
        {.method = "DELETE", .pattern = path("/definitions/{definition_id}/dependencies"),
         .operationId = "deleteDependency",
         .summary = "Remove one dependency, named in the body or by the query parameters upstream and downstream",
         .tag = "Graph", .body = BodyUse::Optional,
         .query = {{.name = "upstream", .description = "The dependency's upstream node id (with downstream)."},
                   {.name = "downstream", .description = "The dependency's downstream node id (with upstream)."},
                   summary},
         .requestSchema = schemaRef("DependencyDelete"), .responseSchema = schemaRef("DependencyRemoval"),
         .handler = bind(deleteDependency)},
        {.method = "PUT", .pattern = path("/definitions/{definition_id}/dependencies"),
         .operationId = "replaceDependencies", .summary = "Replace all dependencies", .tag = "Graph",
         .body = BodyUse::Required, .requestSchema = schemaRef("DependenciesReplace"),
         .responseSchema = schemaRef("DependenciesReplaced"), .handler = bind(replaceDependencies)},
        // Compiler
        {.method = "GET", .pattern = path("/node-catalog"), .operationId = "getNodeCatalog",
         .summary = "List supported node types and their fields", .tag = "Compiler",
         .responseSchema = schemaRef("NodeCatalog"), .handler = bind(nodeCatalog)},
        {.method = "POST", .pattern = path("/compiler/jobs"), .operationId = "startCompilerJob",
         .summary = "Start an asynchronous validate job (answered 202 with the job)", .tag = "Compiler",
         .successStatus = 202, .body = BodyUse::Required, .requestSchema = schemaRef("CompilerJobRequest"),
         .responseSchema = schemaRef("Job"), .handler = bind(startCompilerJob)},
        {.method = "GET", .pattern = path("/compiler/jobs/{job_id}"), .operationId = "getCompilerJob",
         .summary = "Read a compiler job's state, progress and result", .tag = "Compiler",
         .responseSchema = schemaRef("Job"), .handler = bind(getCompilerJob)},
        {.method = "POST", .pattern = path("/compiler/validate"), .operationId = "validateSpec",
         .summary = "Validate a pipeline authoring spec", .tag = "Compiler", .body = BodyUse::Required,
         .requestSchema = schemaRef("ValidateRequest"), .responseSchema = schemaRef("ValidationResult"),
         .handler = bind(validateSpec)},
    };
    for (const Route &route : routes)
        router.add(route);
}

} // namespace pw::server
