#pragma once

#include <cstddef>
#include <map>
#include <string>
#include <vector>

#include "../spec/spec.h"

namespace pw::core {

enum class LayoutDirection
{
    LeftToRight,
    TopToBottom
};
// Interactive fits the window's budget (1,000 nodes in under 10 ms, 5,000 in under 100 ms on
// two cores); Thorough spends about four times as long for 7-9 % fewer crossings. Auto is
// Thorough up to kThoroughUpTo nodes (where it takes about 35 ms) and Interactive above.
enum class LayoutEffort
{
    Auto,
    Interactive,
    Thorough
};
inline constexpr size_t kThoroughUpTo = 1000;

struct LayoutOptions
{
    LayoutDirection direction = LayoutDirection::LeftToRight;
    double nodeWidth = 220;
    double nodeHeight = 72;
    double layerGap = 90; // free space between two layers, along the flow
    double nodeGap = 28;  // free space between two nodes of a layer
    LayoutEffort effort = LayoutEffort::Auto;
    // Nodes whose current position (Node::position) must not change.
    std::vector<std::string> pinned;
};

struct LayoutResult
{
    // The top-left corner of each node, in spec order (nodes with no usable id are skipped).
    std::vector<std::pair<std::string, Position>> positions;
    // Per spec edge (same index): the points an edge spanning several layers bends through,
    // between its two nodes; empty for edges between neighbouring layers.
    std::vector<std::vector<Position>> routes;
    int layerCount = 0;
};

// A layered (Sugiyama-style) layout of a DAG: cycles broken by reversing back edges, layers that
// keep edges short, dummy nodes on long edges, crossing reduction by median sweeps,
// transposition and sifting, in-layer coordinates that line chains up, and rounds that re-order
// for the crossings of straight edges between node centres. Deterministic.
LayoutResult layeredLayout(const Spec &spec, const LayoutOptions &options = {});

// Pairs of edges whose straight segments between node centres cross (edges sharing a node never
// count). `size` is the node size used to find centres from top-left positions.
int64_t countCrossings(const std::vector<std::pair<std::string, Position>> &positions,
                       const std::vector<Edge> &edges, double nodeWidth, double nodeHeight);

} // namespace pw::core
