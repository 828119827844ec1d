#pragma once

#include <QObject>

#include "changeevent.h"

namespace pw::core {

// The Qt face of the write pipeline's events: Store::write hands each committed write's events
// here after releasing the write lock, in commit order. Receivers in another thread than the
// emitting one get them queued.
class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    explicit ChangeNotifier(QObject *parent = nullptr);
    void notify(const ChangeEvent &event) { Q_EMIT changed(event); }

Q_SIGNALS:
    void changed(const pw::core::ChangeEvent &event);
};

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::ChangeEvent)
