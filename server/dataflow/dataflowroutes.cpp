#include "dataflowroutes.h"

#include "common.h"
#include "server/http/router.h"

namespace pw::server {

namespace dataflow {

Handler bind(const ContextPtr &ctx, HandlerFn fn)
{
    return [ctx, fn](ApiRequest &req) { return fn(*ctx, req); };
}

ApiResponse fromError(const core::Error &error)
{
    return ApiResponse::error(error);
}

void registerDataFlowSchemas(Router &router)
{
    using nlohmann::json;
    const json str = {{"type", "string"}};
    const json nullableStr = {{"type", "string"}, {"nullable", true}};
    const json integer = {{"type", "integer"}};
    const json boolean = {{"type", "boolean"}};
    auto object = [](json properties, std::vector<std::string> required) {
        json out = {{"type", "object"}, {"properties", std::move(properties)}};
        if (!required.empty())
            out["required"] = required;
        return out;
    };
    router.addSchema(
        "GitRepository",
        object({{"id", str},
                {"name", str},
                {"remoteUrl", nullableStr},
                {"defaultBranch", str},
                {"state", {{"type", "string"}, {"enum", {"ready", "cloning", "failed"}}}},
                {"stateMessage", str},
                {"workspaceIds", {{"type", "array"}, {"items", str}}},
                {"credentialType", {{"type", "string"}, {"enum", {"NONE", "TOKEN", "SSH_KEY"}}}},
                {"credentialRef", {{"type", "string"}, {"nullable", true}}},
                {"credential", object({{"set", boolean}}, {"set"})},
                {"webhookSecret", object({{"set", boolean}}, {"set"})},
                {"hasCredential", boolean},
                {"hasWebhookSecret", boolean},
                {"jobId", str},
                {"createdAt", str}},
               {"id", "name", "defaultBranch", "state"}));
    router.addSchema(
        "ConnectRepoRequest",
        object({{"name", str},
                {"workspaceSlug", str},
                {"remoteUrl", str},
                {"defaultBranch", str},
                {"credentialType", {{"type", "string"}, {"enum", {"NONE", "TOKEN", "SSH_KEY"}}}},
                {"credential", {{"type", "string"}, {"writeOnly", true}}},
                {"credentialRef", str},
                {"webhookSecret", {{"type", "string"}, {"writeOnly", true}}}},
               {}));
    const json nullableInt = {{"type", "integer"}, {"nullable", true}};
    router.addSchema(
        "KnownHost",
        object({{"id", nullableStr},
                {"source", {{"type", "string"}, {"enum", {"space", "operator"}}}},
                {"state", {{"type", "string"}, {"enum", {"pending", "trusted", "revoked"}}}},
                {"host", nullableStr},
                {"port", nullableInt},
                {"hostPatterns", nullableStr},
                {"line", nullableInt},
                {"keyType", str},
                {"fingerprint", str},
                {"repositoryId", nullableStr},
                {"seenAt", nullableStr},
                {"acceptedBy", nullableStr},
                {"acceptedAt", nullableStr}},
               {"source", "state", "keyType", "fingerprint"}));
    router.addSchema("AcceptHostKeyRequest",
                     object({{"host", str},
                             {"port", {{"type", "integer"}, {"minimum", 1}, {"maximum", 65535}}},
                             {"fingerprint", {{"type", "string"}, {"pattern", "^SHA256:"}}}},
                            {"host", "fingerprint"}));
    router.addSchema("KnownHostDeleted", object({{"id", str}, {"deleted", boolean}}, {"id"}));
    router.addSchema("GitHistory", object({{"pipelineId", str},
                                           {"totalVersions", integer},
                                           {"versions",
                                            {{"type", "array"},
                                             {"items", object({{"version", integer},
                                                               {"message", str},
                                                               {"author", str},
                                                               {"authorId", str},
                                                               {"createdAt", str}},
                                                              {"version"})}}}},
                                          {"pipelineId", "versions"}));
    router.addSchema("DiffResponse", object({{"pipelineId", str},
                                             {"fromVersion", integer},
                                             {"toVersion", integer},
                                             {"diff", str},
                                             {"truncated", boolean}},
                                            {"pipelineId", "fromVersion", "toVersion", "diff"}));
    router.addSchema("VersionOperationResult",
                     object({{"success", boolean},
                             {"newVersion", integer},
                             {"mergedVersion", {{"type", "integer"}, {"nullable", true}}},
                             {"mergedVersions",
                              {{"type", "array"},
                               {"items", object({{"pipelineId", str}, {"version", integer}}, {})}}},
                             {"commit", str},
                             {"fastForward", boolean},
                             {"upToDate", boolean},
                             {"message", str}},
                            {"success", "message"}));
    router.addSchema(
        "GitBranch",
        object({{"name", str}, {"head", str}, {"remote", boolean}, {"default", boolean}},
               {"name", "head"}));
    router.addSchema(
        "CreateBranchRequest",
        object({{"name", str}, {"from", str}, {"repositoryId", str}, {"workspaceSlug", str}},
               {"name"}));
    router.addSchema("MergeRequest", object({{"sourceBranch", str},
                                             {"targetBranch", str},
                                             {"message", str},
                                             {"repositoryId", str},
                                             {"workspaceSlug", str}},
                                            {"sourceBranch"}));
    // The fields a delivery is read by; the rest of the provider's payload is accepted as sent.
    json payload =
        object({{"ref", str},
                {"action", str},
                {"repository", {{"type", "object"}, {"additionalProperties", true}}},
                {"project", {{"type", "object"}, {"additionalProperties", true}}},
                {"pull_request", {{"type", "object"}, {"additionalProperties", true}}},
                {"object_attributes", {{"type", "object"}, {"additionalProperties", true}}}},
               {});
    payload["additionalProperties"] = true;
    payload["description"] = "A GitHub or GitLab event payload, signed as sent";
    router.addSchema("GitWebhookPayload", std::move(payload));
    const json runState = {{"type", "string"},
                           {"enum", {"PENDING", "RUNNING", "COMPLETED", "FAILED", "CANCELLED"}}};
    const json taskState = {{"type", "string"},
                            {"enum",
                             {"PENDING", "QUEUED", "RUNNING", "COMPLETED", "FAILED",
                              "UPSTREAM_FAILED", "SKIPPED", "CANCELLED"}}};
    const json settings = {
        {"description", str},
        {"yamlDefinition", str},
        {"workspaceId", str},
        {"scheduleCron", nullableStr},
        {"tags", {{"type", "array"}, {"items", str}}},
        {"sourceConnectionId", nullableStr},
        {"targetConnectionId", nullableStr},
        {"maxRetries", integer},
        {"retryDelaySeconds", integer},
        {"timeoutSeconds", integer},
        {"notifications", {{"type", "object"}, {"nullable", true}, {"additionalProperties", true}}},
        {"isActive", boolean}};
    json pipeline = settings;
    pipeline.update(
        json{{"id", str},
             {"name", str},
             {"version", integer},
             {"status",
              {{"type", "string"},
               {"enum",
                {"DRAFT", "SCHEDULED", "RUNNING", "SUCCESS", "FAILED", "WARNING", "CANCELLED"}}}},
             {"createdAt", str},
             {"updatedAt", str},
             {"createdBy", str}});
    router.addSchema("Pipeline",
                     object(pipeline, {"id", "name", "yamlDefinition", "version", "status"}));
    json create = settings;
    create["name"] = str;
    router.addSchema("PipelineCreate", object(create, {"name", "yamlDefinition"}));
    router.addSchema("PipelineUpdate", object(create, {}));
    router.addSchema("RunRequest", object({{"yamlDefinition", str}, {"triggeredBy", str}}, {}));
    router.addSchema("RunResponse",
                     object({{"runId", str},
                             {"pipelineId", str},
                             {"status", runState},
                             {"taskCount", integer},
                             {"version", integer},
                             {"engine",
                              {{"type", "string"},
                               {"enum", {"SPARK", "FLINK", "JDBC", "LOCAL"}},
                               {"description", "LOCAL: Pipewright's local runner"}}}},
                            {"runId", "pipelineId", "status"}));
    router.addSchema(
        "RunStatusResponse",
        object({{"runId", str},
                {"pipelineId", str},
                {"version", integer},
                {"overallStatus", runState},
                {"message", str},
                {"trigger", str},
                {"logicalDate", str},
                {"createdAt", str},
                {"startedAt", nullableStr},
                {"finishedAt", nullableStr},
                {"taskStatuses", {{"type", "object"}, {"additionalProperties", taskState}}},
                {"errors", {{"type", "object"}, {"additionalProperties", str}}},
                {"tasks",
                 {{"type", "array"},
                  {"items", object({{"taskId", str},
                                    {"status", taskState},
                                    {"attempt", integer},
                                    {"maxAttempts", integer},
                                    {"message", str},
                                    {"startedAt", nullableStr},
                                    {"finishedAt", nullableStr}},
                                   {"taskId", "status"})}}}},
               {"runId", "pipelineId", "overallStatus", "taskStatuses", "errors"}));
    router.addSchema("PipelineDeleted", object({{"id", str}, {"deleted", boolean}}, {"id"}));
    router.addSchema(
        "CancelRunResponse",
        object({{"runId", str}, {"status", runState}, {"message", str}}, {"runId", "status"}));
    router.addSchema(
        "WebhookResult",
        object({{"action",
                 {{"type", "string"}, {"enum", {"SYNC", "DEPLOY", "VALIDATE", "IGNORE", "ERROR"}}}},
                {"message", str},
                {"repositoryId", nullableStr},
                {"jobId", nullableStr},
                {"replayed", boolean}},
               {"action"}));
}

} // namespace dataflow

void registerDataFlowRoutes(Router &router, core::Core &core)
{
    dataflow::registerDataFlowSchemas(router);
    auto ctx = std::make_shared<dataflow::Context>(dataflow::Context{core});
    router.addFace(std::make_shared<Face>(Face{
                       .name = "dataflow",
                       .title = "DataFlow Pipeline Engine",
                       .prefix = "/api/v1",
                       .auth = Face::Auth::BearerToken,
                       .space = Face::SpaceFrom::Fixed,
                       .fixedSpace = "default",
                       .paging = Face::Paging::None,
                       .naming = Face::Naming::CamelCase,
                   }),
                   [&] {
                       auto routes = dataflow::gitRoutes(ctx);
                       for (Route &r : dataflow::knownHostRoutes(ctx))
                           routes.push_back(std::move(r));
                       for (Route &r : dataflow::pipelineRoutes(ctx))
                           routes.push_back(std::move(r));
                       return routes;
                   }());
    router.addFace(std::make_shared<Face>(Face{
                       .name = "dataflow-webhooks",
                       .title = "DataFlow webhooks",
                       .prefix = "/api/v1",
                       .auth = Face::Auth::Signature,
                       .space = Face::SpaceFrom::None,
                       .paging = Face::Paging::None,
                       .naming = Face::Naming::CamelCase,
                   }),
                   dataflow::webhookRoutes(ctx));
}

} // namespace pw::server
