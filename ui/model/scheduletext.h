#pragma once

#include <QDateTime>
#include <QString>
#include <QTimeZone>

namespace pw::ui {

// A schedule as a sentence in the user's language, from core's reading of it: "At 06:00, every
// day", "Every 15 minutes", "At 09:30, on Monday to Friday". An empty schedule is "not
// scheduled"; one that does not parse answers core's reason, prefixed.
QString scheduleSentence(const QString &schedule);

// The next `count` times the schedule fires after `after`, in `zone`, as "Tue 2026-12-01 06:00"
// lines; empty for no schedule, @once, @continuous and schedules that do not parse.
QStringList nextScheduleTimes(const QString &schedule, const QTimeZone &zone,
                              const QDateTime &after, int count);

} // namespace pw::ui
