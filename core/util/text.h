#pragma once

#include <string>
#include <string_view>

#include "error.h"

namespace pw::core {

// `text` without leading and trailing ASCII whitespace.
std::string_view trimmed(std::string_view text);
// Checks a display name: non-empty after trimming and at most `maxLength` bytes.
bool isValidName(std::string_view text, size_t maxLength = 200);
// A LIKE pattern matching `text` anywhere, with %, _ and \ escaped (use ESCAPE '\').
std::string likePattern(std::string_view text);
// Search text of a list query (`q`): at most kMaxSearchTextBytes, else an `invalid` error
// naming the field `q`.
Status checkSearchText(std::string_view text);
// Whether `text` is well-formed UTF-8 (no overlong forms, no surrogates, nothing past U+10FFFF).
bool isValidUtf8(std::string_view text);

} // namespace pw::core
