#pragma once

// Shared by the authoring face's route files: the handlers' context, and reading and writing the
// shapes several resources use. Request shape only; rules are core's.

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/definition/definitionservice.h"
#include "core/jobs/jobservice.h"
#include "server/http/apirequest.h"
#include "server/http/apiresponse.h"
#include "server/http/router.h"

namespace pw::core {
class Core;
}

namespace pw::server::authoring {

struct Context
{
    core::Core &core;
};
using ContextPtr = std::shared_ptr<Context>;

// A handler of this face bound to its context.
using HandlerFn = ApiResponse (*)(Context &, ApiRequest &);
Handler bind(const ContextPtr &ctx, HandlerFn fn);

ApiResponse fromError(const core::Error &error);
core::Result<bool> boolQuery(const ApiRequest &request, const char *name);
// Shape problems of a spec or node in a request are 400s naming the field; rule problems are
// core validation's 422.
core::Result<core::Spec> specFromJson(nlohmann::json &&source, const std::string &field);
core::Result<core::Node> nodeFromJson(const nlohmann::json &source, const std::string &field);
core::Result<core::Edge> edgeFromJson(const nlohmann::json &source, const std::string &field);
core::Result<std::vector<core::Edge>> edgesFromJson(const nlohmann::json &array,
                                                    const std::string &field);
// `change_summary` from the query or an optional JSON body; a malformed body is left in bodyOut.
std::string optionalSummary(const ApiRequest &req, core::Result<nlohmann::json> *bodyOut = nullptr);
ApiResponse definitionResponse(int status, const core::DefinitionView &view, const ApiRequest &req);
ApiResponse graphResponse(int status, const core::DefinitionView &view, const ApiRequest &req,
                          const char *key, const nlohmann::json &value);
nlohmann::json listOf(const char *schema);
// A job as the face shows it, and the 202 that hands one to a client (Location: its status).
nlohmann::json jobJson(const core::JobInfo &job);
// `route` is where the job is read under the face's prefix ("jobs" or "compiler/jobs").
ApiResponse acceptedJob(const ApiRequest &req, const core::JobInfo &job,
                        std::string_view route = "jobs");
// Whether the client asked for work to be answered as a job (RFC 7240 `Prefer: respond-async`)
// instead of waiting for its end.
bool prefersAsync(const ApiRequest &req);

// The face's route files, one per resource.
std::vector<Route> workspaceRoutes(const ContextPtr &ctx);
std::vector<Route> definitionRoutes(const ContextPtr &ctx);
std::vector<Route> graphRoutes(const ContextPtr &ctx);
std::vector<Route> compilerRoutes(const ContextPtr &ctx);
std::vector<Route> fileRoutes(const ContextPtr &ctx);
std::vector<Route> jobRoutes(const ContextPtr &ctx);
std::vector<Route> tokenRoutes(const ContextPtr &ctx);

} // namespace pw::server::authoring
