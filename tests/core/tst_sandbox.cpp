// The trust boundary of local runs: what a task process sees and may do in its bubblewrap
// sandbox, where http_request tasks may connect, the space's run settings and who sets them,
// and what happens where bubblewrap cannot start. Real bwrap, real processes, real files,
// real sockets: where bubblewrap is broken these tests fail, they do not skip.
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <fcntl.h>
#include <filesystem>
#include <fstream>
#include <set>
#include <unistd.h>

#include <sqlite3.h>

#include "core/run/httppolicy.h"
#include "core/run/tasksandbox.h"
#include "core/spec/specio.h"
#include "core/util/ids.h"
#include "server/sandbox/loopbacksandbox.h"
#include "support/fixtures.h"
#include "support/httpclient.h"

using namespace pw::core;
using pw::test::createDefinitionIn;
using pw::test::expectOk;
using pw::test::Fixture;

namespace {

const TaskRunInfo &taskOf(const RunInfo &run, const std::string &nodeId)
{
    for (const TaskRunInfo &t : run.tasks) {
        if (t.nodeId == nodeId)
            return t;
    }
    qFatal("task %s is not in the run", nodeId.c_str());
}

// Answers HTTP/1.1 requests on 127.0.0.1 from the test's thread: 302 to `redirectTo` for
// /hop, 200 "hello" otherwise. Remembers the paths it was asked for.
class Responder : public QObject
{
public:
    Responder()
    {
        if (!m_server.listen(QHostAddress::LocalHost, 0))
            qFatal("the test responder cannot listen");
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server.nextPendingConnection()) {
                ++connections;
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffer[socket] += socket->readAll();
                    const QByteArray &in = m_buffer[socket];
                    if (!in.contains("\r\n\r\n"))
                        return;
                    const QByteArray path = in.split(' ').value(1);
                    paths << QString::fromUtf8(path);
                    QByteArray answer;
                    if (path == "/hop")
                        answer = "HTTP/1.1 302 Found\r\nLocation: " + redirectTo +
                                 "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
                    else
                        answer = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: "
                                 "5\r\nConnection: close\r\n\r\nhello";
                    socket->write(answer);
                    socket->disconnectFromHost();
                });
                connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
            }
        });
    }
    uint16_t port() const { return m_server.serverPort(); }

    QStringList paths;
    int connections = 0;
    QByteArray redirectTo;

private:
    QTcpServer m_server;
    std::map<QTcpSocket *, QByteArray> m_buffer;
};

// Whether a line of the log starts with `prefix`: the task's output, not the command line the
// log notes before it.
bool hasLine(const std::string &log, const std::string &prefix)
{
    return log.starts_with(prefix) || log.find("\n" + prefix) != std::string::npos;
}

std::string readFile(const std::string &path)
{
    std::ifstream in(path, std::ios::binary);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

} // namespace

class tst_Sandbox : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;

    std::string createDefinition(const nlohmann::json &spec)
    {
        DefinitionCreate input;
        input.meta.name = "Sandbox " + newUuid().substr(0, 8);
        input.meta.workspaceId = f->demoWorkspaceId();
        input.meta.repositoryId = f->demoRepositoryId();
        input.spec = readSpec(spec).spec;
        return expectOk(f->core().definitions().create(f->local(), std::move(input)), "create")
            .definition->id;
    }

    static nlohmann::json bash(const std::string &id, const std::string &command,
                               nlohmann::json extra = nlohmann::json::object())
    {
        nlohmann::json node{{"id", id}, {"type", "bash"}, {"command", command}};
        node.update(extra);
        return node;
    }

    static nlohmann::json http(const std::string &id, const std::string &url)
    {
        return {{"id", id}, {"type", "http_request"}, {"method", "GET"}, {"url", url}};
    }

    static nlohmann::json spec(nlohmann::json nodes, nlohmann::json edges = nlohmann::json::array())
    {
        return {{"nodes", std::move(nodes)},
                {"edges", std::move(edges)},
                {"deployment", {{"dag_id", "sandbox_test"}, {"retries", 0}}}};
    }

    // Waits (processing events: the test's own servers answer meanwhile) for the run's end.
    RunInfo waitForEnd(const std::string &runId)
    {
        for (int waited = 0;; waited += 20) {
            RunInfo run = expectOk(f->core().runs().get(f->local(), runId), "get run");
            if (isFinished(run.state) || waited > 60000)
                return run;
            QTest::qWait(20);
        }
    }

    RunInfo run(const nlohmann::json &s)
    {
        RunRequest request;
        request.definitionId = createDefinition(s);
        return waitForEnd(expectOk(f->core().runs().start(f->local(), request), "start").id);
    }

    std::string logOf(const RunInfo &run, const std::string &nodeId)
    {
        auto log = f->core().runs().log(f->local(), run.id, nodeId, 0, 0, 1 << 20);
        return log ? log->chunk.content : "(no log: " + log.error().message + ")";
    }

    void setRunSettings(RunNetwork network, std::vector<std::string> hosts = {})
    {
        SpaceRunSettings settings;
        settings.network = network;
        settings.httpAllowHosts = std::move(hosts);
        expectOk(f->core().runSettings().set(f->local().spaceId, settings, {"test", {}}),
                 "run settings");
    }

    std::vector<nlohmann::json> auditActions(const std::string &action)
    {
        return expectOk(
            f->core().store().read([&](Database &db) -> Result<std::vector<nlohmann::json>> {
                auto q = db.cached("SELECT space_id, details FROM audit_events WHERE action = ? "
                                   "ORDER BY id");
                q->bind(1, action);
                std::vector<nlohmann::json> out;
                while (q->step())
                    out.push_back({{"space_id", q->isNull(0) ? nlohmann::json(nullptr)
                                                             : nlohmann::json(q->text(0))},
                                   {"details", nlohmann::json::parse(q->textView(1))}});
                return out;
            }),
            "audit");
    }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>();
        f->core().runs().setKillGraceMs(500);
        f->core().runs().setHttpSandboxFactory(
            [] { return std::make_unique<pw::server::LoopbackSandbox>(); });
        // Not a skip: these tests are about the sandbox, and a machine without one fails them.
        QVERIFY2(f->core().runs().sandboxCheck().has_value(),
                 f->core().runs().sandboxCheck().error().message.c_str());
    }
    void cleanup() { f.reset(); }

    // ---- what a task process sees ------------------------------------------------------------

    void aTaskCannotReadTheDatabaseOtherRunsOrFilesOutsideItsCheckout()
    {
        // Run one leaves a file in its work folder; a file lies outside every run; the database
        // holds what every space keeps.
        const RunInfo first = run(spec({bash("keep", "echo run-one-secret > "
                                                     "\"$PIPEWRIGHT_WORK_DIR/secret.txt\"")}));
        QCOMPARE(first.state, RunState::Completed);
        const std::string otherRunFile = f->core().runs().folders(first.id).work + "/secret.txt";
        QTemporaryDir outside;
        const std::string outsideFile = outside.filePath(QStringLiteral("note.txt")).toStdString();
        std::ofstream(outsideFile) << "outside-secret\n";
        const std::string database = f->dataDir().toStdString() + "/pipewright.db";
        // What the tests read here, the task would have read without its sandbox.
        QVERIFY(readFile(otherRunFile).find("run-one-secret") != std::string::npos);
        QVERIFY(readFile(outsideFile).find("outside-secret") != std::string::npos);
        QVERIFY(readFile(database).starts_with("SQLite format 3"));
        const std::string home = QDir::homePath().toStdString();

        std::string command;
        for (const std::string &path : {database, otherRunFile, outsideFile}) {
            command += "if cat '" + path + "' 2>/dev/null; then echo 'READ " + path +
                       "'; else echo 'DENIED " + path + "'; fi; ";
        }
        command += "ls '" + f->dataDir().toStdString() + "/runs' | sed 's/^/RUN-FOLDER /'; ";
        command += "if [ -e '" + home + "' ] && [ -n \"$(ls -A '" + home +
                   "' 2>/dev/null)\" ]; then echo 'HOME-VISIBLE'; fi; echo \"HOME=$HOME\"";
        const RunInfo second = run(spec({bash("peek", command)}));
        const std::string log = logOf(second, "peek");
        QVERIFY2(second.state == RunState::Completed, log.c_str());
        for (const std::string &path : {database, otherRunFile, outsideFile})
            QVERIFY2(hasLine(log, "DENIED " + path), log.c_str());
        QVERIFY2(!hasLine(log, "READ "), log.c_str());
        QVERIFY(log.find("SQLite format 3") == std::string::npos);
        QVERIFY(log.find("run-one-secret") == std::string::npos);
        QVERIFY(log.find("outside-secret") == std::string::npos);
        // Of all runs, it sees its own folder only; the user's home is not there.
        QVERIFY2(log.find("RUN-FOLDER " + second.id) != std::string::npos, log.c_str());
        QVERIFY2(log.find("RUN-FOLDER " + first.id) == std::string::npos, log.c_str());
        QVERIFY2(!hasLine(log, "HOME-VISIBLE"), log.c_str());
        QVERIFY2(log.find("HOME=" + f->core().runs().folders(second.id).code) != std::string::npos,
                 log.c_str());
    }

    void theEnvironmentHoldsOnlyAllowedNames()
    {
        // Secrets in the server's environment stay there.
        qputenv("PIPEWRIGHT_TEST_CANARY", "canary-value");
        qputenv("AWS_SECRET_ACCESS_KEY", "not-for-tasks");
        const RunInfo r = run(spec({bash("env", "env | sed 's/=.*//' | sort | sed 's/^/NAME /'",
                                         {{"env", {{"GREETING", "hello {{ ds }}"}}}})}));
        qunsetenv("PIPEWRIGHT_TEST_CANARY");
        qunsetenv("AWS_SECRET_ACCESS_KEY");
        const std::string log = logOf(r, "env");
        QVERIFY2(r.state == RunState::Completed, log.c_str());
        const std::set<std::string> allowed{
            // kept from the server's environment, and HOME in the checkout
            "PATH", "LANG", "TZ", "HOME",
            // what the task declares, and the run's own names
            "GREETING", "PIPEWRIGHT_RUN_ID", "PIPEWRIGHT_TASK_ID", "PIPEWRIGHT_WORK_DIR",
            "AIRFLOW_CTX_DAG_ID", "AIRFLOW_CTX_TASK_ID", "AIRFLOW_CTX_DAG_RUN_ID",
            "AIRFLOW_CTX_LOGICAL_DATE", "AIRFLOW_CTX_TRY_NUMBER", "PYTHONPATH", "PYTHONUNBUFFERED",
            "PYTHONDONTWRITEBYTECODE",
            // bash's own
            "PWD", "OLDPWD", "SHLVL", "_"};
        std::set<std::string> seen;
        std::istringstream lines(log);
        for (std::string line; std::getline(lines, line);) {
            if (line.starts_with("NAME "))
                seen.insert(line.substr(5));
        }
        for (const std::string &name : seen)
            QVERIFY2(allowed.contains(name), ("not allowed in a task: " + name).c_str());
        QVERIFY(seen.contains("GREETING"));
        QVERIFY(seen.contains("PIPEWRIGHT_RUN_ID"));
        QVERIFY(seen.contains("PATH"));
        QVERIFY(!seen.contains("PIPEWRIGHT_TEST_CANARY"));
    }

    void aTaskCannotWriteOutsideItsCheckout()
    {
        QTemporaryDir outside;
        const std::string tag = newUuid().substr(0, 8);
        const std::vector<std::string> targets{
            "/usr/pw-probe-" + tag,
            "/etc/pw-probe-" + tag,
            outside.filePath(QStringLiteral("pw-probe")).toStdString(),
            f->dataDir().toStdString() + "/pw-probe-" + tag,
            f->dataDir().toStdString() + "/repositories/demo/pw-probe-" + tag,
            "/tmp/pw-probe-" + tag};
        std::string command;
        for (const std::string &t : targets)
            command += "if echo x > '" + t + "' 2>/dev/null; then echo 'WROTE " + t +
                       "'; else echo 'REFUSED " + t + "'; fi; ";
        command += "echo kept > checkout-file && echo 'WROTE checkout'; "
                   "echo kept > \"$PIPEWRIGHT_WORK_DIR/work-file\"";
        const RunInfo r = run(spec({bash("write", command)}));
        const std::string log = logOf(r, "write");
        QVERIFY2(r.state == RunState::Completed, log.c_str());
        // Nothing the task wrote outside its folders reached this machine's files.
        for (const std::string &t : targets)
            QVERIFY2(!QFile::exists(QString::fromStdString(t)), (t + "\n" + log).c_str());
        // The system is read-only in there, not merely hidden.
        QVERIFY2(hasLine(log, "REFUSED /usr/pw-probe-" + tag), log.c_str());
        QVERIFY2(hasLine(log, "REFUSED /etc/pw-probe-" + tag), log.c_str());
        // Its checkout and the run's work folder it writes.
        QVERIFY2(hasLine(log, "WROTE checkout"), log.c_str());
        QCOMPARE(readFile(f->core().runs().folders(r.id).work + "/work-file"),
                 std::string("kept\n"));
    }

    void aTaskInheritsNoOpenFileOfTheServer()
    {
        // A library in the server that opens a file without O_CLOEXEC (here: the database, at a
        // high number) must not hand it to a task, sandbox or not.
        const std::string database = f->dataDir().toStdString() + "/pipewright.db";
        const int opened = ::open(database.c_str(), O_RDONLY);
        QVERIFY(opened >= 0);
        const int leaked = ::fcntl(opened, F_DUPFD, 200);
        ::close(opened);
        QVERIFY(leaked >= 200);
        QVERIFY(!(::fcntl(leaked, F_GETFD) & FD_CLOEXEC));
        const RunInfo r = run(spec({bash(
            "fds", "for fd in /proc/$$/fd/*; do echo \"FD ${fd##*/}\"; done; "
                   "cat <&" +
                       std::to_string(leaked) + " | head -c 15 | sed 's/^/LEAKED /'; echo")}));
        ::close(leaked);
        const std::string log = logOf(r, "fds");
        QVERIFY2(hasLine(log, "FD 0"), log.c_str());
        QVERIFY2(!hasLine(log, "FD " + std::to_string(leaked)), log.c_str());
        QVERIFY2(log.find("SQLite format") == std::string::npos, log.c_str());
    }

    void aTaskReceivesTheConnectionsItNamesAndNoOther()
    {
        Registry &registry = f->core().registry();
        const Connector warehouse =
            expectOk(registry.registerConnector(f->local(), "warehouse-eu", "postgres",
                                                {{"host", "db.internal"},
                                                 {"port", 5432},
                                                 {"user", "etl"},
                                                 {"database", "sales"},
                                                 {"sslmode", "require"}}),
                     "connector");
        QVERIFY(registry
                    .setConnectorSecret(f->local(), warehouse.id, "password",
                                        SecretValue(std::string("pg-task-3c4d")))
                    .has_value());
        const Connector other = expectOk(
            registry.registerConnector(f->local(), "billing", "postgres", {{"host", "billing"}}),
            "other connector");
        QVERIFY(registry
                    .setConnectorSecret(f->local(), other.id, "password",
                                        SecretValue(std::string("not-named-9f8e")))
                    .has_value());

        const RunInfo r = run(spec({bash("conn",
                                         "echo \"CONN=$AIRFLOW_CONN_WAREHOUSE_EU\"; "
                                         "env | grep -c '^AIRFLOW_CONN_' | sed 's/^/COUNT /'; "
                                         "env | grep -q not-named && echo OTHER-SEEN; true",
                                         {{"connections", {"warehouse-eu"}}})}));
        const std::string log = logOf(r, "conn");
        QVERIFY2(r.state == RunState::Completed, log.c_str());
        const size_t at = log.find("\nCONN="); // the line the task wrote, not the command's
        QVERIFY2(at != std::string::npos, log.c_str());
        const nlohmann::json connection = nlohmann::json::parse(
            log.substr(at + 6, log.find('\n', at + 1) - at - 6), nullptr, false);
        const nlohmann::json expected{{"conn_type", "postgres"},
                                      {"host", "db.internal"},
                                      {"port", 5432},
                                      {"login", "etl"},
                                      {"schema", "sales"},
                                      {"password", "pg-task-3c4d"},
                                      {"extra", {{"sslmode", "require"}}}};
        QVERIFY2(connection == expected, log.c_str());
        QVERIFY2(hasLine(log, "COUNT 1"), log.c_str());
        QVERIFY2(!hasLine(log, "OTHER-SEEN"), log.c_str());

        // A name the space does not have stops the task before it starts, saying which.
        const RunInfo missing =
            run(spec({bash("nope", "echo STARTED", {{"connections", {"warehouse-us"}}})}));
        const std::string missingLog = logOf(missing, "nope");
        QCOMPARE(missing.state, RunState::Failed);
        QVERIFY2(missingLog.find("connection 'warehouse-us'") != std::string::npos,
                 missingLog.c_str());
        QVERIFY2(!hasLine(missingLog, "STARTED"), missingLog.c_str());
        // A connector of another space is as unknown as one that does not exist.
        QVERIFY(f->core().access().createSpace("other", "Other").has_value());
        const Actor stranger = f->actor(Role::Admin, "olga", "other");
        expectOk(registry.registerConnector(stranger, "elsewhere", "postgres", {{"host", "x"}}),
                 "stranger's connector");
        const RunInfo foreign =
            run(spec({bash("far", "echo STARTED", {{"connections", {"elsewhere"}}})}));
        QCOMPARE(foreign.state, RunState::Failed);
        QVERIFY(!hasLine(logOf(foreign, "far"), "STARTED"));
    }

    void networkNoneBlocksALoopbackConnection()
    {
        QTcpServer listener;
        QVERIFY(listener.listen(QHostAddress::LocalHost, 0));
        const std::string connect = "if exec 3<>/dev/tcp/127.0.0.1/" +
                                    std::to_string(listener.serverPort()) +
                                    "; then echo CONNECTED; else echo NO-CONNECTION; fi";
        setRunSettings(RunNetwork::None);
        RunInfo r = run(spec({bash("connect", connect)}));
        std::string log = logOf(r, "connect");
        QVERIFY2(hasLine(log, "NO-CONNECTION"), log.c_str());
        QVERIFY2(!hasLine(log, "CONNECTED"), log.c_str());
        QVERIFY(!listener.hasPendingConnections());
        // With the host's network the same task connects: the test can see a connection.
        setRunSettings(RunNetwork::Host);
        r = run(spec({bash("connect", connect)}));
        log = logOf(r, "connect");
        QVERIFY2(hasLine(log, "CONNECTED"), log.c_str());
        QTRY_VERIFY(listener.hasPendingConnections());
    }

    void aStoppedTaskGetsSigtermThroughTheSandbox()
    {
        // The task's own handler runs on stop (the sandbox's supervisor must not die of the
        // SIGTERM and take the task down before it can), and nothing of it is left. A long grace
        // period: SIGKILL must not come first on a loaded machine.
        f->core().runs().setKillGraceMs(20000);
        const std::string id = createDefinition(
            spec({bash("graceful", "trap 'echo got-sigterm; exit 7' TERM; echo ready; "
                                   "sleep 60 & wait")}));
        RunRequest request;
        request.definitionId = id;
        auto started = expectOk(f->core().runs().start(f->local(), request), "start");
        QTRY_VERIFY_WITH_TIMEOUT(f->core()
                                         .runs()
                                         .log(f->local(), started.id, "graceful", 0, 0, 1 << 20)
                                         ->chunk.content.find("\nready\n") != std::string::npos,
                                 15000);
        expectOk(f->core().runs().cancel(f->local(), started.id), "cancel");
        const RunInfo r = waitForEnd(started.id);
        QCOMPARE(r.state, RunState::Cancelled);
        const std::string log = logOf(r, "graceful");
        QVERIFY2(hasLine(log, "got-sigterm"), log.c_str());
        QVERIFY2(log.find("SIGKILL") == std::string::npos, log.c_str());
    }

    void aKilledRunnerTakesItsSandboxedTasksWithIt()
    {
        // `pipewright run` is killed (no clean-up of its own) while a sandboxed task and what it
        // started run: the kernel ends bwrap (PR_SET_PDEATHSIG) and bwrap's sandbox with it
        // (--die-with-parent), before any recovery; and every process in the sandbox carries
        // the run's marker where the host's /proc shows it, for the recovery that follows.
        const QString bin = qEnvironmentVariable("PIPEWRIGHT_BIN");
        QVERIFY(!bin.isEmpty());
        QTemporaryDir dir;
        const std::string definitionId =
            createDefinitionIn(dir.path().toStdString(), "Killed",
                               readSpec(spec({bash("long", "sleep 60 & sleep 60")})).spec);
        QProcess cli;
        cli.start(bin,
                  {QStringLiteral("run"), QStringLiteral("--definition"),
                   QString::fromStdString(definitionId), QStringLiteral("--data"), dir.path()});
        QVERIFY(cli.waitForStarted());
        // The processes of the run, found as crash recovery finds them.
        auto processes = [&](const std::string &marker) {
            std::multiset<std::string> found;
            for (const auto &entry : std::filesystem::directory_iterator("/proc")) {
                const std::string name = entry.path().filename().string();
                if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit))
                    continue;
                std::ifstream environ(entry.path() / "environ", std::ios::binary);
                std::string variable;
                while (std::getline(environ, variable, '\0')) {
                    if (variable.starts_with("PIPEWRIGHT_RUN_ID=") &&
                        (marker.empty() || variable == "PIPEWRIGHT_RUN_ID=" + marker)) {
                        std::string statText;
                        std::getline(std::ifstream(entry.path() / "stat"), statText);
                        const size_t close = statText.rfind(')');
                        if (close != std::string::npos && statText[close + 2] == 'Z')
                            break; // a zombie runs nothing
                        std::string command;
                        std::getline(std::ifstream(entry.path() / "comm"), command);
                        found.insert(command);
                        break;
                    }
                }
            }
            return found;
        };
        std::string runId;
        // Read as another program would, without opening the data directory (which would
        // recover the run).
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                sqlite3 *db = nullptr;
                sqlite3_open_v2((dir.path().toStdString() + "/pipewright.db").c_str(), &db,
                                SQLITE_OPEN_READONLY, nullptr);
                sqlite3_stmt *q = nullptr;
                sqlite3_prepare_v2(db, "SELECT run_id FROM task_runs WHERE state = 'RUNNING'", -1,
                                   &q, nullptr);
                if (q && sqlite3_step(q) == SQLITE_ROW)
                    runId = reinterpret_cast<const char *>(sqlite3_column_text(q, 0));
                sqlite3_finalize(q);
                sqlite3_close(db);
                return !runId.empty() && processes(runId).count("sleep") == 2;
            }(),
            20000);
        const auto running = processes(runId);
        QVERIFY2(running.count("bwrap") >= 1, "no bwrap process carries the run's marker");
        ::kill(static_cast<pid_t>(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished(5000));
        QTRY_VERIFY_WITH_TIMEOUT(processes(runId).empty(), 5000);
    }

    // ---- http_request destinations ------------------------------------------------------------

    void restrictedAddresses_data()
    {
        QTest::addColumn<QString>("address");
        QTest::addColumn<QString>("kind");
        QTest::newRow("v4 loopback") << "127.0.0.1"
                                     << "loopback";
        QTest::newRow("v4 loopback range") << "127.8.9.10"
                                           << "loopback";
        QTest::newRow("10/8") << "10.1.2.3"
                              << "private";
        QTest::newRow("172.16/12") << "172.31.255.254"
                                   << "private";
        QTest::newRow("just outside 172.16/12") << "172.32.0.1"
                                                << "";
        QTest::newRow("192.168/16") << "192.168.0.1"
                                    << "private";
        QTest::newRow("shared 100.64/10") << "100.100.0.1"
                                          << "private";
        QTest::newRow("metadata") << "169.254.169.254"
                                  << "link-local";
        QTest::newRow("v4 multicast") << "239.1.2.3"
                                      << "multicast";
        QTest::newRow("v4 unspecified") << "0.0.0.0"
                                        << "unspecified";
        QTest::newRow("broadcast") << "255.255.255.255"
                                   << "reserved";
        QTest::newRow("public v4") << "93.184.216.34"
                                   << "";
        QTest::newRow("v6 loopback") << "::1"
                                     << "loopback";
        QTest::newRow("v6 unspecified") << "::"
                                        << "unspecified";
        QTest::newRow("v6 link-local") << "fe80::1"
                                       << "link-local";
        QTest::newRow("v6 unique local") << "fd12:3456::1"
                                         << "private";
        QTest::newRow("v6 multicast") << "ff02::1"
                                      << "multicast";
        QTest::newRow("mapped loopback") << "::ffff:127.0.0.1"
                                         << "loopback";
        QTest::newRow("mapped metadata") << "::ffff:169.254.169.254"
                                         << "link-local";
        QTest::newRow("mapped public") << "::ffff:93.184.216.34"
                                       << "";
        QTest::newRow("nat64 loopback") << "64:ff9b::7f00:1"
                                        << "loopback";
        QTest::newRow("6to4 private") << "2002:0a00:0001::1"
                                      << "private";
        QTest::newRow("public v6") << "2606:2800:220:1:248:1893:25c8:1946"
                                   << "";
    }
    void restrictedAddresses()
    {
        QFETCH(QString, address);
        QFETCH(QString, kind);
        const QHostAddress parsed(address);
        QVERIFY(!parsed.isNull());
        const auto found = restrictedAddressKind(parsed);
        QCOMPARE(found ? QString::fromUtf8(found->data(), qsizetype(found->size())) : QString(),
                 kind);
    }

    void anHttpTaskToLoopbackOrMetadataFailsWithAClearMessage()
    {
        Responder responder;
        const std::string port = std::to_string(responder.port());
        const RunInfo r = run(spec({http("loopback", "http://127.0.0.1:" + port + "/secret"),
                                    http("metadata", "http://169.254.169.254/latest/meta-data/"),
                                    http("by_name", "http://localhost:" + port + "/secret"),
                                    http("mapped", "http://[::ffff:127.0.0.1]:" + port + "/secret"),
                                    http("decimal", "http://2130706433:" + port + "/secret")}));
        const std::string loopback = taskOf(r, "loopback").message;
        QCOMPARE(taskOf(r, "loopback").state, TaskState::Failed);
        QVERIFY2(loopback.starts_with("refused to connect to 127.0.0.1: it is a loopback address"),
                 loopback.c_str());
        // It says how an operator allows it.
        QVERIFY2(loopback.find("pipewright space set default --http-allow-host 127.0.0.1") !=
                     std::string::npos,
                 loopback.c_str());
        const std::string metadata = taskOf(r, "metadata").message;
        QCOMPARE(taskOf(r, "metadata").state, TaskState::Failed);
        QVERIFY2(metadata.starts_with(
                     "refused to connect to 169.254.169.254: it is a link-local address"),
                 metadata.c_str());
        // A name is judged by what it resolves to; other spellings of loopback too.
        for (const char *task : {"by_name", "mapped", "decimal"}) {
            QCOMPARE(taskOf(r, task).state, TaskState::Failed);
            QVERIFY2(taskOf(r, task).message.find("loopback address") != std::string::npos,
                     taskOf(r, task).message.c_str());
        }
        QCOMPARE(responder.connections, 0);
    }

    void anAllowListedHostIsReachedAndItsRedirectsAreChecked()
    {
        Responder responder;
        const std::string port = std::to_string(responder.port());
        responder.redirectTo =
            "http://127.0.0.1:" + QByteArray::number(responder.port()) + "/after-redirect";
        setRunSettings(RunNetwork::Host, {"localhost"});
        const RunInfo r = run(spec({http("allowed", "http://localhost:" + port + "/hello"),
                                    http("redirected", "http://localhost:" + port + "/hop")}));
        QCOMPARE(taskOf(r, "allowed").state, TaskState::Completed);
        QVERIFY(responder.paths.contains(QStringLiteral("/hello")));
        // The allow-listed host redirects to an address that is not allowed: refused, unsent.
        QCOMPARE(taskOf(r, "redirected").state, TaskState::Failed);
        QVERIFY2(taskOf(r, "redirected").message.starts_with("refused to connect to 127.0.0.1"),
                 taskOf(r, "redirected").message.c_str());
        QVERIFY(responder.paths.contains(QStringLiteral("/hop")));
        QVERIFY(!responder.paths.contains(QStringLiteral("/after-redirect")));
    }

    void withoutANetworkHttpTasksReachOnlyAllowedHostsAndTheSandbox()
    {
        Responder responder;
        const std::string port = std::to_string(responder.port());
        setRunSettings(RunNetwork::None, {"127.0.0.1"});
        expectOk(f->core().registry().registerConnector(
                     f->local(), "http_api_example_org", "http",
                     {{"sandbox", {{"responses", {{{"method", "GET"}, {"path", "/ok"}}}}}}}),
                 "connector");
        const RunInfo r = run(spec({http("public", "https://example.com/"),
                                    http("listed", "http://127.0.0.1:" + port + "/listed"),
                                    http("sandboxed", "https://api.example.org/ok")}));
        QCOMPARE(taskOf(r, "public").state, TaskState::Failed);
        QVERIFY2(taskOf(r, "public").message.find("no network (run network: none)") !=
                     std::string::npos,
                 taskOf(r, "public").message.c_str());
        QCOMPARE(taskOf(r, "listed").state, TaskState::Completed);
        QCOMPARE(taskOf(r, "sandboxed").state, TaskState::Completed);
    }

    void theSandboxExceptionCannotReachOtherLoopbackServices()
    {
        // The engine may send a sandboxed connection's requests to the loopback responder; a
        // task that writes the responder's own address does not get that exception.
        expectOk(f->core().registry().registerConnector(
                     f->local(), "http_api_example_org", "http",
                     {{"sandbox", {{"responses", {{{"method", "GET"}, {"path", "/ok"}}}}}}}),
                 "connector");
        const RunInfo routed = run(spec({http("routed", "https://api.example.org/ok")}));
        QCOMPARE(taskOf(routed, "routed").state, TaskState::Completed);
        const std::string log = logOf(routed, "routed");
        const size_t at = log.find("is a sandbox: ");
        QVERIFY2(at != std::string::npos, log.c_str());
        const std::string address = log.substr(at + 14, log.find('\n', at) - at - 14);
        QVERIFY2(address.starts_with("http://127.0.0.1:"), address.c_str());
        const RunInfo direct = run(spec({http("direct", address)}));
        QCOMPARE(taskOf(direct, "direct").state, TaskState::Failed);
        QVERIFY2(taskOf(direct, "direct").message.find("loopback address") != std::string::npos,
                 taskOf(direct, "direct").message.c_str());
    }

    // ---- files the engine touches for tasks ---------------------------------------------------

    void sqlConnectorsCannotReachPipewrightsDatabase()
    {
        const QString warehouse = f->dataDir() + QStringLiteral("/shop.sqlite");
        {
            sqlite3 *h = nullptr;
            sqlite3_open(warehouse.toUtf8().constData(), &h);
            sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr,
                         nullptr);
            sqlite3_close(h);
        }
        QVERIFY(QFile::link(f->dataDir() + QStringLiteral("/pipewright.db"),
                            f->dataDir() + QStringLiteral("/alias.sqlite")));
        for (const auto &[name, path] :
             {std::pair{"own", "pipewright.db"}, std::pair{"alias", "alias.sqlite"},
              std::pair{"shop", "shop.sqlite"}})
            expectOk(f->core().registry().registerConnector(f->local(), name, "sqlite",
                                                            {{"path", path}}),
                     "connector");
        const std::string database = f->dataDir().toStdString() + "/pipewright.db";
        auto sql = [](const std::string &id, const std::string &connector,
                      const std::string &query) {
            return nlohmann::json{
                {"id", id}, {"type", "sql"}, {"connector", connector}, {"query", query}};
        };
        const std::string vacuumed = f->dataDir().toStdString() + "/copy.sqlite";
        const RunInfo r = run(spec(
            {sql("own", "own", "SELECT * FROM repository_secrets"),
             sql("alias", "alias", "SELECT * FROM repository_secrets"),
             sql("attach", "shop",
                 "ATTACH DATABASE '" + database + "' AS p; SELECT * FROM p.repository_secrets"),
             sql("vacuum", "shop", "VACUUM INTO '" + vacuumed + "'"),
             sql("fine", "shop", "SELECT x FROM t")}));
        for (const char *task : {"own", "alias"}) {
            QCOMPARE(taskOf(r, task).state, TaskState::Failed);
            QVERIFY2(taskOf(r, task).message.find("Pipewright's own database") != std::string::npos,
                     taskOf(r, task).message.c_str());
        }
        for (const char *task : {"attach", "vacuum"}) {
            QCOMPARE(taskOf(r, task).state, TaskState::Failed);
            QVERIFY2(taskOf(r, task).message.find("statement 1") != std::string::npos,
                     taskOf(r, task).message.c_str());
        }
        QVERIFY(!QFile::exists(QString::fromStdString(vacuumed)));
        QCOMPARE(taskOf(r, "fine").state, TaskState::Completed);
    }

    void linksATaskLeavesDoNotLeadTheEngineOutOfItsFolders()
    {
        // A task plants links where the engine, which runs unsandboxed, reads a query file and
        // writes a task's output: the engine neither follows them to read the database nor
        // overwrites the file they point at.
        const QString warehouse = f->dataDir() + QStringLiteral("/shop.sqlite");
        {
            sqlite3 *h = nullptr;
            sqlite3_open(warehouse.toUtf8().constData(), &h);
            sqlite3_exec(h, "CREATE TABLE t(x); INSERT INTO t VALUES (1);", nullptr, nullptr,
                         nullptr);
            sqlite3_close(h);
        }
        expectOk(f->core().registry().registerConnector(f->local(), "shop", "sqlite",
                                                        {{"path", "shop.sqlite"}}),
                 "connector");
        QTemporaryDir outside;
        const std::string victim = outside.filePath(QStringLiteral("victim.txt")).toStdString();
        std::ofstream(victim) << "untouched";
        const std::string database = f->dataDir().toStdString() + "/pipewright.db";
        const RunInfo r = run(spec(
            {bash("plant", "mkdir -p sql && ln -sf '" + database + "' sql/stolen.sql && ln -sf '" +
                               victim + "' \"$PIPEWRIGHT_WORK_DIR/rows.json\""),
             {{"id", "stolen"},
              {"type", "sql"},
              {"connector", "shop"},
              {"query", "sql/stolen.sql"}},
             {{"id", "rows"},
              {"type", "sql"},
              {"connector", "shop"},
              {"query", "SELECT x FROM t"}}},
            {{{"upstream", "plant"}, {"downstream", "stolen"}},
             {{"upstream", "plant"}, {"downstream", "rows"}}}));
        QCOMPARE(taskOf(r, "plant").state, TaskState::Completed);
        QCOMPARE(taskOf(r, "stolen").state, TaskState::Failed);
        QVERIFY2(taskOf(r, "stolen").message.find("link") != std::string::npos,
                 taskOf(r, "stolen").message.c_str());
        QVERIFY(logOf(r, "stolen").find("SQLite format 3") == std::string::npos);
        QCOMPARE(taskOf(r, "rows").state, TaskState::Failed);
        QCOMPARE(readFile(victim), std::string("untouched"));
    }

    // ---- where bubblewrap cannot start --------------------------------------------------------

    void runsAreRefusedWhereBubblewrapCannotStart()
    {
        f->core().runs().setSandboxProgram("/nonexistent/bwrap");
        const std::string id = createDefinition(spec({bash("a", "true")}));
        RunRequest request;
        request.definitionId = id;
        auto refused = f->core().runs().start(f->local(), request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Unavailable);
        const std::string &message = refused.error().message;
        QVERIFY2(message.starts_with("runs are refused: their tasks cannot be sandboxed"),
                 message.c_str());
        QVERIFY2(message.find("/nonexistent/bwrap") != std::string::npos, message.c_str());
        QVERIFY2(message.find("pipewright serve --unsandboxed-runs") != std::string::npos,
                 message.c_str());
        QVERIFY2(message.find("Allow runs without a sandbox") != std::string::npos,
                 message.c_str());
        // Nothing was recorded, nothing ran.
        QCOMPARE(f->core().runs().list(f->local(), id, {})->total, 0);
        // A run that starts no process does not need the sandbox.
        const RunInfo empty = run(spec({{{"id", "nothing"}, {"type", "empty"}}}));
        QCOMPARE(empty.state, RunState::Completed);
    }

    void anOperatorMayAllowUnsandboxedRunsAndTheAuditLogSaysSo()
    {
        f->core().runs().setSandboxProgram("/nonexistent/bwrap");
        const Actor local = f->local();
        QVERIFY(f->core().runs().allowUnsandboxedRuns(true, {"window setting", local.userId}));
        const RunInfo r = run(spec({bash("a", "echo ran")}));
        const std::string log = logOf(r, "a");
        QVERIFY2(r.state == RunState::Completed, log.c_str());
        QVERIFY2(log.find("not sandboxed: bubblewrap (/nonexistent/bwrap) was not found") !=
                     std::string::npos,
                 log.c_str());
        QVERIFY(log.find("runs without a sandbox are allowed (window setting)") !=
                std::string::npos);
        const auto allowed = auditActions("runs.unsandboxed_allowed");
        QCOMPARE(allowed.size(), size_t(1));
        QCOMPARE(allowed.front()["details"]["via"], nlohmann::json("window setting"));
        // The run's own record says it ran without one.
        auto events = expectOk(f->core().audit().forDefinition(r.definitionId), "audit");
        bool created = false;
        for (const AuditEvent &e : events) {
            if (e.action == "run.created") {
                created = true;
                QCOMPARE(e.details["sandbox"], nlohmann::json("none"));
            }
        }
        QVERIFY(created);
        // Turning it off is recorded and refuses again.
        QVERIFY(f->core().runs().allowUnsandboxedRuns(false, {"window setting", local.userId}));
        QCOMPARE(auditActions("runs.unsandboxed_disallowed").size(), size_t(1));
        RunRequest again;
        again.definitionId = r.definitionId;
        QCOMPARE(f->core().runs().start(local, again).error().code, ErrorCode::Unavailable);
    }

    void aWorkingSandboxIsNeverGivenUp()
    {
        QVERIFY(f->core().runs().allowUnsandboxedRuns(true, {"test", {}}));
        const RunInfo r = run(spec({bash("a", "echo in-sandbox")}));
        const std::string log = logOf(r, "a");
        QVERIFY2(log.find("sandboxed (bubblewrap), network host") != std::string::npos,
                 log.c_str());
        QVERIFY(log.find("not sandboxed") == std::string::npos);
    }

    void theApiAnswers503WithTheWayToAllowUnsandboxedRuns()
    {
        f.reset();
        f = std::make_unique<Fixture>(true);
        f->core().runs().setSandboxProgram("/nonexistent/bwrap");
        pw::test::HttpClient client(f->port(), f->token(Role::Editor, "eddie"));
        const auto answer = client.post("/api/v1/pipelines/" + f->demoDefinitionId() + "/run",
                                        nlohmann::json::object());
        QCOMPARE(answer.status, 503);
        QCOMPARE(answer.errorCode(), std::string("unavailable"));
        const std::string message = answer.json()["error"]["message"].get<std::string>();
        QVERIFY2(message.find("--unsandboxed-runs") != std::string::npos, message.c_str());
        QCOMPARE(f->core().runs().list(f->local(), f->demoDefinitionId(), {})->total, 0);
    }

    // ---- run settings -------------------------------------------------------------------------

    void runSettingsDefaultsAndWhoSetsThem()
    {
        // The desktop's default space has the host network; a space made later has none.
        QCOMPARE(expectOk(f->core().runSettings().get(f->local().spaceId), "get").network,
                 RunNetwork::Host);
        const Space other = expectOk(f->core().access().createSpace("other", "Other"), "space");
        const SpaceRunSettings fresh = expectOk(f->core().runSettings().get(other.id), "get");
        QCOMPARE(fresh.network, RunNetwork::None);
        QVERIFY(fresh.httpAllowHosts.empty());
        // An operator change is checked, stored normalised and audited.
        SpaceRunSettings wanted;
        wanted.network = RunNetwork::Host;
        wanted.httpAllowHosts = {"Metadata.Internal.", "127.0.0.1", "[::1]", "127.0.0.1"};
        const SpaceRunSettings set =
            expectOk(f->core().runSettings().set(other.id, wanted, {"cli", {}}), "set");
        QCOMPARE(set.httpAllowHosts,
                 (std::vector<std::string>{"metadata.internal", "127.0.0.1", "::1"}));
        const auto changes = auditActions("space.run_settings_changed");
        QCOMPARE(changes.back()["space_id"], nlohmann::json(other.id));
        QCOMPARE(changes.back()["details"]["via"], nlohmann::json("cli"));
        for (const char *bad :
             {"http://example.com/", "example.com:8080", "*.internal", "", "exa mple.com"}) {
            SpaceRunSettings wrong;
            wrong.httpAllowHosts = {bad};
            auto refused = f->core().runSettings().set(other.id, wrong, {"cli", {}});
            QVERIFY2(!refused, bad);
            QCOMPARE(refused.error().code, ErrorCode::Invalid);
        }
        QCOMPARE(expectOk(f->core().runSettings().get(other.id), "get").httpAllowHosts,
                 set.httpAllowHosts);
    }

    // ---- the command line ---------------------------------------------------------------------

    void theCommandLineSetsRunSettings()
    {
        const QString bin = qEnvironmentVariable("PIPEWRIGHT_BIN");
        QVERIFY(!bin.isEmpty());
        QTemporaryDir dir;
        auto pipewright = [&](QStringList args) {
            QProcess p;
            args << QStringLiteral("--data") << dir.path();
            p.start(bin, args);
            p.waitForFinished(30000);
            return std::tuple{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput()),
                              QString::fromUtf8(p.readAllStandardError())};
        };
        auto [code, out, err] = pipewright(
            {QStringLiteral("space"), QStringLiteral("show"), QStringLiteral("default")});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("run network host")), qPrintable(out + err));
        std::tie(code, out, err) =
            pipewright({QStringLiteral("space"), QStringLiteral("set"), QStringLiteral("default"),
                        QStringLiteral("--run-network"), QStringLiteral("none"),
                        QStringLiteral("--http-allow-host"), QStringLiteral("127.0.0.1"),
                        QStringLiteral("--http-allow-host"), QStringLiteral("Api.Internal")});
        QCOMPARE(code, 0);
        QVERIFY2(out.contains(QStringLiteral("run network none")), qPrintable(out + err));
        QVERIFY2(out.contains(QStringLiteral("127.0.0.1, api.internal")), qPrintable(out));
        std::tie(code, out, err) =
            pipewright({QStringLiteral("space"), QStringLiteral("set"), QStringLiteral("default"),
                        QStringLiteral("--http-allow-host"), QStringLiteral("http://x.org/")});
        QCOMPARE(code, 2);
        QVERIFY2(err.contains(QStringLiteral("is a URL")), qPrintable(err));
        std::tie(code, out, err) =
            pipewright({QStringLiteral("space"), QStringLiteral("set"), QStringLiteral("default"),
                        QStringLiteral("--http-disallow-host"), QStringLiteral("api.internal")});
        QCOMPARE(code, 0);
        auto core = expectOk(Core::open(dir.path().toStdString()), "open");
        const auto settings =
            expectOk(core->runSettings().get(expectOk(core->localActor(), "actor").spaceId), "get");
        QCOMPARE(settings.network, RunNetwork::None);
        QCOMPARE(settings.httpAllowHosts, std::vector<std::string>{"127.0.0.1"});
    }

    void theCommandLineRefusesOrRunsUnsandboxedWhenTold()
    {
        const QString bin = qEnvironmentVariable("PIPEWRIGHT_BIN");
        QVERIFY(!bin.isEmpty());
        // A PATH with bash but without bwrap: bubblewrap cannot start.
        QTemporaryDir tools;
        QVERIFY(QFile::link(QStringLiteral("/bin/bash"), tools.filePath(QStringLiteral("bash"))));
        QTemporaryDir dir, project;
        {
            std::ofstream(project.filePath(QStringLiteral("spec.json")).toStdString())
                << spec({bash("hello", "echo hello from $PWD")}).dump();
        }
        auto runCli = [&](QStringList extra) {
            QProcess p;
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("PATH"), tools.path());
            p.setProcessEnvironment(env);
            p.setWorkingDirectory(project.path());
            p.start(bin, QStringList{QStringLiteral("run"), QStringLiteral("spec.json"),
                                     QStringLiteral("--data"), dir.path()} +
                             extra);
            p.waitForFinished(60000);
            return std::pair{p.exitCode(), QString::fromUtf8(p.readAllStandardOutput() +
                                                             p.readAllStandardError())};
        };
        auto [code, output] = runCli({});
        QCOMPARE(code, 1);
        QVERIFY2(output.contains(QStringLiteral("runs are refused")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("--unsandboxed-runs")), qPrintable(output));
        std::tie(code, output) = runCli({QStringLiteral("--unsandboxed-runs")});
        QVERIFY2(code == 0, qPrintable(output));
        auto core = expectOk(Core::open(dir.path().toStdString()), "open");
        auto via = expectOk(core->store().read([](Database &db) -> Result<std::string> {
            auto q = db.cached("SELECT details FROM audit_events WHERE action = "
                               "'runs.unsandboxed_allowed'");
            return q->step() ? nlohmann::json::parse(q->textView(0)).value("via", std::string())
                             : std::string();
        }),
                            "audit");
        QCOMPARE(via, std::string("pipewright run --unsandboxed-runs"));
    }

    void serveRecordsItsUnsandboxedFlag()
    {
        const QString bin = qEnvironmentVariable("PIPEWRIGHT_BIN");
        QVERIFY(!bin.isEmpty());
        QTemporaryDir tools, dir;
        QProcess serve;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PATH"), tools.path());
        serve.setProcessEnvironment(env);
        serve.start(bin, {QStringLiteral("serve"), QStringLiteral("--data"), dir.path(),
                          QStringLiteral("--port"), QStringLiteral("0"),
                          QStringLiteral("--unsandboxed-runs")});
        QString printed;
        QTRY_VERIFY_WITH_TIMEOUT((printed += QString::fromUtf8(serve.readAllStandardOutput()))
                                     .contains(QStringLiteral("WITHOUT a sandbox (allowed)")),
                                 30000);
        serve.terminate();
        QVERIFY(serve.waitForFinished(15000));
        auto core = expectOk(Core::open(dir.path().toStdString()), "open");
        auto via = expectOk(core->store().read([](Database &db) -> Result<std::string> {
            auto q = db.cached("SELECT details FROM audit_events WHERE action = "
                               "'runs.unsandboxed_allowed'");
            return q->step() ? nlohmann::json::parse(q->textView(0)).value("via", std::string())
                             : std::string();
        }),
                            "audit");
        QCOMPARE(via, std::string("pipewright serve --unsandboxed-runs"));
    }
};

QTEST_GUILESS_MAIN(tst_Sandbox)
#include "tst_sandbox.moc"
