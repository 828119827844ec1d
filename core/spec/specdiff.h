#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "spec.h"

namespace pw::core {

struct NodeChange
{
    std::string id;
    std::vector<std::string> fields; // the keys whose values differ (type, label, module, ...)
};

struct ValueChange
{
    std::string key;
    nlohmann::json from; // null when absent
    nlohmann::json to;   // null when absent
};

// What changed between two specs, by identity (node id, edge pair). Positions are layout and
// never count as a change.
struct SpecComparison
{
    std::vector<std::string> nodesAdded;
    std::vector<std::string> nodesRemoved;
    std::vector<NodeChange> nodesChanged;
    std::vector<Edge> edgesAdded;
    std::vector<Edge> edgesRemoved;
    std::vector<ValueChange> deployment;
    std::vector<ValueChange> params;
    std::vector<ValueChange> other; // top-level keys beyond the four known ones

    bool empty() const
    {
        return nodesAdded.empty() && nodesRemoved.empty() && nodesChanged.empty() &&
               edgesAdded.empty() && edgesRemoved.empty() && deployment.empty() && params.empty() &&
               other.empty();
    }
};

SpecComparison compareSpecs(const Spec &from, const Spec &to);
// Keys whose values differ between two JSON objects (absent counts as null).
std::vector<ValueChange> compareObjects(const nlohmann::json &from, const nlohmann::json &to);

} // namespace pw::core
