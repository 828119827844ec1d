#include "common.h"

#include "core/app/core.h"
#include "core/spec/pipelineyaml.h"
#include "core/spec/specio.h"
#include "server/http/fieldreader.h"
#include "server/http/jobanswer.h"

namespace pw::server::dataflow {

namespace {

using core::Error;
using nlohmann::json;

// DataFlow's defaults for a pipeline created through it (the document's).
constexpr int kDefaultMaxRetries = 3;
constexpr int kDefaultRetryDelaySeconds = 60;
constexpr int kDefaultTimeoutSeconds = 3600;

std::string pipelineStatus(const std::optional<core::RunInfo> &latest)
{
    if (!latest)
        return "DRAFT";
    switch (latest->state) {
    case core::RunState::Pending:
    case core::RunState::Running:
        return "RUNNING";
    case core::RunState::Completed:
        return "SUCCESS";
    case core::RunState::Failed:
        return "FAILED";
    case core::RunState::Cancelled:
        return "CANCELLED";
    }
    return "DRAFT";
}

json connectionIdOf(const core::Spec &spec, const char *type)
{
    for (const core::Node &n : spec.nodes) {
        if (n.type != type)
            continue;
        const json &config = n.fields().value("config", json::object());
        if (config.is_object() && config.contains("connectionId"))
            return config["connectionId"];
    }
    return nullptr;
}

json intOr(const json &deployment, const char *key)
{
    const auto it = deployment.find(key);
    return it != deployment.end() && it->is_number_integer() ? *it : json(0);
}

json pipelineJson(Context &ctx, const core::Actor &actor, const core::Definition &d)
{
    const core::Spec &spec = d.spec;
    const json &dep = spec.deployment;
    auto latest = ctx.core.runs().latest(actor, d.id);
    core::Spec versioned = spec;
    for (core::Node &n : versioned.nodes)
        n.position.reset();
    json out = {{"id", d.id},
                {"workspaceId", d.meta.workspaceId},
                {"name", d.meta.name},
                {"description", d.meta.description},
                {"yamlDefinition", core::specToYaml(versioned)},
                {"version", d.currentVersion},
                {"status", pipelineStatus(latest ? *latest : std::nullopt)},
                {"scheduleCron", dep.contains("schedule") ? dep["schedule"] : json()},
                {"tags", dep.value("tags", json::array())},
                {"sourceConnectionId", connectionIdOf(spec, "source")},
                {"targetConnectionId", connectionIdOf(spec, "target")},
                {"maxRetries", intOr(dep, "retries")},
                {"retryDelaySeconds", intOr(dep, "retry_delay_seconds")},
                {"timeoutSeconds", intOr(dep, "timeout_seconds")},
                {"notifications", spec.extra.value("notifications", json())},
                {"isActive", !d.archivedAt.has_value()},
                {"createdAt", d.createdAt},
                {"updatedAt", d.updatedAt},
                {"createdBy", d.createdBy}};
    return out;
}

// A name as a DAG id: letters, digits, '_', '-', '.'; anything else becomes '_'.
std::string dagIdFrom(const std::string &name)
{
    std::string id;
    for (char c : name)
        id += (std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_' || c == '.')
                  ? c
                  : '_';
    if (id.empty())
        id = "pipeline";
    return id.substr(0, 250);
}

// The camelCase settings of a PipelineCreate/Update over a spec's deployment.
core::Status applySettings(Context &ctx, const core::Actor &actor, const json &body,
                           core::Spec &spec)
{
    json &dep = spec.deployment;
    auto integer = [&](const char *field, const char *key) -> core::Status {
        const auto it = body.find(field);
        if (it == body.end())
            return {};
        if (it->is_null()) {
            dep.erase(key);
            return {};
        }
        if (!it->is_number_integer() || it->get<int64_t>() < 0)
            return core::fail(Error::invalid(
                std::string("'") + field + "' must be a non-negative integer", field));
        dep[key] = *it;
        return {};
    };
    for (auto [field, key] :
         {std::pair{"maxRetries", "retries"}, std::pair{"retryDelaySeconds", "retry_delay_seconds"},
          std::pair{"timeoutSeconds", "timeout_seconds"}}) {
        if (auto ok = integer(field, key); !ok)
            return ok;
    }
    if (const auto it = body.find("scheduleCron"); it != body.end()) {
        if (!it->is_null() && !it->is_string())
            return core::fail(
                Error::invalid("'scheduleCron' must be a cron expression or null", "scheduleCron"));
        dep["schedule"] = *it;
    }
    if (const auto it = body.find("tags"); it != body.end()) {
        if (!it->is_array())
            return core::fail(Error::invalid("'tags' must be a list of strings", "tags"));
        dep["tags"] = *it;
    }
    if (const auto it = body.find("notifications"); it != body.end())
        spec.extra["notifications"] = *it;
    for (auto [field, type] :
         {std::pair{"sourceConnectionId", "source"}, std::pair{"targetConnectionId", "target"}}) {
        const auto it = body.find(field);
        if (it == body.end() || it->is_null())
            continue;
        if (!it->is_string())
            return core::fail(
                Error::invalid(std::string("'") + field + "' must be a string", field));
        auto connector = ctx.core.registry().connector(actor.spaceId, it->get<std::string>());
        if (!connector)
            return core::fail(connector.error());
        if (!*connector)
            return core::fail(Error::invalid(std::string("'") + field + "': connector '" +
                                                 it->get<std::string>() + "' was not found",
                                             field));
        for (core::Node &n : spec.nodes) {
            if (n.type != type)
                continue;
            json &fields = n.editFields();
            if (!fields["config"].is_object())
                fields["config"] = json::object();
            fields["config"]["connectionId"] = *it;
        }
    }
    return {};
}

core::Result<std::string> defaultWorkspace(Context &ctx, const core::Actor &actor)
{
    auto workspaces = ctx.core.workspaces().list(actor, core::WorkspaceQuery{false, {}, {0, 1000}});
    if (!workspaces)
        return core::fail(workspaces.error());
    for (const core::WorkspaceView &w : workspaces->items) {
        if (w.permissions.manage)
            return w.workspace->id;
    }
    return core::fail(
        Error::invalid("no workspace you can edit: send 'workspaceId'", "workspaceId"));
}

// The largest list answer: pipelines past it are left out (a filter finds them; each is read
// alone by id).
constexpr size_t kMaxPipelineListBytes = 8 * 1024 * 1024;

ApiResponse listPipelines(Context &ctx, ApiRequest &req)
{
    core::DefinitionQuery query;
    query.workspaceId = req.queryValue("workspaceId");
    query.text = req.queryValue("search").value_or(std::string());
    query.page = {0, 1000};
    // Each item carries its pipeline's YAML (a spec may be 16 MiB): written on a job thread,
    // and cut at kMaxPipelineListBytes (the items that fit, `X-Truncated: true`).
    return answerFromJob(
        ctx.core.jobs(), req.requireActor(),
        [context = ctx, actor = req.requireActor(), query](core::JobContext &job) mutable {
            auto page = context.core.definitions().list(actor, query);
            if (!page)
                return fromError(page.error());
            std::string out = "[";
            bool truncated = false;
            for (const core::DefinitionSummary &s : page->items) {
                if (job.cancelled())
                    break;
                auto view = context.core.definitions().get(actor, s.id);
                if (!view)
                    continue;
                const std::string item = pipelineJson(context, actor, *view->definition)
                                             .dump(-1, ' ', false, json::error_handler_t::replace);
                if (out.size() + item.size() + 2 > kMaxPipelineListBytes) {
                    truncated = true;
                    break;
                }
                out += (out.size() > 1 ? "," : "") + item;
            }
            out += "]";
            ApiResponse response = ApiResponse::rawJson(200, std::move(out));
            if (truncated)
                response.headers.emplace_back("X-Truncated", "true");
            return response;
        });
}

ApiResponse createPipeline(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const std::string name = in.requiredString("name");
    const std::string yaml = in.requiredString("yamlDefinition");
    const auto description = in.optionalString("description");
    auto workspaceId = in.optionalString("workspaceId");
    in.optionalBool("isActive");
    if (!in.ok())
        return fromError(in.error());
    const core::Actor &actor = req.requireActor();
    // The caller's right to create there first: YAML is read only for a caller who may write
    // (parsing is the costly part of a request, and its errors would answer before a 403).
    if (!workspaceId) {
        auto fallback = defaultWorkspace(ctx, actor);
        if (!fallback)
            return fromError(fallback.error());
        workspaceId = *fallback;
    } else if (auto managed = ctx.core.workspaces().requireManaged(actor, *workspaceId); !managed) {
        Error e = managed.error();
        e.details["field"] = "workspaceId";
        return fromError(e);
    }
    // Reading the YAML (a large one takes seconds) and writing the version: on a job thread.
    return answerFromJob(
        ctx.core.jobs(), actor,
        [context = ctx, actor, body = std::move(*body), name, yaml, description,
         workspace = *workspaceId](core::JobContext &) mutable {
            auto spec = core::specFromPipelineYaml(yaml);
            if (!spec)
                return fromError(spec.error());
            json &dep = spec->deployment;
            if (!dep.contains("dag_id"))
                dep["dag_id"] = dagIdFrom(name);
            if (!dep.contains("retries"))
                dep["retries"] = kDefaultMaxRetries;
            if (!dep.contains("retry_delay_seconds"))
                dep["retry_delay_seconds"] = kDefaultRetryDelaySeconds;
            if (!dep.contains("timeout_seconds"))
                dep["timeout_seconds"] = kDefaultTimeoutSeconds;
            if (auto ok = applySettings(context, actor, body, *spec); !ok)
                return fromError(ok.error());
            core::DefinitionCreate input;
            input.meta.name = name;
            input.meta.description = description.value_or(std::string());
            input.meta.workspaceId = workspace;
            input.spec = std::move(*spec);
            input.changeSummary = "Created through the DataFlow API";
            auto created = context.core.definitions().create(actor, std::move(input));
            if (!created)
                return fromError(created.error());
            return ApiResponse::json(201, pipelineJson(context, actor, *created->definition));
        });
}

ApiResponse getPipeline(Context &ctx, ApiRequest &req)
{
    // Its YAML is written for each read (a spec may be 16 MiB, a second's work): on a job thread.
    return answerFromJob(ctx.core.jobs(), req.requireActor(),
                         [context = ctx, actor = req.requireActor(),
                          id = req.param("pipeline_id")](core::JobContext &) mutable {
                             auto view = context.core.definitions().get(actor, id);
                             if (!view)
                                 return fromError(view.error());
                             return ApiResponse::json(
                                 200, pipelineJson(context, actor, *view->definition));
                         });
}

ApiResponse updatePipeline(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    const auto name = in.optionalString("name");
    const auto description = in.optionalString("description");
    const auto yaml = in.optionalString("yamlDefinition");
    in.optionalString("workspaceId");
    in.optionalBool("isActive");
    if (!in.ok())
        return fromError(in.error());
    const core::Actor &actor = req.requireActor();
    // Manage access before the YAML is read (see createPipeline).
    auto view = ctx.core.definitions().manageable(actor, req.param("pipeline_id"));
    if (!view)
        return fromError(view.error());
    // Reading the YAML and writing the version: on a job thread (see createPipeline).
    return answerFromJob(
        ctx.core.jobs(), actor,
        [context = ctx, actor, body = std::move(*body), name, description, yaml,
         spec = view->definition->spec, id = req.param("pipeline_id")](core::JobContext &) mutable {
            if (yaml) {
                auto read = core::specFromPipelineYaml(*yaml);
                if (!read)
                    return fromError(read.error());
                // Settings the YAML does not carry stay as they were.
                json deployment = spec.deployment;
                deployment.update(read->deployment);
                spec = std::move(*read);
                spec.deployment = std::move(deployment);
            }
            if (auto ok = applySettings(context, actor, body, spec); !ok)
                return fromError(ok.error());
            core::DefinitionPatch patch;
            patch.name = name;
            patch.description = description;
            patch.spec = std::move(spec);
            patch.changeSummary = "Updated through the DataFlow API";
            auto updated = context.core.definitions().update(actor, id, std::move(patch));
            if (!updated)
                return fromError(updated.error());
            return ApiResponse::json(200, pipelineJson(context, actor, *updated->definition));
        });
}

ApiResponse deletePipeline(Context &ctx, ApiRequest &req)
{
    const std::string &id = req.param("pipeline_id");
    if (auto ok = ctx.core.runs().deleteDefinition(req.requireActor(), id); !ok)
        return fromError(ok.error());
    return ApiResponse::json(200, {{"id", id}, {"deleted", true}});
}

json runResponse(const core::RunInfo &run);

// A run of the pipeline's current version, started through the API.
ApiResponse startRun(Context &ctx, const core::Actor &actor, const std::string &id)
{
    core::RunRequest request;
    request.definitionId = id;
    request.trigger = "api";
    auto run = ctx.core.runs().start(actor, std::move(request));
    if (!run)
        return fromError(run.error());
    return ApiResponse::json(202, runResponse(*run));
}

json runResponse(const core::RunInfo &run)
{
    return {{"runId", run.id},
            {"pipelineId", run.definitionId},
            {"status", std::string(core::runStateName(run.state))},
            {"taskCount", run.taskCount},
            {"version", run.version},
            {"engine", "LOCAL"}};
}

ApiResponse runPipeline(Context &ctx, ApiRequest &req)
{
    json body = json::object();
    if (!req.body.isEmpty()) {
        auto parsed = req.jsonObject();
        if (!parsed)
            return fromError(parsed.error());
        body = std::move(*parsed);
    }
    FieldReader in(body);
    const auto yaml = in.optionalString("yamlDefinition");
    in.optionalString("triggeredBy");
    if (!in.ok())
        return fromError(in.error());
    const core::Actor &actor = req.requireActor();
    const std::string &id = req.param("pipeline_id");
    if (!yaml)
        return startRun(ctx, actor, id);
    // The run pins a version: an edited definition becomes the next one first. Manage access (a
    // run's own) before the YAML is read (see createPipeline), and the reading on a job thread.
    auto view = ctx.core.definitions().manageable(actor, id);
    if (!view)
        return fromError(view.error());
    return answerFromJob(
        ctx.core.jobs(), actor,
        [context = ctx, actor, id, yaml = *yaml,
         deployment = view->definition->spec.deployment](core::JobContext &) mutable {
            auto read = core::specFromPipelineYaml(yaml);
            if (!read)
                return fromError(read.error());
            deployment.update(read->deployment);
            read->deployment = std::move(deployment);
            core::DefinitionPatch patch;
            patch.spec = std::move(*read);
            patch.changeSummary = "Run with an edited definition (DataFlow API)";
            if (auto updated = context.core.definitions().update(actor, id, std::move(patch));
                !updated)
                return fromError(updated.error());
            return startRun(context, actor, id);
        });
}

json runStatusJson(const core::RunInfo &run)
{
    json statuses = json::object();
    json errors = json::object();
    json tasks = json::array();
    for (const core::TaskRunInfo &t : run.tasks) {
        statuses[t.nodeId] = std::string(core::taskStateName(t.state));
        if ((t.state == core::TaskState::Failed || t.state == core::TaskState::UpstreamFailed) &&
            !t.message.empty())
            errors[t.nodeId] = t.message;
        tasks.push_back({{"taskId", t.nodeId},
                         {"status", std::string(core::taskStateName(t.state))},
                         {"attempt", t.attempt},
                         {"maxAttempts", t.maxAttempts},
                         {"message", t.message},
                         {"startedAt", t.startedAt ? json(*t.startedAt) : json()},
                         {"finishedAt", t.finishedAt ? json(*t.finishedAt) : json()}});
    }
    return {{"runId", run.id},
            {"pipelineId", run.definitionId},
            {"version", run.version},
            {"overallStatus", std::string(core::runStateName(run.state))},
            {"message", run.message},
            {"trigger", run.trigger},
            {"logicalDate", run.logicalDate},
            {"createdAt", run.createdAt},
            {"startedAt", run.startedAt ? json(*run.startedAt) : json()},
            {"finishedAt", run.finishedAt ? json(*run.finishedAt) : json()},
            {"taskStatuses", std::move(statuses)},
            {"errors", std::move(errors)},
            {"tasks", std::move(tasks)}};
}

ApiResponse getRunStatus(Context &ctx, ApiRequest &req)
{
    auto run = ctx.core.runs().get(req.requireActor(), req.param("run_id"));
    if (!run)
        return fromError(run.error());
    return ApiResponse::json(200, runStatusJson(*run));
}

ApiResponse cancelRun(Context &ctx, ApiRequest &req)
{
    const core::Actor &actor = req.requireActor();
    auto run = ctx.core.runs().cancel(actor, req.param("run_id"));
    if (!run)
        return fromError(run.error());
    // Tasks get SIGTERM at once and end within milliseconds as a rule: the answer waits (without
    // the server thread waiting) until the run has ended, at most a second, so it usually says
    // CANCELLED; a task that takes longer is answered as it stands.
    auto answer = [](const core::RunInfo &r) {
        const bool done = core::isFinished(r.state);
        return ApiResponse::json(
            200, {{"runId", r.id},
                  {"status", std::string(core::runStateName(r.state))},
                  {"message", done ? "Run cancelled by user request"
                                   : "Cancel requested; running tasks are being stopped"}});
    };
    if (core::isFinished(run->state))
        return answer(*run);
    core::RunService &runs = ctx.core.runs();
    return ApiResponse::deferred([&runs, actor, id = run->id, last = *run, answer](Deferred reply) {
        runs.whenEnded(actor, id, 1000, [reply, last, answer](core::Result<core::RunInfo> now) {
            reply.complete(answer(now ? *now : last));
        });
    });
}

} // namespace

std::vector<Route> pipelineRoutes(const ContextPtr &ctx)
{
    return {
        {.method = "GET",
         .pattern = "/pipelines",
         .operationId = "listPipelines",
         .summary = "List pipelines (definitions) of the space",
         .tag = "Pipelines",
         .query = {{"workspaceId", "Filter by workspace"}, {"search", "Free-text name filter"}},
         .responseSchema = {{"type", "array"}, {"items", schemaRef("Pipeline")}},
         .handler = bind(ctx, listPipelines)},
        {.method = "POST",
         .pattern = "/pipelines",
         .operationId = "createPipeline",
         .summary = "Create a pipeline (starts in DRAFT)",
         .tag = "Pipelines",
         .successStatus = 201,
         .body = BodyUse::Required,
         .requestSchema = schemaRef("PipelineCreate"),
         .responseSchema = schemaRef("Pipeline"),
         .handler = bind(ctx, createPipeline)},
        {.method = "GET",
         .pattern = "/pipelines/{pipeline_id}",
         .operationId = "getPipeline",
         .summary = "A pipeline with its YAML",
         .tag = "Pipelines",
         .responseSchema = schemaRef("Pipeline"),
         .handler = bind(ctx, getPipeline)},
        {.method = "PUT",
         .pattern = "/pipelines/{pipeline_id}",
         .operationId = "updatePipeline",
         .summary = "Update a pipeline (a new version when anything changed)",
         .tag = "Pipelines",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("PipelineUpdate"),
         .responseSchema = schemaRef("Pipeline"),
         .handler = bind(ctx, updatePipeline)},
        {.method = "DELETE",
         .pattern = "/pipelines/{pipeline_id}",
         .operationId = "deletePipeline",
         .summary = "Delete a pipeline with all its versions and runs",
         .tag = "Pipelines",
         .responseSchema = schemaRef("PipelineDeleted"),
         .handler = bind(ctx, deletePipeline)},
        {.method = "POST",
         .pattern = "/pipelines/{pipeline_id}/run",
         .operationId = "runPipeline",
         .summary = "Run the pipeline locally; answers at once",
         .tag = "Runs",
         .successStatus = 202,
         .body = BodyUse::Optional,
         .requestSchema = schemaRef("RunRequest"),
         .responseSchema = schemaRef("RunResponse"),
         .handler = bind(ctx, runPipeline)},
        {.method = "GET",
         .pattern = "/runs/{run_id}",
         .operationId = "getRunStatus",
         .summary = "A run's status and its tasks' statuses",
         .tag = "Runs",
         .responseSchema = schemaRef("RunStatusResponse"),
         .handler = bind(ctx, getRunStatus)},
        {.method = "POST",
         .pattern = "/runs/{run_id}/cancel",
         .operationId = "cancelRun",
         .summary = "Cancel a running run",
         .tag = "Runs",
         .responseSchema = schemaRef("CancelRunResponse"),
         .handler = bind(ctx, cancelRun)},
    };
}

} // namespace pw::server::dataflow
