#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>

#include "database.h"
#include "writetx.h"

namespace pw::core {

// The SQLite file of a data directory: one connection per thread, one writer at a time, and the
// numbered migrations applied when it opens.
class Store
{
public:
    static Result<std::unique_ptr<Store>> open(const std::string &path);
    ~Store();

    const std::string &path() const { return m_path; }
    int schemaVersion();

    // This thread's connection, opened on first use.
    Database &db();
    // Closes this thread's connection (a thread that ends calls it; the next use reopens).
    void releaseThreadConnection();
    size_t connectionCount();

    // The write pipeline, for every mutation of the model. Holding the process-wide write lock,
    // runs fn inside one IMMEDIATE transaction; fn returns a Result and the transaction commits
    // only when it holds a value. A write that changed rows must have recorded exactly one audit
    // event (WriteTx::audit), else it is rolled back as an internal error. After COMMIT the
    // write's cache updates run with the lock still held; after the lock is released its change
    // events are emitted, in commit order across threads. Storage failures thrown inside fn
    // become an Error and roll everything back.
    template <class F> auto write(F &&fn) -> decltype(fn(std::declval<WriteTx &>()))
    {
        using R = decltype(fn(std::declval<WriteTx &>()));
        std::optional<R> result;
        {
            std::lock_guard lock(m_writeMutex);
            try {
                Database &connection = db();
                const int64_t before = connection.totalChanges();
                Transaction transaction(connection, Transaction::Mode::Immediate);
                WriteTx tx(connection);
                result.emplace(fn(tx));
                if (*result) {
                    if (auto wrong = checkAudit(tx, connection.totalChanges() - before); !wrong) {
                        result.emplace(std::unexpected(wrong.error()));
                    } else {
                        transaction.commit();
                        tx.runAfterCommit();
                        enqueue(tx.takeEvents());
                    }
                }
            } catch (const StoreError &error) {
                result.emplace(std::unexpected(error.error()));
            }
        }
        emitQueued();
        return std::move(*result);
    }

    // One transaction outside the model's mutations (migrations, bookkeeping such as the
    // first-start flag): no audit event, no change events.
    template <class F> auto transaction(F &&fn) -> decltype(fn(std::declval<Database &>()))
    {
        std::lock_guard lock(m_writeMutex);
        return runTransaction(fn);
    }

    // Bookkeeping that may wait for a later turn (a token's last use): like transaction(), but
    // when another thread of this process holds the write lock it returns nothing at once
    // instead of queueing behind it.
    template <class F>
    auto tryTransaction(F &&fn) -> std::optional<decltype(fn(std::declval<Database &>()))>
    {
        std::unique_lock lock(m_writeMutex, std::try_to_lock);
        if (!lock.owns_lock())
            return std::nullopt;
        return runTransaction(fn);
    }

    // Rewrites the file (VACUUM) and empties the write-ahead log, so no free page and no logged
    // page keeps what was deleted or replaced. Costs a copy of the file: rare bookkeeping only
    // (sealing an older version's plain-text credentials).
    Status compact();

    // Where committed writes' change events go (Core connects its ChangeNotifier).
    void setChangeSink(std::function<void(const ChangeEvent &)> sink) { m_sink = std::move(sink); }

    // Runs fn inside one read transaction (a consistent snapshot). Never call write() or
    // transaction() from inside fn of either: the write lock is not recursive.
    template <class F> auto read(F &&fn) -> decltype(fn(std::declval<Database &>()))
    {
        using R = decltype(fn(std::declval<Database &>()));
        try {
            Database &connection = db();
            // A read made while this thread's write transaction is open joins it (and so sees
            // its uncommitted changes) instead of failing to BEGIN a nested one.
            if (connection.inTransaction())
                return fn(connection);
            Transaction tx(connection, Transaction::Mode::Deferred);
            R result = fn(connection);
            tx.commit();
            return result;
        } catch (const StoreError &error) {
            return R(std::unexpected(error.error()));
        }
    }

private:
    explicit Store(std::string path) : m_path(std::move(path)) {}
    // transaction()'s body; the caller holds the write lock.
    template <class F> auto runTransaction(F &fn) -> decltype(fn(std::declval<Database &>()))
    {
        using R = decltype(fn(std::declval<Database &>()));
        try {
            Database &connection = db();
            Transaction tx(connection, Transaction::Mode::Immediate);
            R result = fn(connection);
            if (result)
                tx.commit();
            return result;
        } catch (const StoreError &error) {
            return R(std::unexpected(error.error()));
        }
    }
    Status migrate();
    static Status checkAudit(const WriteTx &tx, int64_t changedRows);
    void enqueue(std::vector<ChangeEvent> events);
    void emitQueued();

    std::string m_path;
    std::mutex m_connectionsMutex;
    std::unordered_map<std::thread::id, std::unique_ptr<Database>> m_connections;
    std::mutex m_writeMutex;

    std::function<void(const ChangeEvent &)> m_sink;
    std::mutex m_queueMutex;
    std::deque<ChangeEvent> m_queue; // committed, not yet emitted; in commit order
    std::mutex m_emitMutex;          // held by the one thread emitting the queue
};

} // namespace pw::core
