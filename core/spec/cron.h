#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <QDateTime>
#include <QTimeZone>

namespace pw::core {

// Why `schedule` is not an Airflow schedule string, or nullopt when it is: a preset such as
// @daily, or a five-field cron expression (numbers, names, ranges, steps, lists, L and #).
std::optional<std::string> scheduleProblem(std::string_view schedule);

// One comma-separated item of a cron field, as written: `*`, `5`, `1-5`, `*/15`, `10-50/20`,
// and in the day fields `L` (last day of the month), `5#3` (third Friday), `5L` (last Friday).
struct CronItem
{
    enum class Kind
    {
        Any,
        Value,
        Range,
        LastDayOfMonth,
        NthWeekday,
        LastWeekday
    };
    Kind kind = Kind::Any;
    int low = 0;
    int high = 0;
    int step = 1;
    int nth = 0; // NthWeekday: 1 to 5
};

struct CronField
{
    std::vector<CronItem> items;
    uint64_t values = 0; // bit v set: value v matches (day of week: 0 = Sunday, 7 folded into 0)
    bool any() const { return items.size() == 1 && items[0].kind == CronItem::Kind::Any; }
};

// A schedule understood: the presets @hourly … @yearly as the cron expressions they stand for,
// @once and @continuous as themselves.
struct CronSchedule
{
    enum Field
    {
        Minute,
        Hour,
        DayOfMonth,
        Month,
        DayOfWeek
    };
    std::string preset; // the preset written (@daily, …), empty for a cron expression
    bool once = false;
    bool continuous = false;
    std::array<CronField, 5> fields;

    // The next `count` times after `after` (exclusive) at which the schedule fires, in `zone`.
    // Days match as croniter matches them: when both day fields are restricted, either one.
    // Empty for @once and @continuous, and when nothing matches within eight years.
    std::vector<QDateTime> nextTimes(const QDateTime &after, const QTimeZone &zone,
                                     int count) const;
    bool matchesDay(const QDate &date) const;
};

// `schedule` parsed, or nullopt with `*problem` saying why (scheduleProblem's text).
std::optional<CronSchedule> parseSchedule(std::string_view schedule,
                                          std::string *problem = nullptr);

} // namespace pw::core
