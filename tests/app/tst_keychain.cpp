// The desktop keyring as the place of a data directory's key: a real Secret Service (GNOME
// Keyring in a D-Bus session of the test's own, tests/tools/with-keyring.sh).
#include <QDir>
#include <QTemporaryDir>
#include <QTest>

#include "app/keys/keychainkeysource.h"
#include "core/app/core.h"
#include "core/util/ids.h"
#include "support/fixtures.h"

using namespace pw::core;
using pw::app::KeychainKeySource;
using pw::test::expectOk;

class tst_Keychain : public QObject
{
    Q_OBJECT

    // Entries of this run only.
    const std::string m_service = "pipewright-test-" + newUuid();

private slots:
    void aKeyKeptInTheKeyringIsFoundAgain()
    {
        KeychainKeySource keyring(m_service);
        QVERIFY2(keyring.available(), "no Secret Service answers: run under with-keyring.sh");
        const SecretKey key = SecretKey::generate();
        const std::string id = newUuid();
        auto storedKey = keyring.store(id, key);
        QVERIFY2(storedKey.has_value(), storedKey ? "" : storedKey.error().message.c_str());
        auto found = expectOk(keyring.load(id), "load");
        QVERIFY(found.has_value());
        QCOMPARE(found->toHex().str(), key.toHex().str());
        QVERIFY(!expectOk(keyring.load(newUuid()), "load another").has_value());
    }

    void theWindowsDataDirectoryKeepsItsKeyInTheKeyring()
    {
        QTemporaryDir files;
        QTemporaryDir data;
        auto sources = [&] {
            Core::Options options;
            options.keys = std::make_shared<KeySourceChain>(std::vector<std::shared_ptr<KeySource>>{
                std::make_shared<KeychainKeySource>(m_service),
                std::make_shared<FileKeySource>(files.path().toStdString())});
            return options;
        };
        std::string repo;
        {
            auto core = expectOk(Core::open(data.path().toStdString(), sources()), "open");
            QVERIFY(core->secrets().ready());
            RepositoryConnect input;
            input.name = "r";
            input.credentialType = "TOKEN";
            input.credential = SecretValue(std::string("tok-in-keyring"));
            repo = expectOk(core->repositories().connect(expectOk(core->localActor(), "a"),
                                                         std::move(input)),
                            "connect")
                       .repository.id;
        }
        // The keyring took the key: no key file was written.
        QVERIFY(QDir(files.path()).entryList(QDir::Files | QDir::NoDotAndDotDot).isEmpty());
        auto core = expectOk(Core::open(data.path().toStdString(), sources()), "reopen");
        QVERIFY(core->secrets().ready());
        QCOMPARE(expectOk(core->registry().repositorySecrets(repo), "secrets").credential->str(),
                 std::string("tok-in-keyring"));
    }

    void withoutASessionTheKeyFileIsUsed()
    {
        const QByteArray bus = qgetenv("DBUS_SESSION_BUS_ADDRESS");
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        KeychainKeySource keyring(m_service);
        const bool available = keyring.available();
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        QVERIFY(!available);
        QTemporaryDir files;
        KeySourceChain chain({std::make_shared<KeychainKeySource>(m_service),
                              std::make_shared<FileKeySource>(files.path().toStdString())});
        qunsetenv("DBUS_SESSION_BUS_ADDRESS");
        const bool stored = chain.store(newUuid(), SecretKey::generate()).has_value();
        qputenv("DBUS_SESSION_BUS_ADDRESS", bus);
        QVERIFY(stored);
        QCOMPARE(QDir(files.path()).entryList({QStringLiteral("*.key")}, QDir::Files).size(), 1);
    }
};

QTEST_GUILESS_MAIN(tst_Keychain)
#include "tst_keychain.moc"
