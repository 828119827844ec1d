#include "graphedit.h"

#include <algorithm>
#include <unordered_set>

#include "../spec/specio.h"

namespace pw::core {

namespace {

Error nodeNotFound(const std::string &id) { return Error::notFound("node '" + id + "' was not found"); }

Status patchNode(Spec &spec, const NodePatch &patch)
{
    Node *node = spec.findNode(patch.nodeId);
    if (!node)
        return fail(nodeNotFound(patch.nodeId));
    if (!patch.changes.is_object())
        return fail(Error::invalid("a node patch must be an object", "node"));
    if (const auto id = patch.changes.find("id"); id != patch.changes.end()) {
        if (!id->is_string() || id->get_ref<const std::string &>() != patch.nodeId)
            return fail(Error::invalid("node ids cannot be changed; add a new node and remove this one", "id"));
    }
    nlohmann::json merged = nodeToJson(*node);
    merged.merge_patch(patch.changes);
    merged["id"] = patch.nodeId;
    SpecRead read = readSpec(nlohmann::json{{"nodes", nlohmann::json::array({merged})}});
    for (const Problem &p : read.problems) {
        if (p.code == "field_type") {
            // The reader names paths inside the one-node wrapper; report them relative to the node.
            constexpr std::string_view prefix = "nodes[0].";
            const std::string field = p.path.starts_with(prefix) ? p.path.substr(prefix.size()) : p.path;
            const std::string message = p.message.starts_with(prefix) ? p.message.substr(prefix.size()) : p.message;
            return fail(Error::invalid(message, field));
        }
    }
    *node = std::move(read.spec.nodes.front());
    return {};
}

} // namespace

Status applyGraphEdit(Spec &spec, const GraphEdit &edit)
{
    for (const Edge &edge : edit.removeEdges) {
        const int index = spec.indexOfEdge(edge.upstream, edge.downstream);
        if (index < 0)
            return fail(Error::notFound("dependency " + edge.id() + " was not found"));
        spec.edges.erase(spec.edges.begin() + index);
    }
    if (!edit.removeNodes.empty()) {
        std::unordered_set<std::string> doomed;
        for (const std::string &id : edit.removeNodes) {
            if (spec.indexOfNode(id) < 0)
                return fail(nodeNotFound(id));
            doomed.insert(id);
        }
        std::erase_if(spec.nodes, [&](const Node &n) { return doomed.contains(n.id); });
        std::erase_if(spec.edges, [&](const Edge &e) {
            return doomed.contains(e.upstream) || doomed.contains(e.downstream);
        });
    }
    for (const NodePatch &patch : edit.updateNodes) {
        if (auto ok = patchNode(spec, patch); !ok)
            return ok;
    }
    if (!edit.addNodes.empty()) {
        auto exists = [](const Node &n) {
            Error e = Error::conflict("node '" + n.id + "' already exists");
            e.details["node_id"] = n.id;
            return fail(std::move(e));
        };
        if (edit.addNodes.size() <= 8) {
            // A few nodes (the usual add or paste): scanning beats hashing every id.
            for (size_t i = 0; i < edit.addNodes.size(); ++i) {
                const Node &n = edit.addNodes[i];
                if (spec.indexOfNode(n.id) >= 0)
                    return exists(n);
                for (size_t j = 0; j < i; ++j) {
                    if (edit.addNodes[j].id == n.id)
                        return exists(n);
                }
            }
        } else {
            std::unordered_set<std::string_view> ids;
            ids.reserve(spec.nodes.size() + edit.addNodes.size());
            for (const Node &n : spec.nodes)
                ids.insert(n.id);
            for (const Node &n : edit.addNodes) {
                if (!ids.insert(n.id).second)
                    return exists(n);
            }
        }
        spec.nodes.insert(spec.nodes.end(), edit.addNodes.begin(), edit.addNodes.end());
    }
    for (const Edge &edge : edit.addEdges) {
        if (spec.indexOfEdge(edge.upstream, edge.downstream) >= 0) {
            Error e = Error::conflict("dependency " + edge.id() + " already exists");
            e.details["dependency"] = {{"upstream", edge.upstream}, {"downstream", edge.downstream}};
            return fail(std::move(e));
        }
        spec.edges.push_back(edge);
    }
    if (edit.replaceEdges)
        spec.edges = *edit.replaceEdges;
    return {};
}

} // namespace pw::core
