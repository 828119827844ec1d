#include "graphquery.h"

#include <algorithm>
#include <unordered_map>
#include <unordered_set>

namespace pw::core {

std::vector<std::string> closure(const Spec &spec, const std::vector<std::string> &from,
                                 Direction direction)
{
    std::unordered_multimap<std::string_view, std::string_view> next;
    next.reserve(spec.edges.size());
    for (const Edge &e : spec.edges) {
        if (direction == Direction::Downstream)
            next.emplace(e.upstream, e.downstream);
        else
            next.emplace(e.downstream, e.upstream);
    }
    std::unordered_set<std::string_view> seen;
    std::vector<std::string_view> stack;
    for (const std::string &id : from) {
        if (seen.insert(id).second)
            stack.push_back(id);
    }
    while (!stack.empty()) {
        const std::string_view v = stack.back();
        stack.pop_back();
        const auto [begin, end] = next.equal_range(v);
        for (auto it = begin; it != end; ++it) {
            if (seen.insert(it->second).second)
                stack.push_back(it->second);
        }
    }
    std::vector<std::string> out;
    for (const Node &n : spec.nodes) {
        if (seen.contains(n.id))
            out.push_back(n.id);
    }
    return out;
}

std::vector<NodeDegree> degrees(const Spec &spec)
{
    std::unordered_map<std::string_view, size_t> index;
    index.reserve(spec.nodes.size() * 2);
    for (size_t i = 0; i < spec.nodes.size(); ++i)
        index.emplace(spec.nodes[i].id, i);
    std::vector<NodeDegree> out(spec.nodes.size());
    for (const Edge &e : spec.edges) {
        if (auto it = index.find(e.downstream); it != index.end())
            ++out[it->second].upstream;
        if (auto it = index.find(e.upstream); it != index.end())
            ++out[it->second].downstream;
    }
    return out;
}

IncidentEdges incidentEdges(const Spec &spec, std::string_view nodeId)
{
    IncidentEdges out;
    for (const Edge &e : spec.edges) {
        if (e.downstream == nodeId)
            out.upstream.push_back(e);
        if (e.upstream == nodeId)
            out.downstream.push_back(e);
    }
    return out;
}

std::optional<ConnectionRefusal> connectionRefusal(const Spec &spec, std::string_view upstream,
                                                   std::string_view downstream)
{
    using Reason = ConnectionRefusal::Reason;
    if (!spec.findNode(upstream) || !spec.findNode(downstream))
        return ConnectionRefusal{Reason::UnknownNode, {}};
    if (upstream == downstream)
        return ConnectionRefusal{Reason::SameNode, {}};
    if (spec.indexOfEdge(upstream, downstream) >= 0)
        return ConnectionRefusal{Reason::Exists, {}};
    // A cycle exactly when upstream is already reachable from downstream: breadth first, so the
    // path named is a shortest one.
    std::unordered_multimap<std::string_view, std::string_view> next;
    next.reserve(spec.edges.size());
    for (const Edge &e : spec.edges)
        next.emplace(e.upstream, e.downstream);
    std::unordered_map<std::string_view, std::string_view> parent;
    parent.emplace(downstream, std::string_view());
    std::vector<std::string_view> frontier{downstream};
    for (size_t i = 0; i < frontier.size(); ++i) {
        const std::string_view v = frontier[i];
        const auto [begin, end] = next.equal_range(v);
        for (auto it = begin; it != end; ++it) {
            if (!parent.emplace(it->second, v).second)
                continue;
            if (it->second == upstream) {
                std::vector<std::string> path;
                for (std::string_view at = upstream; !at.empty(); at = parent.at(at))
                    path.emplace_back(at);
                std::reverse(path.begin(), path.end());
                return ConnectionRefusal{Reason::Cycle, std::move(path)};
            }
            frontier.push_back(it->second);
        }
    }
    return std::nullopt;
}

} // namespace pw::core
