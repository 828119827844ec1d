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
    auto updated = ctx.core.definitions().update(req.requireActor(), req.param("definition_id"),
                                                 std::move(patch));
    if (!updated)
        return fromError(updated.error());
    return definitionResponse(200, *updated, req);
}

ApiResponse listVersions(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto result =
        ctx.core.definitions().versions(req.requireActor(), req.param("definition_id"), *page);
    if (!result)
        return fromError(result.error());
    json items = json::array();
    for (const core::VersionInfo &v : result->items)
        items.push_back(versionJson(v));
    return pageResponse(req, *page, items, result->total);
}

ApiResponse getVersion(Context &ctx, ApiRequest &req)
{
    auto version = ctx.core.definitions().version(req.requireActor(), req.param("definition_id"),
                                                  req.param("version_id"));
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

ApiResponse restoreVersion(Context &ctx, ApiRequest &req)
{
    core::Result<json> body = json::object();
    const std::string summary = optionalSummary(req, &body);
    if (!body)
        return fromError(body.error());
    if (const auto it = body->find("change_summary");
        it != body->end() && !it->is_string() && !it->is_null())
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

// A publish's answer: the definition as published, the branch, commit, push and merge request,
// the generated files and the gates' report.
ApiResponse publishResponse(const core::PublishResult &published, const std::string &policy,
                            const std::string &spaceSlug)
{
    const core::MergeRequestInfo &mr = published.mergeRequest;
    json files = json::array();
    for (const core::GeneratedFile &f : published.files)
        files.push_back({{"path", f.path}, {"language", f.language}, {"content", f.content}});
    json report = published.report.toJson();
    report["sandbox_policy"] = policy;
    return ApiResponse::json(
        200, {{"definition", json::parse(definitionText(published.definition, spaceSlug))},
              {"source_branch", published.sourceBranch},
              {"target_branch", published.targetBranch},
              {"commit", published.commit.commit},
              {"committed_files", published.commit.files},
              {"pushed", published.pushed},
              {"merge_request",
               {{"id", mr.id},
                {"provider", mr.provider},
                {"number", mr.number ? json(*mr.number) : json()},
                {"url", mr.url ? json(*mr.url) : json()},
                {"state", mr.state},
                {"source_branch", mr.sourceBranch},
                {"target_branch", mr.targetBranch},
                {"title", mr.title}}},
              {"generated_files", std::move(files)},
              {"validation_report", std::move(report)}});
}

// How long a publish answer may take (python3's check, a push, a forge call) before the client
// gets 503; the publish itself goes on as a job.
constexpr int kPublishAnswerMs = 10 * 60 * 1000;

ApiResponse publishDefinition(Context &ctx, ApiRequest &req)
{
    json body = json::object();
    if (!req.body.trimmed().isEmpty()) {
        auto parsed = req.jsonObject();
        if (!parsed)
            return fromError(parsed.error());
        body = std::move(*parsed);
    }
    FieldReader in(body);
    core::PublishRequest request;
    request.repositoryId = in.optionalString("repository_id");
    request.title = in.optionalString("title").value_or(std::string());
    request.body = in.optionalString("body").value_or(std::string());
    request.sandboxPolicy = in.optionalString("sandbox_policy").value_or("enforce");
    request.branch = in.optionalString("branch");
    if (!in.ok())
        return fromError(in.error());
    if (const auto it = body.find("reviewed_version"); it != body.end() && !it->is_null()) {
        if (!it->is_number_integer() || it->get<int64_t>() < 1 || it->get<int64_t>() > INT32_MAX)
            return fromError(
                Error::invalid("'reviewed_version' must be a version number", "reviewed_version"));
        request.reviewedVersion = it->get<int>();
    }
    const std::string policy = request.sandboxPolicy;
    const core::Actor &actor = req.requireActor();
    const std::string definitionId = req.param("definition_id");
    core::PublishService &publisher = ctx.core.publisher();
    // Prefer: respond-async: 202 with the job at once (its result is the publish's summary).
    if (prefersAsync(req)) {
        auto job = publisher.submit(actor, definitionId, std::move(request));
        if (!job)
            return fromError(job.error());
        return acceptedJob(req, *job);
    }
    // Otherwise the answer waits for the publish (python3, a push, a forge call) on a job thread,
    // never on the server's; a client that leaves cancels it while nothing is committed.
    core::JobService &jobs = ctx.core.jobs();
    return ApiResponse::deferred(
        [&publisher, &jobs, actor, definitionId, request = std::move(request),
         policy](Deferred deferred) mutable {
            auto job = publisher.submit(
                actor, definitionId, std::move(request),
                [deferred, policy, slug = actor.spaceSlug](
                    const core::JobInfo &, const core::Result<core::PublishResult> &published) {
                    deferred.complete(published ? publishResponse(*published, policy, slug)
                                                : fromError(published.error()));
                });
            if (!job) {
                deferred.complete(fromError(job.error()));
                return;
            }
            deferred.onCancel([&jobs, actor, id = job->id] { (void)jobs.cancel(actor, id); });
        },
        kPublishAnswerMs);
}

} // namespace

std::vector<Route> definitionRoutes(const ContextPtr &ctx)
{
    const QueryParam includeArchived{.name = "include_archived",
                                     .description = "Also list archived items.",
                                     .schema = {{"type", "boolean"}, {"default", false}}};
    const QueryParam search{
        .name = "q",
        .description = "Text the name (or description) contains, case-insensitive.",
        .schema = {{"type", "string"}, {"maxLength", core::kMaxSearchTextBytes}}};
    const QueryParam summary{.name = "change_summary",
                             .description = "The version's change summary (instead of the body's).",
                             .schema = {{"type", "string"}, {"maxLength", 2000}}};
    return {
        // Definitions and versions
        {.method = "GET",
         .pattern = "/definitions",
         .operationId = "listDefinitions",
         .summary = "List pipeline definitions",
         .tag = "Definitions",
         .paginated = true,
         .query = {{.name = "workspace_id", .description = "Only definitions of this workspace."},
                   includeArchived,
                   search},
         .responseSchema = listOf("DefinitionSummary"),
         .handler = bind(ctx, listDefinitions)},
        {.method = "POST",
         .pattern = "/definitions",
         .operationId = "createDefinition",
         .summary = "Create a pipeline definition",
         .tag = "Definitions",
         .successStatus = 201,
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("DefinitionCreate"),
         .responseSchema = schemaRef("Definition"),
         .handler = bind(ctx, createDefinition)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}",
         .operationId = "getDefinition",
         .summary = "Read one pipeline definition",
         .tag = "Definitions",
         .offServerThread = true,
         .responseSchema = schemaRef("Definition"),
         .handler = bind(ctx, getDefinition)},
        {.method = "PATCH",
         .pattern = "/definitions/{definition_id}",
         .operationId = "updateDefinition",
         .summary = "Update metadata, workspace, repository or spec",
         .tag = "Definitions",
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("DefinitionPatch"),
         .responseSchema = schemaRef("Definition"),
         .handler = bind(ctx, patchDefinition)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/versions",
         .operationId = "listVersions",
         .summary = "List saved definition versions",
         .tag = "Versions",
         .paginated = true,
         .responseSchema = listOf("Version"),
         .handler = bind(ctx, listVersions)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/versions/{version_id}",
         .operationId = "getVersion",
         .summary = "Read one saved version with its spec",
         .tag = "Versions",
         .offServerThread = true,
         .responseSchema = schemaRef("VersionDetail"),
         .handler = bind(ctx, getVersion)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/versions/{version_id}/compare",
         .operationId = "compareVersion",
         .summary = "Compare a saved version with the current definition (or ?to_version_id=)",
         .tag = "Versions",
         .offServerThread = true,
         .query = {{.name = "to_version_id",
                    .description = "Compare with this saved version instead."}},
         .responseSchema = schemaRef("Comparison"),
         .handler = bind(ctx, compareVersion)},
        {.method = "POST",
         .pattern = "/definitions/{definition_id}/versions/{version_id}/restore",
         .operationId = "restoreVersion",
         .summary = "Restore a saved version as a new version",
         .tag = "Versions",
         .body = BodyUse::Optional,
         .offServerThread = true,
         .query = {summary},
         .requestSchema = schemaRef("RestoreRequest"),
         .responseSchema = schemaRef("Definition"),
         .handler = bind(ctx, restoreVersion)},
        {.method = "POST",
         .pattern = "/definitions/{definition_id}/archive",
         .operationId = "archiveDefinition",
         .summary = "Archive a definition",
         .tag = "Definitions",
         .offServerThread = true,
         .responseSchema = schemaRef("Definition"),
         .handler = bind(ctx, archiveDefinition)},
        {.method = "POST",
         .pattern = "/definitions/{definition_id}/publish",
         .operationId = "publishDefinition",
         .summary = "Publish reviewed files: gates, one commit on a branch, push, merge request",
         .tag = "Definitions",
         .body = BodyUse::Optional,
         .requestSchema = schemaRef("PublishRequest"),
         .responseSchema = schemaRef("PublishResult"),
         .handler = bind(ctx, publishDefinition)},
    };
}

} // namespace pw::server::authoring
