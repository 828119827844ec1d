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

std::optional<std::string> parseItem(std::string_view item, const FieldRule &rule, CronItem &out)
{
    const std::string where = std::string(" in the ") + rule.name + " field";
    if (item.empty())
        return "an empty list item" + where;
    std::string_view base = item;
    bool stepped = false;
    if (const size_t slash = item.find('/'); slash != std::string_view::npos) {
        base = item.substr(0, slash);
        const std::string_view step = item.substr(slash + 1);
        int value = 0;
        auto [end, ec] = std::from_chars(step.data(), step.data() + step.size(), value);
        if (ec != std::errc() || end != step.data() + step.size() || value < 1 || value > rule.high)
            return "the step '" + std::string(step) + "'" + where + " must be a number from 1 to " +
                   std::to_string(rule.high);
        out.step = value;
        stepped = true;
    }
    if (base == "*" || (base == "?" && (rule.dayOfMonth || rule.dayOfWeek))) {
        out.kind = stepped ? CronItem::Kind::Range : CronItem::Kind::Any;
        out.low = rule.low;
        out.high = rule.dayOfWeek ? 6 : rule.high;
        return std::nullopt;
    }
    if (rule.dayOfMonth && (base == "L" || base == "l")) {
        out.kind = CronItem::Kind::LastDayOfMonth;
        return std::nullopt;
    }
    if (rule.dayOfWeek) {
        // 5#3: the third Friday; 5L: the last Friday.
        if (const size_t hash = base.find('#'); hash != std::string_view::npos) {
            const auto day = parseValue(base.substr(0, hash), rule);
            const std::string_view nth = base.substr(hash + 1);
            if (!day || *day < 0 || *day > 7 || nth.size() != 1 || nth[0] < '1' || nth[0] > '5')
                return "'" + std::string(base) + "'" + where + " must look like 5#3";
            out.kind = CronItem::Kind::NthWeekday;
            out.low = out.high = *day % 7;
            out.nth = nth[0] - '0';
            return std::nullopt;
        }
        if (base.size() > 1 && (base.back() == 'L' || base.back() == 'l')) {
            const auto day = parseValue(base.substr(0, base.size() - 1), rule);
            if (!day || *day < 0 || *day > 7)
                return "'" + std::string(base) + "'" + where + " must look like 5L";
            out.kind = CronItem::Kind::LastWeekday;
            out.low = out.high = *day % 7;
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
    out.kind = CronItem::Kind::Value;
    out.low = out.high = *low;
    if (!highText.empty()) {
        const auto high = parseValue(highText, rule);
        if (!high || *high < rule.low || *high > rule.high)
            return "'" + std::string(highText) + "'" + where + " must be from " +
                   std::to_string(rule.low) + " to " + std::to_string(rule.high);
        if (*high < *low)
            return "the range '" + std::string(base) + "'" + where + " runs backwards";
        out.kind = CronItem::Kind::Range;
        out.high = *high;
    } else if (stepped) {
        // 5/15 is 5-59/15, as croniter reads it.
        out.kind = CronItem::Kind::Range;
        out.high = rule.high;
    }
    return std::nullopt;
}

uint64_t valuesOf(const CronItem &item, bool dayOfWeek)
{
    uint64_t bits = 0;
    switch (item.kind) {
    case CronItem::Kind::Any:
    case CronItem::Kind::Value:
    case CronItem::Kind::Range:
        for (int v = item.low; v <= item.high; v += item.step)
            bits |= uint64_t(1) << (dayOfWeek ? v % 7 : v);
        break;
    default: // the day-relative kinds match by date, not by a value
        break;
    }
    return bits;
}

} // namespace

std::optional<CronSchedule> parseSchedule(std::string_view schedule, std::string *problem)
{
    auto failed = [problem](std::string why) -> std::optional<CronSchedule> {
        if (problem)
            *problem = std::move(why);
        return std::nullopt;
    };
    if (schedule.empty())
        return failed("the schedule is empty; use null for no schedule");
    if (schedule.front() == '@') {
        struct Preset
        {
            std::string_view name;
            std::string_view cron;
        };
        static constexpr Preset kPresets[] = {
            {"@once", ""},
            {"@continuous", ""},
            {"@hourly", "0 * * * *"},
            {"@daily", "0 0 * * *"},
            {"@weekly", "0 0 * * 0"},
            {"@monthly", "0 0 1 * *"},
            {"@quarterly", "0 0 1 1,4,7,10 *"},
            {"@yearly", "0 0 1 1 *"},
            {"@annually", "0 0 1 1 *"},
            {"@midnight", "0 0 * * *"},
        };
        for (const Preset &preset : kPresets) {
            if (schedule != preset.name)
                continue;
            CronSchedule out;
            if (!preset.cron.empty())
                out = *parseSchedule(preset.cron);
            out.preset = std::string(preset.name);
            out.once = preset.name == "@once";
            out.continuous = preset.name == "@continuous";
            return out;
        }
        return failed("'" + std::string(schedule) +
                      "' is not a known preset (@hourly, @daily, @weekly, "
                      "@monthly, @quarterly, @yearly, @once, @continuous)");
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
        return failed(
            "a cron expression has 5 fields (minute hour day-of-month month day-of-week), not " +
            std::to_string(fields.size()));
    CronSchedule out;
    for (size_t f = 0; f < 5; ++f) {
        std::string_view field = fields[f];
        size_t start = 0;
        while (start <= field.size()) {
            const size_t comma = std::min(field.find(',', start), field.size());
            CronItem item;
            if (auto why = parseItem(field.substr(start, comma - start), kFields[f], item))
                return failed(std::move(*why));
            out.fields[f].values |= valuesOf(item, kFields[f].dayOfWeek);
            out.fields[f].items.push_back(item);
            start = comma + 1;
        }
    }
    return out;
}

std::optional<std::string> scheduleProblem(std::string_view schedule)
{
    std::string problem;
    if (parseSchedule(schedule, &problem))
        return std::nullopt;
    return problem;
}

bool CronSchedule::matchesDay(const QDate &date) const
{
    if (!(fields[Month].values >> date.month() & 1))
        return false;
    auto domMatches = [&] {
        if (fields[DayOfMonth].values >> date.day() & 1)
            return true;
        for (const CronItem &item : fields[DayOfMonth].items) {
            if (item.kind == CronItem::Kind::LastDayOfMonth && date.day() == date.daysInMonth())
                return true;
        }
        return false;
    };
    auto dowMatches = [&] {
        const int weekday = date.dayOfWeek() % 7; // Qt: Monday 1 … Sunday 7; cron: Sunday 0
        if (fields[DayOfWeek].values >> weekday & 1)
            return true;
        for (const CronItem &item : fields[DayOfWeek].items) {
            if (item.low != weekday)
                continue;
            if (item.kind == CronItem::Kind::NthWeekday && (date.day() - 1) / 7 + 1 == item.nth)
                return true;
            if (item.kind == CronItem::Kind::LastWeekday && date.day() + 7 > date.daysInMonth())
                return true;
        }
        return false;
    };
    const bool anyDom = fields[DayOfMonth].any();
    const bool anyDow = fields[DayOfWeek].any();
    if (anyDom && anyDow)
        return true;
    if (anyDom)
        return dowMatches();
    if (anyDow)
        return domMatches();
    return domMatches() || dowMatches();
}

std::vector<QDateTime> CronSchedule::nextTimes(const QDateTime &after, const QTimeZone &zone,
                                               int count) const
{
    std::vector<QDateTime> out;
    if (once || continuous || count <= 0)
        return out;
    const QDateTime local = after.toTimeZone(zone);
    QDate day = local.date();
    const QDate last = day.addYears(8);
    for (; day <= last && static_cast<int>(out.size()) < count; day = day.addDays(1)) {
        if (!matchesDay(day))
            continue;
        for (int hour = 0; hour < 24 && static_cast<int>(out.size()) < count; ++hour) {
            if (!(fields[Hour].values >> hour & 1))
                continue;
            for (int minute = 0; minute < 60 && static_cast<int>(out.size()) < count; ++minute) {
                if (!(fields[Minute].values >> minute & 1))
                    continue;
                const QDateTime at(day, QTime(hour, minute), zone);
                // A time in a daylight-saving gap moves forward; one seen already is skipped.
                if (at > after && (out.empty() || at > out.back()))
                    out.push_back(at);
            }
        }
    }
    return out;
}

} // namespace pw::core
