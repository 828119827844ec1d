#include "database.h"

#include <sqlite3.h>

namespace pw::core {

namespace {

Error sqliteError(sqlite3 *db, int rc)
{
    const char *message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    const int primary = rc & 0xff;
    Error e = Error::internal(std::string("storage error: ") + message);
    if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
        e.code = ErrorCode::Unavailable;
    if (primary == SQLITE_FULL)
        e.message = "storage error: the disk is full";
    e.details["sqlite_code"] = rc;
    return e;
}

} // namespace

StoreError::StoreError(Error error) : std::runtime_error(error.message), m_error(std::move(error))
{
}

Statement::Statement(Statement &&other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement::~Statement()
{
    if (m_stmt)
        sqlite3_finalize(m_stmt);
}

void Statement::raise(int rc) const
{
    throw StoreError(sqliteError(m_db, rc));
}

Statement &Statement::bind(int index, std::string_view text)
{
    const int rc =
        sqlite3_bind_text64(m_stmt, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    if (rc != SQLITE_OK)
        raise(rc);
    return *this;
}

Statement &Statement::bind(int index, int64_t value)
{
    const int rc = sqlite3_bind_int64(m_stmt, index, value);
    if (rc != SQLITE_OK)
        raise(rc);
    return *this;
}

Statement &Statement::bind(int index, double value)
{
    const int rc = sqlite3_bind_double(m_stmt, index, value);
    if (rc != SQLITE_OK)
        raise(rc);
    return *this;
}

Statement &Statement::bind(int index, const std::optional<std::string> &text)
{
    return text ? bind(index, std::string_view(*text)) : bindNull(index);
}

Statement &Statement::bindNull(int index)
{
    const int rc = sqlite3_bind_null(m_stmt, index);
    if (rc != SQLITE_OK)
        raise(rc);
    return *this;
}

Statement &Statement::bindBlob(int index, std::string_view bytes)
{
    const int rc = sqlite3_bind_blob64(m_stmt, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
    if (rc != SQLITE_OK)
        raise(rc);
    return *this;
}

bool Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3_reset(m_stmt);
    raise(rc);
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

std::string_view Statement::textView(int column) const
{
    const auto *data = static_cast<const char *>(sqlite3_column_blob(m_stmt, column));
    const int size = sqlite3_column_bytes(m_stmt, column);
    return data ? std::string_view(data, static_cast<size_t>(size)) : std::string_view();
}

std::string Statement::text(int column) const
{
    return std::string(textView(column));
}

std::optional<std::string> Statement::optionalText(int column) const
{
    if (isNull(column))
        return std::nullopt;
    return text(column);
}

int64_t Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}
double Statement::real(int column) const
{
    return sqlite3_column_double(m_stmt, column);
}

Result<std::unique_ptr<Database>> Database::open(const std::string &path)
{
    sqlite3 *raw = nullptr;
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
    if (rc != SQLITE_OK) {
        Error e = sqliteError(raw, rc);
        e.message = "cannot open the database " + path + ": " + e.message;
        sqlite3_close_v2(raw);
        return fail(std::move(e));
    }
    std::unique_ptr<Database> db(new Database(raw));
    try {
        // WAL lets readers run beside the one writer; FULL fsyncs the WAL at every commit so
        // an acknowledged write survives power loss, not just a process crash. secure_delete
        // zeroes what a write frees, so a replaced or deleted value (a credential an older
        // version stored in plain text) does not linger in the file's free pages.
        db->exec("PRAGMA journal_mode=WAL;"
                 "PRAGMA synchronous=FULL;"
                 "PRAGMA secure_delete=ON;"
                 "PRAGMA foreign_keys=ON;"
                 "PRAGMA busy_timeout=10000;"
                 "PRAGMA temp_store=MEMORY;");
    } catch (const StoreError &error) {
        return fail(error.error());
    }
    return db;
}

Database::~Database()
{
    m_cache.clear();
    sqlite3_close_v2(m_db);
}

void Database::exec(const char *sql)
{
    char *message = nullptr;
    const int rc = sqlite3_exec(m_db, sql, nullptr, nullptr, &message);
    if (rc != SQLITE_OK) {
        Error e = sqliteError(m_db, rc);
        if (message) {
            e.message = std::string("storage error: ") + message;
            sqlite3_free(message);
        }
        throw StoreError(std::move(e));
    }
}

Statement Database::prepare(std::string_view sql)
{
    sqlite3_stmt *stmt = nullptr;
    const int rc = sqlite3_prepare_v3(m_db, sql.data(), static_cast<int>(sql.size()),
                                      SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK)
        throw StoreError(sqliteError(m_db, rc));
    return Statement(m_db, stmt);
}

Query Database::cached(const char *sql)
{
    auto it = m_cache.find(sql);
    if (it == m_cache.end())
        it = m_cache.emplace(sql, std::make_unique<Statement>(prepare(sql))).first;
    return Query(*it->second);
}

int64_t Database::changes() const
{
    return sqlite3_changes64(m_db);
}
int64_t Database::totalChanges() const
{
    return sqlite3_total_changes64(m_db);
}
int64_t Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}
bool Database::inTransaction() const
{
    return sqlite3_get_autocommit(m_db) == 0;
}

Transaction::Transaction(Database &db, Mode mode) : m_db(db)
{
    m_db.exec(mode == Mode::Immediate ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
    m_open = true;
}

Transaction::~Transaction()
{
    if (m_open)
        sqlite3_exec(m_db.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    m_db.exec("COMMIT");
    m_open = false;
}

} // namespace pw::core
