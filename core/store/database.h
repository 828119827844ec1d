#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>

#include "../util/error.h"

struct sqlite3;
struct sqlite3_stmt;

namespace pw::core {

// Thrown inside core's storage code only; services turn it into an Error before returning.
class StoreError : public std::runtime_error
{
public:
    explicit StoreError(Error error);
    const Error &error() const { return m_error; }

private:
    Error m_error;
};

// One prepared SQLite statement; binds are 1-based, columns 0-based.
class Statement
{
public:
    Statement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    Statement(Statement &&other) noexcept;
    Statement &operator=(Statement &&) = delete;
    Statement(const Statement &) = delete;
    ~Statement();

    Statement &bind(int index, std::string_view text);
    Statement &bind(int index, const std::string &text)
    {
        return bind(index, std::string_view(text));
    }
    Statement &bind(int index, const char *text) { return bind(index, std::string_view(text)); }
    Statement &bind(int index, int64_t value);
    Statement &bind(int index, int value) { return bind(index, static_cast<int64_t>(value)); }
    Statement &bind(int index, double value);
    Statement &bind(int index, const std::optional<std::string> &text);
    Statement &bindNull(int index);
    Statement &bindBlob(int index, std::string_view bytes);

    template <class... Args> Statement &bindAll(const Args &...args)
    {
        int index = 0;
        (bind(++index, args), ...);
        return *this;
    }

    // Advances; true while a row is available.
    bool step();
    // Runs to completion (for statements that return no rows).
    void run();
    void reset();

    bool isNull(int column) const;
    std::string text(int column) const;
    std::string_view textView(int column) const;
    std::optional<std::string> optionalText(int column) const;
    int64_t integer(int column) const;
    double real(int column) const;

private:
    [[noreturn]] void raise(int rc) const;
    sqlite3 *m_db = nullptr;
    sqlite3_stmt *m_stmt = nullptr;
};

// A borrowed cached statement, reset when the borrow ends: an un-reset SELECT would keep an
// implicit read transaction open and pin later reads on the connection to a stale snapshot.
class Query
{
public:
    explicit Query(Statement &statement) : m_statement(&statement) {}
    Query(Query &&other) noexcept : m_statement(other.m_statement) { other.m_statement = nullptr; }
    Query(const Query &) = delete;
    ~Query()
    {
        if (m_statement)
            m_statement->reset();
    }
    Statement *operator->() const { return m_statement; }
    Statement &operator*() const { return *m_statement; }

private:
    Statement *m_statement;
};

// One connection. Used by one thread at a time (the Store hands one to each thread).
class Database
{
public:
    static Result<std::unique_ptr<Database>> open(const std::string &path);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    void exec(const char *sql);
    Statement prepare(std::string_view sql);
    // A statement prepared once per connection and reset before reuse; the SQL text must be a
    // string literal (its address is the cache key).
    Query cached(const char *sql);
    int64_t changes() const;
    // Rows changed by every statement since the connection opened (tells a write that changed
    // nothing from one that did).
    int64_t totalChanges() const;
    int64_t lastInsertId() const;
    bool inTransaction() const;
    sqlite3 *handle() const { return m_db; }

private:
    explicit Database(sqlite3 *db) : m_db(db) {}
    sqlite3 *m_db = nullptr;
    std::unordered_map<const char *, std::unique_ptr<Statement>> m_cache;
};

// A transaction that rolls back unless committed. Immediate transactions take the write lock at
// BEGIN so that read-modify-write sequences cannot interleave with another writer.
class Transaction
{
public:
    enum class Mode
    {
        Deferred,
        Immediate
    };
    explicit Transaction(Database &db, Mode mode = Mode::Immediate);
    ~Transaction();
    Transaction(const Transaction &) = delete;
    Transaction &operator=(const Transaction &) = delete;
    void commit();

private:
    Database &m_db;
    bool m_open = false;
};

} // namespace pw::core
