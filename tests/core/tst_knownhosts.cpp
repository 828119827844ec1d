#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include "core/repository/knownhostservice.h"
#include "core/repository/knownhostsfile.h"
#include "core/repository/remoteurl.h"
#include "support/fixtures.h"

using namespace pw::core;
using pw::test::Fixture;

namespace {

// ssh-keygen on the command line: what an operator uses to make and inspect keys.
QString sshKeygen(const QStringList &args)
{
    QProcess p;
    p.start(QStringLiteral("ssh-keygen"), args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        qFatal("ssh-keygen %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
               p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// A public key made by ssh-keygen: its known_hosts text ("type base64") and its fingerprint as
// ssh-keygen -l shows it.
struct MadeKey
{
    std::string line;
    std::string fingerprint;
    std::string blob;
};

MadeKey makeKey(const QTemporaryDir &dir, const QString &name, const QString &type)
{
    const QString path = dir.filePath(name);
    sshKeygen({QStringLiteral("-q"), QStringLiteral("-t"), type, QStringLiteral("-N"), QString(),
               QStringLiteral("-f"), path});
    QFile pub(path + QStringLiteral(".pub"));
    if (!pub.open(QIODevice::ReadOnly))
        qFatal("no public key");
    const QList<QByteArray> fields = pub.readAll().trimmed().split(' ');
    MadeKey key;
    key.line = QByteArray(fields[0] + ' ' + fields[1]).toStdString();
    key.blob = QByteArray::fromBase64(fields[1]).toStdString();
    key.fingerprint =
        sshKeygen({QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                   QStringLiteral("-f"), path + QStringLiteral(".pub")})
            .split(QLatin1Char(' '))
            .at(1)
            .toStdString();
    return key;
}

SshHostKey presented(const MadeKey &key, const std::string &host, int port)
{
    return pw::test::expectOk(hostKeyOfBlob(host, port, key.blob), "hostKeyOfBlob");
}

int auditCount(Fixture &f)
{
    return static_cast<int>(*f.core().store().read([](Database &db) -> Result<int64_t> {
        auto q = db.cached("SELECT COUNT(*) FROM audit_events WHERE object_type = 'known_host'");
        q->step();
        return q->integer(0);
    }));
}

} // namespace

// Host key checks of SSH remotes: OpenSSH's formats and fingerprints as ssh-keygen makes and shows
// them, the verdicts a connection gets, and the per-space list admins accept keys from.
class tst_KnownHosts : public QObject
{
    Q_OBJECT

    QTemporaryDir keys;
    MadeKey ed25519, other, ecdsa;

private slots:
    void initTestCase()
    {
        QVERIFY(keys.isValid());
        ed25519 = makeKey(keys, QStringLiteral("a"), QStringLiteral("ed25519"));
        other = makeKey(keys, QStringLiteral("b"), QStringLiteral("ed25519"));
        ecdsa = makeKey(keys, QStringLiteral("c"), QStringLiteral("ecdsa"));
    }

    void fingerprintIsWhatSshKeygenShows_data()
    {
        QTest::addColumn<QString>("type");
        QTest::newRow("ed25519") << QStringLiteral("ed25519");
        QTest::newRow("ecdsa") << QStringLiteral("ecdsa");
        QTest::newRow("rsa") << QStringLiteral("rsa");
    }
    void fingerprintIsWhatSshKeygenShows()
    {
        QFETCH(QString, type);
        const MadeKey key = makeKey(keys, QStringLiteral("fp-") + type, type);
        auto parsed = hostKeyOfBlob("Example.COM", 22, key.blob);
        QVERIFY(parsed);
        QCOMPARE(fingerprintOf(parsed->sha256), key.fingerprint);
        QCOMPARE(parsed->type, key.line.substr(0, key.line.find(' ')));
        QCOMPARE(parsed->host, std::string("example.com"));
        QVERIFY(!hostKeyOfBlob("h", 22, "not a key"));
    }

    void hostPatternsMatchAsOpenSsh_data()
    {
        QTest::addColumn<QString>("patterns");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::addColumn<bool>("matches");
        QTest::newRow("plain host, port 22") << "example.com"
                                             << "example.com" << 22 << true;
        QTest::newRow("plain host is port 22 only") << "example.com"
                                                    << "example.com" << 2222 << false;
        QTest::newRow("bracketed port") << "[example.com]:2222"
                                        << "example.com" << 2222 << true;
        QTest::newRow("bracketed port, other port") << "[example.com]:2222"
                                                    << "example.com" << 22 << false;
        QTest::newRow("comma list") << "a.org,example.com"
                                    << "example.com" << 22 << true;
        QTest::newRow("not listed") << "a.org,b.org"
                                    << "example.com" << 22 << false;
        QTest::newRow("case") << "EXAMPLE.com"
                              << "example.COM" << 22 << true;
        QTest::newRow("wildcard") << "*.example.com"
                                  << "git.example.com" << 22 << true;
        QTest::newRow("wildcard is not the bare domain") << "*.example.com"
                                                         << "example.com" << 22 << false;
        QTest::newRow("question mark") << "git?.example.com"
                                       << "git1.example.com" << 22 << true;
        QTest::newRow("negation wins") << "*.example.com,!evil.example.com"
                                       << "evil.example.com" << 22 << false;
        QTest::newRow("negation alone matches nothing") << "!evil.org"
                                                        << "good.org" << 22 << false;
        QTest::newRow("ipv6 with port") << "[::1]:2222"
                                        << "::1" << 2222 << true;
        QTest::newRow("ipv6 bracketed by the caller") << "[::1]:2222"
                                                      << "[::1]" << 2222 << true;
    }
    void hostPatternsMatchAsOpenSsh()
    {
        QFETCH(QString, patterns);
        QFETCH(QString, host);
        QFETCH(int, port);
        QFETCH(bool, matches);
        QCOMPARE(HostPatterns::openSsh(patterns.toStdString()).matches(host.toStdString(), port),
                 matches);
    }

    void sshEndpointsOfRemoteUrls_data()
    {
        QTest::addColumn<QString>("url");
        QTest::addColumn<QString>("host");
        QTest::addColumn<int>("port");
        QTest::newRow("ssh://, port 22") << "ssh://git@Git.Example.com/a/b.git"
                                         << "git.example.com" << 22;
        QTest::newRow("ssh:// with a port") << "ssh://git@git.example.com:2222/a.git"
                                            << "git.example.com" << 2222;
        QTest::newRow("scp-like") << "git@github.com:owner/name.git"
                                  << "github.com" << 22;
        QTest::newRow("ipv6") << "ssh://git@[::1]:2200/r.git"
                              << "::1" << 2200;
        QTest::newRow("scp-like ipv6") << "git@[::1]:r.git"
                                       << "::1" << 22;
        QTest::newRow("https is not ssh") << "https://github.com/a/b.git"
                                          << "" << 0;
    }
    void sshEndpointsOfRemoteUrls()
    {
        QFETCH(QString, url);
        QFETCH(QString, host);
        QFETCH(int, port);
        const auto endpoint = sshEndpointOf(url.toStdString());
        QCOMPARE(endpoint.has_value(), !host.isEmpty());
        if (endpoint) {
            QCOMPARE(QString::fromStdString(endpoint->host), host);
            QCOMPARE(endpoint->port, port);
        }
    }

    void hashedLinesFromSshKeygenMatch()
    {
        // ssh-keygen -H hashes a file's host names (HashKnownHosts): the lines still match their
        // hosts, and no other.
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("known_hosts"));
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString("git.example.com " + ed25519.line +
                                             "\n[10.0.0.7]:2200 " + ecdsa.line + "\n"));
        file.close();
        sshKeygen({QStringLiteral("-H"), QStringLiteral("-f"), path});
        QVERIFY(file.open(QIODevice::ReadOnly));
        const std::string hashed = file.readAll().toStdString();
        QVERIFY(hashed.find("git.example.com") == std::string::npos);
        QVERIFY(hashed.starts_with("|1|"));
        const KnownHostsFile parsed = parseKnownHosts(hashed, "the file");
        QCOMPARE(parsed.rules.size(), size_t(2));
        QVERIFY(parsed.notes.empty());
        QVERIFY(parsed.rules[0].hosts.matches("git.example.com", 22));
        QVERIFY(!parsed.rules[0].hosts.matches("git.example.org", 22));
        QVERIFY(!parsed.rules[0].hosts.matches("git.example.com", 2222));
        QVERIFY(parsed.rules[1].hosts.matches("10.0.0.7", 2200));
        QVERIFY(!parsed.rules[1].hosts.matches("10.0.0.7", 22));
        HostKeyCheck check(parsed.rules);
        QVERIFY(check.verify(presented(ed25519, "git.example.com", 22)));
    }

    void skippedLinesAreNoted()
    {
        const std::string text = "# a comment\n"
                                 "\n"
                                 "good.example " +
                                 ed25519.line +
                                 " a comment\n"
                                 "@cert-authority *.example " +
                                 ed25519.line +
                                 "\n"
                                 "@revoked * " +
                                 other.line +
                                 "\n"
                                 "short.example ssh-ed25519\n"
                                 "bad.example ssh-ed25519 !!!notbase64!!!\n"
                                 "liar.example ssh-rsa " +
                                 ed25519.line.substr(12) +
                                 "\n"
                                 "@nonsense x " +
                                 ed25519.line + "\r\n";
        const KnownHostsFile parsed = parseKnownHosts(text, "the file");
        QCOMPARE(parsed.rules.size(), size_t(2));
        QCOMPARE(parsed.rules[0].kind, HostKeyRule::Kind::Trusted);
        QCOMPARE(parsed.rules[0].line, 3);
        QCOMPARE(parsed.rules[1].kind, HostKeyRule::Kind::Revoked);
        QCOMPARE(parsed.rules[1].line, 5);
        QCOMPARE(parsed.notes.size(), size_t(5));
        QVERIFY(parsed.notes[0].starts_with("line 4: @cert-authority"));
        QVERIFY(parsed.notes[1].starts_with("line 6: "));
        QVERIFY(parsed.notes[2].starts_with("line 7: the key is not base64"));
        QVERIFY(parsed.notes[3].starts_with("line 8: the key is not a ssh-rsa key"));
        QVERIFY(parsed.notes[4].starts_with("line 9: unknown marker"));
    }

    void verdicts()
    {
        const KnownHostsFile file =
            parseKnownHosts("[git.example]:2222 " + ed25519.line + "\n@revoked * " + other.line +
                                "\nrsa-only.example " + ecdsa.line + "\n",
                            "the operator's file");
        HostKeyCheck check(file.rules);
        // The known key: go on.
        QVERIFY(check.verify(presented(ed25519, "git.example", 2222)));
        QVERIFY(!check.unknown());
        // Another key of the same type for a known host: changed, never accepted, not pending.
        const MadeKey third = makeKey(keys, QStringLiteral("third"), QStringLiteral("ed25519"));
        auto changed = check.verify(presented(third, "git.example", 2222));
        QVERIFY(!changed);
        QCOMPARE(changed.error().code, ErrorCode::Unavailable);
        QCOMPARE(changed.error().details["reason"], "host_key_changed");
        QVERIFY(changed.error().message.starts_with("the host key of 'git.example' (port 2222) "
                                                    "changed"));
        QCOMPARE(changed.error().details["known_fingerprint"], ed25519.fingerprint);
        QVERIFY(!check.unknown());
        // The same host on another port is another server: unknown.
        auto unknown = check.verify(presented(ed25519, "git.example", 22));
        QCOMPARE(unknown.error().details["reason"], "host_key_unknown");
        QCOMPARE(unknown.error().details["fingerprint"], ed25519.fingerprint);
        QCOMPARE(unknown.error().details["type"], "ssh-ed25519");
        QCOMPARE(unknown.error().details["port"], 22);
        QVERIFY(unknown.error().message.find(ed25519.fingerprint) != std::string::npos);
        QVERIFY(check.unknown());
        QCOMPARE(check.unknown()->port, 22);
        // A key of another type than the known one is unknown (OpenSSH's rule), and says so.
        auto otherType = check.verify(presented(third, "rsa-only.example", 22));
        QCOMPARE(otherType.error().details["reason"], "host_key_unknown");
        QVERIFY(otherType.error().message.find("ecdsa-sha2-nistp256") != std::string::npos);
        // A revoked key is refused wherever it is met, even where it is trusted.
        std::vector<HostKeyRule> rules = file.rules;
        rules.push_back(HostKeyRule{
            HostKeyRule::Kind::Trusted, HostPatterns::exact("git.example", 22), "ssh-ed25519",
            other.blob, presented(other, "x", 22).sha256, "the space's known hosts", false, 0});
        HostKeyCheck withRevoked(rules);
        QCOMPARE(withRevoked.verify(presented(other, "git.example", 22)).error().details["reason"],
                 "host_key_revoked");
        // Only a SHA-256 known (libgit2 gave no raw key): compared by hash.
        SshHostKey hashOnly = presented(ed25519, "git.example", 2222);
        hashOnly.blob.clear();
        hashOnly.type.clear();
        QVERIFY(check.verify(hashOnly));
    }

    void acceptIsForAdminsWithTheExactFingerprint()
    {
        Fixture f;
        KnownHostService &hosts = f.core().knownHosts();
        const Actor admin = f.local();
        QVERIFY(hosts.recordPending(admin, presented(ed25519, "Git.Example", 2222), std::nullopt));
        // The same key again records nothing.
        QVERIFY(hosts.recordPending(admin, presented(ed25519, "git.example", 2222), std::nullopt));
        QCOMPARE(auditCount(f), 1);
        auto list = hosts.list(f.actor(Role::Viewer, "vic"));
        QVERIFY(list);
        QCOMPARE(list->entries.size(), size_t(1));
        const KnownHostEntry pending = list->entries.front();
        QCOMPARE(pending.state, KnownHostEntry::State::Pending);
        QCOMPARE(pending.host, std::string("git.example"));
        QCOMPARE(pending.port, 2222);
        QCOMPARE(pending.keyType, std::string("ssh-ed25519"));
        QCOMPARE(pending.fingerprint, ed25519.fingerprint);

        QCOMPARE(
            hosts.accept(f.actor(Role::Editor, "erin"), "git.example", 2222, ed25519.fingerprint)
                .error()
                .code,
            ErrorCode::Forbidden);
        QCOMPARE(hosts.accept(admin, "git.example", 2222, other.fingerprint).error().code,
                 ErrorCode::Conflict);
        QCOMPARE(hosts.accept(admin, "git.example", 22, ed25519.fingerprint).error().code,
                 ErrorCode::NotFound);
        QCOMPARE(hosts.accept(admin, "git.example", 2222, "MD5:aa:bb").error().code,
                 ErrorCode::Invalid);
        QCOMPARE(hosts.accept(admin, "*.example", 2222, ed25519.fingerprint).error().code,
                 ErrorCode::Invalid);
        QCOMPARE(hosts.accept(admin, "git.example", 70000, ed25519.fingerprint).error().code,
                 ErrorCode::Invalid);
        QCOMPARE(auditCount(f), 1); // refusals change nothing
        QCOMPARE(hosts.list(admin)->entries.front().state, KnownHostEntry::State::Pending);

        QSignalSpy spy(&f.core().notifier(), &ChangeNotifier::changed);
        auto accepted = hosts.accept(admin, "git.example", 2222, ed25519.fingerprint);
        QVERIFY2(accepted, accepted ? "" : accepted.error().message.c_str());
        QCOMPARE(accepted->state, KnownHostEntry::State::Trusted);
        QCOMPARE(accepted->acceptedBy, std::optional<std::string>(admin.userId));
        QCOMPARE(spy.count(), 1);
        const auto event = spy.takeFirst().at(0).value<ChangeEvent>();
        QCOMPARE(event.kind, ChangeEvent::Kind::Registry);
        QCOMPARE(event.action, std::string("known_host.accepted"));
        QCOMPARE(auditCount(f), 2);
        // Accepting again changes nothing.
        QVERIFY(hosts.accept(admin, "git.example", 2222, ed25519.fingerprint));
        QCOMPARE(auditCount(f), 2);
        auto check = hosts.checkFor(admin.spaceId);
        QVERIFY((*check)->verify(presented(ed25519, "git.example", 2222)));

        // Another key of that type met later is a changed key: accepting it needs the known one
        // removed first.
        QVERIFY(hosts.recordPending(admin, presented(other, "git.example", 2222), std::nullopt));
        QCOMPARE(hosts.accept(admin, "git.example", 2222, other.fingerprint).error().code,
                 ErrorCode::Conflict);

        // Removing: admins of the space only; another space's admin does not see it.
        QCOMPARE(hosts.remove(f.actor(Role::Viewer, "vic"), *accepted->id).error().code,
                 ErrorCode::Forbidden);
        QVERIFY(f.core().access().createSpace("other", "Other"));
        QCOMPARE(hosts.remove(f.actor(Role::Admin, "olga", "other"), *accepted->id).error().code,
                 ErrorCode::NotFound);
        QVERIFY(hosts.remove(admin, *accepted->id));
        QCOMPARE(hosts.remove(admin, *accepted->id).error().code, ErrorCode::NotFound);
        check = hosts.checkFor(admin.spaceId);
        QCOMPARE(
            (*check)->verify(presented(ed25519, "git.example", 2222)).error().details["reason"],
            "host_key_unknown");
    }

    void anotherSpaceNeverTrustsAnAcceptedKey()
    {
        Fixture f;
        QVERIFY(f.core().access().createSpace("other", "Other"));
        KnownHostService &hosts = f.core().knownHosts();
        const Actor admin = f.local();
        const Actor otherAdmin = f.actor(Role::Admin, "olga", "other");
        QVERIFY(hosts.recordPending(admin, presented(ed25519, "github.com", 22), std::nullopt));
        QVERIFY(hosts.accept(admin, "github.com", 22, ed25519.fingerprint));
        QVERIFY((*hosts.checkFor(admin.spaceId))->verify(presented(ed25519, "github.com", 22)));
        auto check = hosts.checkFor(otherAdmin.spaceId);
        QCOMPARE((*check)->verify(presented(ed25519, "github.com", 22)).error().details["reason"],
                 "host_key_unknown");
        QVERIFY(hosts.list(otherAdmin)->entries.empty());
        // Nor can the other space's admin accept what only this space met.
        QCOMPARE(hosts.accept(otherAdmin, "github.com", 22, ed25519.fingerprint).error().code,
                 ErrorCode::NotFound);
    }

    void operatorFileAppliesToEverySpace()
    {
        Fixture f;
        QVERIFY(f.core().access().createSpace("other", "Other"));
        QFile file(f.dataDir() + QStringLiteral("/known_hosts"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray::fromStdString("git.example.com,[git.example.com]:2222 " +
                                             ed25519.line + "\n@cert-authority * " + other.line +
                                             "\n"));
        file.close();
        KnownHostService &hosts = f.core().knownHosts();
        for (const Actor &actor : {f.local(), f.actor(Role::Viewer, "olga", "other")}) {
            auto check = hosts.checkFor(actor.spaceId);
            QVERIFY((*check)->verify(presented(ed25519, "git.example.com", 2222)));
            auto list = hosts.list(actor);
            QCOMPARE(list->entries.size(), size_t(1));
            const KnownHostEntry &e = list->entries.front();
            QCOMPARE(e.source, KnownHostEntry::Source::Operator);
            QCOMPARE(e.state, KnownHostEntry::State::Trusted);
            QCOMPARE(e.hostPatterns, std::string("git.example.com,[git.example.com]:2222"));
            QCOMPARE(e.fingerprint, ed25519.fingerprint);
            QVERIFY(!e.id);
            QCOMPARE(list->notes.size(), size_t(1));
        }
    }

    void pendingKeysAreBounded()
    {
        Fixture f;
        KnownHostService &hosts = f.core().knownHosts();
        const Actor admin = f.local();
        for (int i = 0; i <= KnownHostService::kMaxPendingPerSpace; ++i)
            QVERIFY(hosts.recordPending(admin, presented(ed25519, "h" + std::to_string(i), 22),
                                        std::nullopt));
        auto list = hosts.list(admin);
        QCOMPARE(list->entries.size(), size_t(KnownHostService::kMaxPendingPerSpace));
        const bool firstKept = std::any_of(list->entries.begin(), list->entries.end(),
                                           [](const KnownHostEntry &e) { return e.host == "h0"; });
        QVERIFY(!firstKept);
    }
};

QTEST_GUILESS_MAIN(tst_KnownHosts)
#include "tst_knownhosts.moc"
