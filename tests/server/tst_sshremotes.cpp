#include <QFile>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "core/repository/gitrepo.h"
#include "support/fixtures.h"
#include "support/sshserver.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;
using pw::test::SshServer;

namespace {

const std::string kGit = "/api/v1/git";

// git on the command line, as the remote's other users push to it.
QString git(const QString &dir, const QStringList &args)
{
    QProcess p;
    p.setWorkingDirectory(dir);
    p.start(QStringLiteral("git"),
            QStringList{QStringLiteral("-c"), QStringLiteral("user.name=t"), QStringLiteral("-c"),
                        QStringLiteral("user.email=t@example.com")} +
                args);
    if (!p.waitForFinished(30000) || p.exitCode() != 0)
        qFatal("git %s failed: %s", qPrintable(args.join(QLatin1Char(' '))),
               p.readAllStandardError().constData());
    return QString::fromUtf8(p.readAllStandardOutput()).trimmed();
}

// A bare repository in `dir` whose main branch has one commit.
QString makeRemote(const QString &dir)
{
    const QString bare = dir + QStringLiteral("/r.git");
    git(dir, {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
              QStringLiteral("--initial-branch=main"), bare});
    return bare;
}

// Commits a file to the remote's main branch as another user would; returns the new head.
std::string pushCommit(const QString &bare, const QString &message)
{
    QTemporaryDir work;
    git(work.path(), {QStringLiteral("clone"), QStringLiteral("-q"), bare, QStringLiteral("w")});
    const QString w = work.filePath(QStringLiteral("w"));
    QFile file(w + QStringLiteral("/notes.txt"));
    if (!file.open(QIODevice::Append))
        qFatal("cannot write");
    file.write(message.toUtf8() + '\n');
    file.close();
    git(w, {QStringLiteral("add"), QStringLiteral(".")});
    git(w, {QStringLiteral("commit"), QStringLiteral("-qm"), message});
    git(w, {QStringLiteral("push"), QStringLiteral("-q"), QStringLiteral("origin"),
            QStringLiteral("HEAD:main")});
    return git(w, {QStringLiteral("rev-parse"), QStringLiteral("HEAD")}).toStdString();
}

std::string hmac(const std::string &secret, const std::string &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(QByteArray::fromStdString(body),
                                                        QByteArray::fromStdString(secret),
                                                        QCryptographicHash::Sha256)
                           .toHex()
                           .toStdString();
}

json repoOf(HttpClient &http, const std::string &id)
{
    for (const json &r : http.get(kGit + "/repos").json()) {
        if (r["id"] == id)
            return r;
    }
    return json();
}

json jobOf(HttpClient &http, const std::string &id)
{
    return http.get(Fixture::base() + "/jobs/" + id).json();
}

bool finished(const json &job)
{
    const std::string state = job.value("state", "");
    return state == "succeeded" || state == "failed" || state == "cancelled";
}

} // namespace

// SSH remotes against a real OpenSSH server on loopback: host keys are verified against the
// space's known hosts and the operator's file, an unknown one is refused and waits for an admin,
// a changed one is refused, over the real API.
class tst_SshRemotes : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::unique_ptr<HttpClient> admin;
    std::unique_ptr<SshServer> ssh;
    QString remote;
    int delivery = 0;

    json connectBody() const
    {
        return {{"remoteUrl", ssh->url(remote)},
                {"credentialType", "SSH_KEY"},
                {"credential", ssh->clientKey()},
                {"webhookSecret", "hook"}};
    }

    // Connects the remote and waits for its clone job's end; returns the repository.
    json connectAndWait()
    {
        HttpResult r = admin->post(kGit + "/repos", connectBody());
        if (r.status != 201)
            qFatal("connect: %d %s", r.status, r.body.c_str());
        const std::string id = r.json()["id"].get<std::string>();
        // Waits for the clone job's end (the caller checks the state it ended in).
        if (!QTest::qWaitFor([&] { return repoOf(*admin, id)["state"] != "cloning"; }, 30000))
            qWarning("the clone of %s is still running", id.c_str());
        json repo = repoOf(*admin, id);
        repo["jobId"] = r.json()["jobId"];
        return repo;
    }

    json acceptBody(const std::string &fingerprint) const
    {
        return {{"host", "127.0.0.1"}, {"port", ssh->port()}, {"fingerprint", fingerprint}};
    }

    // A push event for the remote, signed: starts a fetch job. Returns the job once it ended.
    json fetchByWebhook()
    {
        HttpClient anonymous(f->port());
        const std::string body =
            json{{"ref", "refs/heads/main"}, {"repository", {{"ssh_url", ssh->url(remote)}}}}
                .dump();
        HttpResult r = anonymous.request("POST", kGit + "/webhooks", body,
                                         {{"X-GitHub-Event", "push"},
                                          {"X-GitHub-Delivery", std::to_string(++delivery)},
                                          {"X-Hub-Signature-256", hmac("hook", body)}});
        if (r.status != 200 || r.json()["action"] != "SYNC")
            qFatal("webhook: %d %s", r.status, r.body.c_str());
        const std::string jobId = r.json()["jobId"].get<std::string>();
        // The fetch job runs as the repository's owner (the admin who connected it); the caller
        // checks the state it ended in.
        if (!QTest::qWaitFor([&] { return finished(jobOf(*admin, jobId)); }, 30000))
            qWarning("the fetch job %s is still running", jobId.c_str());
        return jobOf(*admin, jobId);
    }

    std::string headOf(const std::string &repositoryId)
    {
        for (const json &b : admin->get(kGit + "/branches?repositoryId=" + repositoryId).json()) {
            if (b["name"] == "main")
                return b["head"].get<std::string>();
        }
        return {};
    }

    json knownHosts(HttpClient &http) { return http.get(kGit + "/known-hosts").json(); }

private slots:
    void init()
    {
        ssh = std::make_unique<SshServer>();
        QVERIFY2(ssh->started(), qPrintable(ssh->errors()));
        remote = makeRemote(ssh->dir());
        pushCommit(remote, QStringLiteral("first"));
        f = std::make_unique<Fixture>(true);
        admin = std::make_unique<HttpClient>(f->port(), f->token(Role::Admin, "ada"));
    }
    void cleanup()
    {
        admin.reset();
        f.reset();
        ssh.reset();
    }

    void libgit2SpeaksSsh()
    {
        // Debian's libgit2 links libssh2; without it no ssh:// remote could ever connect.
        QVERIFY(gitHasSsh());
    }

    void unknownHostKeyWaitsForAnAdmin()
    {
        const json failed = connectAndWait();
        QCOMPARE(failed["state"], "failed");
        const std::string message = failed["stateMessage"].get<std::string>();
        const std::string fingerprint = ssh->hostFingerprint();
        QVERIFY2(message.find("is unknown") != std::string::npos, message.c_str());
        QVERIFY2(message.find("'127.0.0.1' (port " + std::to_string(ssh->port()) + ")") !=
                     std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("ssh-ed25519 " + fingerprint) != std::string::npos, message.c_str());
        // The clone job's error says the same, with the key in its details.
        const json job = jobOf(*admin, failed["jobId"].get<std::string>());
        QCOMPARE(job["state"], "failed");
        QCOMPARE(job["error"]["details"]["reason"], "host_key_unknown");
        QCOMPARE(job["error"]["details"]["fingerprint"], fingerprint);
        QCOMPARE(job["error"]["details"]["port"], ssh->port());

        // Any member reads the pending key (no secret in it); only admins accept it.
        HttpClient viewer(f->port(), f->token(Role::Viewer, "vic"));
        HttpClient editor(f->port(), f->token(Role::Editor, "erin"));
        HttpResult r = viewer.get(kGit + "/known-hosts");
        QCOMPARE(r.status, 200);
        QVERIFY(r.body.find("PRIVATE KEY") == std::string::npos);
        QCOMPARE(r.json().size(), size_t(1));
        const json pending = r.json()[0];
        QCOMPARE(pending["state"], "pending");
        QCOMPARE(pending["source"], "space");
        QCOMPARE(pending["host"], "127.0.0.1");
        QCOMPARE(pending["port"], ssh->port());
        QCOMPARE(pending["keyType"], "ssh-ed25519");
        QCOMPARE(pending["fingerprint"], fingerprint);
        QCOMPARE(pending["repositoryId"], failed["id"]);
        QCOMPARE(viewer.post(kGit + "/known-hosts/accept", acceptBody(fingerprint)).status, 403);
        QCOMPARE(editor.post(kGit + "/known-hosts/accept", acceptBody(fingerprint)).status, 403);
        QCOMPARE(editor.del(kGit + "/known-hosts/" + pending["id"].get<std::string>()).status, 403);
        // The admin accepts exactly the key they saw: another fingerprint is refused.
        r = admin->post(kGit + "/known-hosts/accept", acceptBody("SHA256:" + std::string(43, 'A')));
        QCOMPARE(r.status, 409);
        json wrongPort = acceptBody(fingerprint);
        wrongPort["port"] = 22;
        QCOMPARE(admin->post(kGit + "/known-hosts/accept", wrongPort).status, 404);
        QCOMPARE(admin->post(kGit + "/known-hosts/accept", {{"host", "127.0.0.1"}}).status, 400);
        QCOMPARE(knownHosts(*admin)[0]["state"], "pending");
        r = admin->post(kGit + "/known-hosts/accept", acceptBody(fingerprint));
        QVERIFY2(r.status == 200, r.body.c_str());
        QCOMPARE(r.json()["state"], "trusted");
        QCOMPARE(r.json()["fingerprint"], fingerprint);

        // Connecting again clones.
        const json cloned = connectAndWait();
        QVERIFY2(cloned["state"] == "ready", cloned.dump().c_str());
        QCOMPARE(headOf(cloned["id"].get<std::string>()),
                 git(remote, {QStringLiteral("rev-parse"), QStringLiteral("main")}).toStdString());
    }

    void changedHostKeyIsRefused()
    {
        connectAndWait();
        QCOMPARE(
            admin->post(kGit + "/known-hosts/accept", acceptBody(ssh->hostFingerprint())).status,
            200);
        const json repo = connectAndWait();
        QCOMPARE(repo["state"], "ready");
        const std::string id = repo["id"].get<std::string>();
        // A fetch with the known key moves the base branch.
        const std::string second = pushCommit(remote, QStringLiteral("second"));
        json job = fetchByWebhook();
        QVERIFY2(job["state"] == "succeeded", job.dump().c_str());
        QCOMPARE(headOf(id), second);

        // The server's key is replaced: the next fetch is refused and fetches nothing.
        const std::string oldFingerprint = ssh->hostFingerprint();
        QVERIFY2(ssh->replaceHostKey(), qPrintable(ssh->errors()));
        const std::string newFingerprint = ssh->hostFingerprint();
        QVERIFY(newFingerprint != oldFingerprint);
        const std::string third = pushCommit(remote, QStringLiteral("third"));
        job = fetchByWebhook();
        QCOMPARE(job["state"], "failed");
        const std::string message = job["error"]["message"].get<std::string>();
        QVERIFY2(message.starts_with("the host key of '127.0.0.1' (port " +
                                     std::to_string(ssh->port()) + ") changed"),
                 message.c_str());
        QVERIFY(message.find(newFingerprint) != std::string::npos);
        QCOMPARE(job["error"]["details"]["reason"], "host_key_changed");
        QCOMPARE(job["error"]["details"]["known_fingerprint"], oldFingerprint);
        QCOMPARE(headOf(id), second);
        // A changed key is not offered for accepting.
        json hosts = knownHosts(*admin);
        QCOMPARE(hosts.size(), size_t(1));
        QCOMPARE(hosts[0]["state"], "trusted");

        // The admin removes the old key; the new one is then unknown, pending, and accepted.
        QCOMPARE(admin->del(kGit + "/known-hosts/" + hosts[0]["id"].get<std::string>()).status,
                 200);
        job = fetchByWebhook();
        QCOMPARE(job["error"]["details"]["reason"], "host_key_unknown");
        hosts = knownHosts(*admin);
        QCOMPARE(hosts.size(), size_t(1));
        QCOMPARE(hosts[0]["fingerprint"], newFingerprint);
        QCOMPARE(admin->post(kGit + "/known-hosts/accept", acceptBody(newFingerprint)).status, 200);
        job = fetchByWebhook();
        QVERIFY2(job["state"] == "succeeded", job.dump().c_str());
        QCOMPARE(headOf(id), third);
    }

    void operatorKnownHostsFileIsTrustedInEverySpace_data()
    {
        QTest::addColumn<QString>("hosts");
        QTest::addColumn<bool>("hashed");
        QTest::newRow("host and port") << QStringLiteral("[127.0.0.1]:%1") << false;
        QTest::newRow("comma list") << QStringLiteral("git.example.com,[127.0.0.1]:%1") << false;
        QTest::newRow("hashed by ssh-keygen -H") << QStringLiteral("[127.0.0.1]:%1") << true;
    }
    void operatorKnownHostsFileIsTrustedInEverySpace()
    {
        QFETCH(QString, hosts);
        QFETCH(bool, hashed);
        const QString path = f->dataDir() + QStringLiteral("/known_hosts");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(hosts.arg(ssh->port()).toUtf8() + ' ' +
                   QByteArray::fromStdString(ssh->hostKey()) + '\n');
        file.close();
        if (hashed) {
            QProcess keygen;
            keygen.start(QStringLiteral("ssh-keygen"),
                         {QStringLiteral("-H"), QStringLiteral("-f"), path});
            QVERIFY(keygen.waitForFinished(30000) && keygen.exitCode() == 0);
        }
        const json repo = connectAndWait();
        QVERIFY2(repo["state"] == "ready", repo.dump().c_str());
        const json listed = knownHosts(*admin);
        QCOMPARE(listed.size(), size_t(1));
        QCOMPARE(listed[0]["source"], "operator");
        QCOMPARE(listed[0]["fingerprint"], ssh->hostFingerprint());
        QVERIFY(listed[0]["id"].is_null());

        // Another space trusts the operator's file too (a clone through core as its admin).
        QVERIFY(f->core().access().createSpace("other", "Other"));
        const Actor other = f->actor(Role::Admin, "olga", "other");
        RepositoryConnect input;
        input.remoteUrl = ssh->url(remote);
        input.credentialType = "SSH_KEY";
        input.credential = SecretValue(ssh->clientKey());
        auto info = f->core().repositories().connect(other, input);
        QVERIFY(info);
        QTRY_COMPARE_WITH_TIMEOUT(
            f->core().registry().repository(other.spaceId, info->repository.id)->value().state,
            std::string("ready"), 30000);
    }

    void cloneFromASilentSshServerCanBeCancelled()
    {
        // A server that accepts the connection and never says a word: the SSH handshake waits in
        // a read, and the clone job still ends when cancelled (the interruptible network scope).
        QTcpServer silent;
        QVERIFY(silent.listen(QHostAddress::LocalHost));
        json body = connectBody();
        body["remoteUrl"] = "ssh://git@127.0.0.1:" + std::to_string(silent.serverPort()) + "/r.git";
        HttpResult r = admin->post(kGit + "/repos", body);
        QVERIFY2(r.status == 201, r.body.c_str());
        const std::string jobId = r.json()["jobId"].get<std::string>();
        QTRY_COMPARE(jobOf(*admin, jobId)["state"], "running");
        QTRY_VERIFY(silent.hasPendingConnections() || silent.waitForNewConnection(0));
        r = admin->post(Fixture::base() + "/jobs/" + jobId + "/cancel", json::object());
        QCOMPARE(r.status, 200);
        QTRY_COMPARE_WITH_TIMEOUT(jobOf(*admin, jobId)["state"], "cancelled", 10000);
        QVERIFY(knownHosts(*admin).empty()); // no key was met
    }

    void anotherSpaceDoesNotTrustWhatThisOneAccepted()
    {
        connectAndWait();
        QCOMPARE(
            admin->post(kGit + "/known-hosts/accept", acceptBody(ssh->hostFingerprint())).status,
            200);
        QCOMPARE(connectAndWait()["state"], "ready");
        QVERIFY(f->core().access().createSpace("other", "Other"));
        const Actor other = f->actor(Role::Admin, "olga", "other");
        RepositoryConnect input;
        input.remoteUrl = ssh->url(remote);
        input.credentialType = "SSH_KEY";
        input.credential = SecretValue(ssh->clientKey());
        auto info = f->core().repositories().connect(other, input);
        QVERIFY(info);
        QTRY_COMPARE_WITH_TIMEOUT(
            f->core().registry().repository(other.spaceId, info->repository.id)->value().state,
            std::string("failed"), 30000);
        const std::string message = f->core()
                                        .registry()
                                        .repository(other.spaceId, info->repository.id)
                                        ->value()
                                        .stateMessage;
        QVERIFY2(message.find("is unknown") != std::string::npos, message.c_str());
        auto otherList = f->core().knownHosts().list(other);
        QCOMPARE(otherList->entries.size(), size_t(1));
        QCOMPARE(otherList->entries[0].state, KnownHostEntry::State::Pending);
        // This space still holds just the key it accepted.
        const json listed = knownHosts(*admin);
        QCOMPARE(listed.size(), size_t(1));
        QCOMPARE(listed[0]["state"], "trusted");
    }
};

QTEST_GUILESS_MAIN(tst_SshRemotes)
#include "tst_sshremotes.moc"
