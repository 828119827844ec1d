#include "cron.h"

#include <array>
#include <charconv>
#include <vector>

namespace pw::core {

namespace {

struct FieldRule
{
    const char *name;
    int low;
    int high;
    std::array<std::string_view, 12> names; // index + low = value
    bool dayOfMonth = false;
    bool dayOfWeek = false;
};

constexpr FieldRule kFields[] = {
    {"minute", 0, 59, {}},
    {"hour", 0, 23, {}},
    {"day of month", 1, 31, {}, true, false},
    {"month",
     1,
     12,
     {"JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"}},
    {"day of week", 0, 7, {"SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"}, false, true},
};

constexpr std::string_view kPresets[] = {"@once",     "@continuous", "@hourly",    "@daily",
                                         "@weekly",   "@monthly",    "@quarterly", "@yearly",
                                         "@annually", "@midnight"};

std::optional<int> parseValue(std::string_view text, const FieldRule &rule)
{
    int value = 0;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
    if (ec == std::errc() && end == text.data() + text.size())
        return value;
    if (text.size() == 3) {
        for (size_t i = 0; i < rule.names.size(); ++i) {
            const std::string_view name = rule.names[i];
            if (name.empty())
                break;
            bool same = true;
            for (size_t k = 0; k < 3; ++k) {
                const char c = text[k];
                const char upper = (c >= 'a' && c <= 'z') ? static_cast<char>(c - 32) : c;
                same = same && upper == name[k];
            }
            if (same)
                return rule.low + static_cast<int>(i);
        }
    }
    return std::nullopt;
}

std::optional<std::string> itemProblem(std::string_view item, const FieldRule &rule)
{
    const std::string where = std::string(" in the ") + rule.name + " field";
    if (item.empty())
        return "an empty list item" + where;
    std::string_view base = item;
    if (const size_t slash = item.find('/'); slash != std::string_view::npos) {
        base = item.substr(0, slash);
        const std::string_view step = item.substr(slash + 1);
        int value = 0;
        auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), value);
        if (ec != std::errc() || end != step.data() + step.size() || value < 1 || value > rule.high)
            return "the step '" + std::string(step) + "'" + where + " must be a number from 1 to " +
                   std::to_string(rule.high);
    }
    if (base == "*" || (base == "?" && (rule.dayOfMonth || rule.dayOfWeek)))
        return std::nullopt;
    if (rule.dayOfMonth && (base == "L" || base == "l"))
        return std::nullopt;
    if (rule.dayOfWeek) {
        // 5#3: the third Friday; 5L: the last Friday.
        if (const size_t hash = base.find('#'); hash != std::string_view::npos) {
            const auto day = parseValue(base.substr(0, hash), rule);
            const std::string_view nth = base.substr(hash + 1);
            if (!day || *day < 0 || *day > 7 || nth.size() != 1 || nth[0] < '1' || nth[0] > '5')
                return "'" + std::string(base) + "'" + where + " must look like 5#3";
            return std::nullopt;
        }
        if (base.size() > 1 && (base.back() == 'L' || base.back() == 'l')) {
            const auto day = parseValue(base.substr(0, base.size() - 1), rule);
            if (!day || *day < 0 || *day > 7)
                return "'" + std::string(base) + "'" + where + " must look like 5L";
            return std::nullopt;
        }
    }
    std::string_view lowText = base;
    std::string_view highText;
    if (const size_t dash = base.find('-'); dash != std::string_view::npos && dash > 0) {
        lowText = base.substr(0, dash);
        highText = base.substr(dash + 1);
    }
    const auto low = parseValue(lowText, rule);
    if (!low || *low < rule.low || *low > rule.high)
        return "'" + std::string(lowText) + "'" + where + " must be from " +
               std::to_string(rule.low) + " to " + std::to_string(rule.high);
    if (!highText.empty()) {
        const auto high = parseValue(highText, rule);
        if (!high || *high < rule.low || *high > rule.high)
            return "'" + std::string(highText) + "'" + where + " must be from " +
                   std::to_string(rule.low) + " to " + std::to_string(rule.high);
        if (*high < *low)
            return "the range '" + std::string(base) + "'" + where + " runs backwards";
    }
    return std::nullopt;
}

} // namespace

std::optional<std::string> scheduleProblem(std::string_view schedule)
{
    if (schedule.empty())
        return "the schedule is empty; use null for no schedule";
    if (schedule.front() == '@') {
        for (std::string_view preset : kPresets) {
            if (schedule == preset)
                return std::nullopt;
        }
        return "'" + std::string(schedule) +
               "' is not a known preset (@hourly, @daily, @weekly, "
               "@monthly, @quarterly, @yearly, @once, @continuous)";
    }
    std::vector<std::string_view> fields;
    size_t i = 0;
    while (i < schedule.size()) {
        while (i < schedule.size() && (schedule[i] == ' ' || schedule[i] == '\t'))
            ++i;
        const size_t start = i;
        while (i < schedule.size() && schedule[i] != ' ' && schedule[i] != '\t')
            ++i;
        if (i > start)
            fields.push_back(schedule.substr(start, i - start));
    }
    if (fields.size() != 5)
        return "a cron expression has 5 fields (minute hour day-of-month month day-of-week), not " +
               std::to_string(fields.size());
    for (size_t f = 0; f < 5; ++f) {
        std::string_view field = fields[f];
        size_t start = 0;
        while (start <= field.size()) {
            const size_t comma = std::min(field.find(',', start), field.size());
            if (auto problem = itemProblem(field.substr(start, comma - start), kFields[f]))
                return problem;
            start = comma + 1;
        }
    }
    return std::nullopt;
}

} // namespace pw::core
