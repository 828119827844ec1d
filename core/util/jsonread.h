#pragma once

#include <string_view>

#include <nlohmann/json.hpp>

#include "error.h"
#include "limits.h"

namespace pw::core {

// Reads untrusted JSON text as exactly one JSON value. Never throws: malformed text, a number
// out of range (1e999), nesting deeper than `maxDepth`, a NUL byte or anything after the value
// is an `invalid` error whose message and `details.byte` say where.
Result<nlohmann::json> parseJson(std::string_view text, int maxDepth = kMaxJsonDepth);

// The nesting depth of a value: 0 for a scalar, 1 for a flat array or object. Iterative, and
// stops counting at `limit` + 1 so it is cheap on hostile values.
int jsonDepth(const nlohmann::json &value, int limit = kMaxJsonDepth);

// A string member of an object, or `fallback` when the value is not an object or the member is
// missing or not a string. Never throws (nlohmann's value() throws on a type mismatch).
std::string stringMember(const nlohmann::json &object, const char *key, std::string fallback = {});

} // namespace pw::core
