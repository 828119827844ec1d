#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_map>

#include "database.h"

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

    // Runs fn inside one IMMEDIATE transaction, holding the process-wide write lock. fn returns
    // a Result; the transaction commits only when it holds a value. Storage failures thrown
    // inside fn become an Error and roll everything back.
    template <class F>
    auto write(F &&fn) -> decltype(fn(std::declval<Database &>()))
    {
        using R = decltype(fn(std::declval<Database &>()));
        std::lock_guard lock(m_writeMutex);
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

    // Runs fn inside one read transaction (a consistent snapshot). Never call write() from
    // inside fn of write(): the write lock is not recursive.
    template <class F>
    auto read(F &&fn) -> decltype(fn(std::declval<Database &>()))
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
    Status migrate();

    std::string m_path;
    std::mutex m_connectionsMutex;
    std::unordered_map<std::thread::id, std::unique_ptr<Database>> m_connections;
    std::mutex m_writeMutex;
};

} // namespace pw::core
