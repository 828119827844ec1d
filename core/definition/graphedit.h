#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../spec/spec.h"
#include "../util/error.h"

namespace pw::core {

// A JSON merge patch (RFC 7386) over one node's canonical JSON; the id cannot change.
struct NodePatch
{
    std::string nodeId;
    nlohmann::json changes = nlohmann::json::object();
};

// One semantic edit of a graph: everything in it becomes one version and one undo step (a
// multi-node delete, a paste, the inverse of either). Applied in member order.
struct GraphEdit
{
    std::vector<Edge> removeEdges;
    std::vector<std::string> removeNodes; // with their incident edges
    std::vector<NodePatch> updateNodes;
    std::vector<Node> addNodes;
    std::vector<Edge> addEdges;
    std::optional<std::vector<Edge>> replaceEdges;

    bool empty() const
    {
        return removeEdges.empty() && removeNodes.empty() && updateNodes.empty() &&
               addNodes.empty() && addEdges.empty() && !replaceEdges;
    }
};

// Applies `edit` to `spec`. Unknown nodes or edges to remove or patch are not_found; adding a
// node id or an edge that exists is a conflict; changing a node id is invalid. Whether the
// result is a valid spec is the validator's question, not this function's.
Status applyGraphEdit(Spec &spec, const GraphEdit &edit);

// The edit that undoes `edit` when applied to the spec it produced from `before`: removed nodes
// come back whole (with their edges and positions), added ones go, patched fields get their
// old values back. `edit` must apply cleanly to `before`.
GraphEdit inverseOf(const Spec &before, const GraphEdit &edit);

// `base` made into a valid node id that `spec` does not use yet (and `taken` does not hold):
// base, base_2, base_3, ...
std::string uniqueNodeId(const Spec &spec, std::string_view base,
                         const std::vector<std::string> &taken = {});

// Pasting `copied` (nodes and the edges among them) into `target`: each node gets an id the
// target does not use, edges follow the new ids (edges to nodes that were not copied are
// dropped), positions move by `offset` so copies do not hide their originals. Malformed or
// id-less nodes are skipped.
struct PasteEdit
{
    GraphEdit edit;
    std::vector<std::pair<std::string, std::string>> renamed; // copied id → new id, in node order
};
PasteEdit pasteEdit(const Spec &target, const Spec &copied, Position offset);

} // namespace pw::core
