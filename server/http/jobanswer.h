#pragma once

#include <functional>

#include "apiresponse.h"
#include "core/access/access.h"

namespace pw::core {
class JobContext;
class JobService;
} // namespace pw::core

namespace pw::server {

// Answers a request with what `work` returns, run on core's job threads (a transient job,
// counted against the caller's queue): for handlers whose core call reads or writes much — a
// large draft's changes with their diffs, a commit of many files, a merge — so the server thread
// never waits on them. A client that leaves cancels the job (the work sees it through its
// context); a caller at its queue limit gets 429.
ApiResponse answerFromJob(core::JobService &jobs, const core::Actor &actor,
                          std::function<ApiResponse(core::JobContext &)> work);

} // namespace pw::server
