#include <QDateTime>
#include <QDirIterator>
#include <QFile>
#include <QHostAddress>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include "core/app/core.h"
#include "support/httpclient.h"
#include "support/serverprocess.h"

using namespace pw::core;

namespace {

struct Run
{
    int code = -1;
    QString out;
    QString err;
};

Run run(const QStringList &args, const QByteArray &input = {},
        const QProcessEnvironment &env = QProcessEnvironment::systemEnvironment())
{
    QProcess p;
    p.setProcessEnvironment(env);
    p.start(qEnvironmentVariable("PIPEWRIGHT_BIN"), args);
    p.waitForStarted();
    if (!input.isEmpty())
        p.write(input);
    p.closeWriteChannel();
    p.waitForFinished(30000);
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1,
            QString::fromUtf8(p.readAllStandardOutput()),
            QString::fromUtf8(p.readAllStandardError())};
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    QFile f(dir.filePath(name));
    f.open(QIODevice::WriteOnly);
    f.write(content);
    return f.fileName();
}

const QByteArray kValidJson =
    R"({"nodes": [{"id": "a", "type": "bash", "command": "true"}, {"id": "b", "type": "empty"}],
    "edges": [{"upstream": "a", "downstream": "b"}]})";
const QByteArray kValidYaml =
    "nodes:\n  - id: a\n    type: bash\n    command: \"true\"\n  - id: b\n    type: empty\n"
    "edges:\n  - upstream: a\n    downstream: b\ndeployment:\n  schedule: '@daily'\n";
const QByteArray kCycle = R"({"nodes": [{"id": "a", "type": "empty"}, {"id": "b", "type": "empty"}],
    "edges": [{"upstream": "a", "downstream": "b"}, {"upstream": "b", "downstream": "a"}]})";

} // namespace

class tst_Cli : public QObject
{
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(!qEnvironmentVariable("PIPEWRIGHT_BIN").isEmpty()); }

    void topLevelHelp()
    {
        const Run help = run({QStringLiteral("--help")});
        QCOMPARE(help.code, 0);
        for (const char *command :
             {"serve", "token create", "space create", "validate", "compile", "layout"})
            QVERIFY2(help.out.contains(QLatin1String(command)), command);
        QCOMPARE(run({QStringLiteral("frobnicate")}).code, 2);
        QCOMPARE(run({QStringLiteral("--bogus-option")}).code, 2);
        QVERIFY(run({QStringLiteral("--version")}).out.startsWith(QLatin1String("pipewright ")));
    }

    void everyCommandHasHelp_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("mentions");
        QTest::newRow("serve") << QStringList{QStringLiteral("serve"), QStringLiteral("--help")}
                               << "--allow-remote";
        QTest::newRow("token") << QStringList{QStringLiteral("token"), QStringLiteral("--help")}
                               << "--role";
        QTest::newRow("token lifetimes")
            << QStringList{QStringLiteral("token"), QStringLiteral("--help")} << "--expires";
        QTest::newRow("token list") << QStringList{QStringLiteral("token"), QStringLiteral("list"),
                                                   QStringLiteral("--help")}
                                    << "token revoke ID";
        QTest::newRow("token create")
            << QStringList{QStringLiteral("token"), QStringLiteral("create"),
                           QStringLiteral("--help")}
            << "--name";
        QTest::newRow("space") << QStringList{QStringLiteral("space"), QStringLiteral("create"),
                                              QStringLiteral("--help")}
                               << "SLUG";
        QTest::newRow("validate") << QStringList{QStringLiteral("validate"),
                                                 QStringLiteral("--help")}
                                  << "Exit status";
        QTest::newRow("layout") << QStringList{QStringLiteral("layout"), QStringLiteral("--help")}
                                << "--effort";
    }

    void everyCommandHasHelp()
    {
        QFETCH(QStringList, args);
        QFETCH(QString, mentions);
        const Run r = run(args);
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(mentions), qPrintable(r.out));
    }

    void validateExitCodes()
    {
        QTemporaryDir dir;
        Run r = run(
            {QStringLiteral("validate"), writeFile(dir, QStringLiteral("ok.json"), kValidJson)});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QLatin1String("valid (2 nodes, 1 dependencies)")));
        r = run(
            {QStringLiteral("validate"), writeFile(dir, QStringLiteral("ok.yaml"), kValidYaml)});
        QCOMPARE(r.code, 0);
        r = run({QStringLiteral("validate"), writeFile(dir, QStringLiteral("cycle.json"), kCycle)});
        QCOMPARE(r.code, 1);
        QVERIFY2(r.out.contains(QString::fromUtf8(
                     "error: edges[1]: the dependencies form a cycle: a → b → a [cycle]")),
                 qPrintable(r.out));
        r = run({QStringLiteral("validate"), dir.filePath(QStringLiteral("missing.json"))});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("cannot read")));
        r = run({QStringLiteral("validate"),
                 writeFile(dir, QStringLiteral("broken.json"), "{\"nodes\": [}")});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("line 1")));
        r = run({QStringLiteral("validate"), QStringLiteral("-")}, kValidJson);
        QCOMPARE(r.code, 0);
        // A whole definition document is accepted too.
        r = run(
            {QStringLiteral("validate"), writeFile(dir, QStringLiteral("def.json"),
                                                   "{\"name\": \"x\", \"spec\": " + kCycle + "}")});
        QCOMPARE(r.code, 1);
        QCOMPARE(run({QStringLiteral("validate")}).code, 2);
    }

    void compileWritesCodeThatParses()
    {
        QTemporaryDir dir;
        const QString out = dir.filePath(QStringLiteral("out"));
        const QString spec =
            writeFile(dir, QStringLiteral("ok.yaml"), kValidYaml + "  dag_id: cli_dag\n");
        Run r = run({QStringLiteral("compile"), spec, QStringLiteral("--out"), out});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        const QString airflow = out + QStringLiteral("/dags/cli_dag.py");
        QVERIFY(QFile::exists(airflow));
        QProcess py;
        py.start(QStringLiteral("python3"),
                 {QStringLiteral("-m"), QStringLiteral("py_compile"), airflow});
        QVERIFY(py.waitForFinished(30000));
        QCOMPARE(py.exitCode(), 0);
        r = run({QStringLiteral("compile"), spec, QStringLiteral("--target"),
                 QStringLiteral("dagster")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.startsWith(QLatin1String("# file: dagster/cli_dag.py")));
        QVERIFY(r.out.contains(QLatin1String("from dagster import")));
        // Problems: exit 1 and the errors; bad usage: exit 2.
        r = run({QStringLiteral("compile"), writeFile(dir, QStringLiteral("cycle.json"), kCycle)});
        QCOMPARE(r.code, 1);
        QVERIFY(r.err.contains(QLatin1String("[cycle]")));
        QCOMPARE(run({QStringLiteral("compile"), spec, QStringLiteral("--target"),
                      QStringLiteral("luigi")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("compile")}).code, 2);
        // A definition of a data directory, with its own target.
        QTemporaryDir data;
        std::string id;
        {
            auto core = Core::open(data.path().toStdString());
            QVERIFY(core);
            id = (*core)->definitions().list(*(*core)->localActor(), {})->items.front().id;
        }
        r = run({QStringLiteral("compile"), QStringLiteral("--definition"),
                 QString::fromStdString(id), QStringLiteral("--data"), data.path()});
        QVERIFY2(r.code == 0, qPrintable(r.err));
        QVERIFY(r.out.startsWith(QLatin1String("# file: dags/customer_renewal_load.py")));
    }

    // Positions as JSON and the crossing count, for comparison with Graphviz dot.
    void layoutPrintsPositionsAndCrossings()
    {
        QTemporaryDir dir;
        // a → b, a → c, b → d, c → d: two layers of width two after a; drawn without crossings.
        const QByteArray diamond =
            R"({"nodes": [{"id": "a", "type": "empty"}, {"id": "b", "type": "empty"},
            {"id": "c", "type": "empty"}, {"id": "d", "type": "empty"}],
            "edges": [{"upstream": "a", "downstream": "b"}, {"upstream": "a", "downstream": "c"},
                      {"upstream": "b", "downstream": "d"}, {"upstream": "c", "downstream": "d"}]})";
        const QString file = writeFile(dir, QStringLiteral("diamond.json"), diamond);
        for (const QString &direction : {QStringLiteral("lr"), QStringLiteral("tb")}) {
            for (const QString &effort : {QStringLiteral("auto"), QStringLiteral("interactive"),
                                          QStringLiteral("thorough")}) {
                const Run r = run({QStringLiteral("layout"), file, QStringLiteral("--direction"),
                                   direction, QStringLiteral("--effort"), effort});
                QCOMPARE(r.code, 0);
                const nlohmann::json out = nlohmann::json::parse(r.out.toStdString());
                QCOMPARE(out.at("crossings").get<int>(), 0);
                QCOMPARE(out.at("layers").get<int>(), 3);
                QCOMPARE(out.at("direction").get<std::string>(), direction.toStdString());
                const auto &p = out.at("positions");
                QCOMPARE(p.size(), size_t(4));
                // Layers advance along the flow: x for lr, y for tb.
                const char *axis = direction == QLatin1String("lr") ? "x" : "y";
                QVERIFY(p.at("a").at(axis).get<double>() < p.at("b").at(axis).get<double>());
                QCOMPARE(p.at("b").at(axis).get<double>(), p.at("c").at(axis).get<double>());
                QVERIFY(p.at("c").at(axis).get<double>() < p.at("d").at(axis).get<double>());
            }
        }
        QCOMPARE(run({QStringLiteral("layout"), file, QStringLiteral("--effort"),
                      QStringLiteral("hard")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("layout"), file, QStringLiteral("--direction"),
                      QStringLiteral("rl")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("layout"), dir.filePath(QStringLiteral("missing.json"))}).code,
                 2);
        QCOMPARE(run({QStringLiteral("layout")}).code, 2);
    }

    void tokenCreatePrintsTheTokenLastAndStoresAHash()
    {
        QTemporaryDir dir;
        const Run r =
            run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"),
                 dir.path(), QStringLiteral("--role"), QStringLiteral("viewer"),
                 QStringLiteral("--name"), QStringLiteral("vic")});
        QCOMPARE(r.code, 0);
        const QString token = r.out.trimmed().split(QLatin1Char('\n')).last();
        QVERIFY(token.startsWith(QLatin1String("pw_")));
        auto core = Core::open(dir.path().toStdString());
        QVERIFY(core.has_value());
        auto principal = (*core)->access().authenticate(token.toStdString());
        QVERIFY(principal.has_value());
        QCOMPARE((*core)->access().enterSpace(*principal, "default")->role, Role::Viewer);
        QFile db(dir.filePath(QStringLiteral("pipewright.db")));
        QVERIFY(db.open(QIODevice::ReadOnly));
        QVERIFY(!db.readAll().contains(token.toUtf8()));
    }

    void tokenCreateRejectsBadArguments()
    {
        QTemporaryDir dir;
        const QString data = dir.path();
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"),
                      data, QStringLiteral("--role"), QStringLiteral("owner"),
                      QStringLiteral("--name"), QStringLiteral("x")})
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"),
                      data, QStringLiteral("--role"), QStringLiteral("admin")})
                     .code,
                 2);
        const Run unknownSpace =
            run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"), data,
                 QStringLiteral("--role"), QStringLiteral("admin"), QStringLiteral("--name"),
                 QStringLiteral("x"), QStringLiteral("--space"), QStringLiteral("nowhere")});
        QCOMPARE(unknownSpace.code, 1);
        QVERIFY(unknownSpace.err.contains(QLatin1String("nowhere")));
    }

    void tokenCreateNamesTheTokenAndSetsItsLifetime()
    {
        QTemporaryDir dir;
        const QString data = dir.path();
        Run r =
            run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"), data,
                 QStringLiteral("--role"), QStringLiteral("editor"), QStringLiteral("--user"),
                 QStringLiteral("ed"), QStringLiteral("--name"), QStringLiteral("ed laptop"),
                 QStringLiteral("--expires"), QStringLiteral("30d")});
        QCOMPARE(r.code, 0);
        QVERIFY2(r.out.contains(QLatin1String("valid until")), qPrintable(r.out));
        // The first form still works: --name without --user names the user (and the token).
        QCOMPARE(run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"),
                      data, QStringLiteral("--role"), QStringLiteral("viewer"),
                      QStringLiteral("--name"), QStringLiteral("vic")})
                     .code,
                 0);
        r = run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--data"), data});
        QCOMPARE(r.code, 0);
        const QStringList lines = r.out.trimmed().split(QLatin1Char('\n'));
        QVERIFY2(lines.size() == 3, qPrintable(r.out)); // the header and two tokens
        QVERIFY(lines[0].startsWith(QLatin1String("ID")));
        for (const char *column : {"NAME", "USER", "CREATED", "LAST USED", "EXPIRES"})
            QVERIFY2(lines[0].contains(QLatin1String(column)), column);
        const QDate in30 = QDateTime::currentDateTimeUtc().addDays(30).date();
        const QString edLine = lines.filter(QStringLiteral("ed laptop")).value(0);
        QVERIFY2(edLine.contains(in30.toString(Qt::ISODate)), qPrintable(r.out));
        QVERIFY(edLine.contains(QLatin1String(" ed ")));
        QVERIFY(edLine.contains(QLatin1String("never"))); // never used
        const QString vicLine = lines.filter(QStringLiteral("vic")).value(0);
        QVERIFY2(vicLine.endsWith(QLatin1String("never")), qPrintable(vicLine)); // no expiry
        // Filters.
        r = run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--data"), data,
                 QStringLiteral("--user"), QStringLiteral("vic")});
        QCOMPARE(r.out.trimmed().split(QLatin1Char('\n')).size(), 2);
        r = run({QStringLiteral("token"), QStringLiteral("list"), QStringLiteral("--data"), data,
                 QStringLiteral("--space"), QStringLiteral("default")});
        QCOMPARE(r.out.trimmed().split(QLatin1Char('\n')).size(), 3);
        // Nothing in the output or the database is a secret of a listed token.
        QVERIFY(!r.out.contains(QLatin1String("pw_")));
    }

    void tokenCommandsRefuseBadInput_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("code");
        QTest::addColumn<QString>("says");
        const QStringList create = {QStringLiteral("token"),  QStringLiteral("create"),
                                    QStringLiteral("--role"), QStringLiteral("viewer"),
                                    QStringLiteral("--name"), QStringLiteral("x")};
        for (const char *bad : {"30", "30s", "0d", "-1d", "1.5d", "1d12h", "soon", "99999999999d"})
            QTest::newRow(bad) << (create + QStringList{QStringLiteral("--expires"),
                                                        QString::fromLatin1(bad)})
                               << 2 << "such as 90m, 12h or 30d";
        QTest::newRow("over ten years")
            << (create + QStringList{QStringLiteral("--expires"), QStringLiteral("3651d")}) << 1
            << "3650 days";
        QTest::newRow("revoke without an id")
            << QStringList{QStringLiteral("token"), QStringLiteral("revoke")} << 2 << "usage";
        QTest::newRow("revoke unknown")
            << QStringList{QStringLiteral("token"), QStringLiteral("revoke"),
                           QStringLiteral("nope")}
            << 1 << "token was not found";
        QTest::newRow("list unknown space")
            << QStringList{QStringLiteral("token"), QStringLiteral("list"),
                           QStringLiteral("--space"), QStringLiteral("nowhere")}
            << 1 << "nowhere";
        QTest::newRow("list unknown user")
            << QStringList{QStringLiteral("token"), QStringLiteral("list"),
                           QStringLiteral("--user"), QStringLiteral("nobody")}
            << 1 << "nobody";
        QTest::newRow("list with --role")
            << QStringList{QStringLiteral("token"), QStringLiteral("list"),
                           QStringLiteral("--role"), QStringLiteral("admin")}
            << 2 << "only --space";
        QTest::newRow("unknown action")
            << QStringList{QStringLiteral("token"), QStringLiteral("rotate")} << 2 << "usage";
    }

    void tokenCommandsRefuseBadInput()
    {
        QFETCH(QStringList, args);
        QFETCH(int, code);
        QFETCH(QString, says);
        QTemporaryDir dir;
        const Run r = run(args + QStringList{QStringLiteral("--data"), dir.path()});
        QCOMPARE(r.code, code);
        QVERIFY2(r.err.contains(says), qPrintable(r.err));
        QVERIFY(!r.out.contains(QLatin1String("pw_"))); // no token was made
    }

    void revokeFromTheCliHoldsOnTheRunningServersNextRequest()
    {
        // `serve` caches tokens; a revoke made by another process must still hold from the
        // server's next request.
        pw::test::ServerProcess server;
        QVERIFY2(server.started(), server.errors().constData());
        pw::test::HttpClient viewer(server.port(), server.viewerToken());
        const pw::test::HttpResult mine = viewer.get("/api/v1.0/me/tokens");
        QCOMPARE(mine.status, 200);
        std::string id;
        for (const auto &t : mine.json()) {
            if (t["current"].get<bool>())
                id = t["id"].get<std::string>();
        }
        QVERIFY(!id.empty());
        QCOMPARE(viewer.get("/api/v1.0/me/tokens").status, 200); // served from the cache now
        const Run revoked =
            run({QStringLiteral("token"), QStringLiteral("revoke"), QString::fromStdString(id),
                 QStringLiteral("--data"), server.dataDir()});
        QCOMPARE(revoked.code, 0);
        QVERIFY(revoked.out.contains(QLatin1String("Revoked token")));
        QCOMPARE(viewer.get("/api/v1.0/me/tokens").status, 401);
        // Only that token.
        QCOMPARE(pw::test::HttpClient(server.port(), server.editorToken())
                     .get("/api/v1.0/me/tokens")
                     .status,
                 200);
        QVERIFY(server.alive());
    }

    void spaceCreateThenTokenForIt()
    {
        QTemporaryDir dir;
        const QString data = dir.path();
        Run r = run({QStringLiteral("space"), QStringLiteral("create"), QStringLiteral("finance"),
                     QStringLiteral("--name"), QStringLiteral("Finance"), QStringLiteral("--data"),
                     data});
        QCOMPARE(r.code, 0);
        QCOMPARE(run({QStringLiteral("space"), QStringLiteral("create"), QStringLiteral("finance"),
                      QStringLiteral("--data"), data})
                     .code,
                 1);
        QCOMPARE(run({QStringLiteral("space"), QStringLiteral("create"), QStringLiteral("Bad Slug"),
                      QStringLiteral("--data"), data})
                     .code,
                 1);
        r = run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"), data,
                 QStringLiteral("--role"), QStringLiteral("admin"), QStringLiteral("--name"),
                 QStringLiteral("fin"), QStringLiteral("--space"), QStringLiteral("finance")});
        QCOMPARE(r.code, 0);
        QVERIFY(r.out.contains(QLatin1String("in space 'finance'")));
    }

    void dataDirectoryFromTheEnvironment()
    {
        QTemporaryDir dir;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("PIPEWRIGHT_DATA"), dir.path());
        const Run r =
            run({QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--role"),
                 QStringLiteral("admin"), QStringLiteral("--name"), QStringLiteral("env")},
                {}, env);
        QCOMPARE(r.code, 0);
        QVERIFY(QFile::exists(dir.filePath(QStringLiteral("pipewright.db"))));
    }

    void connectorPasswordsAreSealedFromStandardInput()
    {
        QTemporaryDir data;
        const QString dir = data.path();
        Run set = run({QStringLiteral("connector"), QStringLiteral("set-secret"),
                       QStringLiteral("warehouse"), QStringLiteral("password"),
                       QStringLiteral("--data"), dir},
                      "pg-PLAIN-cli-7e21\n");
        QVERIFY2(set.code == 0, qPrintable(set.err));
        Run list = run(
            {QStringLiteral("connector"), QStringLiteral("list"), QStringLiteral("--data"), dir});
        QCOMPARE(list.code, 0);
        QVERIFY2(list.out.contains(QStringLiteral("warehouse\tsqlite\tsecrets: password")),
                 qPrintable(list.out));
        QVERIFY(!list.out.contains(QStringLiteral("pg-PLAIN")));
        // The value is nowhere in the data directory's files.
        QDirIterator it(dir, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
        while (it.hasNext()) {
            QFile file(it.next());
            QVERIFY(file.open(QIODevice::ReadOnly));
            QVERIFY2(!file.readAll().contains("pg-PLAIN-cli-7e21"), qPrintable(file.fileName()));
        }
        // Bad input changes nothing and says why.
        QCOMPARE(
            run({QStringLiteral("connector"), QStringLiteral("set-secret"), QStringLiteral("nope"),
                 QStringLiteral("password"), QStringLiteral("--data"), dir},
                "x\n")
                .code,
            1);
        QCOMPARE(run({QStringLiteral("connector"), QStringLiteral("set-secret"),
                      QStringLiteral("warehouse"), QStringLiteral("Bad Field"),
                      QStringLiteral("--data"), dir},
                     "x\n")
                     .code,
                 2);
        QCOMPARE(run({QStringLiteral("connector"), QStringLiteral("set-secret"),
                      QStringLiteral("warehouse"), QStringLiteral("password"),
                      QStringLiteral("--data"), dir})
                     .code,
                 2);
        Run cleared = run({QStringLiteral("connector"), QStringLiteral("clear-secret"),
                           QStringLiteral("warehouse"), QStringLiteral("password"),
                           QStringLiteral("--data"), dir});
        QCOMPARE(cleared.code, 0);
        QVERIFY(run({QStringLiteral("connector"), QStringLiteral("list"), QStringLiteral("--data"),
                     dir})
                    .out.contains(QStringLiteral("secrets: none")));
    }

    void serveRefusesNonLoopbackWithoutAllowRemote()
    {
        QTemporaryDir dir;
        const Run r = run({QStringLiteral("serve"), QStringLiteral("--host"),
                           QStringLiteral("0.0.0.0"), QStringLiteral("--data"), dir.path()});
        QCOMPARE(r.code, 2);
        QVERIFY(r.err.contains(QLatin1String("--allow-remote")));
        QCOMPARE(run({QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("70000"),
                      QStringLiteral("--data"), dir.path()})
                     .code,
                 2);
    }

    void windowStartedFromAShellSaysWhereTheApiIs()
    {
        // Started headless (as installers/dev.sh run does without a display), the window prints
        // the API's address and how to get a token.
        QTemporaryDir dir;
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        const quint16 port = probe.serverPort();
        probe.close();
        QProcess window;
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        env.insert(QStringLiteral("HOME"), dir.path()); // its settings stay in the test
        window.setProcessEnvironment(env);
        window.start(qEnvironmentVariable("PIPEWRIGHT_BIN"),
                     {QStringLiteral("--data"), dir.filePath(QStringLiteral("data")),
                      QStringLiteral("--port"), QString::number(port)});
        QVERIFY(window.waitForStarted(10000));
        QByteArray output;
        while (!output.contains("token create") && window.waitForReadyRead(20000))
            output += window.readAllStandardOutput();
        window.terminate();
        window.waitForFinished(10000);
        const QByteArray address =
            "Pipewright API at http://127.0.0.1:" + QByteArray::number(port) + "/api/v1.0";
        QVERIFY2(output.contains(address), output.constData());
        QVERIFY(output.contains("pipewright token create --data"));
    }

    void servePrintsItsUrlStopsCleanlyAndHoldsTheDataDirectory()
    {
        QTemporaryDir dir;
        QProcess server;
        server.start(qEnvironmentVariable("PIPEWRIGHT_BIN"),
                     {QStringLiteral("serve"), QStringLiteral("--port"), QStringLiteral("0"),
                      QStringLiteral("--data"), dir.path()});
        QVERIFY(server.waitForStarted());
        QByteArray output;
        while (!output.contains('\n') && server.waitForReadyRead(10000))
            output += server.readAllStandardOutput();
        QVERIFY2(QRegularExpression(
                     QStringLiteral("^Pipewright API at http://127\\.0\\.0\\.1:\\d+/api/v1\\.0"))
                     .match(QString::fromUtf8(output))
                     .hasMatch(),
                 output.constData());
        const Run second = run({QStringLiteral("serve"), QStringLiteral("--port"),
                                QStringLiteral("0"), QStringLiteral("--data"), dir.path()});
        QCOMPARE(second.code, 1);
        QVERIFY(second.err.contains(QLatin1String("another Pipewright process")));
        server.terminate();
        QVERIFY(server.waitForFinished(10000));
        QCOMPARE(server.exitStatus(), QProcess::NormalExit);
        QCOMPARE(server.exitCode(), 0);
    }
};

QTEST_GUILESS_MAIN(tst_Cli)
#include "tst_cli.moc"
