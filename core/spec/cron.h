#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace pw::core {

// Why `schedule` is not an Airflow schedule string, or nullopt when it is: a preset such as
// @daily, or a five-field cron expression (numbers, names, ranges, steps, lists, L and #).
std::optional<std::string> scheduleProblem(std::string_view schedule);

} // namespace pw::core
