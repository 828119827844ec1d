#include "codegen.h"

#include <cctype>

#include <algorithm>
#include <set>

#include "../spec/specvalidator.h"
#include "python.h"

namespace pw::core {

std::string fieldText(const nlohmann::json &fields, const char *key)
{
    const auto it = fields.find(key);
    return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
}

const nlohmann::json *fieldValue(const nlohmann::json &fields, const char *key)
{
    const auto it = fields.find(key);
    return it == fields.end() || it->is_null() ? nullptr : &*it;
}

std::string dagIdOf(const Spec &spec, std::string_view definitionId)
{
    const auto dagId = spec.deployment.find("dag_id");
    if (dagId != spec.deployment.end() && dagId->is_string() &&
        isValidDagId(dagId->get_ref<const std::string &>()))
        return dagId->get<std::string>();
    if (definitionId.empty())
        return "pipeline";
    std::string hex;
    for (char c : definitionId) {
        if (std::isxdigit(static_cast<unsigned char>(c)))
            hex.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
        if (hex.size() == 12)
            break;
    }
    return "pipeline_" + hex;
}

std::string generatedFilePath(std::string_view target, const std::string &dagId)
{
    return (target == "dagster" ? "dagster/" : "dags/") + dagId + ".py";
}

std::string specFilePath(const std::string &dagId)
{
    return "pipelines/" + dagId + ".yaml";
}

CompileInput compileInput(const Spec &spec, const std::string &definitionName,
                          std::string_view definitionId,
                          const std::vector<std::string> &reservedNames)
{
    CompileInput in{spec, definitionName, dagIdOf(spec, definitionId), {}, {}, {}, {}};
    const size_t n = spec.nodes.size();
    // Python names: the node id, unless Python or the generated code already uses it.
    const std::set<std::string> reserved(reservedNames.begin(), reservedNames.end());
    std::set<std::string> taken;
    for (const Node &node : spec.nodes)
        taken.insert(node.id);
    in.names.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const std::string &id = spec.nodes[i].id;
        if (!python::isKeyword(id) && !reserved.contains(id)) {
            in.names[i] = id;
            continue;
        }
        std::string name = "task_" + id;
        while (taken.contains(name) || reserved.contains(name))
            name += "_";
        taken.insert(name);
        in.names[i] = name;
        in.renamed[id] = name;
    }
    // Upstreams per node, and a topological order that keeps the spec's order among ready
    // nodes (Kahn's algorithm with the lowest index first): stable, so output is stable.
    std::map<std::string, size_t> index;
    for (size_t i = 0; i < n; ++i)
        index[spec.nodes[i].id] = i;
    in.upstreams.resize(n);
    std::vector<std::vector<size_t>> downstreams(n);
    std::vector<int> pending(n, 0);
    for (const Edge &e : spec.edges) {
        const auto u = index.find(e.upstream), d = index.find(e.downstream);
        if (u == index.end() || d == index.end())
            continue;
        in.upstreams[d->second].push_back(u->second);
        downstreams[u->second].push_back(d->second);
        ++pending[d->second];
    }
    for (auto &ups : in.upstreams)
        std::sort(ups.begin(), ups.end());
    std::set<size_t> ready;
    for (size_t i = 0; i < n; ++i) {
        if (pending[i] == 0)
            ready.insert(i);
    }
    while (!ready.empty()) {
        const size_t next = *ready.begin();
        ready.erase(ready.begin());
        in.order.push_back(next);
        for (size_t d : downstreams[next]) {
            if (--pending[d] == 0)
                ready.insert(d);
        }
    }
    return in;
}

bool isSqlFilePath(const std::string &query)
{
    return query.find('\n') == std::string::npos && query.ends_with(".sql") &&
           query.find(' ') == std::string::npos;
}

HttpTarget httpTarget(const std::string &url)
{
    const size_t scheme = url.find("://");
    const size_t hostStart = scheme == std::string::npos ? 0 : scheme + 3;
    const size_t pathStart = url.find('/', hostStart);
    const std::string host = url.substr(
        hostStart, pathStart == std::string::npos ? std::string::npos : pathStart - hostStart);
    std::string conn = "http_";
    for (char c : host)
        conn += (std::isalnum(static_cast<unsigned char>(c))
                     ? static_cast<char>(std::tolower(static_cast<unsigned char>(c)))
                     : '_');
    return {conn, pathStart == std::string::npos ? std::string("/") : url.substr(pathStart)};
}

} // namespace pw::core
