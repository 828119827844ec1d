#include "specdiff.h"

#include <set>
#include <unordered_map>
#include <unordered_set>

namespace pw::core {

std::vector<ValueChange> compareObjects(const nlohmann::json &from, const nlohmann::json &to)
{
    std::set<std::string> keys;
    for (const auto &[k, v] : from.items())
        keys.insert(k);
    for (const auto &[k, v] : to.items())
        keys.insert(k);
    std::vector<ValueChange> out;
    for (const std::string &key : keys) {
        const auto a = from.find(key);
        const auto b = to.find(key);
        const nlohmann::json left = a == from.end() ? nlohmann::json() : *a;
        const nlohmann::json right = b == to.end() ? nlohmann::json() : *b;
        if (left != right)
            out.push_back({key, left, right});
    }
    return out;
}

SpecComparison compareSpecs(const Spec &from, const Spec &to)
{
    SpecComparison out;
    std::unordered_map<std::string_view, const Node *> before;
    before.reserve(from.nodes.size() * 2);
    for (const Node &n : from.nodes)
        before.emplace(n.id, &n);
    std::unordered_set<std::string_view> seen;
    seen.reserve(to.nodes.size() * 2);
    for (const Node &n : to.nodes) {
        seen.insert(n.id);
        const auto it = before.find(n.id);
        if (it == before.end()) {
            out.nodesAdded.push_back(n.id);
            continue;
        }
        const Node &old = *it->second;
        if (old.sameContent(n))
            continue;
        NodeChange change{n.id, {}};
        if (old.type != n.type)
            change.fields.push_back("type");
        if (old.label != n.label)
            change.fields.push_back("label");
        for (const ValueChange &c : compareObjects(old.fields(), n.fields()))
            change.fields.push_back(c.key);
        out.nodesChanged.push_back(std::move(change));
    }
    for (const Node &n : from.nodes) {
        if (!seen.contains(n.id))
            out.nodesRemoved.push_back(n.id);
    }
    auto key = [](const Edge &e) { return e.upstream + '\n' + e.downstream; };
    std::unordered_set<std::string> edgesBefore;
    for (const Edge &e : from.edges)
        edgesBefore.insert(key(e));
    std::unordered_set<std::string> edgesAfter;
    for (const Edge &e : to.edges) {
        edgesAfter.insert(key(e));
        if (!edgesBefore.contains(key(e)))
            out.edgesAdded.push_back(e);
    }
    for (const Edge &e : from.edges) {
        if (!edgesAfter.contains(key(e)))
            out.edgesRemoved.push_back(e);
    }
    out.deployment = compareObjects(from.deployment, to.deployment);
    out.params = compareObjects(from.params, to.params);
    out.other = compareObjects(from.extra, to.extra);
    return out;
}

} // namespace pw::core
