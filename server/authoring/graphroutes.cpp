#include "common.h"

#include "authoringjson.h"
#include "core/app/core.h"
#include "core/definition/graphquery.h"
#include "core/spec/specio.h"
#include "core/util/limits.h"
#include "server/http/fieldreader.h"
#include "server/http/pagination.h"

namespace pw::server::authoring {

namespace {

using core::Error;
using nlohmann::json;

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
        items.push_back(
            nodeListItemJson(spec.nodes[at], degrees[at].upstream, degrees[at].downstream));
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
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"),
                                                    edit, summary);
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
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"),
                                                    edit, summary);
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
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"),
                                                    edit, summary);
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
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"),
                                                    edit, summary);
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
            return fromError(
                Error::invalid("query parameter 'downstream' is required", "downstream"));
    } else {
        auto body = req.jsonObject();
        if (!body)
            return fromError(Error::invalid(
                "name the dependency with a JSON body {\"upstream\", \"downstream\"} "
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
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"),
                                                    edit, summary);
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
    auto updated = ctx.core.definitions().editGraph(req.requireActor(), req.param("definition_id"),
                                                    edit, summary);
    if (!updated)
        return fromError(updated.error());
    json list = json::array();
    for (const core::Edge &e : updated->definition->spec.edges)
        list.push_back(edgeJson(e));
    return graphResponse(200, *updated, req, "dependencies", list);
}

} // namespace

std::vector<Route> graphRoutes(const ContextPtr &ctx)
{
    const QueryParam summary{.name = "change_summary",
                             .description = "The version's change summary (instead of the body's).",
                             .schema = {{"type", "string"}, {"maxLength", 2000}}};
    return {
        // Graph
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/nodes",
         .operationId = "listNodes",
         .summary = "List nodes with upstream and downstream counts",
         .tag = "Graph",
         .paginated = true,
         .responseSchema = listOf("NodeListItem"),
         .handler = bind(ctx, listNodes)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/nodes/{node_id}",
         .operationId = "getNode",
         .summary = "Read one node with its edge ids",
         .tag = "Graph",
         .responseSchema = schemaRef("NodeDetail"),
         .handler = bind(ctx, getNode)},
        {.method = "POST",
         .pattern = "/definitions/{definition_id}/nodes",
         .operationId = "addNode",
         .summary = "Add a node with optional upstream and downstream dependencies",
         .tag = "Graph",
         .successStatus = 201,
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("NodeAdd"),
         .responseSchema = schemaRef("NodeMutation"),
         .handler = bind(ctx, addNode)},
        {.method = "PATCH",
         .pattern = "/definitions/{definition_id}/nodes/{node_id}",
         .operationId = "updateNode",
         .summary = "Patch node fields (the id cannot change)",
         .tag = "Graph",
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("NodePatch"),
         .responseSchema = schemaRef("NodeMutation"),
         .handler = bind(ctx, patchNode)},
        {.method = "DELETE",
         .pattern = "/definitions/{definition_id}/nodes/{node_id}",
         .operationId = "deleteNode",
         .summary = "Delete a node and its dependencies",
         .tag = "Graph",
         .body = BodyUse::Optional,
         .offServerThread = true,
         .query = {summary},
         .requestSchema = schemaRef("RestoreRequest"),
         .responseSchema = schemaRef("NodeDeletion"),
         .handler = bind(ctx, deleteNode)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/dependencies",
         .operationId = "listDependencies",
         .summary = "List dependencies",
         .tag = "Graph",
         .paginated = true,
         .responseSchema = listOf("Dependency"),
         .handler = bind(ctx, listDependencies)},
        {.method = "POST",
         .pattern = "/definitions/{definition_id}/dependencies",
         .operationId = "addDependency",
         .summary = "Add one dependency",
         .tag = "Graph",
         .successStatus = 201,
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("DependencyAdd"),
         .responseSchema = schemaRef("DependencyMutation"),
         .handler = bind(ctx, addDependency)},
        {.method = "DELETE",
         .pattern = "/definitions/{definition_id}/dependencies",
         .operationId = "deleteDependency",
         .summary = "Remove one dependency, named in the body or by the query parameters upstream "
                    "and downstream",
         .tag = "Graph",
         .body = BodyUse::Optional,
         .offServerThread = true,
         .query = {{.name = "upstream",
                    .description = "The dependency's upstream node id (with downstream)."},
                   {.name = "downstream",
                    .description = "The dependency's downstream node id (with upstream)."},
                   summary},
         .requestSchema = schemaRef("DependencyDelete"),
         .responseSchema = schemaRef("DependencyRemoval"),
         .handler = bind(ctx, deleteDependency)},
        {.method = "PUT",
         .pattern = "/definitions/{definition_id}/dependencies",
         .operationId = "replaceDependencies",
         .summary = "Replace all dependencies",
         .tag = "Graph",
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("DependenciesReplace"),
         .responseSchema = schemaRef("DependenciesReplaced"),
         .handler = bind(ctx, replaceDependencies)},
    };
}

} // namespace pw::server::authoring
