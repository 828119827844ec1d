#pragma once

#include <chrono>
#include <string_view>

#include "error.h"

namespace pw::core {

// A duration as people type it for a token's lifetime: a positive whole number and one unit,
// m (minutes), h (hours), d (days) or w (weeks): 90m, 12h, 30d. Anything else is `invalid`
// naming `field`.
Result<std::chrono::seconds> parseDuration(std::string_view text, std::string_view field);

} // namespace pw::core
