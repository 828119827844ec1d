#pragma once

#include <map>
#include <string>
#include <vector>

#include "../spec/problem.h"
#include "../spec/spec.h"

namespace pw::core {

struct GeneratedFile
{
    std::string path; // in the repository: dags/<dag_id>.py, dagster/<dag_id>.py
    std::string content;
    std::string language = "python";
};

struct CompileResult
{
    std::vector<GeneratedFile> files;
    Problems problems; // validation problems; no files when any is an error
    // Node ids the target could not take as they are (Python keywords, names the generated code
    // uses itself) and the names used instead; also written into the file.
    std::map<std::string, std::string> renamed;
};

// What compilers share: the dag id, the nodes in a stable topological order, each node's
// Python name, and the upstreams of each node.
struct CompileInput
{
    const Spec &spec;
    std::string definitionName;
    std::string dagId;
    std::vector<size_t> order;                  // node indexes, dependencies first
    std::vector<std::string> names;             // per node index: its Python name
    std::vector<std::vector<size_t>> upstreams; // per node index, in spec order
    std::map<std::string, std::string> renamed;
};
// The one name a definition's pipeline goes by — its DAG (Dagster job) id in the generated code,
// its generated file, its spec file and its publish branch: deployment.dag_id when it is a valid
// one; else, for a stored definition, "pipeline_" and the first 12 hex digits of its id (two
// definitions without a dag_id never share a file or a branch); else (a spec sent on its own)
// "pipeline".
std::string dagIdOf(const Spec &spec, std::string_view definitionId = {});
// Where the code generated for `target` (airflow | dagster) goes.
std::string generatedFilePath(std::string_view target, const std::string &dagId);
// Where a definition's spec is kept in its repository.
std::string specFilePath(const std::string &dagId);
CompileInput compileInput(const Spec &spec, const std::string &definitionName,
                          std::string_view definitionId,
                          const std::vector<std::string> &reservedNames);
// A node's or the deployment's field: its text (empty when not a string), or the value
// (nullptr when missing or null).
std::string fieldText(const nlohmann::json &fields, const char *key);
const nlohmann::json *fieldValue(const nlohmann::json &fields, const char *key);

// Pure functions of a valid spec: the same input gives the same bytes.
// An SQL "query" that is one line naming a .sql file is that file of the repository (the
// compiler and local runs read it the same way).
bool isSqlFilePath(const std::string &query);

// An http_request node's URL as Airflow sees it: the connection id named after its host
// (http_<host>, what the generated code's http_conn_id and a local run's connector lookup use)
// and the endpoint (path and query).
struct HttpTarget
{
    std::string connection;
    std::string endpoint;
};
HttpTarget httpTarget(const std::string &url);

CompileResult compileAirflow(const Spec &spec, const std::string &definitionName,
                             std::string_view definitionId);
CompileResult compileDagster(const Spec &spec, const std::string &definitionName,
                             std::string_view definitionId);

} // namespace pw::core
