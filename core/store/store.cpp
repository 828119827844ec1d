#include "store.h"

#include "migrations.h"

namespace pw::core {

Result<std::unique_ptr<Store>> Store::open(const std::string &path)
{
    std::unique_ptr<Store> store(new Store(path));
    // Open this thread's connection now so an unreadable file fails here, not on first use.
    auto first = Database::open(path);
    if (!first)
        return fail(first.error());
    store->m_connections.emplace(std::this_thread::get_id(), std::move(*first));
    if (auto migrated = store->migrate(); !migrated)
        return fail(migrated.error());
    return store;
}

Store::~Store()
{
    std::lock_guard lock(m_connectionsMutex);
    m_connections.clear();
}

Database &Store::db()
{
    std::lock_guard lock(m_connectionsMutex);
    auto it = m_connections.find(std::this_thread::get_id());
    if (it != m_connections.end())
        return *it->second;
    auto opened = Database::open(m_path);
    if (!opened)
        throw StoreError(opened.error());
    return *m_connections.emplace(std::this_thread::get_id(), std::move(*opened)).first->second;
}

void Store::releaseThreadConnection()
{
    std::lock_guard lock(m_connectionsMutex);
    m_connections.erase(std::this_thread::get_id());
}

size_t Store::connectionCount()
{
    std::lock_guard lock(m_connectionsMutex);
    return m_connections.size();
}

int Store::schemaVersion()
{
    auto q = db().cached("PRAGMA user_version");
    return q->step() ? static_cast<int>(q->integer(0)) : 0;
}

Status Store::migrate()
{
    for (const Migration &migration : migrations()) {
        // Each step checks the version inside its own write transaction, so two processes
        // opening a fresh data directory at once apply every step exactly once.
        auto applied = transaction([&](Database &connection) -> Status {
            int current = 0;
            {
                auto q = connection.cached("PRAGMA user_version");
                current = q->step() ? static_cast<int>(q->integer(0)) : 0;
            }
            if (current >= migration.version)
                return {};
            connection.exec(migration.sql);
            const std::string bump = "PRAGMA user_version=" + std::to_string(migration.version);
            connection.exec(bump.c_str());
            return {};
        });
        if (!applied)
            return applied;
    }
    return {};
}

Status Store::compact()
{
    std::lock_guard lock(m_writeMutex);
    try {
        Database &connection = db();
        connection.exec("VACUUM");
        connection.exec("PRAGMA wal_checkpoint(TRUNCATE)");
    } catch (const StoreError &error) {
        return fail(error.error());
    }
    return {};
}

Status Store::checkAudit(const WriteTx &tx, int64_t changedRows)
{
    // A write that changed nothing may record nothing; any other records exactly one event.
    if (tx.auditCount() == 1 || (tx.auditCount() == 0 && changedRows == 0))
        return {};
    return fail(Error::internal("a write recorded " + std::to_string(tx.auditCount()) +
                                " audit events; every write records exactly one"));
}

void Store::enqueue(std::vector<ChangeEvent> events)
{
    // Called with the write lock held, so the queue is in commit order.
    std::lock_guard lock(m_queueMutex);
    for (ChangeEvent &event : events)
        m_queue.push_back(std::move(event));
}

namespace {
thread_local bool t_emitting = false;
}

void Store::emitQueued()
{
    // One thread at a time empties the queue, in order; a thread that finds another emitting
    // leaves its events to it. A receiver that writes while handling an event (same thread)
    // only queues: the loop below emits that event after the current one.
    if (t_emitting)
        return;
    while (true) {
        if (!m_emitMutex.try_lock())
            return;
        t_emitting = true;
        while (true) {
            ChangeEvent event;
            {
                std::lock_guard lock(m_queueMutex);
                if (m_queue.empty())
                    break;
                event = std::move(m_queue.front());
                m_queue.pop_front();
            }
            if (m_sink)
                m_sink(event);
        }
        t_emitting = false;
        m_emitMutex.unlock();
        // An event queued after the last look but before the unlock has no emitter yet.
        std::lock_guard lock(m_queueMutex);
        if (m_queue.empty())
            return;
    }
}

} // namespace pw::core
