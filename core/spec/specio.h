#pragma once

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "problem.h"
#include "spec.h"

namespace pw::core {

struct SpecRead
{
    Spec spec;
    Problems problems; // shape problems only: wrong JSON types where the model needs a type
};

// Total: any JSON value gives a Spec and the shape problems found on the way. Problem paths
// and messages start with `pathPrefix` when it is given ("spec" → "spec.nodes[2].id").
SpecRead readSpec(const nlohmann::json &source, std::string_view pathPrefix = {});
// The same, moving field values out of `source` (which is left valid but unspecified).
SpecRead readSpec(nlohmann::json &&source, std::string_view pathPrefix = {});

struct NodeRead
{
    Node node;
    Problems problems; // shape problems, named from `path`: "node.id must be a string"
};
// One node on its own (an API body's "node", a form in the window), read as readSpec reads the
// entries of `nodes`, its problems named from `path`.
NodeRead readNode(const nlohmann::json &source, std::string_view path);

struct SpecTextOptions
{
    bool pretty = false;
    bool positions = true;
    // Writing stops soon after the text passes this size (pretty text of deeply nested values
    // can be hundreds of times the stored size); a caller that sets it checks the size and
    // treats a longer text as too large, never as the spec's text.
    size_t maxBytes = std::string::npos;
};

// The canonical text of a spec: keys nodes, edges, deployment, params, then any extra keys;
// each node starts with id, type, label and has its other fields in key order, position last.
// Equal content gives equal text, so it is what versions store and what diffs compare.
std::string specToText(const Spec &spec, SpecTextOptions options = {});

// Both compact canonical texts at once (each node is serialized once): what a version stores
// (no positions) and what a read returns (with positions).
struct SpecTexts
{
    std::string withPositions;
    std::string withoutPositions;
    // Each node's compact text up to its position, kept so the next edit reuses it.
    std::vector<std::shared_ptr<const std::string>> nodeTexts;
};
// `reuse(i)` may hand back node i's text from an earlier call when the node is unchanged
// (same fields object, id, type and label); null means serialize it.
using NodeTextReuse = std::function<std::shared_ptr<const std::string>(size_t index)>;
SpecTexts specTexts(const Spec &spec, const NodeTextReuse &reuse = {});
nlohmann::json specToJson(const Spec &spec, bool positions = true);
// The canonical spec as YAML, keys in the canonical order, without positions (layout).
std::string specToYaml(const Spec &spec);
nlohmann::json nodeToJson(const Node &node, bool positions = true);

// Appends a JSON value; pretty output indents nested values from `depth`.
void appendJson(std::string &out, const nlohmann::json &value, bool pretty, int depth,
                size_t limit = std::string::npos);
void appendJsonString(std::string &out, std::string_view text);

} // namespace pw::core
