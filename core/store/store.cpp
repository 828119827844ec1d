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
        auto applied = write([&](Database &connection) -> Status {
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

} // namespace pw::core
