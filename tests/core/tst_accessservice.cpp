#include <QTest>

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
