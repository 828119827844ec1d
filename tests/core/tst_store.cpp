#include <QTemporaryDir>
#include <QTest>

#include <sqlite3.h>

#include <algorithm>
#include <mutex>
#include <set>
#include <thread>

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
            auto written = (*store)->transaction([](Database &db) -> Status {
                db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 'x', 'X', "
                        "'now')");
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
        auto result = (*store)->transaction([](Database &db) -> Status {
            db.exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
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
        auto result = (*store)->transaction([](Database &db) -> Status {
            db.exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
            // Violates the UNIQUE slug: throws inside, must come back as a value.
            db.exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s2', 'a', 'A', 'now')");
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
        auto result = (*store)->transaction([](Database &db) -> Status {
            db.exec("INSERT INTO space_roles (space_id, user_id, role) VALUES ('nope', 'nobody', "
                    "'admin')");
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
        auto seen = (*store)->transaction([&](Database &db) -> Result<int64_t> {
            db.exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 'x', 'X', 'now')");
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
        QVERIFY((*a)->transaction([](Database &db) -> Status {
                        db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 'x', "
                                "'X', 'now')");
                        return {};
                    })
                    .has_value());
        QCOMPARE(countRows(**b, "spaces"), int64_t(1));
    }

    void writeWithoutItsAuditEventIsRolledBack()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        auto result = (*store)->write([](WriteTx &tx) -> Status {
            tx.db().exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
            return {};
        });
        QVERIFY(!result.has_value());
        QCOMPARE(result.error().code, ErrorCode::Internal);
        QCOMPARE(countRows(**store, "spaces"), int64_t(0));
        // Two events for one write are as wrong as none.
        result = (*store)->write([](WriteTx &tx) -> Status {
            tx.db().exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
            tx.audit(AuditEvent{0, "s1", {}, "space.created", "space", "s1"});
            tx.audit(AuditEvent{0, "s1", {}, "space.renamed", "space", "s1"});
            return {};
        });
        QVERIFY(!result.has_value());
        QCOMPARE(countRows(**store, "spaces"), int64_t(0));
        QCOMPARE(countRows(**store, "audit_events"), int64_t(0));
        // A write that changed nothing needs no event.
        QVERIFY((*store)->write([](WriteTx &) -> Status { return {}; }).has_value());
    }

    void pipelineOrderIsCommitCacheUnlockEmit()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        std::vector<std::string> steps;
        std::vector<ChangeEvent> emitted;
        (*store)->setChangeSink([&](const ChangeEvent &event) {
            // The write lock is free while events go out: a receiver may write at once.
            QVERIFY((*store)->transaction([](Database &) -> Status { return {}; }).has_value());
            emitted.push_back(event);
            steps.push_back("emit");
        });
        auto written = (*store)->write([&](WriteTx &tx) -> Result<int64_t> {
            tx.db().exec(
                "INSERT INTO spaces (id, slug, name, created_at) VALUES ('s1', 'a', 'A', 'now')");
            tx.afterCommit([&] {
                // Committed: another connection sees the row; not yet emitted.
                std::thread reader([&] {
                    steps.push_back("cache sees " + std::to_string(countRows(**store, "spaces")));
                });
                reader.join();
            });
            tx.notify(ChangeEvent{ChangeEvent::Kind::Space, "s1", "s1", 0, {}, "space.created"});
            steps.push_back("inside");
            return tx.audit(AuditEvent{0, "s1", {}, "space.created", "space", "s1"});
        });
        QVERIFY(written.has_value());
        QCOMPARE(steps, (std::vector<std::string>{"inside", "cache sees 1", "emit"}));
        QCOMPARE(emitted.size(), size_t(1));
        // The event's sequence number is its write's audit event id.
        QCOMPARE(emitted[0].sequence, *written);
        QVERIFY(*written > 0);
    }

    void eventsFromManyThreadsComeInCommitOrder()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        QVERIFY((*store)
                    ->transaction([](Database &db) -> Status {
                        db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 's', "
                                "'S', 'now')");
                        return {};
                    })
                    .has_value());
        std::mutex mutex;
        std::vector<int64_t> order;
        (*store)->setChangeSink([&](const ChangeEvent &event) {
            std::lock_guard lock(mutex);
            order.push_back(event.sequence);
        });
        std::vector<std::thread> writers;
        for (int t = 0; t < 4; ++t) {
            writers.emplace_back([&, t] {
                for (int i = 0; i < 50; ++i) {
                    (void)(*store)->write([&](WriteTx &tx) -> Status {
                        const std::string id = std::to_string(t) + "-" + std::to_string(i);
                        tx.record(AuditEvent{0, "s", {}, "test.written", "thing", id});
                        return {};
                    });
                }
            });
        }
        for (auto &w : writers)
            w.join();
        QCOMPARE(order.size(), size_t(200));
        QVERIFY(std::is_sorted(order.begin(), order.end()));
        QCOMPARE(std::set<int64_t>(order.begin(), order.end()).size(), size_t(200));
    }

    void eventQueuedByAReceiverFollowsTheOneItHandles()
    {
        QTemporaryDir dir;
        auto store = Store::open(dir.filePath(QStringLiteral("p.db")).toStdString());
        QVERIFY(store.has_value());
        QVERIFY((*store)
                    ->transaction([](Database &db) -> Status {
                        db.exec("INSERT INTO spaces (id, slug, name, created_at) VALUES ('s', 's', "
                                "'S', 'now')");
                        return {};
                    })
                    .has_value());
        std::vector<std::string> seen;
        auto writeOne = [&](const std::string &id) {
            return (*store)->write([&](WriteTx &tx) -> Status {
                tx.record(AuditEvent{0, "s", {}, "test.written", "thing", id});
                return {};
            });
        };
        (*store)->setChangeSink([&](const ChangeEvent &event) {
            seen.push_back("begin " + event.objectId);
            if (event.objectId == "first")
                QVERIFY(writeOne("reaction").has_value()); // a receiver that writes
            seen.push_back("end " + event.objectId);
        });
        QVERIFY(writeOne("first").has_value());
        QCOMPARE(seen, (std::vector<std::string>{"begin first", "end first", "begin reaction",
                                                 "end reaction"}));
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
