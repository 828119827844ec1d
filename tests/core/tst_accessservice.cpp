#include <QSemaphore>
#include <QTest>

#include <atomic>
#include <set>
#include <thread>

#include "core/util/duration.h"
#include "support/fixtures.h"

using namespace pw::core;
using pw::test::Fixture;

class tst_AccessService : public QObject
{
    Q_OBJECT

private slots:
    void tokensAreStoredOnlyAsHashes()
    {
        Fixture f;
        auto created =
            f.core().access().createToken("default", "alice", Role::Editor, "alice laptop");
        QVERIFY(created.has_value());
        QVERIFY(created->token.starts_with("pw_"));
        QVERIFY(created->token.size() > 40);
        auto q = f.core().store().db().prepare("SELECT token_hash FROM api_tokens WHERE id = ?");
        q.bind(1, created->tokenId);
        QVERIFY(q.step());
        QVERIFY(q.text(0) != created->token);
        QCOMPARE(q.text(0), AccessService::hashToken(created->token));
        // No column of any token row holds the secret.
        auto all = f.core().store().db().prepare(
            "SELECT id, user_id, name, token_hash, created_at FROM api_tokens");
        while (all.step()) {
            for (int c = 0; c < 5; ++c)
                QVERIFY(all.text(c).find(created->token) == std::string::npos);
        }
    }

    void authenticateAcceptsOnlyValidTokens()
    {
        Fixture f;
        auto created = f.core().access().createToken("default", "alice", Role::Viewer, "t");
        QVERIFY(created.has_value());
        auto principal = f.core().access().authenticate(created->token);
        QVERIFY(principal.has_value());
        QCOMPARE(principal->userName, std::string("alice"));
        for (const std::string &bad : {std::string(), std::string("pw_nope"), created->token + "x",
                                       std::string(1000, 'a')}) {
            auto denied = f.core().access().authenticate(bad);
            QVERIFY(!denied.has_value());
            QCOMPARE(denied.error().code, ErrorCode::Unauthenticated);
        }
    }

    void revokedTokenStopsWorkingAtOnce()
    {
        Fixture f;
        auto created = f.core().access().createToken("default", "alice", Role::Viewer, "t");
        QVERIFY(f.core().access().authenticate(created->token).has_value()); // now cached
        QVERIFY(f.core().access().revokeToken(created->tokenId).has_value());
        QVERIFY(!f.core().access().authenticate(created->token).has_value());
    }

    void revokeDuringASlowCacheFillIsNotOverwritten()
    {
        // A fill that read the token before a revoke committed must not put it in the cache
        // after the revoke: the revoked token would then authenticate until the process ends.
        Fixture f;
        AccessService &access = f.core().access();
        auto created = access.createToken("default", "alice", Role::Viewer, "t");
        QVERIFY(created.has_value());
        QSemaphore readDone;
        QSemaphore proceed;
        std::atomic<bool> armed = true;
        access.setFillPauseForTest([&] {
            if (armed.exchange(false)) {
                readDone.release();
                proceed.acquire();
            }
        });
        bool fillerAuthenticated = false;
        std::thread filler([&] {
            fillerAuthenticated = access.authenticate(created->token).has_value();
            f.core().store().releaseThreadConnection();
        });
        QVERIFY(readDone.tryAcquire(1, 10000)); // the fill has read the row, not yet cached it
        QVERIFY(access.revokeToken(created->tokenId).has_value());
        proceed.release();
        filler.join();
        QVERIFY(fillerAuthenticated); // it began before the revoke
        const auto after = access.authenticate(created->token);
        QVERIFY(!after.has_value());
        QCOMPARE(after.error().code, ErrorCode::Unauthenticated);
    }

    void roleChangeDuringASlowCacheFillIsNotOverwritten()
    {
        Fixture f;
        AccessService &access = f.core().access();
        const Actor viewer = f.actor(Role::Viewer, "vera");
        QSemaphore readDone;
        QSemaphore proceed;
        std::atomic<bool> armed = true;
        access.setFillPauseForTest([&] {
            if (armed.exchange(false)) {
                readDone.release();
                proceed.acquire();
            }
        });
        // Forget what createToken cached, so the next read fills from the database.
        QVERIFY(access.setRole(viewer.spaceId, viewer.userId, Role::Viewer).has_value());
        access.clearCachesForTest();
        std::thread filler([&] {
            [[maybe_unused]] auto role = access.roleOf(viewer.userId, viewer.spaceId);
            f.core().store().releaseThreadConnection();
        });
        QVERIFY(readDone.tryAcquire(1, 10000));
        QVERIFY(access.setRole(viewer.spaceId, viewer.userId, Role::Editor).has_value());
        proceed.release();
        filler.join();
        QCOMPARE(access.roleOf(viewer.userId, viewer.spaceId)->value_or(Role::Viewer),
                 Role::Editor);
    }

    void tokenFromAnotherProcessIsAccepted()
    {
        // The CLI writes tokens through its own Core while a server runs: a cache miss must
        // fall through to the database.
        Fixture f;
        auto other = Core::open(f.dataDir().toStdString());
        QVERIFY(other.has_value());
        QVERIFY(
            !f.core().access().authenticate("pw_unknown").has_value()); // nothing negative cached
        auto created = (*other)->access().createToken("default", "late", Role::Editor, "t");
        QVERIFY(created.has_value());
        auto principal = f.core().access().authenticate(created->token);
        QVERIFY(principal.has_value());
        auto actor = f.core().access().enterSpace(*principal, "default");
        QVERIFY(actor.has_value());
        QCOMPARE(actor->role, Role::Editor);
    }

    void revokeByAnotherProcessHoldsFromTheNextRequest()
    {
        // `pipewright token revoke` runs in its own process beside `serve`: a token the server
        // has cached must stop working on its next request, not when the server restarts.
        Fixture f;
        auto created = f.core().access().createToken("default", "alice", Role::Viewer, "t");
        QVERIFY(created.has_value());
        QVERIFY(f.core().access().authenticate(created->token).has_value()); // now cached
        auto other = Core::open(f.dataDir().toStdString());
        QVERIFY(other.has_value());
        QVERIFY((*other)->access().revokeToken(created->tokenId).has_value());
        const auto after = f.core().access().authenticate(created->token);
        QVERIFY(!after.has_value());
        QCOMPARE(after.error().code, ErrorCode::Unauthenticated);
    }

    void lastUseIsWrittenAtMostOnceAMinuteWithoutAuditEvents()
    {
        Fixture f;
        AccessService &access = f.core().access();
        auto created = access.createToken("default", "alice", Role::Viewer, "laptop");
        QVERIFY(created.has_value());
        auto clock = std::make_shared<std::chrono::system_clock::time_point>(
            std::chrono::system_clock::now());
        access.setClockForTest([clock] { return *clock; });
        const auto lastUsed = [&] {
            auto q = f.core().store().db().prepare(
                "SELECT COALESCE(last_used_at, '') FROM api_tokens WHERE id = ?");
            q.bind(1, created->tokenId);
            return q.step() ? q.text(0) : std::string("?");
        };
        const auto auditCount = [&] {
            auto q = f.core().store().db().prepare("SELECT COUNT(*) FROM audit_events");
            return q.step() ? q.integer(0) : -1;
        };
        const int64_t audits = auditCount();
        QCOMPARE(lastUsed(), std::string()); // never used
        QVERIFY(access.authenticate(created->token).has_value());
        const std::string first = lastUsed();
        QVERIFY(!first.empty()); // the first use is written at once
        *clock += std::chrono::seconds(30);
        for (int i = 0; i < 50; ++i)
            QVERIFY(access.authenticate(created->token).has_value());
        QCOMPARE(lastUsed(), first); // not a write per request
        *clock += std::chrono::seconds(31);
        QVERIFY(access.authenticate(created->token).has_value());
        QVERIFY(lastUsed() > first);
        QCOMPARE(auditCount(), audits); // bookkeeping: nothing in the audit log
        auto listed = access.ownTokens(*access.authenticate(created->token), {0, 10});
        QVERIFY(listed.has_value());
        QCOMPARE(listed->items.size(), size_t(1));
        QCOMPARE(listed->items[0].lastUsedAt.value_or(""), lastUsed());
    }

    void expiredTokenIsRefusedLikeAnUnknownOne()
    {
        Fixture f;
        AccessService &access = f.core().access();
        auto clock = std::make_shared<std::chrono::system_clock::time_point>(
            std::chrono::system_clock::now());
        access.setClockForTest([clock] { return *clock; });
        auto created =
            access.createToken("default", "alice", Role::Viewer, "short", std::chrono::hours(1));
        QVERIFY(created.has_value());
        QVERIFY(created->expiresAt.has_value());
        QVERIFY(access.authenticate(created->token).has_value()); // cached from here on
        *clock += std::chrono::minutes(59);
        QVERIFY(access.authenticate(created->token).has_value());
        *clock += std::chrono::minutes(2);
        const auto expired = access.authenticate(created->token);
        QVERIFY(!expired.has_value());
        const auto unknown = access.authenticate("pw_" + std::string(64, '0'));
        QCOMPARE(expired.error().code, ErrorCode::Unauthenticated);
        QCOMPARE(expired.error().message, unknown.error().message);
        QCOMPARE(*access.tokenUsable(created->tokenId), false);
        // Listed as expired until revoked.
        auto mine = access.tokens({"", "alice"});
        QVERIFY(mine.has_value());
        QCOMPARE(mine->size(), size_t(1));
        QVERIFY(mine->front().expired);
        // Out of range lifetimes are refused before anything is written.
        for (auto bad :
             {std::chrono::seconds(59), std::chrono::seconds(0), std::chrono::seconds(-60),
              std::chrono::seconds(std::chrono::days(3651))}) {
            auto refused = access.createToken("default", "alice", Role::Viewer, "x", bad);
            QVERIFY(!refused.has_value());
            QCOMPARE(refused.error().code, ErrorCode::Invalid);
        }
    }

    void existingTokensWithoutExpiryKeepWorking()
    {
        // Tokens made before expiry existed have none: they authenticate until revoked.
        Fixture f;
        auto created = f.core().access().createToken("default", "alice", Role::Viewer, "old");
        QVERIFY(created.has_value());
        QVERIFY(!created->expiresAt);
        f.core().access().setClockForTest(
            [] { return std::chrono::system_clock::now() + std::chrono::days(20000); });
        QVERIFY(f.core().access().authenticate(created->token).has_value());
    }

    void ownTokensListsAndRevokesOnlyTheCallersTokens()
    {
        Fixture f;
        AccessService &access = f.core().access();
        auto laptop = access.createToken("default", "alice", Role::Editor, "laptop");
        auto ci = access.createToken("default", "alice", Role::Editor, "ci");
        auto bobs = access.createToken("default", "bob", Role::Editor, "bob");
        const Principal alice = *access.authenticate(laptop->token);
        const Principal bob = *access.authenticate(bobs->token);
        auto listed = access.ownTokens(alice, {0, 10});
        QVERIFY(listed.has_value());
        QCOMPARE(listed->total, int64_t(2));
        QStringList names;
        for (const TokenInfo &t : listed->items)
            names << QString::fromStdString(t.name);
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("ci"), QStringLiteral("laptop")}));
        // Bob cannot revoke, or learn of, Alice's token.
        auto refused = access.revokeOwnToken(bob, ci->tokenId);
        QVERIFY(!refused.has_value());
        QCOMPARE(refused.error().code, ErrorCode::NotFound);
        QVERIFY(access.authenticate(ci->token).has_value());
        // Alice revokes her current token: this request's answer goes out, the next is refused.
        auto revoked = access.revokeOwnToken(alice, laptop->tokenId);
        QVERIFY(revoked.has_value());
        QVERIFY(revoked->revokedAt.has_value());
        QVERIFY(!access.authenticate(laptop->token).has_value());
        QCOMPARE(access.ownTokens(alice, {0, 10})->total, int64_t(1));
        // Revoked once is gone: a second revoke is not found.
        QCOMPARE(access.revokeOwnToken(alice, laptop->tokenId).error().code, ErrorCode::NotFound);
    }

    void spaceAdminSeesOnlyTokensItCannotUseToLockSomeoneOutElsewhere()
    {
        // ada administers default; olga administers other. Members: erin (default only), mia
        // (default and other), and olga's own ops user (other only).
        Fixture f;
        AccessService &access = f.core().access();
        QVERIFY(access.createSpace("other", "Other").has_value());
        const Actor ada = f.actor(Role::Admin, "ada");
        auto erin = access.createToken("default", "erin", Role::Editor, "erin laptop");
        auto mia = access.createToken("default", "mia", Role::Viewer, "mia laptop");
        QVERIFY(access.createToken("other", "mia", Role::Editor, "mia other").has_value());
        auto ops = access.createToken("other", "ops", Role::Editor, "ops");
        const Actor olga = f.actor(Role::Admin, "olga", "other");

        auto seen = access.spaceTokens(ada, {}, {0, 100});
        QVERIFY(seen.has_value());
        std::set<std::string> names;
        for (const TokenInfo &t : seen->items)
            names.insert(t.name);
        QVERIFY(names.contains("erin laptop"));
        QVERIFY(names.contains("ada"));         // its own: ada has no role elsewhere
        QVERIFY(!names.contains("mia laptop")); // mia is also in a space ada does not administer
        QVERIFY(!names.contains("mia other"));
        QVERIFY(!names.contains("ops")); // not a member
        QCOMPARE(seen->total, int64_t(seen->items.size()));
        // One member's tokens.
        auto erinsOnly = access.spaceTokens(ada, erin->userId, {0, 100});
        QCOMPARE(erinsOnly->items.size(), size_t(1));

        // What ada may not see, she may not revoke: 404, and the tokens keep working.
        for (const std::string &id : {mia->tokenId, ops->tokenId}) {
            auto refused = access.revokeSpaceToken(ada, id);
            QVERIFY(!refused.has_value());
            QCOMPARE(refused.error().code, ErrorCode::NotFound);
        }
        QVERIFY(access.authenticate(mia->token).has_value());
        QVERIFY(access.authenticate(ops->token).has_value());
        // An admin of both spaces may.
        QVERIFY(access.setRole(olga.spaceId, ada.userId, Role::Admin).has_value());
        QVERIFY(access.revokeSpaceToken(ada, mia->tokenId).has_value());
        QVERIFY(!access.authenticate(mia->token).has_value());
        // Erin's token is ada's to revoke; olga's view of default is nothing (404 at the door).
        QVERIFY(access.revokeSpaceToken(ada, erin->tokenId).has_value());
        QVERIFY(!access.authenticate(erin->token).has_value());
        // Not an admin: forbidden, whatever the token.
        const Actor editor = f.actor(Role::Editor, "ed");
        QCOMPARE(access.spaceTokens(editor, {}, {0, 10}).error().code, ErrorCode::Forbidden);
        QCOMPARE(access.revokeSpaceToken(editor, ops->tokenId).error().code, ErrorCode::Forbidden);
    }

    void durations_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("seconds"); // -1: refused
        QTest::newRow("minutes") << "90m" << qint64(5400);
        QTest::newRow("hours") << "12h" << qint64(43200);
        QTest::newRow("days") << "30d" << qint64(2592000);
        QTest::newRow("weeks") << "2w" << qint64(1209600);
        QTest::newRow("no unit") << "30" << qint64(-1);
        QTest::newRow("no number") << "d" << qint64(-1);
        QTest::newRow("zero") << "0d" << qint64(-1);
        QTest::newRow("negative") << "-1d" << qint64(-1);
        QTest::newRow("plus") << "+1d" << qint64(-1);
        QTest::newRow("seconds") << "30s" << qint64(-1);
        QTest::newRow("upper") << "30D" << qint64(-1);
        QTest::newRow("space") << "30 d" << qint64(-1);
        QTest::newRow("two units") << "1d12h" << qint64(-1);
        QTest::newRow("fraction") << "1.5d" << qint64(-1);
        QTest::newRow("huge") << "99999999999d" << qint64(-1);
        QTest::newRow("empty") << "" << qint64(-1);
    }

    void durations()
    {
        QFETCH(QString, text);
        QFETCH(qint64, seconds);
        const auto parsed = parseDuration(text.toStdString(), "expires");
        QCOMPARE(parsed.has_value(), seconds >= 0);
        if (parsed) {
            QCOMPARE(qint64(parsed->count()), seconds);
        } else {
            QCOMPARE(parsed.error().code, ErrorCode::Invalid);
            QCOMPARE(parsed.error().details.value("field", ""), std::string("expires"));
            QVERIFY(parsed.error().message.find("such as 90m, 12h or 30d") != std::string::npos);
        }
    }

    void enteringASpaceWithoutARoleIsNotFound()
    {
        Fixture f;
        QVERIFY(f.core().access().createSpace("other", "Other").has_value());
        auto created = f.core().access().createToken("other", "olga", Role::Admin, "t");
        auto principal = f.core().access().authenticate(created->token);
        QVERIFY(principal.has_value());
        auto denied = f.core().access().enterSpace(*principal, "default");
        QVERIFY(!denied.has_value());
        QCOMPARE(denied.error().code, ErrorCode::NotFound);
        auto missing = f.core().access().enterSpace(*principal, "nowhere");
        QCOMPARE(missing.error().code, ErrorCode::NotFound);
        QCOMPARE(missing.error().message.find("nowhere") != std::string::npos, true);
    }

    void existingRoleIsNotSilentlyChanged()
    {
        Fixture f;
        QVERIFY(f.core().access().createToken("default", "alice", Role::Viewer, "t").has_value());
        auto again = f.core().access().createToken("default", "alice", Role::Admin, "t2");
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::Conflict);
        QVERIFY(f.core().access().createToken("default", "alice", Role::Viewer, "t3").has_value());
    }

    void spaceSlugs_data()
    {
        QTest::addColumn<QString>("slug");
        QTest::addColumn<bool>("valid");
        QTest::newRow("simple") << "finance" << true;
        QTest::newRow("dash") << "team-7" << true;
        QTest::newRow("upper") << "Finance" << false;
        QTest::newRow("leading dash") << "-x" << false;
        QTest::newRow("space") << "a b" << false;
        QTest::newRow("slash") << "a/b" << false;
        QTest::newRow("empty") << "" << false;
    }

    void spaceSlugs()
    {
        QFETCH(QString, slug);
        QFETCH(bool, valid);
        Fixture f;
        auto created = f.core().access().createSpace(slug.toStdString(), "x");
        QCOMPARE(created.has_value(), valid);
        if (!valid)
            QCOMPARE(created.error().code, ErrorCode::Invalid);
    }

    void duplicateSpaceIsAConflict()
    {
        Fixture f;
        auto again = f.core().access().createSpace("default", "Again");
        QVERIFY(!again.has_value());
        QCOMPARE(again.error().code, ErrorCode::Conflict);
    }

    void permissionRule_data()
    {
        QTest::addColumn<QString>("role");
        QTest::addColumn<bool>("owner");
        QTest::addColumn<QString>("visibility");
        QTest::addColumn<QString>("grant");
        QTest::addColumn<QString>("expected"); // v m a

        QTest::newRow("admin private") << "admin" << false << "private"
                                       << ""
                                       << "vma";
        QTest::newRow("editor shared") << "editor" << false << "shared"
                                       << ""
                                       << "vm-";
        QTest::newRow("viewer shared") << "viewer" << false << "shared"
                                       << ""
                                       << "v--";
        QTest::newRow("editor private") << "editor" << false << "private"
                                        << ""
                                        << "---";
        QTest::newRow("editor private view grant") << "editor" << false << "private"
                                                   << "view"
                                                   << "v--";
        QTest::newRow("editor private manage grant") << "editor" << false << "private"
                                                     << "manage"
                                                     << "vm-";
        QTest::newRow("viewer private manage grant") << "viewer" << false << "private"
                                                     << "manage"
                                                     << "v--";
        QTest::newRow("owner editor private") << "editor" << true << "private"
                                              << ""
                                              << "vma";
        QTest::newRow("owner viewer") << "viewer" << true << "private"
                                      << ""
                                      << "v--";
    }

    void permissionRule()
    {
        QFETCH(QString, role);
        QFETCH(bool, owner);
        QFETCH(QString, visibility);
        QFETCH(QString, grant);
        QFETCH(QString, expected);
        Actor actor{"me", "me", "s", "s", *roleFromName(role.toStdString())};
        const auto p = workspacePermissions(
            actor, owner ? "me" : "someone", *visibilityFromName(visibility.toStdString()),
            grant.isEmpty() ? std::nullopt : grantAccessFromName(grant.toStdString()));
        const QString got = QString(p.view ? QLatin1Char('v') : QLatin1Char('-')) +
                            (p.manage ? QLatin1Char('m') : QLatin1Char('-')) +
                            (p.administer ? QLatin1Char('a') : QLatin1Char('-'));
        QCOMPARE(got, expected);
    }
};

QTEST_GUILESS_MAIN(tst_AccessService)
#include "tst_accessservice.moc"
