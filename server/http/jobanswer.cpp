#include "jobanswer.h"

#include "core/jobs/jobservice.h"

namespace pw::server {

ApiResponse answerFromJob(core::JobService &jobs, const core::Actor &actor,
                          std::function<ApiResponse(core::JobContext &)> work)
{
    return ApiResponse::deferred([&jobs, actor, work = std::move(work)](Deferred reply) mutable {
        auto job = jobs.runTransient(
            actor,
            [reply, work = std::move(work)](core::JobContext &c) {
                if (reply.isCancelled())
                    return;
                reply.complete(work(c));
            },
            core::JobLane::Requests);
        if (!job) {
            reply.complete(ApiResponse::error(job.error()));
            return;
        }
        reply.onCancel([job = *job] { job->cancel(); });
    });
}

} // namespace pw::server
