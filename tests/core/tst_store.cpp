#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include "core/store/migrations.h"
#include "core/store/store.h"

using namespace pw::core;

namespace {

int64_t countRows(Store &store, const char *table)
{
    const std::string sql = std::string("SELECT COUNT(*) FROM ") + table;
    auto q = store.db().prepare(sql);
    return q.step() ? q.integer(0) : -1;
}

std::string pragma(Store &store, const char *name)
{
    auto q = store.db().prepare(std::string("PRAGMA ") + name);
    return q.step() ? q.text(0) : std::string();
}

} // namespace

class tst_Store : public QObject
{
    Q_OBJECT

private slots:
    void migrationsRunToTheLatestVersion()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        QCOMPARE((*store)->schemaVersion(), migrations().back().version);
        QCOMPARE(countRows(**store, "definitions"), int64_t(0));
        QCOMPARE(countRows(**store, "audit_events"), int64_t(0));
    }

    void reopeningDoesNotMigrateAgain()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.db")).toStdString();
        {
            auto store = Store::open(path);
            QVERIFY(store.has_value());
            auto written = (*store)->write([](Database &db) -> Status {
                db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 'x', 'X', 'now')");
                return {};
            });
            QVERIFY(written.has_value());
        }
        auto again = Store::open(path);
        QVERIFY(again.has_value());
        QCOMPARE(countRows(**again, "spaces"), int64_t(1));
    }

    void connectionSettings()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        QCOMPARE(pragma(**store, "journal_mode"), std::string("wal"));
        QCOMPARE(pragma(**store, "synchronous"), std::string("2")); // FULL
        QCOMPARE(pragma(**store, "foreign_keys"), std::string("1"));
        QVERIFY(std::stoi(pragma(**store, "busy_timeout")) >= 5000);
    }

    void failedWriteRollsBackEverything()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        auto result = (*store)->write([](Database &db) -> Status {
            db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
            return fail(Error::conflict("the second half failed"));
        });
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::Conflict);
        QCOMPARE(countRows(**store, "spaces"), int64_t(0));
    }

    void storageErrorInsideWriteRollsBackAndBecomesAnError()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        auto result = (*store)->write([](Database &db) -> Status {
            db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
            // Violates the UNIQUE slug: throws inside, must come back as a value.
            db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s2', 'a', 'A', 'now')");
            return {};
        });
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::Internal);
        QVERIFY(result.error().message.find("UNIQUE") != std::string::npos);
        QCOMPARE(countRows(**store, "spaces"), int64_t(0));
    }

    void foreignKeysAreEnforced()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        auto result = (*store)->write([](Database &db) -> Status {
            db.exec("INSERT INTO space_roles (space_id, user_id, role) VALUES ('nope', 'nobody', 'admin')");
            return {};
        });
        QVERIFY(!result.has_value());
    }

    void readsFromAnotherThreadUseTheirOwnConnection()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        Database *mine = &(*store)->db();
        Database *theirs = nullptr;
        std::thread other([&] { theirs = &(*store)->db(); });
        other.join();
        QVERIFY(theirs && theirs != mine);
    }

    void readInsideWriteSeesTheWrite()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        auto seen = (*store)->write([&](Database &db) -> Result<int64_t> {
            db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 'x', 'X', 'now')");
            return (*store)->read([](Database &inner) -> Result<int64_t> {
                auto q = inner.cached("SELECT COUNT(*) FROM spaces");
                return q->step() ? q->integer(0) : -1;
            });
        });
        QVERIFY(seen.has_value());
        QCOMPARE(*seen, int64_t(1));
    }

    void twoStoresOnOneFileSeeEachOthersCommits()
    {
        QTemporaryDir dir;
        const std::string path = dir.filePath(QStringLiteral("p.db")).toStdString();
        auto a = Store::open(path);
        auto b = Store::open(path);
        QVERIFY(a.has_value() && b.has_value());
        QVERIFY((*a)->write([](Database &db) -> Status {
            db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 'x', 'X', 'now')");
            return {};
        }).has_value());
        QCOMPARE(countRows(**b, "spaces"), int64_t(1));
    }

    void unopenableFileIsAnError()
    {
        auto store = Store::open("/proc/definitely/not/here.db");
        QVERIFY(!store.has_value());
        QVERIFY(store.error().message.find("cannot open") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(tst_Store)
#include "tst_store.moc"
