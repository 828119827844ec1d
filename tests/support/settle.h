#pragma once

#include <QCoreApplication>
#include <QMetaObject>
#include <QTest>

namespace pw::test {

// Waits, without a fixed sleep, until the events the code under test has queued so far are
// delivered: posted events (queued calls, layout requests, deferred deletes) go out in order,
// so a marker queued behind them acknowledges them when it runs. Each round queues its marker
// after the previous one ran, which also covers what delivering the earlier events queued in
// turn (a layout request posting its parent's, a scene-rect change queueing a re-centre).
// For checks that something did *not* move or go: waiting for the change itself cannot tell.
inline bool settleQueuedEvents(int rounds = 3)
{
    for (int round = 0; round < rounds; ++round) {
        bool delivered = false;
        QMetaObject::invokeMethod(
            QCoreApplication::instance(), [&delivered] { delivered = true; }, Qt::QueuedConnection);
        if (!QTest::qWaitFor([&delivered] { return delivered; }, 10000))
            return false;
    }
    return true;
}

} // namespace pw::test
