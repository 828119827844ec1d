// Jobs of any kind (publish, compile, validate, clone, fetch): their state, and a cancel. Who
// may see one is core's rule (JobService::get): its creator, and those who may see what it
// works on.
#include "common.h"

#include "core/app/core.h"

namespace pw::server::authoring {

using nlohmann::json;

json jobJson(const core::JobInfo &job)
{
    auto optional = [](const std::optional<std::string> &v) { return v ? json(*v) : json(); };
    return {{"id", job.id},
            {"kind", job.kind},
            {"subject_id", job.subjectId.empty() ? json() : json(job.subjectId)},
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

ApiResponse acceptedJob(const ApiRequest &req, const core::JobInfo &job, std::string_view route)
{
    ApiResponse response = ApiResponse::json(202, jobJson(job));
    response.headers.emplace_back(
        "Location",
        QByteArray::fromStdString("/api/v1.0/spaces/" + req.requireActor().spaceSlug +
                                  "/pipeline-authoring/" + std::string(route) + "/" + job.id));
    return response;
}

bool prefersAsync(const ApiRequest &req)
{
    // Prefer: a comma-separated list of preferences (RFC 7240); only respond-async matters here.
    for (const QByteArray &item : req.header("prefer").split(',')) {
        if (item.trimmed().split(';').front().trimmed().toLower() == "respond-async")
            return true;
    }
    return false;
}

namespace {

ApiResponse getJob(Context &ctx, ApiRequest &req)
{
    auto job = ctx.core.jobs().get(req.requireActor(), req.param("job_id"));
    if (!job)
        return fromError(job.error());
    return ApiResponse::json(200, jobJson(*job));
}

ApiResponse cancelJob(Context &ctx, ApiRequest &req)
{
    auto job = ctx.core.jobs().cancel(req.requireActor(), req.param("job_id"));
    if (!job)
        return fromError(job.error());
    return ApiResponse::json(200, jobJson(*job));
}

} // namespace

std::vector<Route> jobRoutes(const ContextPtr &ctx)
{
    return {
        {.method = "GET",
         .pattern = "/jobs/{job_id}",
         .operationId = "getJob",
         .summary = "Read a job's state, progress and result (publish, compile, clone, fetch)",
         .tag = "Jobs",
         .responseSchema = schemaRef("Job"),
         .handler = bind(ctx, getJob)},
        {.method = "POST",
         .pattern = "/jobs/{job_id}/cancel",
         .operationId = "cancelJob",
         .summary = "Ask a queued or running job to stop (its creator or a space admin)",
         .tag = "Jobs",
         .responseSchema = schemaRef("Job"),
         .handler = bind(ctx, cancelJob)},
    };
}

} // namespace pw::server::authoring
