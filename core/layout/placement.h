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

} // namespace pw::core
