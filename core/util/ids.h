#pragma once

#include <string>
#include <string_view>

namespace pw::core {

// A new random UUID (v4) in its canonical lowercase 36-character form.
std::string newUuid();
bool isUuid(std::string_view text);

// The current UTC time as ISO-8601 with milliseconds and a trailing Z.
std::string nowUtc();

} // namespace pw::core
