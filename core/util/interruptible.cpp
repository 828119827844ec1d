#include "interruptible.h"

#include <condition_variable>
#include <csignal>
#include <list>
#include <mutex>
#include <thread>

#include <pthread.h>

namespace pw::core {

namespace {

// SIGURG: ignored by default, so a stray one (before the handler is installed, or sent to a
// thread outside any scope) changes nothing.
constexpr int kSignal = SIGURG;
constexpr auto kTick = std::chrono::milliseconds(100);

void doNothing(int) {}

thread_local InterruptibleScope *t_current = nullptr;

} // namespace

struct InterruptibleScope::Entry
{
    pthread_t thread;
    std::function<bool()> stop;
    std::chrono::milliseconds idleLimit;
    std::atomic<int64_t> lastProgress; // Clock ticks
    std::atomic<bool> *interrupted;
    std::atomic<bool> *timedOut;
};

namespace {

// One watchdog thread for the process, started with the first scope. Never destroyed: a scope
// may end during static destruction at exit.
class Watchdog
{
public:
    static Watchdog &instance()
    {
        static Watchdog *watchdog = new Watchdog;
        return *watchdog;
    }

    void add(InterruptibleScope::Entry *entry)
    {
        std::lock_guard lock(m_mutex);
        m_entries.push_back(entry);
        if (!m_started) {
            m_started = true;
            std::thread([this] { loop(); }).detach();
        }
        m_wake.notify_one();
    }

    void remove(InterruptibleScope::Entry *entry)
    {
        // Under the mutex the loop signals threads, so no signal reaches a thread whose scope
        // has ended.
        std::lock_guard lock(m_mutex);
        m_entries.remove(entry);
    }

private:
    Watchdog()
    {
        struct sigaction action
        {
        };
        action.sa_handler = doNothing;
        sigemptyset(&action.sa_mask);
        action.sa_flags = 0; // no SA_RESTART: the blocked call returns EINTR
        sigaction(kSignal, &action, nullptr);
    }

    void loop()
    {
        std::unique_lock lock(m_mutex);
        while (true) {
            m_wake.wait(lock, [this] { return !m_entries.empty(); });
            const int64_t now = InterruptibleScope::Clock::now().time_since_epoch().count();
            for (InterruptibleScope::Entry *e : m_entries) {
                const auto idle = InterruptibleScope::Clock::duration(now - e->lastProgress.load());
                const bool idleTooLong = idle > e->idleLimit;
                if (!idleTooLong && !(e->stop && e->stop()))
                    continue;
                if (idleTooLong)
                    e->timedOut->store(true);
                e->interrupted->store(true);
                pthread_kill(e->thread, kSignal);
            }
            lock.unlock();
            std::this_thread::sleep_for(kTick);
            lock.lock();
        }
    }

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::list<InterruptibleScope::Entry *> m_entries;
    bool m_started = false;
};

} // namespace

InterruptibleScope::InterruptibleScope(std::function<bool()> stop,
                                       std::chrono::milliseconds idleLimit)
{
    m_entry = new Entry{pthread_self(), std::move(stop),
                        idleLimit,      Clock::now().time_since_epoch().count(),
                        &m_interrupted, &m_timedOut};
    Watchdog::instance().add(m_entry);
    m_outer = t_current;
    t_current = this;
}

InterruptibleScope::~InterruptibleScope()
{
    t_current = m_outer;
    Watchdog::instance().remove(m_entry);
    delete m_entry;
}

bool InterruptibleScope::currentInterrupted()
{
    return t_current && t_current->interrupted();
}

void InterruptibleScope::progressed()
{
    m_entry->lastProgress.store(Clock::now().time_since_epoch().count());
}

} // namespace pw::core
