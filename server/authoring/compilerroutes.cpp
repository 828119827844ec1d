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
        return fromError(Error::invalid(
            "'mode' must be 'validate' (compile jobs come with the compiler)", "mode"));
    core::CompilerService &compiler = ctx.core.compiler();
    auto job = ctx.core.jobs().submit(
        req.requireActor(), "validate", {},
        [&compiler, spec = std::move((*body)["spec"])](core::JobContext &) -> core::Result<json> {
            return compiler.validate(spec).toJson();
        });
    if (!job)
        return fromError(job.error());
    ApiResponse response = ApiResponse::json(202, jobJson(*job));
    response.headers.emplace_back(
        "Location", QByteArray::fromStdString("/api/v1.0/spaces/" + req.requireActor().spaceSlug +
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
         .summary = "Start an asynchronous validate job (answered 202 with the job)",
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
        {.method = "POST",
         .pattern = "/compiler/validate",
         .operationId = "validateSpec",
         .summary = "Validate a pipeline authoring spec",
         .tag = "Compiler",
         .body = BodyUse::Required,
         .requestSchema = schemaRef("ValidateRequest"),
         .responseSchema = schemaRef("ValidationResult"),
         .handler = bind(ctx, validateSpec)},
    };
}

} // namespace pw::server::authoring
