#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

#include "core/compiler/compilerservice.h"
#include "core/spec/nodecatalog.h"
#include "core/spec/specio.h"

using namespace pw::core;
using nlohmann::json;

namespace {

const QString kStandins = QStringLiteral(PW_SOURCE_DIR "/tests/core/standins");

struct PyRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

PyRun python(const QStringList &args, const QStringList &path = {})
{
    QProcess p;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("PYTHONPATH"), path.join(QLatin1Char(':')));
    env.insert(QStringLiteral("PYTHONDONTWRITEBYTECODE"), QStringLiteral("1"));
    p.setProcessEnvironment(env);
    p.start(QStringLiteral("python3"), args);
    p.waitForFinished(60000);
    return {p.exitCode(), p.readAllStandardOutput(), p.readAllStandardError()};
}

Spec demoSpec()
{
    QFile file(QStringLiteral(":/pipewright/demo/customer_renewals.json"));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("no demo resource");
    return readSpec(json::parse(file.readAll().toStdString())["spec"]).spec;
}

// A spec that tries the escaping and naming rules.
Spec trickySpec()
{
    return readSpec(json{{"nodes",
                          {{{"id", "import"},
                            {"type", "bash"},
                            {"label", "He said \"hi\"\n\\ zażółć"},
                            {"command", "echo \"a\\b\" 'c'\nscripts/run.sh"}},
                           {{"id", "class"},
                            {"type", "bash"},
                            {"command", "scripts/run.sh"},
                            {"trigger_rule", "all_done"},
                            {"retries", 4},
                            {"timeout_seconds", 60}},
                           {{"id", "dag"}, {"type", "empty"}},
                           {{"id", "query"},
                            {"type", "sql"},
                            {"connector", "warehouse"},
                            {"query", "SELECT '{{ ds }}' AS day -- \"quoted\" \\ end"}}}},
                         {"edges",
                          {{{"upstream", "import"}, {"downstream", "class"}},
                           {{"upstream", "import"}, {"downstream", "dag"}},
                           {{"upstream", "class"}, {"downstream", "query"}},
                           {{"upstream", "dag"}, {"downstream", "query"}}}},
                         {"deployment",
                          {{"dag_id", "tricky_dag"},
                           {"schedule", "@daily"},
                           {"start_date", "2025-03-04"},
                           {"tags", {"a\"b", "ünï"}}}},
                         {"params", {{"text", "line\nbreak"}, {"n", 3}}}})
        .spec;
}

// One node of every type, with the optional fields each has.
Spec everyTypeSpec()
{
    return readSpec(json{{"nodes",
                          {{{"id", "call"},
                            {"type", "python_module"},
                            {"module", "etl.steps"},
                            {"callable", "run"},
                            {"kwargs", {{"day", "{{ ds }}"}, {"limit", 10}}}},
                           {{"id", "shell"},
                            {"type", "bash"},
                            {"command", "echo $REGION"},
                            {"env", {{"REGION", "eu"}}},
                            {"description", "Says where."}},
                           {{"id", "query"},
                            {"type", "sql"},
                            {"connector", "warehouse"},
                            {"query", "sql/report.sql"}},
                           {{"id", "notify"},
                            {"type", "http_request"},
                            {"method", "POST"},
                            {"url", "https://hooks.example.com:8443/a/b?c=1"},
                            {"headers", {{"X-Token", "{{ params.token }}"}}},
                            {"body", "{\"day\": \"{{ ds }}\"}"},
                            {"trigger_rule", "all_done"}},
                           {{"id", "join"}, {"type", "empty"}},
                           {{"id", "read"}, {"type", "source"}, {"config", {{"table", "t"}}}}}},
                         {"edges",
                          {{{"upstream", "call"}, {"downstream", "join"}},
                           {{"upstream", "shell"}, {"downstream", "join"}},
                           {{"upstream", "query"}, {"downstream", "join"}},
                           {{"upstream", "read"}, {"downstream", "join"}},
                           {{"upstream", "join"}, {"downstream", "notify"}}}},
                         {"deployment",
                          {{"dag_id", "every_type"},
                           {"schedule", nullptr},
                           {"start_date", "2026-01-01"},
                           {"timezone", "Europe/Warsaw"},
                           {"retries", 1},
                           {"retry_delay_seconds", 30},
                           {"timeout_seconds", 600},
                           {"owner", "team"}}},
                         {"params", {{"token", "t"}}}})
        .spec;
}

json expectedEdges(const Spec &spec)
{
    json edges = json::array();
    for (const Edge &e : spec.edges)
        edges.push_back({e.upstream, e.downstream});
    std::sort(edges.begin(), edges.end());
    return edges;
}

// Runs a generated file against stand-in packages and returns what it built.
json runAgainst(const GeneratedFile &file, const QStringList &packages)
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("generated.py"));
    QFile out(path);
    out.open(QIODevice::WriteOnly);
    out.write(QByteArray::fromStdString(file.content));
    out.close();
    const PyRun run = python({path}, packages);
    if (run.exitCode != 0)
        qWarning("%s", run.err.constData());
    return run.exitCode == 0 ? json::parse(run.out.toStdString()) : json();
}

// Airflow 3: the standard operators live in the standard provider, and airflow.operators is gone.
QString airflow3Layout(QTemporaryDir &dir)
{
    const QString root = dir.filePath(QStringLiteral("airflow3"));
    QDirIterator it(kStandins + QStringLiteral("/airflow2"), QDir::Files,
                    QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString from = it.next();
        const QString rel = from.mid(kStandins.size() + 10);
        if (rel.startsWith(QStringLiteral("airflow/operators/")))
            continue;
        QDir().mkpath(QFileInfo(root + QLatin1Char('/') + rel).absolutePath());
        QFile::copy(from, root + QLatin1Char('/') + rel);
    }
    const QString standard = root + QStringLiteral("/airflow/providers/standard/operators");
    QDir().mkpath(standard);
    for (const QString &pkg :
         {QString(root + QStringLiteral("/airflow/providers/standard")), standard}) {
        QFile init(pkg + QStringLiteral("/__init__.py"));
        init.open(QIODevice::WriteOnly);
    }
    // airflow.sdk, Airflow 3's public module: its DAG says where it was imported from.
    QDir().mkpath(root + QStringLiteral("/airflow/sdk"));
    QFile sdk(root + QStringLiteral("/airflow/sdk/__init__.py"));
    sdk.open(QIODevice::WriteOnly);
    sdk.write("\"\"\"Test double (Airflow 3's airflow.sdk).\"\"\"\n"
              "import standin_record\nfrom airflow import DAG as _DAG\n\n\n"
              "class DAG(_DAG):\n    def __init__(self, *args, **kwargs):\n"
              "        super().__init__(*args, **kwargs)\n"
              "        standin_record.META[\"module\"] = \"airflow.sdk\"\n");
    sdk.close();
    for (auto [module, cls] :
         {std::pair{"bash", "BashOperator"}, std::pair{"empty", "EmptyOperator"},
          std::pair{"python", "PythonOperator"}}) {
        QFile f(standard + QLatin1Char('/') + QLatin1String(module) + QStringLiteral(".py"));
        f.open(QIODevice::WriteOnly);
        f.write(QByteArray("\"\"\"Test double (Airflow 3 standard provider).\"\"\"\n"
                           "from airflow.models_baseoperator import BaseOperator\n\n\nclass ") +
                cls + "(BaseOperator):\n    pass\n");
    }
    return root;
}

} // namespace

class tst_Compiler : public QObject
{
    Q_OBJECT

    CompilerService compiler{NodeCatalog::builtin()};

private slots:
    void generatedCodeParsesAndIsStable_data()
    {
        QTest::addColumn<QString>("target");
        QTest::newRow("airflow") << QStringLiteral("airflow");
        QTest::newRow("dagster") << QStringLiteral("dagster");
    }
    void generatedCodeParsesAndIsStable()
    {
        QFETCH(QString, target);
        // The demo, the naming and escaping rules, and a pipeline of no tasks yet.
        const Spec empty = readSpec(json{{"nodes", json::array()}, {"edges", json::array()}}).spec;
        for (const Spec &spec : {demoSpec(), trickySpec(), empty}) {
            CompileResult a = compiler.compile(spec, target.toStdString(), "Demo \"pipeline\"");
            QVERIFY(!hasErrors(a.problems));
            QCOMPARE(a.files.size(), size_t(1));
            CompileResult b = compiler.compile(spec, target.toStdString(), "Demo \"pipeline\"");
            QCOMPARE(a.files[0].content, b.files[0].content); // byte-identical
            QTemporaryDir dir;
            const QString path = dir.filePath(QStringLiteral("g.py"));
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray::fromStdString(a.files[0].content));
            out.close();
            const PyRun compiled =
                python({QStringLiteral("-m"), QStringLiteral("py_compile"), path});
            QVERIFY2(compiled.exitCode == 0, compiled.err.constData());
        }
    }

    void invalidSpecGivesProblemsAndNoFiles()
    {
        Spec spec = demoSpec();
        spec.edges.push_back({"notify_team", "extract_customer_renewals"}); // a cycle
        CompileResult result = compiler.compile(spec, "airflow", "x");
        QVERIFY(hasErrors(result.problems));
        QVERIFY(result.files.empty());
    }

    void airflowOutputBuildsTheSpecOnAirflow2And3()
    {
        QTemporaryDir layouts;
        const QString common = kStandins + QStringLiteral("/common");
        const QString airflow2 = kStandins + QStringLiteral("/airflow2");
        const QString airflow3 = airflow3Layout(layouts);
        for (const Spec &spec : {demoSpec(), trickySpec()}) {
            CompileResult result = compiler.compile(spec, "airflow", "Demo");
            const GeneratedFile &file = result.files[0];
            const std::string dagId = spec.deployment.value("dag_id", std::string());
            QCOMPARE(file.path, "dags/" + dagId + ".py");
            for (const QString &layout : {airflow2, airflow3}) {
                const json built = runAgainst(file, {common, layout});
                QVERIFY2(!built.is_null(), qPrintable(layout));
                QCOMPARE(built["tasks"].size(), spec.nodes.size());
                for (const Node &node : spec.nodes)
                    QVERIFY2(built["tasks"].contains(node.id), node.id.c_str());
                QCOMPARE(built["edges"], expectedEdges(spec));
                QCOMPARE(built["meta"]["dag_id"], json(dagId));
                QCOMPARE(built["meta"]["catchup"], json(false));
                QCOMPARE(built["meta"]["schedule"], spec.deployment["schedule"]);
                // Airflow 3 takes DAG from airflow.sdk; Airflow 2 from airflow.
                QCOMPARE(built["meta"].value("module", std::string("airflow")),
                         std::string(layout == airflow3 ? "airflow.sdk" : "airflow"));
            }
        }
    }

    // Ruff's Airflow rules (AIR: what Airflow 3 removed, moved or deprecated), pyflakes (F:
    // unused imports, undefined names) and syntax errors (E9), run from its WebAssembly build
    // (tests/tools, installed by installers/install-deps.sh), report nothing on the output.
    void ruffFindsNothingInTheAirflowOutput()
    {
        const QString tools = qEnvironmentVariable("PW_TEST_TOOLS");
        const QString script = tools + QStringLiteral("/ruff-check.js");
        QVERIFY2(
            QFileInfo::exists(tools + QStringLiteral("/node_modules/@astral-sh/ruff-wasm-nodejs")),
            "Ruff (WebAssembly) is missing: run installers/install-deps.sh");
        QTemporaryDir dir;
        QStringList files;
        for (const Spec &spec : {demoSpec(), trickySpec(), everyTypeSpec()}) {
            for (const char *target : {"airflow", "dagster"}) {
                const CompileResult result = compiler.compile(spec, target, "Lint");
                QVERIFY(!result.files.empty());
                const QString path =
                    dir.filePath(QString::number(files.size()) + QStringLiteral(".py"));
                QFile out(path);
                QVERIFY(out.open(QIODevice::WriteOnly));
                out.write(QByteArray::fromStdString(result.files[0].content));
                files << path;
            }
        }
        // AIR applies to the Airflow files; F and E9 to both targets.
        QProcess ruff;
        ruff.setProcessChannelMode(QProcess::MergedChannels);
        ruff.start(QStringLiteral("node"), QStringList{script, QStringLiteral("AIR,F,E9")} + files);
        QVERIFY(ruff.waitForFinished(60000));
        const QByteArray report = ruff.readAll();
        QVERIFY2(ruff.exitStatus() == QProcess::NormalExit && ruff.exitCode() == 0,
                 report.constData());
        QVERIFY2(report.contains(" 0 diagnostic(s)"), report.constData());
        // The check itself finds what it should: an import Airflow 3 removed.
        const QString bad = dir.filePath(QStringLiteral("bad.py"));
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("from airflow.utils.dates import days_ago\n\nSTART = days_ago(1)\n");
        b.close();
        ruff.start(QStringLiteral("node"), {script, QStringLiteral("AIR,F,E9"), bad});
        QVERIFY(ruff.waitForFinished(60000));
        QCOMPARE(ruff.exitCode(), 1);
        QVERIFY(ruff.readAll().contains("AIR3"));
    }

    // The output for the demo and the tricky spec, byte for byte: a change to the generated code
    // shows up in review as a change to these files (PW_UPDATE_GOLDEN=1 rewrites them).
    void goldenFiles_data()
    {
        QTest::addColumn<QString>("which");
        QTest::addColumn<QString>("target");
        for (const char *which : {"demo", "tricky", "every_type"})
            for (const char *target : {"airflow", "dagster"})
                QTest::newRow((std::string(which) + " " + target).c_str())
                    << QString::fromLatin1(which) << QString::fromLatin1(target);
    }
    void goldenFiles()
    {
        QFETCH(QString, which);
        QFETCH(QString, target);
        const Spec spec = which == QLatin1String("demo")     ? demoSpec()
                          : which == QLatin1String("tricky") ? trickySpec()
                                                             : everyTypeSpec();
        const std::string code =
            compiler.compile(spec, target.toStdString(), "Golden").files.at(0).content;
        const QString path = QStringLiteral(PW_SOURCE_DIR "/tests/core/golden/") + which +
                             QLatin1Char('.') + target + QStringLiteral(".py");
        if (qEnvironmentVariableIsSet("PW_UPDATE_GOLDEN")) {
            QFile out(path);
            QVERIFY(out.open(QIODevice::WriteOnly));
            out.write(QByteArray::fromStdString(code));
        }
        QFile golden(path);
        QVERIFY2(golden.open(QIODevice::ReadOnly), qPrintable(path));
        QCOMPARE(QString::fromStdString(code), QString::fromUtf8(golden.readAll()));
    }

    void airflowKeepsTextsAndTemplatesExactly()
    {
        const Spec spec = trickySpec();
        CompileResult result = compiler.compile(spec, "airflow", "Tricky");
        const std::string &code = result.files[0].content;
        // Ids Python cannot take as variables live in a dict under their task id; the file says so.
        QCOMPARE(result.renamed.at("import"), std::string("tasks[\"import\"]"));
        QCOMPARE(result.renamed.at("class"), std::string("tasks[\"class\"]"));
        QCOMPARE(result.renamed.at("dag"), std::string("tasks[\"dag\"]"));
        QVERIFY(code.find("kept in `tasks`: class dag import\n") != std::string::npos);
        QVERIFY(code.find("    tasks[\"import\"] >> tasks[\"class\"]\n") != std::string::npos);
        const json built = runAgainst(result.files[0], {kStandins + QStringLiteral("/common"),
                                                        kStandins + QStringLiteral("/airflow2")});
        // Text survives quotes, backslashes, newlines and non-ASCII, templates included.
        QCOMPARE(built["tasks"]["import"]["args"]["bash_command"],
                 json("echo \"a\\b\" 'c'\nscripts/run.sh "));
        QCOMPARE(built["tasks"]["query"]["args"]["sql"],
                 json("SELECT '{{ ds }}' AS day -- \"quoted\" \\ end"));
        // A command ending in .sh is not looked up as a template file.
        QCOMPARE(built["tasks"]["class"]["args"]["bash_command"], json("scripts/run.sh "));
        QCOMPARE(built["tasks"]["class"]["args"]["trigger_rule"], json("all_done"));
        QCOMPARE(built["tasks"]["class"]["args"]["retries"], json(4));
        QCOMPARE(built["meta"]["tags"], json({"a\"b", "ünï"}));
        QCOMPARE(built["meta"]["params"], json({{"n", 3}, {"text", "line\nbreak"}}));
        // Nothing Airflow 3 removed.
        for (const char *gone :
             {"schedule_interval", "days_ago", "execution_date", "SubDag", "sla"})
            QVERIFY2(code.find(gone) == std::string::npos, gone);
        // The demo's query is a file of the repository: looked up from the repository root.
        const std::string demo = compiler.compile(demoSpec(), "airflow", "Demo").files[0].content;
        QVERIFY(demo.find("template_searchpath=[REPOSITORY_ROOT]") != std::string::npos);
        QVERIFY(demo.find("sql=\"sql/extract_customer_renewals.sql\"") != std::string::npos);
        QVERIFY(
            demo.find(
                "functools.partial(call_callable, \"pipelines.customer_renewals\", \"load\")") !=
            std::string::npos);
    }

    void dagsterOutputBuildsTheSpec()
    {
        for (const Spec &spec : {demoSpec(), trickySpec()}) {
            CompileResult result = compiler.compile(spec, "dagster", "Demo");
            const json built =
                runAgainst(result.files[0], {kStandins + QStringLiteral("/common"),
                                             kStandins + QStringLiteral("/dagster")});
            QVERIFY(!built.is_null());
            QCOMPARE(built["tasks"].size(), spec.nodes.size());
            QCOMPARE(built["edges"], expectedEdges(spec));
            QCOMPARE(built["meta"]["dag_id"], spec.deployment["dag_id"]);
            QCOMPARE(built["meta"]["schedule"], spec.deployment["schedule"]);
        }
    }
};

QTEST_GUILESS_MAIN(tst_Compiler)
#include "tst_compiler.moc"
