#include "samplebodies.h"

namespace pw::test {

using nlohmann::json;

std::vector<SampleRequest> sampleRequests(const std::string &workspaceId, const std::string &definitionId,
                                          const std::string &versionId)
{
    const std::string base = "/api/v1.0/spaces/default/pipeline-authoring";
    const std::string def = base + "/definitions/" + definitionId;
    const json spec = {
        {"nodes",
         {{{"id", "extract"}, {"type", "bash"}, {"label", "Extract"}, {"command", "echo {{ ds }}"},
           {"position", {{"x", 10}, {"y", 20}}}},
          {{"id", "load"}, {"type", "python_module"}, {"module", "etl.load"}, {"callable", "run"},
           {"retries", 2}, {"tags", {"a", "b"}}},
          {{"id", "done"}, {"type", "empty"}}}},
        {"edges", {{{"upstream", "extract"}, {"downstream", "load"}}, {{"upstream", "load"}, {"downstream", "done"}}}},
        {"deployment", {{"dag_id", "sample_dag"}, {"schedule", "0 6 * * *"}, {"tags", {"x"}}, {"retries", 1}}},
        {"params", {{"region", "eu"}, {"limit", 10}}}};
    return {
        {"createWorkspace", "POST", base + "/workspaces",
         {{"name", "Sample workspace"}, {"description", "made by a test"}, {"visibility", "shared"},
          {"authoring_query_connector_ids", json::array()}, {"customization", {{"color", "teal"}}}}},
        {"updateWorkspace", "PATCH", base + "/workspaces/" + workspaceId,
         {{"description", "patched"}, {"customization", {{"layout", {{"grid", true}}}}}}},
        {"replaceWorkspaceAccess", "PUT", base + "/workspaces/" + workspaceId + "/access",
         {{"visibility", "shared"}, {"grants", json::array()}}},
        {"updateSettings", "PATCH", base + "/settings", {{"default_repository_id", nullptr}}},
        {"createDefinition", "POST", base + "/definitions",
         {{"name", "Sample definition"}, {"workspace_id", workspaceId}, {"target", "airflow"}, {"spec", spec},
          {"change_summary", "sample"}}},
        {"updateDefinition", "PATCH", def, {{"description", "patched"}, {"spec", spec}, {"change_summary", "sample"}}},
        {"restoreVersion", "POST", def + "/versions/" + versionId + "/restore", {{"change_summary", "back to one"}}},
        {"addNode", "POST", def + "/nodes",
         {{"node", {{"id", "sample_node"}, {"type", "bash"}, {"command", "echo hi"}, {"position", {{"x", 1}, {"y", 2}}}}},
          {"upstream", {"notify_team"}},
          {"change_summary", "add"}}},
        {"updateNode", "PATCH", def + "/nodes/clean_accounts", {{"label", "Clean accounts"}, {"retries", 3}}},
        {"deleteNode", "DELETE", def + "/nodes/refresh_dashboard", {{"change_summary", "remove"}}},
        {"addDependency", "POST", def + "/dependencies", {{"upstream", "clean_accounts"}, {"downstream", "notify_team"}}},
        {"deleteDependency", "DELETE", def + "/dependencies",
         {{"upstream", "load_customer_renewals"}, {"downstream", "notify_team"}}},
        {"replaceDependencies", "PUT", def + "/dependencies",
         {{"edges", {{{"upstream", "extract_crm_accounts"}, {"downstream", "clean_accounts"}},
                     {{"upstream", "clean_accounts"}, {"downstream", "join_renewals"}}}},
          {"change_summary", "replace"}}},
        {"validateSpec", "POST", base + "/compiler/validate", {{"spec", spec}, {"mode", "validate"}}},
        {"startCompilerJob", "POST", base + "/compiler/jobs", {{"mode", "validate"}, {"spec", spec}}},
    };
}

} // namespace pw::test
