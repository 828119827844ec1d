#pragma once

// Inside the layered layout (layeredlayout.cpp runs the phases in this order): the graph the
// phases share and each phase, declared here so it can be tested alone
// (tests/core/tst_layoutphases.cpp). Nothing outside core/layout uses this header.

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "layeredlayout.h"

namespace pw::core::layered {

// Neighbour lists of all nodes in one array (the ordering passes read them many times over).
class Adjacency
{
public:
    Adjacency() = default;
    explicit Adjacency(const std::vector<std::vector<int>> &lists)
    {
        m_start.reserve(lists.size() + 1);
        m_start.push_back(0);
        for (const auto &list : lists) {
            m_items.insert(m_items.end(), list.begin(), list.end());
            m_start.push_back(static_cast<int>(m_items.size()));
        }
    }
    std::span<const int> operator[](size_t v) const
    {
        return {m_items.data() + m_start[v], static_cast<size_t>(m_start[v + 1] - m_start[v])};
    }

private:
    std::vector<int> m_start;
    std::vector<int> m_items;
};

// The graph the layout works on: real nodes 0..n-1, then dummy nodes on long edges. Every
// layered edge joins two neighbouring layers.
struct LayeredGraph
{
    int realCount = 0;
    std::vector<int> layer;
    Adjacency up;   // neighbours one layer before
    Adjacency down; // neighbours one layer after
    std::vector<std::vector<int>> layers;
    std::vector<int> pos; // index inside its layer
    // Per dummy (index v - realCount): the real nodes its long edge joins, upper then lower.
    std::vector<std::pair<int, int>> chainEnds;

    bool isDummy(int v) const { return v >= realCount; }
    int size() const { return static_cast<int>(layer.size()); }
};

// One edge between real nodes (by index): as the spec lists it, or reversed to break a cycle.
struct DagEdge
{
    int from;
    int to;
    bool reversed;
    int specIndex;
};

// Scratch space of transposition and sifting, reused across layers and calls.
struct TransposeBuffers
{
    std::vector<int> positions;            // sorted neighbour positions, slot by slot
    std::vector<std::array<int, 4>> spans; // per slot: above [0,1), below [2,3) in positions
    std::vector<int> work;
    std::vector<char> queued;
    std::vector<char> candidate;
};

// How hard the ordering works.
struct OrderingEffort
{
    int startIterations;     // sweeps from each of the two starting orders
    int iterations;          // sweeps from the better one
    int quitAfter;           // sweeps without real progress before giving up
    int transposeRounds;     // per transposition
    int siftRounds;          // of sifting every layer, after the sweeps
    size_t siftWindow;       // how far sifting moves a node
    int straightenRounds;    // of re-ordering for straight edges, once there are coordinates
    size_t straightenWindow; // how far those rounds move a node
    int coordinateRounds;    // sweeps of each coordinate assignment
};

// Chosen on random layered DAGs of 1,000 and 5,000 nodes (tests/bench/bench_layout, five seeds,
// crossings of straight edges against dot's): interactive fits the window's budget (about 8 ms
// and 65 ms on two cores), thorough takes about four times as long for 7-9 % fewer crossings.
// Straightening rounds buy more than sweeps, transposition or sifting of the layered order do.
inline constexpr OrderingEffort kInteractiveOrdering{3, 4, 6, 1, 0, 32, 4, 8, 4};
inline constexpr OrderingEffort kThoroughOrdering{4, 20, 10, 64, 4, SIZE_MAX, 8, 16, 10};

// ---- 1. cycles and layers (layering.cpp) -------------------------------------------------------

// Reverses back edges found by a depth-first search so the graph becomes acyclic.
void breakCycles(int n, std::vector<DagEdge> &edges);
// A layer for every real node of a DAG: each edge at least one layer long, the total edge length
// as small as network simplex finds it, the first layer 0.
std::vector<int> assignLayers(int n, const std::vector<std::vector<int>> &succ,
                              const std::vector<std::vector<int>> &pred,
                              const std::vector<DagEdge> &edges);
// The layered graph: real nodes 0..n-1 in `realLayer`, a dummy node on every layer a long edge
// passes; `chains` gets, per edge, its dummies from upper to lower. Layers are left empty for
// the ordering to fill.
LayeredGraph buildLayeredGraph(int n, const std::vector<DagEdge> &edges,
                               const std::vector<int> &realLayer,
                               std::vector<std::vector<int>> &chains);

// ---- 2. ordering (ordering.cpp) ----------------------------------------------------------------

// Orders every layer for few crossings (fills g.layers and g.pos).
void reduceCrossings(LayeredGraph &g, const OrderingEffort &e);
// Crossings of the layered edges in the current order.
int64_t totalCrossings(const LayeredGraph &g);
// Sorts layer l by `key` (ties keep their order) and renumbers its positions.
void sortLayerBy(LayeredGraph &g, int l, const std::vector<double> &key);
// Moves each node of layer l, in turn, to the place at most `window` slots away with the fewest
// crossings towards both neighbouring layers (sifting).
void siftLayer(LayeredGraph &g, TransposeBuffers &buffers, size_t l, size_t window);

// ---- 3. coordinates (coordinates.cpp) ----------------------------------------------------------

// In-layer coordinates for the current order (see coordinates.cpp). Straightening assigns
// coordinates several times: buffers are kept, and a call starts from the wishes (the pull of
// each node's neighbours) the last one ended with, so later rounds refine earlier ones.
class CoordinateAssigner
{
public:
    CoordinateAssigner(const LayeredGraph &g, double realSize, double gap);
    ~CoordinateAssigner();
    // `rounds` of sweeps (at least 2), alternately downwards and upwards.
    std::vector<double> assign(int rounds);

private:
    class Impl;
    std::unique_ptr<Impl> m_impl;
};

// ---- 4. straight edges (straighten.cpp) --------------------------------------------------------

// Sorts every layer as straight edges between node centres meet it under `coordinate` (a
// dummy at the point of its edge's line; ties keep their order): totalCrossings then counts
// the crossings a reader sees.
void orderByStraightEdges(LayeredGraph &g, const std::vector<double> &coordinate);
// Re-orders for the crossings of straight edges and returns the best coordinates found.
std::vector<double> straighten(LayeredGraph &g, CoordinateAssigner &assigner,
                               const OrderingEffort &e);

// ---- 5. pinned nodes (pins.cpp) ----------------------------------------------------------------

// Keeps pinned nodes where they are (`pins`, per result position); `moved` marks nodes pushed
// aside.
void applyPins(LayoutResult &result, const std::vector<std::optional<Position>> &pins,
               const LayoutOptions &options, std::vector<bool> &moved);

} // namespace pw::core::layered
