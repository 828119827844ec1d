#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

namespace pw::server {

class HttpConnection;
struct ApiResponse;

// The shared state behind a Deferred: the connection waiting for the answer (cleared when it
// stops waiting) and the callbacks to run if the answer stops being wanted.
struct DeferredState
{
    enum class Status
    {
        Pending,   // the connection waits for complete()
        Completed, // complete() was called: the answer is on its way to the connection
        Cancelled, // the client left, the ceiling passed or the server stopped
    };

    std::mutex mutex;
    Status status = Status::Pending;
    HttpConnection *connection = nullptr;
    std::vector<std::function<void()>> cancelCallbacks;
    std::atomic<bool> cancelled = false;
};

// An answer a handler gives later (ApiResponse::deferred): it is completed exactly once, from
// any thread, and the connection writes it on the server thread. Copies share one answer. The
// server never waits for it: a client that leaves, the ceiling (HttpLimits::deferredTimeoutMs,
// answered 503) and a stopping server (answered 503) cancel it instead, and later completions
// are dropped.
class Deferred
{
public:
    explicit Deferred(std::shared_ptr<DeferredState> state) : m_state(std::move(state)) {}

    // Hands `response` to the connection (a queued call onto the server thread). Returns false
    // when the answer was already given or is no longer wanted; the response is then dropped.
    bool complete(ApiResponse response) const;
    // True once the answer is no longer wanted: work for it may stop. Cheap; any thread.
    bool isCancelled() const { return m_state->cancelled.load(std::memory_order_acquire); }
    // Runs `callback` once if the answer stops being wanted before it is completed: on the
    // server thread when that happens, or at once on this thread when it already has. Never
    // after a successful complete(). Keep it short (set a flag, queue a cancel to a job).
    void onCancel(std::function<void()> callback) const;

private:
    std::shared_ptr<DeferredState> m_state;
};

} // namespace pw::server
