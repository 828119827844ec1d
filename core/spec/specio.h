#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "problem.h"
#include "spec.h"

namespace pw::core {

struct SpecRead
{
    Spec spec;
    Problems problems; // shape problems only: wrong JSON types where the model needs a type
};

// Total: any JSON value gives a Spec and the shape problems found on the way.
SpecRead readSpec(const nlohmann::json &source);

struct SpecTextOptions
{
    bool pretty = false;
    bool positions = true;
};

// The canonical text of a spec: keys nodes, edges, deployment, params, then any extra keys;
// each node starts with id, type, label and has its other fields in key order, position last.
// Equal content gives equal text, so it is what versions store and what diffs compare.
std::string specToText(const Spec &spec, SpecTextOptions options = {});
nlohmann::json specToJson(const Spec &spec, bool positions = true);
nlohmann::json nodeToJson(const Node &node, bool positions = true);

// Appends a JSON value; pretty output indents nested values from `depth`.
void appendJson(std::string &out, const nlohmann::json &value, bool pretty, int depth);
void appendJsonString(std::string &out, std::string_view text);

} // namespace pw::core
