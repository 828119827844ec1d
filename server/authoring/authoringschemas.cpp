#include "authoringschemas.h"

#include "server/http/limits.h"
#include "server/http/router.h"

namespace pw::server {

namespace {

using nlohmann::json;

json str()
{
    return {{"type", "string"}};
}
json nullableStr()
{
    return {{"type", "string"}, {"nullable", true}};
}
json time()
{
    return {{"type", "string"}, {"format", "date-time"}};
}
json nullableTime()
{
    return {{"type", "string"}, {"format", "date-time"}, {"nullable", true}};
}
json integer()
{
    return {{"type", "integer"}};
}
json boolean()
{
    return {{"type", "boolean"}};
}
json anyValue()
{
    return json::object();
}
json arrayOf(json items)
{
    return {{"type", "array"}, {"items", std::move(items)}};
}
json strings()
{
    return arrayOf(str());
}
json enumOf(std::initializer_list<const char *> values)
{
    json out = {{"type", "string"}, {"enum", json::array()}};
    for (const char *v : values)
        out["enum"].push_back(v);
    return out;
}
json openObject()
{
    return {{"type", "object"}, {"additionalProperties", true}};
}

json object(json properties, std::initializer_list<const char *> required = {}, bool open = false)
{
    json out = {{"type", "object"}, {"properties", std::move(properties)}};
    if (required.size() > 0)
        out["required"] = json(std::vector<std::string>(required.begin(), required.end()));
    if (open)
        out["additionalProperties"] = true;
    return out;
}

json allOf(const std::string &base, json extra)
{
    return {{"allOf", json::array({schemaRef(base), std::move(extra)})}};
}

json changeSummary()
{
    return {{"type", "string"}, {"maxLength", 2000}};
}

} // namespace

void registerAuthoringSchemas(Router &router)
{
    auto add = [&router](const char *name, json schema) {
        router.addSchema(name, std::move(schema));
    };

    add("Permissions",
        object({{"view", boolean()}, {"manage", boolean()}, {"administer", boolean()}},
               {"view", "manage", "administer"}));
    add("Workspace",
        object({{"id", str()},
                {"space_slug", str()},
                {"name", str()},
                {"description", str()},
                {"default_repository_id", nullableStr()},
                {"owner_user_id", str()},
                {"visibility", enumOf({"private", "shared"})},
                {"authoring_query_connector_ids", strings()},
                {"customization", openObject()},
                {"archived_at", nullableTime()},
                {"created_at", time()},
                {"updated_at", time()},
                {"effective_permissions", schemaRef("Permissions")}},
               {"id", "name", "visibility", "owner_user_id", "effective_permissions"}));
    const json workspaceFields = {
        {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
        {"description", {{"type", "string"}, {"maxLength", 10000}}},
        {"default_repository_id", nullableStr()},
        {"owner_user_id", nullableStr()},
        {"visibility", enumOf({"private", "shared"})},
        {"authoring_query_connector_ids", strings()},
        {"customization", openObject()}};
    add("WorkspaceCreate", object(workspaceFields, {"name"}));
    add("WorkspacePatch", object(workspaceFields));
    add("Grant", object({{"user_id", str()}, {"access", enumOf({"view", "manage"})}},
                        {"user_id", "access"}));
    add("WorkspaceAccess", object({{"workspace_id", str()},
                                   {"visibility", enumOf({"private", "shared"})},
                                   {"owner_user_id", str()},
                                   {"grants", arrayOf(schemaRef("Grant"))},
                                   {"effective_permissions", schemaRef("Permissions")}},
                                  {"workspace_id", "visibility", "owner_user_id", "grants"}));
    add("WorkspaceAccessUpdate", object({{"visibility", enumOf({"private", "shared"})},
                                         {"grants", arrayOf(schemaRef("Grant"))}},
                                        {"visibility"}));
    add("Settings",
        object({{"default_repository_id", nullableStr()}, {"updated_at", nullableTime()}}));
    add("SettingsPatch", object({{"default_repository_id", nullableStr()}}));

    add("Position", object({{"x", {{"type", "number"}}}, {"y", {{"type", "number"}}}}, {"x", "y"}));
    add("Node", object({{"id", {{"type", "string"}, {"pattern", "^[a-z][a-z0-9_]{0,127}$"}}},
                        {"type", str()},
                        {"label", str()},
                        {"position", schemaRef("Position")}},
                       {"id", "type"}, true));
    add("DependencyRef",
        object({{"upstream", str()}, {"downstream", str()}}, {"upstream", "downstream"}));
    add("Dependency", object({{"id", {{"type", "string"}, {"example", "extract->load"}}},
                              {"upstream", str()},
                              {"downstream", str()}},
                             {"id", "upstream", "downstream"}));
    add("Spec", object({{"nodes", arrayOf(schemaRef("Node"))},
                        {"edges", arrayOf(schemaRef("DependencyRef"))},
                        {"deployment", openObject()},
                        {"params", openObject()}},
                       {}, true));

    const json definitionFields = {{"id", str()},
                                   {"space_slug", str()},
                                   {"workspace_id", str()},
                                   {"repository_id", nullableStr()},
                                   {"name", str()},
                                   {"description", str()},
                                   {"target", enumOf({"airflow", "dagster"})},
                                   {"status", str()},
                                   {"current_version", integer()},
                                   {"version_count", integer()},
                                   {"node_count", integer()},
                                   {"archived_at", nullableTime()},
                                   {"created_by", str()},
                                   {"updated_by", str()},
                                   {"created_at", time()},
                                   {"updated_at", time()},
                                   {"effective_permissions", schemaRef("Permissions")}};
    add("DefinitionSummary",
        object(definitionFields, {"id", "workspace_id", "name", "target", "current_version"}));
    add("Definition",
        allOf("DefinitionSummary",
              object({{"edge_count", integer()}, {"spec", schemaRef("Spec")}}, {"spec"})));
    const json definitionInput = {
        {"name", {{"type", "string"}, {"minLength", 1}, {"maxLength", 200}}},
        {"description", {{"type", "string"}, {"maxLength", 10000}}},
        {"target", enumOf({"airflow", "dagster"})},
        {"workspace_id", str()},
        {"repository_id", nullableStr()},
        {"spec", schemaRef("Spec")},
        {"change_summary", changeSummary()}};
    add("DefinitionCreate", object(definitionInput, {"name", "workspace_id"}));
    add("DefinitionPatch", object(definitionInput));

    add("Version", object({{"id", str()},
                           {"definition_id", str()},
                           {"number", integer()},
                           {"workspace_id", str()},
                           {"repository_id", nullableStr()},
                           {"name", str()},
                           {"description", str()},
                           {"target", str()},
                           {"change_summary", str()},
                           {"author_user_id", str()},
                           {"author_name", str()},
                           {"created_at", time()}},
                          {"id", "definition_id", "number"}));
    add("VersionDetail", allOf("Version", object({{"spec", schemaRef("Spec")}}, {"spec"})));
    add("ValueChange",
        object({{"key", str()}, {"from", anyValue()}, {"to", anyValue()}}, {"key", "from", "to"}));
    add("Comparison",
        object(
            {{"definition_id", str()},
             {"from_version", object({{"id", str()}, {"number", integer()}})},
             {"to_version",
              object({{"id", nullableStr()}, {"number", integer()}, {"current", boolean()}})},
             {"has_changes", boolean()},
             {"nodes",
              object({{"added", strings()},
                      {"removed", strings()},
                      {"changed", arrayOf(object({{"id", str()}, {"fields", strings()}}))}})},
             {"dependencies", object({{"added", arrayOf(schemaRef("Dependency"))},
                                      {"removed", arrayOf(schemaRef("Dependency"))}})},
             {"deployment", arrayOf(schemaRef("ValueChange"))},
             {"params", arrayOf(schemaRef("ValueChange"))},
             {"other", arrayOf(schemaRef("ValueChange"))},
             {"metadata",
              arrayOf(object({{"field", str()}, {"from", anyValue()}, {"to", anyValue()}}))},
             {"text_diff",
              {{"type", "string"}, {"description", "Unified diff of the canonical pretty JSON."}}},
             {"text_diff_truncated",
              {{"type", "boolean"},
               {"description", "The diff was cut at " +
                                   std::to_string(HttpLimits::maxTextDiffBytes) +
                                   " bytes, or left out because a side's text is too large."}}}},
            {"from_version", "to_version", "has_changes", "text_diff"}));
    add("RestoreRequest", object({{"change_summary", changeSummary()}}));

    add("NodeListItem",
        allOf("Node", object({{"upstream_count", integer()}, {"downstream_count", integer()}})));
    add("NodeDetail", allOf("Node", object({{"upstream_edge_ids", strings()},
                                            {"downstream_edge_ids", strings()}})));
    add("NodeAdd", object({{"node", schemaRef("Node")},
                           {"upstream", strings()},
                           {"downstream", strings()},
                           {"change_summary", changeSummary()}},
                          {"node"}));
    add("NodePatch",
        {{"type", "object"},
         {"description", "A JSON merge patch of the node, as the body itself or under 'node'; null "
                         "removes a field. The id cannot change."},
         {"properties", {{"node", openObject()}, {"change_summary", changeSummary()}}},
         {"additionalProperties", true}});
    add("DependencyAdd", object({{"upstream", str()},
                                 {"downstream", str()},
                                 {"dependency", schemaRef("DependencyRef")},
                                 {"change_summary", changeSummary()}}));
    add("DependencyDelete",
        object({{"upstream", str()}, {"downstream", str()}, {"change_summary", changeSummary()}},
               {"upstream", "downstream"}));
    add("DependenciesReplace", object({{"edges", arrayOf(schemaRef("DependencyRef"))},
                                       {"change_summary", changeSummary()}},
                                      {"edges"}));
    auto mutation = [](const char *key, json value) {
        return object({{"definition", schemaRef("Definition")}, {key, std::move(value)}},
                      {"definition"});
    };
    add("NodeMutation", mutation("node", schemaRef("Node")));
    add("NodeDeletion", mutation("removed_dependencies", arrayOf(schemaRef("Dependency"))));
    add("DependencyMutation", mutation("dependency", schemaRef("Dependency")));
    add("DependencyRemoval", mutation("removed_dependency", schemaRef("Dependency")));
    add("DependenciesReplaced", mutation("dependencies", arrayOf(schemaRef("Dependency"))));

    add("CatalogField", object({{"name", str()},
                                {"kind", enumOf({"string", "text", "enum", "object", "integer",
                                                 "number", "boolean", "string_list"})},
                                {"required", boolean()},
                                {"label", str()},
                                {"description", str()},
                                {"options", strings()},
                                {"language", str()},
                                {"format", str()},
                                {"default", anyValue()}},
                               {"name", "kind"}));
    add("NodeType", object({{"type", str()},
                            {"label", str()},
                            {"category", str()},
                            {"icon", str()},
                            {"description", str()},
                            {"fields", arrayOf(schemaRef("CatalogField"))}},
                           {"type", "fields"}));
    add("NodeCatalog", object({{"node_types", arrayOf(schemaRef("NodeType"))},
                               {"common_fields", arrayOf(schemaRef("CatalogField"))}},
                              {"node_types"}));
    add("CompilerJobRequest", object({{"mode", enumOf({"validate", "compile"})},
                                      {"spec", schemaRef("Spec")},
                                      {"target", enumOf({"airflow", "dagster"})}},
                                     {"mode", "spec"}));
    add("Job", object({{"id", str()},
                       {"kind", str()},
                       {"subject_id", nullableStr()},
                       {"state", enumOf({"queued", "running", "succeeded", "failed", "cancelled"})},
                       {"progress", {{"type", "number"}, {"minimum", 0}, {"maximum", 1}}},
                       {"message", str()},
                       {"result",
                        {{"description", "The work's answer once it succeeded (a ValidationResult, "
                                         "CompileResult or a publish's summary)"}}},
                       {"error", {{"description", "An error object once it failed"}}},
                       {"created_by", str()},
                       {"created_at", time()},
                       {"started_at", nullableTime()},
                       {"finished_at", nullableTime()}},
                      {"id", "kind", "state", "progress"}));
    add("ValidateRequest", object({{"spec", schemaRef("Spec")}, {"mode", str()}}, {"spec"}));
    add("Problem", object({{"code", str()},
                           {"message", str()},
                           {"path", str()},
                           {"severity", enumOf({"error", "warning"})},
                           {"node_id", nullableStr()},
                           // details.reason: a field problem's clause about the value alone
                           {"details", openObject()}},
                          {"code", "message", "path", "severity"}));
    add("ValidationResult", object({{"valid", boolean()},
                                    {"error_count", integer()},
                                    {"warning_count", integer()},
                                    {"problems", arrayOf(schemaRef("Problem"))}},
                                   {"valid", "error_count", "warning_count", "problems"}));

    // Draft files and README
    const json sha = {{"type", "string"}, {"pattern", "^[0-9a-f]{40}$"}};
    const json nullableSha = {
        {"type", "string"}, {"pattern", "^[0-9a-f]{40}$"}, {"nullable", true}};
    const json status = enumOf({"unchanged", "modified", "added", "deleted"});
    const json fileType = enumOf({"file", "symlink", "submodule"});
    add("DraftTree", object({{"definition_id", str()},
                             {"repository_id", str()},
                             {"branch", str()},
                             {"head", nullableSha},
                             {"base_commit", nullableSha},
                             {"counts", object({{"files", integer()},
                                                {"modified", integer()},
                                                {"added", integer()},
                                                {"deleted", integer()}})},
                             {"entries", arrayOf(object({{"path", str()},
                                                         {"sha", sha},
                                                         {"status", status},
                                                         {"type", fileType},
                                                         {"executable", boolean()}},
                                                        {"path", "sha", "status", "type"}))}},
                            {"branch", "entries"}));
    const json fileInfo = {{"path", str()},           {"sha", sha},         {"language", str()},
                           {"size", integer()},       {"status", status},   {"type", fileType},
                           {"executable", boolean()}, {"binary", boolean()}};
    add("DraftFileInfo", object(fileInfo, {"path", "sha", "status"}));
    json withContent = fileInfo;
    withContent["encoding"] = enumOf({"utf-8", "base64"});
    withContent["content"] = str();
    add("DraftFile", object(withContent, {"path", "sha", "status", "content", "encoding"}));
    add("DraftFileList", object({{"files", arrayOf(schemaRef("DraftFileInfo"))}}, {"files"}));
    const json contentFields = {{"path", str()},
                                {"content", str()},
                                {"encoding", enumOf({"utf-8", "base64"})},
                                {"language", str()},
                                {"base_sha", sha}};
    add("DraftFileSave", object(contentFields, {"path", "content"}));
    add("DraftFileUpload",
        object({{"files", arrayOf(object(contentFields, {"path", "content"}))}}, {"files"}));
    add("DraftFileMove",
        object({{"path", str()}, {"new_path", str()}, {"base_sha", sha}}, {"path", "new_path"}));
    add("DraftFileMoves", object({{"moves", arrayOf(schemaRef("DraftFileMove"))}}, {"moves"}));
    add("DraftFilePath", object({{"path", str()}, {"base_sha", sha}}));
    add("DraftSearchResult",
        object({{"query", str()},
                {"results", arrayOf(object({{"path", str()},
                                            {"line", {{"type", "integer"}, {"nullable", true}}},
                                            {"column", integer()},
                                            {"length", integer()},
                                            {"text", str()},
                                            {"match", enumOf({"path", "content"})}}))},
                {"truncated", boolean()},
                {"timed_out", boolean()},
                {"too_costly", boolean()},
                {"files_searched", integer()}},
               {"results", "truncated"}));
    add("DraftChanges", object({{"branch", str()},
                                {"head", nullableSha},
                                {"base_commit", nullableSha},
                                {"changes", arrayOf(object({{"path", str()},
                                                            {"status", status},
                                                            {"repository_sha", nullableSha},
                                                            {"draft_sha", nullableSha},
                                                            {"binary", boolean()},
                                                            {"spec_file", boolean()},
                                                            {"diff", str()},
                                                            {"diff_truncated", boolean()}}))},
                                {"truncated", boolean()}},
                               {"changes"}));
    add("CommitDraftsRequest",
        object({{"branch", str()}, {"message", str()}, {"expected_head", sha}}, {"branch"}));
    add("CommitDraftsResult", object({{"branch", str()},
                                      {"commit", sha},
                                      {"parent", nullableSha},
                                      {"created_branch", boolean()},
                                      {"spec_path", str()},
                                      {"files", strings()}},
                                     {"branch", "commit", "files"}));
    json readme = withContent;
    readme["exists"] = boolean();
    readme["sha"] = nullableSha;
    readme["status"] = {{"type", "string"}, {"nullable", true}};
    add("Readme", object(readme, {"path", "exists", "content"}));
    add("ReadmeUpdate", object({{"path", str()},
                                {"content", str()},
                                {"encoding", enumOf({"utf-8", "base64"})},
                                {"base_sha", sha},
                                {"change_summary", changeSummary()}},
                               {"content"}));

    add("CompileRequest", object({{"spec", schemaRef("Spec")},
                                  {"target", enumOf({"airflow", "dagster"})},
                                  {"name", str()}},
                                 {"spec"}));
    const json resource = object({{"name", str()},
                                  {"type", str()},
                                  {"connector_id", str()},
                                  {"details", {{"type", "object"}, {"additionalProperties", true}}},
                                  {"nodes", arrayOf(str())}},
                                 {"name", "nodes"});
    add("DeploymentResources",
        object({{"definition_id", str()},
                {"version", {{"type", "integer"}}},
                {"target", enumOf({"airflow", "dagster"})},
                {"connections", arrayOf(resource)},
                {"variables", arrayOf(resource)},
                {"pools", arrayOf(resource)},
                {"params", {{"type", "object"}, {"additionalProperties", true}}},
                {"missing_connections", arrayOf(str())}},
               {"definition_id", "connections", "variables", "pools", "params"}));
    add("PublishRequest", object({{"repository_id", str()},
                                  {"title", str()},
                                  {"body", str()},
                                  {"sandbox_policy", enumOf({"enforce", "warn"})},
                                  {"reviewed_version", {{"type", "integer"}, {"minimum", 1}}},
                                  {"branch", str()}},
                                 {}));
    const json gate =
        object({{"name", enumOf({"review_current", "spec_valid", "compiles", "python_parses"})},
                {"passed", {{"type", "boolean"}}},
                {"message", str()},
                {"details", {{"type", "object"}, {"additionalProperties", true}}}},
               {"name", "passed"});
    add("PublishResult",
        object({{"definition", schemaRef("Definition")},
                {"source_branch", str()},
                {"target_branch", str()},
                {"commit", str()},
                {"committed_files", arrayOf(str())},
                {"pushed", {{"type", "boolean"}}},
                {"merge_request", object({{"id", str()},
                                          {"provider", enumOf({"local", "github", "gitlab"})},
                                          {"number", {{"type", "integer"}, {"nullable", true}}},
                                          {"url", {{"type", "string"}, {"nullable", true}}},
                                          {"state", enumOf({"open", "merged", "closed"})},
                                          {"source_branch", str()},
                                          {"target_branch", str()},
                                          {"title", str()}},
                                         {"id", "provider", "state"})},
                {"generated_files",
                 arrayOf(object({{"path", str()}, {"language", str()}, {"content", str()}},
                                {"path", "content"}))},
                {"validation_report", object({{"passed", {{"type", "boolean"}}},
                                              {"sandbox_policy", enumOf({"enforce", "warn"})},
                                              {"gates", arrayOf(gate)}},
                                             {"passed", "gates"})}},
               {"definition", "source_branch", "target_branch", "merge_request",
                "validation_report"}));
    add("CompileResult",
        object({{"target", enumOf({"airflow", "dagster"})},
                {"files", arrayOf(object({{"path", str()}, {"content", str()}, {"language", str()}},
                                         {"path", "content"}))},
                {"renamed", {{"type", "object"}, {"additionalProperties", str()}}},
                {"problems", arrayOf(schemaRef("Problem"))}},
               {"target", "files"}));
}

} // namespace pw::server
