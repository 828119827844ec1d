#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pw::core::python {

// A Python string literal for any UTF-8 text: double-quoted, with backslashes, quotes, newlines
// and control characters escaped; non-ASCII kept as UTF-8 (Python 3 sources are UTF-8).
std::string str(std::string_view text);
// A Python literal for a JSON value: dicts, lists, str, int, float, True/False/None.
std::string literal(const nlohmann::json &value);
// Text for a `#` comment: line breaks and other control characters become spaces, so a label
// cannot end the comment and start code.
std::string comment(std::string_view text);
// Whether `name` is a Python keyword or soft keyword that cannot be a variable.
bool isKeyword(std::string_view name);

} // namespace pw::core::python
