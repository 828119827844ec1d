#pragma once

#include <atomic>
#include <chrono>
#include <functional>

namespace pw::core {

// Lets a blocking library call (libgit2 waiting in a socket read on a remote that never
// answers) be ended from outside: while a scope is alive on a thread, a watchdog asks its
// `stop` condition every 100 ms and, once it holds or the scope has seen no progress for
// `idleLimit`, sends the thread a signal whose handler does nothing and was installed without
// SA_RESTART — the blocked system call fails with EINTR and the library returns an error. It
// keeps sending until the scope ends, so a signal that arrives between two calls is not lost.
// libgit2 retries interrupted file writes, so only waits on the network end early.
class InterruptibleScope
{
public:
    using Clock = std::chrono::steady_clock;
    explicit InterruptibleScope(std::function<bool()> stop,
                                std::chrono::milliseconds idleLimit = std::chrono::minutes(2));
    ~InterruptibleScope();
    InterruptibleScope(const InterruptibleScope &) = delete;
    InterruptibleScope &operator=(const InterruptibleScope &) = delete;

    // Something arrived: the idle limit counts from now.
    void progressed();
    // Whether the watchdog interrupted this scope, and why.
    bool interrupted() const { return m_interrupted.load(); }
    bool timedOut() const { return m_timedOut.load(); }
    // Whether the innermost scope alive on the calling thread was interrupted: for code that
    // sees only that a call was interrupted and must decide whether to retry it.
    static bool currentInterrupted();

    // For the watchdog.
    struct Entry;

private:
    Entry *m_entry = nullptr;
    InterruptibleScope *m_outer = nullptr; // the scope this one is nested in, on this thread
    std::atomic<bool> m_interrupted = false;
    std::atomic<bool> m_timedOut = false;
};

} // namespace pw::core
