#include "scheduletext.h"

#include <functional>

#include <QCoreApplication>
#include <QLocale>
#include <QTime>

#include "core/spec/cron.h"

namespace pw::ui {

namespace {

using core::CronField;
using core::CronItem;
using core::CronSchedule;

struct Text
{
    Q_DECLARE_TR_FUNCTIONS(ScheduleText)
};

QString joined(const QStringList &items)
{
    if (items.size() <= 1)
        return items.value(0);
    return Text::tr("%1 and %2")
        .arg(items.mid(0, items.size() - 1).join(QStringLiteral(", ")), items.back());
}

bool onlyValues(const CronField &field)
{
    for (const CronItem &item : field.items) {
        if (item.kind != CronItem::Kind::Value)
            return false;
    }
    return true;
}

QList<int> valuesOf(const CronField &field)
{
    QList<int> out;
    for (int v = 0; v < 64; ++v) {
        if (field.values >> v & 1)
            out.append(v);
    }
    return out;
}

// "*/n" over the field's whole range: n, else 0.
int everyStep(const CronField &field, int low, int high)
{
    if (field.items.size() != 1)
        return 0;
    const CronItem &item = field.items[0];
    return item.kind == CronItem::Kind::Range && item.step > 1 && item.low == low &&
                   item.high == high
               ? item.step
               : 0;
}

QString clock(int hour, int minute)
{
    return QTime(hour, minute).toString(QStringLiteral("HH:mm"));
}

QString dayName(int cronDay)
{
    return QLocale().dayName(cronDay == 0 ? 7 : cronDay, QLocale::LongFormat);
}

QString monthName(int month)
{
    return QLocale().monthName(month, QLocale::LongFormat);
}

// One item of a field in words, values named by `name`.
QString itemText(const CronItem &item, const std::function<QString(int)> &name)
{
    switch (item.kind) {
    case CronItem::Kind::Any:
        return Text::tr("any");
    case CronItem::Kind::Value:
        return name(item.low);
    case CronItem::Kind::Range:
        if (item.step > 1)
            return Text::tr("every %1 from %2 to %3")
                .arg(QString::number(item.step), name(item.low), name(item.high));
        return Text::tr("%1 to %2").arg(name(item.low), name(item.high));
    case CronItem::Kind::LastDayOfMonth:
        return Text::tr("the last day");
    case CronItem::Kind::NthWeekday: {
        const QString day = name(item.low);
        switch (item.nth) {
        case 1:
            return Text::tr("the first %1").arg(day);
        case 2:
            return Text::tr("the second %1").arg(day);
        case 3:
            return Text::tr("the third %1").arg(day);
        case 4:
            return Text::tr("the fourth %1").arg(day);
        default:
            return Text::tr("the fifth %1").arg(day);
        }
    }
    case CronItem::Kind::LastWeekday:
        return Text::tr("the last %1").arg(name(item.low));
    }
    return {};
}

QString fieldText(const CronField &field, const std::function<QString(int)> &name)
{
    QStringList parts;
    for (const CronItem &item : field.items)
        parts.append(itemText(item, name));
    return joined(parts);
}

// The time of day; `subDaily` is set when it already says how often the schedule fires in a day
// ("every 15 minutes"), so "every day" would add nothing.
QString timePhrase(const CronSchedule &s, bool *subDaily)
{
    const CronField &minutes = s.fields[CronSchedule::Minute];
    const CronField &hours = s.fields[CronSchedule::Hour];
    auto number = [](int v) { return QString::number(v); };
    const int minuteStep = everyStep(minutes, 0, 59);
    const int hourStep = everyStep(hours, 0, 23);
    *subDaily = true;
    if (onlyValues(minutes) && onlyValues(hours)) {
        const QList<int> ms = valuesOf(minutes);
        const QList<int> hs = valuesOf(hours);
        if (ms.size() * hs.size() <= 6) {
            QStringList times;
            for (int h : hs) {
                for (int m : ms)
                    times.append(clock(h, m));
            }
            *subDaily = false;
            return Text::tr("At %1").arg(joined(times));
        }
    }
    if (minutes.any() && hours.any())
        return Text::tr("Every minute");
    if (minuteStep && hours.any())
        return Text::tr("Every %n minute(s)", nullptr, minuteStep);
    if (onlyValues(minutes)) {
        const QString at = joined([&] {
            QStringList list;
            for (int m : valuesOf(minutes))
                list.append(number(m));
            return list;
        }());
        if (hours.any())
            return Text::tr("At minute %1 of every hour").arg(at);
        if (hourStep)
            return Text::tr("Every %n hour(s), at minute %1", nullptr, hourStep).arg(at);
        if (hours.items.size() == 1 && hours.items[0].kind == CronItem::Kind::Range &&
            hours.items[0].step == 1 && valuesOf(minutes).size() == 1) {
            const int m = valuesOf(minutes).front();
            return Text::tr("Every hour from %1 to %2")
                .arg(clock(hours.items[0].low, m), clock(hours.items[0].high, m));
        }
    }
    if (minuteStep && hours.items.size() == 1 && hours.items[0].kind == CronItem::Kind::Range &&
        hours.items[0].step == 1)
        return Text::tr("Every %n minute(s) from %1 to %2", nullptr, minuteStep)
            .arg(clock(hours.items[0].low, 0), clock(hours.items[0].high, 59));
    return Text::tr("At minute %1 past hour %2")
        .arg(fieldText(minutes, number), fieldText(hours, number));
}

QString dayPhrase(const CronSchedule &s)
{
    const CronField &dom = s.fields[CronSchedule::DayOfMonth];
    const CronField &dow = s.fields[CronSchedule::DayOfWeek];
    const QString days = [&] {
        if (dom.items.size() == 1 && dom.items[0].kind == CronItem::Kind::LastDayOfMonth)
            return Text::tr("on the last day of the month");
        int count = 0;
        for (const CronItem &item : dom.items)
            count += item.kind == CronItem::Kind::Value ? 1 : 2;
        return Text::tr("on day(s) %1 of the month", nullptr, count).arg(fieldText(dom, [](int v) {
            return QString::number(v);
        }));
    }();
    const QString weekdays = Text::tr("on %1").arg(fieldText(dow, dayName));
    if (dom.any() && dow.any())
        return Text::tr("every day");
    if (dom.any())
        return weekdays;
    if (dow.any())
        return days;
    return Text::tr("%1 or %2").arg(days, weekdays);
}

} // namespace

QString scheduleSentence(const QString &schedule)
{
    if (schedule.trimmed().isEmpty())
        return Text::tr("Not scheduled: runs only when triggered.");
    std::string problem;
    const auto parsed = core::parseSchedule(schedule.trimmed().toStdString(), &problem);
    if (!parsed)
        return Text::tr("Not a schedule: %1").arg(QString::fromStdString(problem));
    if (parsed->once)
        return Text::tr("Once, at the start date.");
    if (parsed->continuous)
        return Text::tr("Continuously: each run starts when the one before ends.");
    bool subDaily = false;
    QString sentence = timePhrase(*parsed, &subDaily);
    const QString days = dayPhrase(*parsed);
    const CronField &months = parsed->fields[CronSchedule::Month];
    const bool everyDay = parsed->fields[CronSchedule::DayOfMonth].any() &&
                          parsed->fields[CronSchedule::DayOfWeek].any();
    if (!(subDaily && everyDay))
        sentence += QStringLiteral(", ") + days;
    if (!months.any())
        sentence += QLatin1Char(' ') + Text::tr("in %1").arg(fieldText(months, monthName));
    return sentence + QLatin1Char('.');
}

QStringList nextScheduleTimes(const QString &schedule, const QTimeZone &zone,
                              const QDateTime &after, int count)
{
    QStringList out;
    const auto parsed = core::parseSchedule(schedule.trimmed().toStdString());
    if (schedule.trimmed().isEmpty() || !parsed)
        return out;
    for (const QDateTime &at : parsed->nextTimes(after, zone, count)) {
        const QDateTime local = at.toTimeZone(zone);
        out.append(QLocale().dayName(local.date().dayOfWeek(), QLocale::ShortFormat) +
                   QLatin1Char(' ') + local.toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    }
    return out;
}

} // namespace pw::ui
