#include "deferred.h"

#include <QMetaObject>

#include "apiresponse.h"
#include "httpconnection.h"

namespace pw::server {

bool Deferred::complete(ApiResponse response) const
{
    std::lock_guard lock(m_state->mutex);
    if (m_state->status != DeferredState::Status::Pending)
        return false;
    m_state->status = DeferredState::Status::Completed;
    m_state->cancelCallbacks.clear();
    // Posted while the lock is held: a connection clears `connection` under this lock before it
    // goes away, and Qt drops a queued call whose receiver is destroyed before it runs.
    HttpConnection *connection = m_state->connection;
    QMetaObject::invokeMethod(
        connection,
        [connection, state = m_state, response = std::move(response)]() mutable {
            connection->deliverDeferred(state, std::move(response));
        },
        Qt::QueuedConnection);
    return true;
}

void Deferred::onCancel(std::function<void()> callback) const
{
    {
        std::lock_guard lock(m_state->mutex);
        if (m_state->status == DeferredState::Status::Completed)
            return;
        if (m_state->status == DeferredState::Status::Pending) {
            m_state->cancelCallbacks.push_back(std::move(callback));
            return;
        }
    }
    callback(); // already cancelled
}

} // namespace pw::server
