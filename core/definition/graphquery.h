#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "../spec/spec.h"

namespace pw::core {

// Questions about a spec's graph, answered once for every face: the canvas's selections, the
// API's node lists and reads, and the faces that come later.

enum class Direction
{
    Upstream,
    Downstream
};

// The nodes reachable from `from` following edges in `direction`, `from` included, in the
// spec's node order. Ids that are not nodes of the spec are left out.
std::vector<std::string> closure(const Spec &spec, const std::vector<std::string> &from,
                                 Direction direction);

struct NodeDegree
{
    int upstream = 0;   // edges into the node
    int downstream = 0; // edges out of it
};
// One entry per node, in the spec's node order.
std::vector<NodeDegree> degrees(const Spec &spec);

// The edges touching a node: those into it (its upstream dependencies) and out of it.
struct IncidentEdges
{
    std::vector<Edge> upstream;
    std::vector<Edge> downstream;
};
IncidentEdges incidentEdges(const Spec &spec, std::string_view nodeId);

// Why a new dependency upstream → downstream would be refused, asked while a user drags a
// connection (editGraph's validation still decides when the edit is made). For a cycle, `path`
// is the existing way from downstream back to upstream, both ends included.
struct ConnectionRefusal
{
    enum class Reason
    {
        UnknownNode,
        SameNode,
        Exists,
        Cycle
    };
    Reason reason;
    std::vector<std::string> path;
};
std::optional<ConnectionRefusal> connectionRefusal(const Spec &spec, std::string_view upstream,
                                                   std::string_view downstream);

} // namespace pw::core
