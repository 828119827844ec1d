#include "deploymentresources.h"

#include <map>
#include <regex>

#include "codegen.h"

namespace pw::core {

namespace {

// Every string in a node's fields (commands, queries, URLs, kwargs, headers ...).
void strings(const nlohmann::json &value, const std::function<void(const std::string &)> &visit)
{
    if (value.is_string())
        visit(value.get_ref<const std::string &>());
    else if (value.is_structured())
        for (const auto &item : value)
            strings(item, visit);
}

DeploymentResource &entry(std::vector<DeploymentResource> &list,
                          std::map<std::string, size_t> &index, const std::string &name)
{
    auto [it, added] = index.try_emplace(name, list.size());
    if (added)
        list.push_back(DeploymentResource{name, {}, std::nullopt, nlohmann::json::object(), {}});
    return list[it->second];
}

void addNode(DeploymentResource &r, const std::string &node)
{
    if (r.nodes.empty() || r.nodes.back() != node)
        r.nodes.push_back(node);
}

} // namespace

DeploymentResources
deploymentResources(const Spec &spec,
                    const std::function<std::optional<Connector>(const std::string &)> &connector)
{
    DeploymentResources out;
    std::map<std::string, size_t> connections, variables;
    static const std::regex kVariable(R"(\bvar\.(value|json)\.([A-Za-z_][A-Za-z0-9_]*))");
    size_t tasks = 0;
    for (const Node &node : spec.nodes) {
        ++tasks;
        const nlohmann::json &f = node.fields();
        // What the node connects to: a sql node's connector, an http_request's host, the
        // connections a bash or python_module task names.
        struct Needed
        {
            std::string name, type;
            nlohmann::json details = nlohmann::json::object();
        };
        std::vector<Needed> needed;
        if (node.type == "sql") {
            needed.push_back({fieldText(f, "connector"), {}});
        } else if (node.type == "http_request") {
            const std::string url = fieldText(f, "url");
            const std::string endpoint = httpTarget(url).endpoint;
            needed.push_back(
                {httpTarget(url).connection,
                 "http",
                 {{"host", url.substr(0, url.size() - std::min(url.size(), endpoint.size()))}}});
        } else if (const nlohmann::json *named = fieldValue(f, "connections");
                   named && named->is_array()) {
            for (const nlohmann::json &name : *named) {
                if (name.is_string())
                    needed.push_back({name.get<std::string>(), {}});
            }
        }
        for (Needed &n : needed) {
            const std::string &name = n.name;
            const std::string &type = n.type;
            nlohmann::json &details = n.details;
            DeploymentResource &r = entry(out.connections, connections, name);
            if (r.nodes.empty()) {
                std::optional<Connector> c = connector ? connector(name) : std::nullopt;
                r.type = c ? c->kind : type;
                r.details = std::move(details);
                if (c) {
                    r.connectorId = c->id;
                    nlohmann::json keys = nlohmann::json::array();
                    for (const auto &[key, value] : c->config.items())
                        keys.push_back(key);
                    r.details["config_keys"] = std::move(keys);
                } else {
                    out.missing.push_back(name);
                }
            }
            addNode(r, node.id);
        }
        strings(f, [&](const std::string &text) {
            if (text.find("var.") == std::string::npos)
                return;
            for (std::sregex_iterator it(text.begin(), text.end(), kVariable), end; it != end;
                 ++it) {
                DeploymentResource &r = entry(out.variables, variables, (*it)[2].str());
                r.type = (*it)[1].str() == "json" ? "json" : "value";
                addNode(r, node.id);
            }
        });
    }
    // Pipewright assigns no pools: every task runs in Airflow's default pool.
    if (tasks > 0) {
        DeploymentResource pool{"default_pool", {}, std::nullopt, {{"tasks", tasks}}, {}};
        out.pools.push_back(std::move(pool));
    }
    out.params = spec.params.is_object() ? spec.params : nlohmann::json::object();
    return out;
}

} // namespace pw::core
