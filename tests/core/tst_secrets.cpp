#include <QDirIterator>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <sys/stat.h>

#include <sqlite3.h>

#include "core/repository/remoteurl.h"
#include "support/fixtures.h"

using namespace pw::core;
using pw::test::expectOk;
using pw::test::Fixture;

namespace {

// Every byte Pipewright keeps in a data directory: the database, its write-ahead log and
// whatever else is there (repositories, runs).
QByteArray everyByteUnder(const QString &dir)
{
    QByteArray all;
    QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

int modeOf(const QString &path)
{
    struct stat info
    {
    };
    if (::stat(path.toLocal8Bit().constData(), &info) != 0)
        return -1;
    return static_cast<int>(info.st_mode & 0777);
}

void execSql(sqlite3 *db, const char *sql)
{
    char *error = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
        const std::string why = error ? error : "?";
        sqlite3_free(error);
        qFatal("sql failed: %s: %s", sql, why.c_str());
    }
}

Core::Options keysIn(const QString &dir)
{
    Core::Options options;
    options.keys = std::make_shared<FileKeySource>(dir.toStdString());
    return options;
}

RepositoryConnect localRepository(const std::string &name, const std::string &token,
                                  const std::string &hook)
{
    RepositoryConnect input;
    input.name = name;
    input.credentialType = "TOKEN";
    input.credential = SecretValue(std::string(token));
    input.webhookSecret = SecretValue(std::string(hook));
    return input;
}

} // namespace

class tst_Secrets : public QObject
{
    Q_OBJECT

private slots:
    void sealedValuesOpenOnlyWithTheirKeyAndName()
    {
        const SecretKey key = SecretKey::generate();
        const auto sealed = seal(key, "repository/1/credential", "ghp_token");
        const std::string raw(sealed.begin(), sealed.end());
        QVERIFY(raw.find("ghp_token") == std::string::npos);
        QCOMPARE(unseal(key, "repository/1/credential", sealed)->str(), std::string("ghp_token"));
        // Another name (a sealed value moved to another row), another key, a flipped bit.
        QVERIFY(!unseal(key, "repository/2/credential", sealed));
        QVERIFY(!unseal(SecretKey::generate(), "repository/1/credential", sealed));
        auto tampered = sealed;
        tampered.back() ^= 1;
        QVERIFY(!unseal(key, "repository/1/credential", tampered));
        QVERIFY(!unseal(key, "repository/1/credential", {}));
        // Two seals of one value differ (a fresh nonce each time).
        QVERIFY(seal(key, "n", "v") != seal(key, "n", "v"));
    }

    void theKeyIsAPrivateFileOutsideTheDataDirectory()
    {
        QTemporaryDir keys;
        QTemporaryDir data;
        auto core = expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "open");
        QVERIFY(core->secrets().ready());
        QStringList files = QDir(keys.path()).entryList({QStringLiteral("*.key")}, QDir::Files);
        QCOMPARE(files.size(), 1);
        const QString keyFile = keys.path() + QLatin1Char('/') + files.front();
        QCOMPARE(modeOf(keyFile), 0600);
        QCOMPARE(modeOf(keys.path()), 0700);
        QFile file(keyFile);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray hex = file.readAll().trimmed();
        QCOMPARE(hex.size(), 64);
        // Neither the key nor its bytes are anywhere in the data directory.
        const QByteArray stored = everyByteUnder(data.path());
        QVERIFY(!stored.contains(hex));
        QVERIFY(!stored.contains(QByteArray::fromHex(hex)));
        // A second open finds the same key.
        core.reset();
        core = expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "reopen");
        QVERIFY(core->secrets().ready());
        QCOMPARE(QDir(keys.path()).entryList({QStringLiteral("*.key")}, QDir::Files).size(), 1);
    }

    void credentialsNeverReachTheDatabaseInPlainText()
    {
        QTemporaryDir keys;
        QTemporaryDir data;
        std::string repoId;
        {
            auto core =
                expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "open");
            const Actor admin = expectOk(core->localActor(), "actor");
            auto info = expectOk(
                core->repositories().connect(
                    admin, localRepository("billing", "tok-PLAIN-5b1e2a9f", "hook-PLAIN-77c4e0d1")),
                "connect");
            repoId = info.repository.id;
            QVERIFY(info.credentials.credentialSet);
            QVERIFY(info.credentials.webhookSecretSet);
            // Core reads them back for its own use.
            auto secrets = expectOk(core->registry().repositorySecrets(repoId), "secrets");
            QCOMPARE(secrets.credential->str(), std::string("tok-PLAIN-5b1e2a9f"));
            QCOMPARE(expectOk(core->registry().webhookSecret(repoId), "hook")->str(),
                     std::string("hook-PLAIN-77c4e0d1"));
        }
        const QByteArray stored = everyByteUnder(data.path());
        QVERIFY(!stored.isEmpty());
        QVERIFY(!stored.contains("tok-PLAIN-5b1e2a9f"));
        QVERIFY(!stored.contains("hook-PLAIN-77c4e0d1"));
    }

    void plainTextSecretsOfAnOlderVersionAreSealedOnFirstStart()
    {
        QTemporaryDir keys;
        QTemporaryDir data;
        const std::string db = data.path().toStdString() + "/pipewright.db";
        std::string repoId;
        {
            auto core =
                expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "open");
            repoId = expectOk(core->registry().repositories(
                                  expectOk(core->localActor(), "actor").spaceId),
                              "repositories")
                         .front()
                         .id;
        }
        // What a version before the secret store left: credentials in plain text in
        // repository_secrets, and a plain-text value an older delete left in the file's free
        // pages.
        {
            sqlite3 *raw = nullptr;
            QCOMPARE(sqlite3_open(db.c_str(), &raw), SQLITE_OK);
            execSql(raw, "PRAGMA secure_delete=OFF;");
            const std::string insert =
                "INSERT INTO repository_secrets (repository_id, credential_type, credential, "
                "webhook_secret) VALUES ('" +
                repoId + "', 'TOKEN', 'secret:tok-OLD-93f0c2d8e1', 'hook-OLD-4a7d19be20');";
            execSql(raw, insert.c_str());
            execSql(raw, "CREATE TABLE leftovers (v TEXT);"
                         "INSERT INTO leftovers VALUES ('tok-OLD-93f0c2d8e1 in a freed page');"
                         "DROP TABLE leftovers;"
                         "PRAGMA wal_checkpoint(TRUNCATE);");
            sqlite3_close(raw);
        }
        QVERIFY(everyByteUnder(data.path()).contains("tok-OLD-93f0c2d8e1"));
        {
            auto core =
                expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "upgrade");
            auto secrets = expectOk(core->registry().repositorySecrets(repoId), "secrets");
            QVERIFY(secrets.type == CredentialType::Token);
            QCOMPARE(secrets.credential->str(), std::string("tok-OLD-93f0c2d8e1"));
            QCOMPARE(expectOk(core->registry().webhookSecret(repoId), "hook")->str(),
                     std::string("hook-OLD-4a7d19be20"));
        }
        const QByteArray stored = everyByteUnder(data.path());
        QVERIFY(!stored.contains("tok-OLD-93f0c2d8e1"));
        QVERIFY(!stored.contains("hook-OLD-4a7d19be20"));
        // A second start has nothing left to move.
        auto core = expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "again");
        QCOMPARE(expectOk(core->secrets().migratePlaintext(), "migrate"), 0);
    }

    void withoutItsKeyTheDataDirectoryOpensButSecretsSaySo()
    {
        QTemporaryDir keys;
        QTemporaryDir otherKeys;
        QTemporaryDir data;
        std::string repoId;
        {
            auto core =
                expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "open");
            repoId = expectOk(core->repositories().connect(expectOk(core->localActor(), "a"),
                                                           localRepository("r", "tok-1", "h-1")),
                              "connect")
                         .repository.id;
        }
        // Another user's keys (or a lost key file): the window and the API still open.
        auto core =
            expectOk(Core::open(data.path().toStdString(), keysIn(otherKeys.path())), "open");
        QVERIFY(!core->secrets().ready());
        QVERIFY2(core->secrets().problem().find("is not in") != std::string::npos,
                 core->secrets().problem().c_str());
        auto secrets = core->registry().repositorySecrets(repoId);
        QVERIFY(!secrets);
        QCOMPARE(secrets.error().code, ErrorCode::Unavailable);
        // A new credential is refused rather than kept in a weaker way.
        auto refused = core->repositories().connect(expectOk(core->localActor(), "a"),
                                                    localRepository("s", "tok-2", "h-2"));
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Unavailable);
        QVERIFY(!everyByteUnder(data.path()).contains("tok-2"));
        core.reset();

        // A key file others can read is refused, as ssh refuses such a private key.
        const QString keyFile =
            keys.path() + QLatin1Char('/') +
            QDir(keys.path()).entryList({QStringLiteral("*.key")}, QDir::Files).front();
        QVERIFY(::chmod(keyFile.toLocal8Bit().constData(), 0644) == 0);
        core = expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "open");
        QVERIFY(!core->secrets().ready());
        QVERIFY2(core->secrets().problem().find("chmod 600") != std::string::npos,
                 core->secrets().problem().c_str());
        core.reset();

        // A wrong key in the right place.
        QVERIFY(::chmod(keyFile.toLocal8Bit().constData(), 0600) == 0);
        {
            QFile file(keyFile);
            QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
            file.write(QByteArray::fromStdString(SecretKey::generate().toHex().str()));
        }
        core = expectOk(Core::open(data.path().toStdString(), keysIn(keys.path())), "open");
        QVERIFY(!core->secrets().ready());
        QVERIFY2(core->secrets().problem().find("not the one") != std::string::npos,
                 core->secrets().problem().c_str());
    }

    void connectorPasswordsAreWriteOnly()
    {
        Fixture f;
        const Actor admin = f.local();
        auto connector = expectOk(f.core().registry().connectors(admin.spaceId), "list").front();
        QVERIFY(f.core()
                    .registry()
                    .setConnectorSecret(admin, connector.id, "password",
                                        SecretValue(std::string("pg-PLAIN-1f2e3d")))
                    .has_value());
        QCOMPARE(expectOk(f.core().registry().connectorSecretFields(connector.id), "fields"),
                 std::vector<std::string>{"password"});
        QCOMPARE(
            expectOk(f.core().registry().connectorSecret(connector.id, "password"), "get")->str(),
            std::string("pg-PLAIN-1f2e3d"));
        QVERIFY(!everyByteUnder(f.dataDir()).contains("pg-PLAIN-1f2e3d"));
        // Only admins set them; an editor changes nothing.
        auto denied = f.core().registry().setConnectorSecret(
            f.actor(Role::Editor, "ed"), connector.id, "password", SecretValue(std::string("x")));
        QCOMPARE(denied.error().code, ErrorCode::Forbidden);
        // Cleared.
        QVERIFY(f.core()
                    .registry()
                    .setConnectorSecret(admin, connector.id, "password", std::nullopt)
                    .has_value());
        QVERIFY(
            expectOk(f.core().registry().connectorSecretFields(connector.id), "fields").empty());
    }

    void credentialReferencesNeedTheOperatorsLeave_data()
    {
        QTest::addColumn<QString>("ref");
        QTest::addColumn<bool>("allowed");
        QTest::newRow("allowed prefix") << "env://PW_TEST_GIT_TOKEN" << true;
        QTest::newRow("other variable") << "env://HOME" << false;
        QTest::newRow("bad name") << "env://A-B" << false;
        QTest::newRow("allowed folder") << "file://KEYS/token" << true;
        QTest::newRow("outside") << "file:///etc/passwd" << false;
        QTest::newRow("dot-dot out") << "file://KEYS/../outside" << false;
        QTest::newRow("link out") << "file://KEYS/link" << false;
        QTest::newRow("relative") << "file://token" << false;
        QTest::newRow("vault") << "vault://git/token" << false;
    }

    void credentialReferencesNeedTheOperatorsLeave()
    {
        QFETCH(QString, ref);
        QFETCH(bool, allowed);
        QTemporaryDir root;
        const QString keys = root.filePath(QStringLiteral("keys"));
        QDir().mkpath(keys);
        QFile token(keys + QStringLiteral("/token"));
        QVERIFY(token.open(QIODevice::WriteOnly));
        token.write("tok-from-file\n");
        token.close();
        QFile outside(root.filePath(QStringLiteral("outside")));
        QVERIFY(outside.open(QIODevice::WriteOnly));
        outside.close();
        QVERIFY(QFile::link(QStringLiteral("/etc/passwd"), keys + QStringLiteral("/link")));
        ref.replace(QStringLiteral("KEYS"), keys);
        qputenv("PW_TEST_GIT_TOKEN", "tok-from-env");

        // Nothing is allowed without the operator.
        const SecretRefPolicy closed;
        QVERIFY(!closed.check(ref.toStdString()));
        auto policy =
            expectOk(SecretRefPolicy::parse({"env://PW_TEST_GIT_", "file://" + keys.toStdString()}),
                     "parse");
        auto checked = policy.check(ref.toStdString());
        QCOMPARE(checked.has_value(), allowed);
        if (!allowed) {
            QCOMPARE(checked.error().code, ErrorCode::Invalid);
            // A refusal says nothing about the file.
            QVERIFY(checked.error().message.find("exist") == std::string::npos);
            QVERIFY(!policy.resolve(ref.toStdString()));
        } else {
            auto value = expectOk(policy.resolve(ref.toStdString()), "resolve");
            QVERIFY(value.str() == "tok-from-env" || value.str() == "tok-from-file");
        }
    }

    void operatorFlagsThatOpenTooMuchAreRefused()
    {
        for (const char *bad : {"env://", "", "/", "file://relative", "vault://x", "A-B"})
            QVERIFY2(!SecretRefPolicy::parse({bad}), bad);
    }

    void remoteUrlRules_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<bool>("localAllowed");
        QTest::addColumn<int>("kind"); // -1: refused
        QTest::newRow("https") << "https://github.com/acme/p.git" << false
                               << int(RemoteKind::Https);
        QTest::newRow("ssh") << "ssh://git@host/acme/p.git" << false << int(RemoteKind::Ssh);
        QTest::newRow("scp") << "git@github.com:acme/p.git" << false << int(RemoteKind::Ssh);
        QTest::newRow("http public") << "http://example.com/p.git" << false << -1;
        QTest::newRow("http loopback")
            << "http://127.0.0.1:9/p.git" << false << int(RemoteKind::HttpLoopback);
        QTest::newRow("password") << "https://me:hunter2@example.com/r.git" << false << -1;
        QTest::newRow("ftp") << "ftp://x/y" << false << -1;
        QTest::newRow("file closed") << "file:///srv/git/p.git" << false << -1;
        QTest::newRow("path closed") << "/srv/git/p.git" << false << -1;
        QTest::newRow("file open") << "file:///srv/git/p.git" << true << int(RemoteKind::Local);
        QTest::newRow("data dir") << "file:///DATA/repositories/x" << true << -1;
        QTest::newRow("data dir dot-dot") << "file:///tmp/../DATA/repositories" << true << -1;
        QTest::newRow("relative") << "p.git" << true << -1;
        QTest::newRow("control") << "https://host/a\nb" << false << -1;
    }

    void remoteUrlRules()
    {
        QFETCH(QString, url);
        QFETCH(bool, localAllowed);
        QFETCH(int, kind);
        QTemporaryDir data;
        url.replace(QStringLiteral("DATA"), data.path().mid(1));
        TrustPolicy policy;
        policy.localRemotes = localAllowed;
        auto checked = checkRemoteUrl(url.toStdString(), policy, data.path().toStdString());
        if (kind < 0) {
            QVERIFY(!checked);
            QCOMPARE(checked.error().code, ErrorCode::Invalid);
            QVERIFY(checked.error().message.find("hunter2") == std::string::npos);
        } else {
            QVERIFY2(checked, checked ? "" : checked.error().message.c_str());
            QCOMPARE(int(*checked), kind);
        }
    }

    void aRefusedLocalRemoteSaysNothingOfWhatExists()
    {
        QTemporaryDir data;
        const TrustPolicy closed;
        auto existing = checkRemoteUrl("file:///etc", closed, data.path().toStdString());
        auto missing = checkRemoteUrl("file:///no/such/place", closed, data.path().toStdString());
        QVERIFY(!existing && !missing);
        QCOMPARE(existing.error().message, missing.error().message);
    }

    void tokensGoOnlyOverHttps()
    {
        QVERIFY(checkCredentialUrl("https://api.github.com", "forgeApiUrl"));
        QVERIFY(checkCredentialUrl("http://127.0.0.1:8080", "forgeApiUrl"));
        QVERIFY(checkCredentialUrl("http://[::1]:8080", "forgeApiUrl"));
        QVERIFY(!checkCredentialUrl("http://gitlab.example.com/api/v4", "forgeApiUrl"));
        QVERIFY(!checkCredentialUrl("ftp://x", "forgeApiUrl"));
    }
};

QTEST_GUILESS_MAIN(tst_Secrets)
#include "tst_secrets.moc"
