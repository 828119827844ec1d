#include "graphedit.h"

#include <algorithm>
#include <string>
#include <unordered_map>
#include <unordered_set>

#include "../layout/placement.h"
#include "../spec/specio.h"

namespace pw::core {

namespace {

Error nodeNotFound(const std::string &id)
{
    return Error::notFound("node '" + id + "' was not found");
}

Status patchNode(Spec &spec, const NodePatch &patch)
{
    Node *node = spec.findNode(patch.nodeId);
    if (!node)
        return fail(nodeNotFound(patch.nodeId));
    if (!patch.changes.is_object())
        return fail(Error::invalid("a node patch must be an object", "node"));
    if (const auto id = patch.changes.find("id"); id != patch.changes.end()) {
        if (!id->is_string() || id->get_ref<const std::string &>() != patch.nodeId)
            return fail(Error::invalid(
                "node ids cannot be changed; add a new node and remove this one", "id"));
    }
    nlohmann::json merged = nodeToJson(*node);
    merged.merge_patch(patch.changes);
    merged["id"] = patch.nodeId;
    SpecRead read = readSpec(nlohmann::json{{"nodes", nlohmann::json::array({merged})}});
    for (const Problem &p : read.problems) {
        if (p.code == "field_type") {
            // The reader names paths inside the one-node wrapper; report them relative to the node.
            constexpr std::string_view prefix = "nodes[0].";
            const std::string field =
                p.path.starts_with(prefix) ? p.path.substr(prefix.size()) : p.path;
            const std::string message =
                p.message.starts_with(prefix) ? p.message.substr(prefix.size()) : p.message;
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
            e.details["dependency"] = {{"upstream", edge.upstream},
                                       {"downstream", edge.downstream}};
            return fail(std::move(e));
        }
        spec.edges.push_back(edge);
    }
    if (edit.replaceEdges)
        spec.edges = *edit.replaceEdges;
    return {};
}

GraphEdit inverseOf(const Spec &before, const GraphEdit &edit)
{
    GraphEdit inverse;
    if (edit.replaceEdges) {
        inverse.replaceEdges = before.edges;
    }
    std::unordered_set<std::string> removed(edit.removeNodes.begin(), edit.removeNodes.end());
    std::unordered_set<std::string> added;
    for (const Node &n : edit.addNodes)
        added.insert(n.id);
    // Nodes this edit removes come back, with every edge they had.
    for (const Node &n : before.nodes) {
        if (removed.contains(n.id))
            inverse.addNodes.push_back(n);
    }
    if (!edit.replaceEdges) {
        for (const Edge &e : before.edges) {
            const bool incident = removed.contains(e.upstream) || removed.contains(e.downstream);
            bool removedExplicitly = false;
            for (const Edge &r : edit.removeEdges)
                removedExplicitly = removedExplicitly || r == e;
            if (incident || removedExplicitly)
                inverse.addEdges.push_back(e);
        }
        // Edges this edit adds go, unless a node it adds takes them with it.
        for (const Edge &e : edit.addEdges) {
            if (!added.contains(e.upstream) && !added.contains(e.downstream))
                inverse.removeEdges.push_back(e);
        }
    }
    for (const Node &n : edit.addNodes)
        inverse.removeNodes.push_back(n.id);
    // Patched fields get their old values; fields the patch created are removed (null).
    for (const NodePatch &patch : edit.updateNodes) {
        const Node *old = before.findNode(patch.nodeId);
        if (!old || removed.contains(patch.nodeId))
            continue;
        const nlohmann::json previous = nodeToJson(*old);
        nlohmann::json undo = nlohmann::json::object();
        for (const auto &[key, value] : patch.changes.items()) {
            if (key == "id")
                continue;
            const auto it = previous.find(key);
            undo[key] = it == previous.end() ? nlohmann::json() : *it;
        }
        if (!undo.empty())
            inverse.updateNodes.push_back({patch.nodeId, std::move(undo)});
    }
    return inverse;
}

std::string uniqueNodeId(const Spec &spec, std::string_view base,
                         const std::vector<std::string> &taken)
{
    std::string stem;
    for (char c : base) {
        const char lower = (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
        if ((lower >= 'a' && lower <= 'z') || (lower >= '0' && lower <= '9') || lower == '_')
            stem.push_back(lower);
        else if (!stem.empty() && stem.back() != '_')
            stem.push_back('_');
    }
    while (!stem.empty() && (stem.front() < 'a' || stem.front() > 'z'))
        stem.erase(stem.begin());
    if (stem.empty())
        stem = "node";
    stem.resize(std::min<size_t>(stem.size(), 120));
    auto used = [&](const std::string &id) {
        return spec.indexOfNode(id) >= 0 ||
               std::find(taken.begin(), taken.end(), id) != taken.end();
    };
    if (!used(stem))
        return stem;
    for (int n = 2;; ++n) {
        const std::string candidate = stem + "_" + std::to_string(n);
        if (!used(candidate))
            return candidate;
    }
}

PasteEdit pasteEdit(const Spec &target, const Spec &copied, Position offset)
{
    PasteEdit out;
    std::vector<std::string> taken;
    std::unordered_map<std::string, std::string> renamed;
    for (Node node : copied.nodes) {
        if (node.malformed || node.id.empty() || renamed.contains(node.id))
            continue;
        const std::string id = uniqueNodeId(target, node.id, taken);
        taken.push_back(id);
        renamed.emplace(node.id, id);
        out.renamed.emplace_back(node.id, id);
        node.id = id;
        if (node.position)
            node.position = Position{node.position->x + offset.x, node.position->y + offset.y};
        out.edit.addNodes.push_back(std::move(node));
    }
    for (const Edge &e : copied.edges) {
        const auto up = renamed.find(e.upstream);
        const auto down = renamed.find(e.downstream);
        if (up != renamed.end() && down != renamed.end())
            out.edit.addEdges.push_back({up->second, down->second, false});
    }
    // The group keeps its shape and moves further down until no copy covers a node already
    // there (pasting next to the originals would hide them).
    const LayoutOptions cards;
    auto covers = [&] {
        return std::any_of(out.edit.addNodes.begin(), out.edit.addNodes.end(), [&](const Node &n) {
            return n.position && overlapsPlacedNode(target, *n.position, cards);
        });
    };
    for (int step = 0; step < 64 && covers(); ++step) {
        for (Node &n : out.edit.addNodes) {
            if (n.position)
                n.position->y += cards.nodeHeight + cards.nodeGap;
        }
    }
    return out;
}

} // namespace pw::core
