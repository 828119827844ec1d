#pragma once

#include <optional>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "../util/error.h"

namespace pw::core {

// YAML text → JSON value. Plain scalars become null, booleans, integers or floats when they
// read as such (YAML 1.2 core schema); quoted scalars stay strings. Errors name the line.
Result<nlohmann::json> yamlToJson(std::string_view yaml);

// JSON value → block-style YAML with keys in the JSON's order; strings that would read back
// as another type are quoted, multi-line strings use literal blocks.
std::string jsonToYaml(const nlohmann::json &value);
std::string jsonToYaml(const nlohmann::ordered_json &value);

// The 1-based line of the value at `path` ("nodes[3].module", "edges[2]") in YAML or JSON text,
// or of the deepest part of the path that exists; nullopt when the text does not parse.
std::optional<int> lineOfPath(std::string_view text, std::string_view path);

// Parses JSON or YAML: text whose first non-blank character is { or [ is JSON.
Result<nlohmann::json> parseJsonOrYaml(std::string_view text);

} // namespace pw::core
