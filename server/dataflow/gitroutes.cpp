#include "common.h"

#include "core/app/core.h"
#include "server/http/fieldreader.h"
#include "server/http/jobanswer.h"

namespace pw::server::dataflow {

namespace {

using core::Error;
using nlohmann::json;

json repositoryJson(const core::RepositoryInfo &info)
{
    const core::Repository &r = info.repository;
    json out = {
        {"id", r.id},
        {"name", r.name},
        {"remoteUrl", r.remoteUrl ? json(*r.remoteUrl) : json()},
        {"defaultBranch", r.defaultBranch},
        {"state", r.state},
        {"stateMessage", r.stateMessage},
        {"workspaceIds", info.workspaceIds},
        {"credentialType", core::credentialTypeName(info.credentials.type)},
        {"credentialRef", info.credentials.reference ? json(*info.credentials.reference) : json()},
        // Write-only: whether each is set, never what it is.
        {"credential", {{"set", info.credentials.credentialSet}}},
        {"webhookSecret", {{"set", info.credentials.webhookSecretSet}}},
        {"hasCredential", info.credentials.credentialSet},
        {"hasWebhookSecret", info.credentials.webhookSecretSet},
        {"createdAt", r.createdAt}};
    if (info.jobId)
        out["jobId"] = *info.jobId;
    return out;
}

core::Result<int> intQuery(const ApiRequest &req, const char *name, int fallback, int min, int max)
{
    const auto value = req.queryValue(name);
    if (!value || value->empty())
        return fallback;
    bool ok = false;
    const int n = QString::fromStdString(*value).toInt(&ok);
    if (!ok || n < min || n > max)
        return core::fail(Error::invalid(std::string("'") + name + "' must be a number from " +
                                             std::to_string(min) + " to " + std::to_string(max),
                                         name));
    return n;
}

core::Result<core::Repository> repositoryOf(Context &ctx, const ApiRequest &req,
                                            const json *body = nullptr)
{
    std::optional<std::string> id = req.queryValue("repositoryId");
    std::optional<std::string> workspace = req.queryValue("workspaceSlug");
    if (body) {
        FieldReader in(*body);
        if (auto v = in.optionalString("repositoryId"))
            id = v;
        if (auto v = in.optionalString("workspaceSlug"))
            workspace = v;
        if (!in.ok())
            return core::fail(in.error());
    }
    return ctx.core.repositories().resolve(req.requireActor(), id, workspace);
}

ApiResponse listRepos(Context &ctx, ApiRequest &req)
{
    auto repos = ctx.core.repositories().repositories(req.requireActor());
    if (!repos)
        return fromError(repos.error());
    json out = json::array();
    for (const core::RepositoryInfo &info : *repos)
        out.push_back(repositoryJson(info));
    return ApiResponse::json(200, out);
}

ApiResponse connectRepo(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    core::RepositoryConnect input;
    input.name = in.optionalString("name").value_or(std::string());
    input.remoteUrl = in.optionalString("remoteUrl");
    input.defaultBranch = in.optionalString("defaultBranch").value_or(std::string());
    input.credentialType = in.optionalString("credentialType").value_or("NONE");
    if (auto credential = in.optionalString("credential"))
        input.credential = core::SecretValue(std::move(*credential));
    input.credentialRef = in.optionalString("credentialRef");
    if (auto secret = in.optionalString("webhookSecret"))
        input.webhookSecret = core::SecretValue(std::move(*secret));
    in.optionalString("workspaceSlug"); // accepted; see docs/api-notes.md
    if (!in.ok())
        return fromError(in.error());
    if (!input.remoteUrl && input.name.empty())
        return fromError(Error::invalid("a local repository needs a 'name'", "name"));
    auto info = ctx.core.repositories().connect(req.requireActor(), std::move(input));
    if (!info)
        return fromError(info.error());
    return ApiResponse::json(201, repositoryJson(*info));
}

ApiResponse getHistory(Context &ctx, ApiRequest &req)
{
    auto max = intQuery(req, "maxVersions", 50, 1, 1000);
    if (!max)
        return fromError(max.error());
    const std::string &id = req.param("pipeline_id");
    auto versions = ctx.core.definitions().versions(req.requireActor(), id, {0, *max});
    if (!versions)
        return fromError(versions.error());
    json items = json::array();
    for (const core::VersionInfo &v : versions->items)
        items.push_back({{"version", v.number},
                         {"message", v.changeSummary},
                         {"author", v.authorName},
                         {"authorId", v.authorUserId},
                         {"createdAt", v.createdAt}});
    return ApiResponse::json(
        200,
        {{"pipelineId", id}, {"totalVersions", versions->total}, {"versions", std::move(items)}});
}

ApiResponse diffVersions(Context &ctx, ApiRequest &req)
{
    auto from = intQuery(req, "from", 0, 1, 1 << 30);
    auto to = intQuery(req, "to", 0, 1, 1 << 30);
    if (!from || !to)
        return fromError(!from ? from.error() : to.error());
    if (*from == 0 || *to == 0)
        return fromError(Error::invalid("'from' and 'to' are required version numbers",
                                        *from == 0 ? "from" : "to"));
    // Two versions' YAML and their diff: for a large spec, a second's work on a job thread.
    core::DefinitionService &definitions = ctx.core.definitions();
    return answerFromJob(
        ctx.core.jobs(), req.requireActor(),
        [&definitions, actor = req.requireActor(), id = req.param("pipeline_id"), from = *from,
         to = *to](core::JobContext &) {
            auto a = definitions.versionByNumber(actor, id, from);
            if (!a)
                return fromError(a.error());
            auto b = definitions.versionByNumber(actor, id, to);
            if (!b)
                return fromError(b.error());
            auto comparison = definitions.compare(actor, id, a->info.id, b->info.id,
                                                  core::DefinitionService::CompareText::Yaml);
            if (!comparison)
                return fromError(comparison.error());
            return ApiResponse::json(
                200, {{"pipelineId", id},
                      {"fromVersion", from},
                      {"toVersion", to},
                      {"diff", comparison->unifiedDiff},
                      {"truncated", comparison->textDiffTruncated || comparison->textOmitted}});
        });
}

ApiResponse rollback(Context &ctx, ApiRequest &req)
{
    const std::string &id = req.param("pipeline_id");
    bool ok = false;
    const int number = QString::fromStdString(req.param("version")).toInt(&ok);
    if (!ok || number < 1)
        return fromError(Error::invalid("the version must be a number of at least 1", "version"));
    const core::Actor &actor = req.requireActor();
    auto version = ctx.core.definitions().versionByNumber(actor, id, number);
    if (!version)
        return fromError(version.error());
    auto before = ctx.core.definitions().get(actor, id);
    if (!before)
        return fromError(before.error());
    auto restored = ctx.core.definitions().restore(
        actor, id, version->info.id, "Rolled back to version " + std::to_string(number));
    if (!restored)
        return fromError(restored.error());
    const int now = restored->definition->currentVersion;
    return ApiResponse::json(
        200, {{"success", true},
              {"newVersion", now},
              {"message", now == before->definition->currentVersion
                              ? "The pipeline already equals version " + std::to_string(number)
                              : "Pipeline rolled back to version " + std::to_string(number) +
                                    " as version " + std::to_string(now)}});
}

ApiResponse listBranches(Context &ctx, ApiRequest &req)
{
    auto includeRemote = req.queryValue("includeRemote");
    if (includeRemote && *includeRemote != "true" && *includeRemote != "false")
        return fromError(Error::invalid("'includeRemote' must be true or false", "includeRemote"));
    auto repo = repositoryOf(ctx, req);
    if (!repo)
        return fromError(repo.error());
    auto branches = ctx.core.repositories().branches(req.requireActor(), repo->id,
                                                     includeRemote && *includeRemote == "true");
    if (!branches)
        return fromError(branches.error());
    json out = json::array();
    for (const auto &b : *branches)
        out.push_back({{"name", b.name},
                       {"head", b.head},
                       {"remote", b.remote},
                       {"default", !b.remote && b.name == repo->defaultBranch}});
    return ApiResponse::json(200, out);
}

ApiResponse createBranch(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string name = in.requiredString("name");
    const std::string from = in.optionalString("from").value_or(std::string());
    if (!in.ok())
        return fromError(in.error());
    auto repo = repositoryOf(ctx, req, &*body);
    if (!repo)
        return fromError(repo.error());
    auto branch = ctx.core.repositories().createBranch(req.requireActor(), repo->id, name, from);
    if (!branch)
        return fromError(branch.error());
    return ApiResponse::json(
        201,
        {{"name", branch->name}, {"head", branch->head}, {"remote", false}, {"default", false}});
}

ApiResponse mergeResponse(const core::Result<core::MergeResult> &merged)
{
    if (!merged)
        return fromError(merged.error());
    json versions = json::array();
    for (const auto &[definitionId, version] : merged->mergedVersions)
        versions.push_back({{"pipelineId", definitionId}, {"version", version}});
    const core::MergeOutcome &o = merged->outcome;
    const std::string what = o.upToDate      ? " is already merged into "
                             : o.fastForward ? " fast-forwarded into "
                                             : " merged into ";
    return ApiResponse::json(
        200,
        {{"success", true},
         {"mergedVersion",
          merged->mergedVersions.empty() ? json() : json(merged->mergedVersions.front().second)},
         {"mergedVersions", std::move(versions)},
         {"commit", o.commit},
         {"fastForward", o.fastForward},
         {"upToDate", o.upToDate},
         {"message", "Branch " + merged->source + what + merged->target}});
}

ApiResponse mergeBranch(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string source = in.requiredString("sourceBranch");
    const std::string target = in.optionalString("targetBranch").value_or(std::string());
    const std::string message = in.optionalString("message").value_or(std::string());
    if (!in.ok())
        return fromError(in.error());
    auto repo = repositoryOf(ctx, req, &*body);
    if (!repo)
        return fromError(repo.error());
    // A merge reads and writes the repository and may bring many definitions up to date: on a
    // job thread.
    core::RepositoryService &repositories = ctx.core.repositories();
    return answerFromJob(ctx.core.jobs(), req.requireActor(),
                         [&repositories, actor = req.requireActor(), id = repo->id, source, target,
                          message](core::JobContext &) {
                             return mergeResponse(
                                 repositories.merge(actor, id, source, target, message));
                         });
}

} // namespace

std::vector<Route> gitRoutes(const ContextPtr &ctx)
{
    const QueryParam repoId{"repositoryId", "The repository (else workspaceSlug's default one)"};
    const QueryParam workspace{"workspaceSlug", "A workspace id or name: its default repository"};
    return {
        {.method = "GET",
         .pattern = "/git/repos",
         .operationId = "listRepos",
         .summary = "List the space's Git repositories and the workspaces that use them",
         .tag = "Git",
         .responseSchema = {{"type", "array"}, {"items", schemaRef("GitRepository")}},
         .handler = bind(ctx, listRepos)},
        {.method = "POST",
         .pattern = "/git/repos",
         .operationId = "connectRepo",
         .summary =
             "Clone a remote (state 'cloning' until its job ends) or init a local repository",
         .tag = "Git",
         .successStatus = 201,
         .body = BodyUse::Required,
         .requestSchema = schemaRef("ConnectRepoRequest"),
         .responseSchema = schemaRef("GitRepository"),
         .handler = bind(ctx, connectRepo)},
        {.method = "GET",
         .pattern = "/git/history/{pipeline_id}",
         .operationId = "getHistory",
         .summary = "The pipeline's version history, newest first",
         .tag = "Git",
         .query = {{"maxVersions", "Versions at most (default 50)", {{"type", "integer"}}},
                   {"workspaceSlug", "Accepted for compatibility"}},
         .responseSchema = schemaRef("GitHistory"),
         .handler = bind(ctx, getHistory)},
        {.method = "GET",
         .pattern = "/git/diff/{pipeline_id}",
         .operationId = "diffVersions",
         .summary = "Unified diff of two versions' YAML",
         .tag = "Git",
         .query = {{"from", "Version number", {{"type", "integer"}}, true},
                   {"to", "Version number", {{"type", "integer"}}, true},
                   {"workspaceSlug", "Accepted for compatibility"}},
         .responseSchema = schemaRef("DiffResponse"),
         .handler = bind(ctx, diffVersions)},
        {.method = "POST",
         .pattern = "/git/rollback/{pipeline_id}/{version}",
         .operationId = "rollback",
         .summary = "Append a version equal to an earlier one",
         .tag = "Git",
         .offServerThread = true,
         .query = {{"workspaceSlug", "Accepted for compatibility"}},
         .responseSchema = schemaRef("VersionOperationResult"),
         .handler = bind(ctx, rollback)},
        {.method = "GET",
         .pattern = "/git/branches",
         .operationId = "listBranches",
         .summary = "List a repository's branches",
         .tag = "Git",
         .query = {repoId,
                   workspace,
                   {"includeRemote", "Also remote-tracking branches", {{"type", "boolean"}}}},
         .responseSchema = {{"type", "array"}, {"items", schemaRef("GitBranch")}},
         .handler = bind(ctx, listBranches)},
        {.method = "POST",
         .pattern = "/git/branches",
         .operationId = "createBranch",
         .summary = "Create a branch from another (default: the base branch)",
         .tag = "Git",
         .successStatus = 201,
         .body = BodyUse::Required,
         .requestSchema = schemaRef("CreateBranchRequest"),
         .responseSchema = schemaRef("GitBranch"),
         .handler = bind(ctx, createBranch)},
        {.method = "POST",
         .pattern = "/git/merge",
         .operationId = "mergeBranch",
         .summary = "Merge a branch; 409 lists the conflicting paths",
         .tag = "Git",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("MergeRequest"),
         .responseSchema = schemaRef("VersionOperationResult"),
         .handler = bind(ctx, mergeBranch)},
    };
}

} // namespace pw::server::dataflow
