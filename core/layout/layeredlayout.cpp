#include "layeredlayout.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "../util/flathash.h"
#include "layeredphases.h"

namespace pw::core {

using namespace layered;

LayoutResult layeredLayout(const Spec &spec, const LayoutOptions &options)
{
    LayoutResult result;
    // Real nodes: every node with a usable, first-seen id.
    StringIndex index(spec.nodes.size());
    std::vector<size_t> specIndexOf;
    for (size_t i = 0; i < spec.nodes.size(); ++i) {
        const Node &node = spec.nodes[i];
        if (node.malformed || node.id.empty())
            continue;
        if (index.insert(node.id, static_cast<uint32_t>(specIndexOf.size())) != StringIndex::npos)
            continue;
        specIndexOf.push_back(i);
    }
    const int n = static_cast<int>(specIndexOf.size());
    std::vector<DagEdge> edges;
    U64Set seen(spec.edges.size());
    for (size_t k = 0; k < spec.edges.size(); ++k) {
        const Edge &e = spec.edges[k];
        const uint32_t u = index.find(e.upstream);
        const uint32_t v = index.find(e.downstream);
        if (u == StringIndex::npos || v == StringIndex::npos || u == v)
            continue;
        if (!seen.insert((static_cast<uint64_t>(u) << 32) | v))
            continue;
        edges.push_back({static_cast<int>(u), static_cast<int>(v), false, static_cast<int>(k)});
    }
    breakCycles(n, edges);

    std::vector<std::vector<int>> succ(static_cast<size_t>(n));
    std::vector<std::vector<int>> pred(static_cast<size_t>(n));
    for (const DagEdge &e : edges) {
        succ[static_cast<size_t>(e.from)].push_back(e.to);
        pred[static_cast<size_t>(e.to)].push_back(e.from);
    }
    const std::vector<int> realLayer = assignLayers(n, succ, pred, edges);

    std::vector<std::vector<int>> chains;
    LayeredGraph g = buildLayeredGraph(n, edges, realLayer, chains);
    result.layerCount = static_cast<int>(g.layers.size());

    LayoutEffort effort = options.effort;
    if (effort == LayoutEffort::Auto)
        effort = static_cast<size_t>(n) <= kThoroughUpTo ? LayoutEffort::Thorough
                                                         : LayoutEffort::Interactive;
    const OrderingEffort &ordering =
        effort == LayoutEffort::Thorough ? kThoroughOrdering : kInteractiveOrdering;
    reduceCrossings(g, ordering);

    const bool lr = options.direction == LayoutDirection::LeftToRight;
    const double across = lr ? options.nodeHeight : options.nodeWidth;
    const double along = lr ? options.nodeWidth : options.nodeHeight;
    CoordinateAssigner assigner(g, across, options.nodeGap);
    const std::vector<double> coordinate = straighten(g, assigner, ordering);
    auto centre = [&](int v) {
        const double flow =
            g.layer[static_cast<size_t>(v)] * (along + options.layerGap) + along / 2;
        const double side = coordinate[static_cast<size_t>(v)];
        return lr ? Position{flow, side} : Position{side, flow};
    };
    double minX = 0;
    double minY = 0;
    bool first = true;
    for (int v = 0; v < n; ++v) {
        const Position c = centre(v);
        const double x = c.x - options.nodeWidth / 2;
        const double y = c.y - options.nodeHeight / 2;
        minX = first ? x : std::min(minX, x);
        minY = first ? y : std::min(minY, y);
        first = false;
    }
    result.positions.reserve(static_cast<size_t>(n));
    for (int v = 0; v < n; ++v) {
        const Position c = centre(v);
        result.positions.push_back({spec.nodes[specIndexOf[static_cast<size_t>(v)]].id,
                                    Position{std::round(c.x - options.nodeWidth / 2 - minX),
                                             std::round(c.y - options.nodeHeight / 2 - minY)}});
    }
    result.routes.assign(spec.edges.size(), {});
    for (size_t e = 0; e < edges.size(); ++e) {
        auto &route = result.routes[static_cast<size_t>(edges[e].specIndex)];
        for (int dummy : chains[e]) {
            const Position c = centre(dummy);
            route.push_back(Position{std::round(c.x - minX), std::round(c.y - minY)});
        }
        if (edges[e].reversed)
            std::reverse(route.begin(), route.end());
    }

    if (!options.pinned.empty()) {
        std::vector<std::optional<Position>> pins(result.positions.size());
        StringIndex pinned(options.pinned.size());
        for (size_t i = 0; i < options.pinned.size(); ++i)
            pinned.insert(options.pinned[i], static_cast<uint32_t>(i));
        for (size_t v = 0; v < result.positions.size(); ++v) {
            const Node &node = spec.nodes[specIndexOf[v]];
            if (node.position && pinned.find(node.id) != StringIndex::npos)
                pins[v] = node.position;
        }
        std::vector<bool> moved(result.positions.size(), false);
        applyPins(result, pins, options, moved);
        // A route is only clean while both of its nodes stay where the layout put them.
        for (const DagEdge &e : edges) {
            if (pins[static_cast<size_t>(e.from)] || pins[static_cast<size_t>(e.to)] ||
                moved[static_cast<size_t>(e.from)] || moved[static_cast<size_t>(e.to)])
                result.routes[static_cast<size_t>(e.specIndex)].clear();
        }
    }
    return result;
}

int64_t countCrossings(const std::vector<std::pair<std::string, Position>> &positions,
                       const std::vector<Edge> &edges, double nodeWidth, double nodeHeight)
{
    std::unordered_map<std::string_view, size_t> index;
    index.reserve(positions.size() * 2);
    for (size_t i = 0; i < positions.size(); ++i)
        index.emplace(positions[i].first, i);
    struct Segment
    {
        double x1, y1, x2, y2;
        size_t a, b;
    };
    std::vector<Segment> segments;
    segments.reserve(edges.size());
    for (const Edge &e : edges) {
        const auto u = index.find(e.upstream);
        const auto v = index.find(e.downstream);
        if (u == index.end() || v == index.end() || u->second == v->second)
            continue;
        const Position &p = positions[u->second].second;
        const Position &q = positions[v->second].second;
        Segment s{p.x + nodeWidth / 2, p.y + nodeHeight / 2,
                  q.x + nodeWidth / 2, q.y + nodeHeight / 2,
                  u->second,           v->second};
        if (s.x1 > s.x2 || (s.x1 == s.x2 && s.y1 > s.y2)) {
            std::swap(s.x1, s.x2);
            std::swap(s.y1, s.y2);
        }
        segments.push_back(s);
    }
    std::sort(segments.begin(), segments.end(),
              [](const Segment &a, const Segment &b) { return a.x1 < b.x1; });
    auto orientation = [](double ax, double ay, double bx, double by, double cx, double cy) {
        const double value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        return value > 1e-9 ? 1 : (value < -1e-9 ? -1 : 0);
    };
    int64_t crossings = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        const Segment &s = segments[i];
        const double sMinY = std::min(s.y1, s.y2);
        const double sMaxY = std::max(s.y1, s.y2);
        // Sweep: only segments starting before this one ends can meet it.
        for (size_t j = i + 1; j < segments.size() && segments[j].x1 <= s.x2; ++j) {
            const Segment &t = segments[j];
            if (s.a == t.a || s.a == t.b || s.b == t.a || s.b == t.b)
                continue;
            if (std::max(t.y1, t.y2) < sMinY || std::min(t.y1, t.y2) > sMaxY)
                continue;
            const int o1 = orientation(s.x1, s.y1, s.x2, s.y2, t.x1, t.y1);
            const int o2 = orientation(s.x1, s.y1, s.x2, s.y2, t.x2, t.y2);
            const int o3 = orientation(t.x1, t.y1, t.x2, t.y2, s.x1, s.y1);
            const int o4 = orientation(t.x1, t.y1, t.x2, t.y2, s.x2, s.y2);
            if (o1 * o2 < 0 && o3 * o4 < 0)
                ++crossings;
        }
    }
    return crossings;
}

} // namespace pw::core
