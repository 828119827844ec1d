#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../registry/registry.h"
#include "../spec/spec.h"

namespace pw::core {

// One thing an orchestrator must hold before the generated code can run.
struct DeploymentResource
{
    std::string name; // the Airflow connection id, variable key or pool name
    std::string type; // connection type (the connector's kind, http); empty else
    std::optional<std::string> connectorId;            // the space's connector of that name, if any
    nlohmann::json details = nlohmann::json::object(); // host (http), config keys (connectors)
    std::vector<std::string> nodes;                    // the nodes that need it, in spec order
};

struct DeploymentResources
{
    std::vector<DeploymentResource> connections;
    std::vector<DeploymentResource> variables; // Airflow Variables the templates read
    std::vector<DeploymentResource> pools;
    nlohmann::json params = nlohmann::json::object(); // the DAG's params and their defaults
    std::vector<std::string> missing; // connections with no connector registered in the space
};

// What the generated code of `spec` needs from an orchestrator: a connection per sql connector
// and per HTTP host (named as the generated code names them), the Variables its templates read
// (`{{ var.value.x }}`, `{{ var.json.x }}`), the pool its tasks use and its params. `connector`
// finds the space's connector of a name (nullopt: not registered).
DeploymentResources
deploymentResources(const Spec &spec,
                    const std::function<std::optional<Connector>(const std::string &)> &connector);

} // namespace pw::core
