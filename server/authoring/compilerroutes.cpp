#include "common.h"

#include "authoringjson.h"
#include "core/app/core.h"
#include "core/compiler/deploymentresources.h"
#include "core/spec/specio.h"
#include "core/util/limits.h"
#include "server/http/fieldreader.h"
#include "server/http/pagination.h"

namespace pw::server::authoring {

namespace {

using core::Error;
using nlohmann::json;

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

json compileJson(const core::CompileResult &result, const std::string &target)
{
    json files = json::array();
    for (const core::GeneratedFile &f : result.files)
        files.push_back({{"path", f.path}, {"content", f.content}, {"language", f.language}});
    json renamed = json::object();
    for (const auto &[id, name] : result.renamed)
        renamed[id] = name;
    return {{"target", target},
            {"files", std::move(files)},
            {"renamed", std::move(renamed)},
            {"problems", core::problemsToJson(result.problems)}};
}

core::Result<std::string> targetOf(FieldReader &in)
{
    const std::string target = in.optionalString("target").value_or("airflow");
    if (!in.ok())
        return core::fail(in.error());
    if (!core::isValidTarget(target))
        return core::fail(Error::invalid("'target' must be airflow or dagster", "target"));
    return target;
}

json resourceJson(const core::DeploymentResource &r)
{
    json out = {{"name", r.name}, {"nodes", r.nodes}, {"details", r.details}};
    if (!r.type.empty())
        out["type"] = r.type;
    if (r.connectorId)
        out["connector_id"] = *r.connectorId;
    return out;
}

// What the definition's generated code needs from an orchestrator (sync comes later).
ApiResponse deploymentResourcesOf(Context &ctx, ApiRequest &req)
{
    const core::Actor &actor = req.requireActor();
    auto view = ctx.core.definitions().get(actor, req.param("definition_id"));
    if (!view)
        return fromError(view.error());
    const core::Definition &d = *view->definition;
    const core::DeploymentResources resources =
        core::deploymentResources(d.spec, ctx.core.registry().connectorLookup(actor.spaceId));
    auto list = [](const std::vector<core::DeploymentResource> &items) {
        json out = json::array();
        for (const core::DeploymentResource &r : items)
            out.push_back(resourceJson(r));
        return out;
    };
    return ApiResponse::json(200, {{"definition_id", d.id},
                                   {"version", d.currentVersion},
                                   {"target", d.meta.target},
                                   {"connections", list(resources.connections)},
                                   {"variables", list(resources.variables)},
                                   {"pools", list(resources.pools)},
                                   {"params", resources.params},
                                   {"missing_connections", resources.missing}});
}

// A spec to generated files. A spec with errors is 422 with the problems, as every gate.
ApiResponse compileSpec(Context &ctx, ApiRequest &req)
{
    auto body = req.jsonObject();
    if (!body)
        return fromError(body.error());
    FieldReader in(*body);
    auto target = targetOf(in);
    if (!target)
        return fromError(target.error());
    const std::string name = in.optionalString("name").value_or("pipeline");
    if (!in.ok())
        return fromError(in.error());
    const auto it = body->find("spec");
    if (it == body->end() || !it->is_object())
        return fromError(Error::invalid("'spec' must be an object", "spec"));
    auto spec = specFromJson(std::move(*it), "spec");
    if (!spec)
        return fromError(spec.error());
    core::CompileResult result = ctx.core.compiler().compile(*spec, *target, name);
    if (result.files.empty())
        return fromError(
            Error::unprocessable("the spec has problems; nothing was generated",
                                 {{"problems", core::problemsToJson(result.problems)}}));
    return ApiResponse::json(200, compileJson(result, *target));
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
    if (mode != "validate" && mode != "compile")
        return fromError(Error::invalid("'mode' must be 'validate' or 'compile'", "mode"));
    auto target = targetOf(in);
    if (!target)
        return fromError(target.error());
    core::CompilerService &compiler = ctx.core.compiler();
    auto job = ctx.core.jobs().submit(
        req.requireActor(), mode, {},
        [&compiler, mode, target = *target,
         spec = std::move((*body)["spec"])](core::JobContext &) -> core::Result<json> {
            if (mode == "validate")
                return compiler.validate(spec).toJson();
            core::SpecRead read = core::readSpec(spec);
            core::CompileResult result = compiler.compile(read.spec, target, "pipeline");
            if (result.files.empty())
                return core::fail(
                    Error::unprocessable("the spec has problems; nothing was generated",
                                         {{"problems", core::problemsToJson(result.problems)}}));
            return compileJson(result, target);
        });
    if (!job)
        return fromError(job.error());
    return acceptedJob(req, *job, "compiler/jobs");
}

ApiResponse getCompilerJob(Context &ctx, ApiRequest &req)
{
    auto job = ctx.core.jobs().get(req.requireActor(), req.param("job_id"));
    if (!job)
        return fromError(job.error());
    return ApiResponse::json(200, jobJson(*job));
}

} // namespace

std::vector<Route> compilerRoutes(const ContextPtr &ctx)
{
    return {
        // Compiler
        {.method = "GET",
         .pattern = "/node-catalog",
         .operationId = "getNodeCatalog",
         .summary = "List supported node types and their fields",
         .tag = "Compiler",
         .responseSchema = schemaRef("NodeCatalog"),
         .handler = bind(ctx, nodeCatalog)},
        {.method = "POST",
         .pattern = "/compiler/jobs",
         .operationId = "startCompilerJob",
         .summary = "Start an asynchronous validate or compile job (answered 202 with the job)",
         .tag = "Compiler",
         .successStatus = 202,
         .body = BodyUse::Required,
         .requestSchema = schemaRef("CompilerJobRequest"),
         .responseSchema = schemaRef("Job"),
         .handler = bind(ctx, startCompilerJob)},
        {.method = "GET",
         .pattern = "/compiler/jobs/{job_id}",
         .operationId = "getCompilerJob",
         .summary = "Read a compiler job's state, progress and result",
         .tag = "Compiler",
         .responseSchema = schemaRef("Job"),
         .handler = bind(ctx, getCompilerJob)},
        {.method = "GET",
         .pattern = "/definitions/{definition_id}/deployment-resources",
         .operationId = "previewDeploymentResources",
         .summary = "Preview the connections, variables and pools a definition's generated code "
                    "needs",
         .tag = "Compiler",
         .responseSchema = schemaRef("DeploymentResources"),
         .handler = bind(ctx, deploymentResourcesOf)},
        {.method = "POST",
         .pattern = "/compiler/compile",
         .operationId = "compileSpec",
         .summary =
             "Compile a spec to Airflow or Dagster code (422 with the problems when invalid)",
         .tag = "Compiler",
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("CompileRequest"),
         .responseSchema = schemaRef("CompileResult"),
         .handler = bind(ctx, compileSpec)},
        {.method = "POST",
         .pattern = "/compiler/validate",
         .operationId = "validateSpec",
         .summary = "Validate a pipeline authoring spec",
         .tag = "Compiler",
         .body = BodyUse::Required,
         .offServerThread = true,
         .requestSchema = schemaRef("ValidateRequest"),
         .responseSchema = schemaRef("ValidationResult"),
         .handler = bind(ctx, validateSpec)},
    };
}

} // namespace pw::server::authoring
