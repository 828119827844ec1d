#pragma once

#include <string>
#include <utility>
#include <vector>

#include "layeredlayout.h"

namespace pw::core {

// Positions for the nodes of `spec` that have none, so every face shows a new node in the same
// place. A few new nodes go next to their neighbours (after their upstream nodes, else before
// their downstream ones, else right of the graph) in the first free spot; when most of the
// graph lacks positions the layered layout places them around the positioned ones. Cheap for
// one node in a graph of thousands. Nodes that have a position are never moved.
std::vector<std::pair<std::string, Position>> placeUnpositioned(const Spec &spec,
                                                                const LayoutOptions &options = {});

// The spot nearest `wanted` where a card overlaps none of the spec's placed nodes (searching
// down and up the column, then the next columns): where a node the user adds at `wanted` goes.
Position freeSpotNear(const Spec &spec, Position wanted, const LayoutOptions &options = {});

// Whether a card at `at` would overlap a placed node of `spec` (ignoring nodes in `except`).
bool overlapsPlacedNode(const Spec &spec, Position at, const LayoutOptions &options = {},
                        const std::vector<std::string> &except = {});

} // namespace pw::core
