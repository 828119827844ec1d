#include "placement.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

namespace pw::core {

namespace {

// The graph is laid out as a whole when nothing has a position yet, when more than
// kLayoutAlways nodes lack one, or when at least kLayoutFrom do and they are over kLayoutShare
// of the graph; fewer go next to their neighbours.
constexpr double kLayoutShare = 0.25;
constexpr size_t kLayoutFrom = 8;
constexpr size_t kLayoutAlways = 64;

struct Box
{
    double x, y;
};

class FreeSpots
{
public:
    FreeSpots(double width, double height, double gap)
        : m_width(width + gap), m_height(height + gap)
    {
    }
    void add(Position p) { m_taken.push_back({p.x, p.y}); }
    // The first free spot from `p` going down the column, then up, then in the next column.
    Position near(Position p, bool leftToRight)
    {
        // Only cards inside the searched area can be in the way: one pass picks them out, so
        // the search costs the same next to a graph of ten nodes or of ten thousand.
        constexpr int kColumns = 64;
        constexpr int kSteps = 64;
        const double alongStep = leftToRight ? m_width : m_height;
        const double acrossStep = leftToRight ? m_height : m_width;
        const double along = leftToRight ? p.x : p.y;
        const double across = leftToRight ? p.y : p.x;
        const double alongEnd = along + kColumns * alongStep;
        const double acrossReach = (kSteps / 2 + 1) * acrossStep;
        m_nearby.clear();
        for (const Box &b : m_taken) {
            const double a = leftToRight ? b.x : b.y;
            const double c = leftToRight ? b.y : b.x;
            if (a > along - alongStep && a < alongEnd && std::abs(c - across) < acrossReach)
                m_nearby.push_back(b);
        }
        for (int column = 0; column < kColumns; ++column) {
            const Position base = leftToRight ? Position{p.x + column * m_width, p.y}
                                              : Position{p.x, p.y + column * m_height};
            for (int step = 0; step < kSteps; ++step) {
                const double offset = (step + 1) / 2 * acrossStep * (step % 2 ? 1 : -1);
                const Position candidate = leftToRight ? Position{base.x, base.y + offset}
                                                       : Position{base.x + offset, base.y};
                if (free(candidate))
                    return candidate;
            }
        }
        return p;
    }

private:
    bool free(Position p) const
    {
        return std::none_of(m_nearby.begin(), m_nearby.end(), [&](const Box &b) {
            return std::abs(b.x - p.x) < m_width && std::abs(b.y - p.y) < m_height;
        });
    }

    double m_width;
    double m_height;
    std::vector<Box> m_taken;
    std::vector<Box> m_nearby;
};

} // namespace

std::vector<std::pair<std::string, Position>> placeUnpositioned(const Spec &spec,
                                                                const LayoutOptions &options)
{
    std::vector<const Node *> missing;
    size_t positioned = 0;
    for (const Node &n : spec.nodes) {
        if (n.id.empty())
            continue;
        if (n.position)
            ++positioned;
        else
            missing.push_back(&n);
    }
    std::vector<std::pair<std::string, Position>> out;
    if (missing.empty())
        return out;
    const bool most =
        missing.size() >= kLayoutFrom &&
        static_cast<double>(missing.size()) > kLayoutShare * static_cast<double>(spec.nodes.size());
    if (positioned == 0 || missing.size() > kLayoutAlways || most) {
        LayoutOptions layout = options;
        for (const Node &n : spec.nodes) {
            if (!n.id.empty() && n.position)
                layout.pinned.push_back(n.id);
        }
        for (auto &[id, position] : layeredLayout(spec, layout).positions) {
            const Node *node = spec.findNode(id);
            if (node && !node->position)
                out.emplace_back(id, position);
        }
        return out;
    }

    const bool leftToRight = options.direction == LayoutDirection::LeftToRight;
    const double stepAlong =
        (leftToRight ? options.nodeWidth : options.nodeHeight) + options.layerGap;
    FreeSpots spots(options.nodeWidth, options.nodeHeight, options.nodeGap);
    // Positions are looked up only for the neighbours of the nodes being placed (a few), not
    // for the whole graph: adding one node to a large graph stays cheap.
    // (At most kLayoutAlways of them, so plain lists.)
    auto isMissing = [&missing](std::string_view id) {
        return std::any_of(missing.begin(), missing.end(),
                           [id](const Node *n) { return n->id == id; });
    };
    std::vector<std::string_view> neighbours;
    for (const Edge &e : spec.edges) {
        if (isMissing(e.downstream))
            neighbours.push_back(e.upstream);
        if (isMissing(e.upstream))
            neighbours.push_back(e.downstream);
    }
    std::sort(neighbours.begin(), neighbours.end());
    auto isNeighbour = [&neighbours](std::string_view id) {
        return std::binary_search(neighbours.begin(), neighbours.end(), id);
    };
    std::unordered_map<std::string_view, Position> placed;
    double maxAlong = 0;
    double minAcross = 0;
    bool any = false;
    for (const Node &n : spec.nodes) {
        if (!n.position)
            continue;
        spots.add(*n.position);
        if (isNeighbour(n.id))
            placed.emplace(n.id, *n.position);
        const double along = leftToRight ? n.position->x : n.position->y;
        const double across = leftToRight ? n.position->y : n.position->x;
        maxAlong = any ? std::max(maxAlong, along) : along;
        minAcross = any ? std::min(minAcross, across) : across;
        any = true;
    }
    auto along = [&](Position p) { return leftToRight ? p.x : p.y; };
    auto across = [&](Position p) { return leftToRight ? p.y : p.x; };
    auto make = [&](double a, double c) { return leftToRight ? Position{a, c} : Position{c, a}; };
    // In spec order, so a node placed earlier can anchor one placed later.
    for (const Node *node : missing) {
        std::vector<Position> ups;
        std::vector<Position> downs;
        for (const Edge &e : spec.edges) {
            if (e.downstream == node->id) {
                if (auto it = placed.find(e.upstream); it != placed.end())
                    ups.push_back(it->second);
            } else if (e.upstream == node->id) {
                if (auto it = placed.find(e.downstream); it != placed.end())
                    downs.push_back(it->second);
            }
        }
        Position wanted;
        auto meanAcross = [&](const std::vector<Position> &ps) {
            double sum = 0;
            for (const Position &p : ps)
                sum += across(p);
            return sum / static_cast<double>(ps.size());
        };
        if (!ups.empty()) {
            double a = along(ups.front());
            for (const Position &p : ups)
                a = std::max(a, along(p));
            wanted = make(a + stepAlong, meanAcross(ups));
        } else if (!downs.empty()) {
            double a = along(downs.front());
            for (const Position &p : downs)
                a = std::min(a, along(p));
            wanted = make(a - stepAlong, meanAcross(downs));
        } else {
            wanted = any ? make(maxAlong + stepAlong, minAcross) : Position{0, 0};
        }
        wanted = Position{std::round(wanted.x), std::round(wanted.y)};
        const Position spot = spots.near(wanted, leftToRight);
        spots.add(spot);
        placed.emplace(node->id, spot);
        out.emplace_back(node->id, spot);
    }
    return out;
}

Position freeSpotNear(const Spec &spec, Position wanted, const LayoutOptions &options)
{
    FreeSpots spots(options.nodeWidth, options.nodeHeight, options.nodeGap);
    for (const Node &n : spec.nodes) {
        if (n.position)
            spots.add(*n.position);
    }
    return spots.near(wanted, options.direction == LayoutDirection::LeftToRight);
}

bool overlapsPlacedNode(const Spec &spec, Position at, const LayoutOptions &options,
                        const std::vector<std::string> &except)
{
    for (const Node &n : spec.nodes) {
        if (!n.position || std::find(except.begin(), except.end(), n.id) != except.end())
            continue;
        if (std::abs(n.position->x - at.x) < options.nodeWidth + options.nodeGap &&
            std::abs(n.position->y - at.y) < options.nodeHeight + options.nodeGap)
            return true;
    }
    return false;
}

} // namespace pw::core
