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
// The DAG id of a spec: deployment.dag_id, else "pipeline".
std::string dagIdOf(const Spec &spec);
CompileInput compileInput(const Spec &spec, const std::string &definitionName,
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

CompileResult compileAirflow(const Spec &spec, const std::string &definitionName);
CompileResult compileDagster(const Spec &spec, const std::string &definitionName);

} // namespace pw::core
