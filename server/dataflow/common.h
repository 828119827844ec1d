#pragma once

// Shared by the DataFlow face's route files. Request shape only; rules are core's.

#include <memory>
#include <vector>

#include "server/http/apirequest.h"
#include "server/http/apiresponse.h"
#include "server/http/router.h"

namespace pw::core {
class Core;
}

namespace pw::server::dataflow {

struct Context
{
    core::Core &core;
};
using ContextPtr = std::shared_ptr<Context>;
using HandlerFn = ApiResponse (*)(Context &, ApiRequest &);
Handler bind(const ContextPtr &ctx, HandlerFn fn);

ApiResponse fromError(const core::Error &error);

std::vector<Route> gitRoutes(const ContextPtr &ctx);
std::vector<Route> knownHostRoutes(const ContextPtr &ctx);
std::vector<Route> webhookRoutes(const ContextPtr &ctx);
std::vector<Route> pipelineRoutes(const ContextPtr &ctx);
void registerDataFlowSchemas(Router &router);

} // namespace pw::server::dataflow
