#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <set>
#include <thread>

#include <sqlite3.h>

#include "support/httpclient.h"

using nlohmann::json;
using pw::test::HttpClient;
using pw::test::HttpResult;

namespace {

QString binary()
{
    return qEnvironmentVariable("PIPEWRIGHT_BIN");
}

// Starts `pipewright serve` on a free port and returns the port from its first line.
uint16_t startServer(QProcess &process, const QString &data)
{
    process.setProgram(binary());
    process.setArguments({QStringLiteral("serve"), QStringLiteral("--data"), data,
                          QStringLiteral("--port"), QStringLiteral("0")});
    process.start();
    if (!process.waitForStarted(10000))
        return 0;
    QByteArray output;
    while (!output.contains('\n') && process.waitForReadyRead(10000))
        output += process.readAllStandardOutput();
    const auto match =
        QRegularExpression(QStringLiteral(":(\\d+)/api/v1\\.0")).match(QString::fromUtf8(output));
    return match.hasMatch() ? static_cast<uint16_t>(match.captured(1).toUInt()) : 0;
}

std::string createToken(const QString &data)
{
    QProcess cli;
    cli.start(binary(),
              {QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"), data,
               QStringLiteral("--role"), QStringLiteral("editor"), QStringLiteral("--name"),
               QStringLiteral("crash")});
    cli.waitForFinished(20000);
    const QList<QByteArray> lines = cli.readAllStandardOutput().trimmed().split('\n');
    return lines.isEmpty() ? std::string() : lines.last().trimmed().toStdString();
}

std::string integrityCheck(const QString &file)
{
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(file.toUtf8().constData(), &db, SQLITE_OPEN_READONLY, nullptr) != SQLITE_OK)
        return "cannot open";
    sqlite3_stmt *stmt = nullptr;
    std::string result = "no answer";
    if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) == SQLITE_OK &&
        sqlite3_step(stmt) == SQLITE_ROW)
        result = reinterpret_cast<const char *>(sqlite3_column_text(stmt, 0));
    sqlite3_finalize(stmt);
    sqlite3_close(db);
    return result;
}

} // namespace

class tst_Crash : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY2(!binary().isEmpty(), "PIPEWRIGHT_BIN is not set"); }

    void acknowledgedWritesSurviveSigkill()
    {
        QTemporaryDir dir;
        const QString data = dir.path();
        const std::string token = createToken(data);
        QVERIFY(token.starts_with("pw_"));

        QProcess server;
        const uint16_t port = startServer(server, data);
        QVERIFY(port != 0);
        const std::string base = "/api/v1.0/spaces/default/pipeline-authoring";
        HttpClient http(port, token);
        const json list = http.get(base + "/definitions").json();
        QVERIFY(list.is_array() && !list.empty());
        const std::string def = list[0]["id"].get<std::string>();

        // A writer keeps mutations in flight; once it has kKilledAfter acknowledged (2xx) writes
        // the server gets SIGKILL, whatever the speed of the machine.
        constexpr size_t kKilledAfter = 20;
        std::mutex mutex;
        std::condition_variable progress;
        std::vector<std::string> acknowledged;
        bool writerEnded = false;
        std::thread writer([&] {
            HttpClient writes(port, token);
            for (int i = 0; i < 100000; ++i) {
                const std::string id = "crash_" + std::to_string(i);
                const HttpResult r = writes.post(
                    base + "/definitions/" + def + "/nodes",
                    json{{"node", {{"id", id}, {"type", "empty"}}}, {"upstream", {"notify_team"}}});
                if (r.status < 200 || r.status > 299)
                    break;
                std::lock_guard lock(mutex);
                acknowledged.push_back(id);
                progress.notify_all();
            }
            std::lock_guard lock(mutex);
            writerEnded = true;
            progress.notify_all();
        });
        {
            std::unique_lock lock(mutex);
            progress.wait_for(lock, std::chrono::minutes(2),
                              [&] { return acknowledged.size() >= kKilledAfter || writerEnded; });
        }
        ::kill(static_cast<pid_t>(server.processId()), SIGKILL);
        writer.join();
        server.waitForFinished(10000);
        QCOMPARE(server.exitStatus(), QProcess::CrashExit);
        QVERIFY2(acknowledged.size() >= kKilledAfter, "the writer stopped before the kill");
        qInfo("%zu mutations acknowledged before SIGKILL", acknowledged.size());

        QCOMPARE(integrityCheck(data + QStringLiteral("/pipewright.db")), std::string("ok"));

        QProcess restarted;
        const uint16_t port2 = startServer(restarted, data);
        QVERIFY(port2 != 0);
        HttpClient again(port2, token);
        const json definition = again.get(base + "/definitions/" + def).json();
        std::set<std::string> ids;
        for (const json &n : definition["spec"]["nodes"])
            ids.insert(n["id"].get<std::string>());
        for (const std::string &id : acknowledged)
            QVERIFY2(ids.contains(id), id.c_str());
        // Versions stay gapless: one per node that made it in (acknowledged or in flight).
        const int nodes = static_cast<int>(ids.size()) - 8;
        QCOMPARE(definition["current_version"].get<int>(), 1 + nodes);
        const HttpResult versions =
            again.get(base + "/definitions/" + def + "/versions?page_size=1");
        QCOMPARE(std::stoi(versions.header("x-total-count")), 1 + nodes);
        restarted.terminate();
        QVERIFY(restarted.waitForFinished(10000));
        QCOMPARE(restarted.exitStatus(), QProcess::NormalExit);
        QCOMPARE(restarted.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Crash)
#include "tst_crash.moc"
