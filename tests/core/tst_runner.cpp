#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <filesystem>
#include <fstream>

#include <sqlite3.h>

#include "core/run/runengine.h"
#include "core/run/runmodel.h"
#include "core/run/taskexecution.h"
#include "core/run/tasksandbox.h"
#include "core/run/template.h"
#include "core/spec/specio.h"
#include "server/sandbox/loopbacksandbox.h"
#include "support/fixtures.h"

using namespace pw::core;
using pw::test::createDefinitionIn;
using pw::test::expectOk;
using pw::test::Fixture;

namespace {

// Processes whose environment names the run: what a run left running.
QStringList processesOfRun(const std::string &runId)
{
    QStringList found;
    const std::string marker = "PIPEWRIGHT_RUN_ID=" + runId;
    for (const auto &entry : std::filesystem::directory_iterator("/proc")) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit))
            continue;
        std::ifstream environ(entry.path() / "environ", std::ios::binary);
        std::string variable;
        while (std::getline(environ, variable, '\0')) {
            if (variable == marker) {
                std::ifstream comm(entry.path() / "comm");
                std::string command;
                std::getline(comm, command);
                // A zombie waiting for its parent is not running anything.
                std::ifstream stat(entry.path() / "stat");
                std::string statText;
                std::getline(stat, statText);
                const size_t close = statText.rfind(')');
                if (close != std::string::npos && close + 2 < statText.size() &&
                    statText[close + 2] == 'Z')
                    break;
                found << QString::fromStdString(name + " " + command);
                break;
            }
        }
    }
    return found;
}

const TaskRunInfo &taskOf(const RunInfo &run, const std::string &nodeId)
{
    for (const TaskRunInfo &t : run.tasks) {
        if (t.nodeId == nodeId)
            return t;
    }
    qFatal("task %s is not in the run", nodeId.c_str());
}

std::string logOf(Fixture &f, const std::string &runId, const std::string &nodeId, int attempt = 0)
{
    auto log = f.core().runs().log(f.local(), runId, nodeId, attempt, 0, 1 << 20);
    return log ? log->chunk.content : "(no log: " + log.error().message + ")";
}

} // namespace

class tst_Runner : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;

    std::string createDefinition(const nlohmann::json &spec, const std::string &name = "Test run")
    {
        DefinitionCreate input;
        input.meta.name = name;
        input.meta.workspaceId = f->demoWorkspaceId();
        input.meta.repositoryId = f->demoRepositoryId();
        input.spec = readSpec(spec).spec;
        auto created = f->core().definitions().create(f->local(), std::move(input));
        if (!created)
            qFatal("create: %s", created.error().message.c_str());
        return created->definition->id;
    }

    static nlohmann::json bash(const std::string &id, const std::string &command,
                               nlohmann::json extra = nlohmann::json::object())
    {
        nlohmann::json node{{"id", id}, {"type", "bash"}, {"command", command}};
        node.update(extra);
        return node;
    }

    static nlohmann::json spec(nlohmann::json nodes, nlohmann::json edges = nlohmann::json::array(),
                               nlohmann::json deployment = nlohmann::json::object())
    {
        nlohmann::json d{{"dag_id", "runner_test"}, {"retries", 0}};
        d.update(deployment);
        return {{"nodes", std::move(nodes)}, {"edges", std::move(edges)}, {"deployment", d}};
    }

    RunInfo waitForEnd(const std::string &runId, int timeoutMs = 30000)
    {
        QElapsedTimer timer;
        timer.start();
        for (;;) {
            RunInfo run = expectOk(f->core().runs().get(f->local(), runId), "get run");
            if (isFinished(run.state) || timer.elapsed() > timeoutMs)
                return run;
            QTest::qWait(20);
        }
    }

    RunInfo runToEnd(RunRequest request, int timeoutMs = 30000)
    {
        auto started = f->core().runs().start(f->local(), std::move(request));
        if (!started)
            qFatal("start: %s", started.error().message.c_str());
        return waitForEnd(started->id, timeoutMs);
    }

    RunInfo runSpec(const nlohmann::json &s, RunRequest request = {})
    {
        request.definitionId = createDefinition(s);
        return runToEnd(std::move(request));
    }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>();
        f->core().runs().setKillGraceMs(500);
        f->core().runs().setHttpSandboxFactory(
            [] { return std::make_unique<pw::server::LoopbackSandbox>(); });
    }
    void cleanup() { f.reset(); }

    // ---- pure parts -----------------------------------------------------------------------

    void templatesRender_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::newRow("ds") << "day {{ ds }}"
                            << "day 2026-12-31";
        QTest::newRow("spaces optional") << "{{ds}}|{{  ds_nodash  }}"
                                         << "2026-12-31|20261231";
        QTest::newRow("ts") << "{{ ts }}"
                            << "2026-12-31T06:30:05+00:00";
        QTest::newRow("ts_nodash") << "{{ ts_nodash }}"
                                   << "20261231T063005";
        QTest::newRow("logical_date") << "{{ logical_date }}"
                                      << "2026-12-31T06:30:05+00:00";
        QTest::newRow("run_id") << "{{ run_id }}"
                                << "run-7";
        QTest::newRow("param") << "{{ params.days }} days"
                               << "90 days";
        QTest::newRow("param subscript") << "{{ params['region'] }}"
                                         << "eu-west";
        QTest::newRow("nested param") << "{{ params.db.schema }}"
                                      << "finance";
        QTest::newRow("bool param as Python prints it") << "{{ params.full }}"
                                                        << "True";
        QTest::newRow("task id") << "{{ task.task_id }}/{{ ti.task_id }}"
                                 << "load/load";
        QTest::newRow("dag id") << "{{ dag.dag_id }}"
                                << "renewals";
        QTest::newRow("ds_add over a year end") << "{{ macros.ds_add(ds, 1) }}"
                                                << "2027-01-01";
        QTest::newRow("ds_add back") << "{{ macros.ds_add('2024-03-01', -1) }}"
                                     << "2024-02-29";
        QTest::newRow("comment dropped") << "a{# note #}b"
                                         << "ab";
        QTest::newRow("whitespace control") << "{{- ds -}}"
                                            << "2026-12-31";
        QTest::newRow("bash braces untouched") << "echo ${HOME} {a,b}"
                                               << "echo ${HOME} {a,b}";
        QTest::newRow("utf-8 kept") << "zażółć {{ ds }}"
                                    << "zażółć 2026-12-31";
    }
    void templatesRender()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        TemplateContext context{
            "2026-12-31T06:30:05Z",
            "run-7",
            "renewals",
            "load",
            {{"days", 90}, {"region", "eu-west"}, {"full", true}, {"db", {{"schema", "finance"}}}}};
        auto rendered = renderTemplate(text.toStdString(), context);
        QVERIFY2(rendered, rendered ? "" : rendered.error().message.c_str());
        QCOMPARE(QString::fromStdString(*rendered), expected);
    }

    void templatesRefuseWhatLocalRunsCannotRender_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("messagePart");
        QTest::newRow("unknown name") << "{{ yesterday }}"
                                      << "'yesterday' is not a template variable";
        QTest::newRow("removed in Airflow 3") << "{{ execution_date }}"
                                              << "removed in Airflow 3";
        QTest::newRow("missing param") << "{{ params.nope }}"
                                       << "params.nope is not set";
        QTest::newRow("filter") << "{{ ds | upper }}"
                                << "filters are not supported";
        QTest::newRow("statement") << "{% if true %}x{% endif %}"
                                   << "statements are not supported";
        QTest::newRow("variables") << "{{ var.value.key }}"
                                   << "Variables are not available";
        QTest::newRow("unknown macro") << "{{ macros.ds_format(ds, '%Y', '%y') }}"
                                       << "macros.ds_format is not available";
        QTest::newRow("not closed") << "echo {{ ds"
                                    << "is not closed";
    }
    void templatesRefuseWhatLocalRunsCannotRender()
    {
        QFETCH(QString, text);
        QFETCH(QString, messagePart);
        TemplateContext context{"2026-12-31T00:00:00Z", "r", "d", "t", {{"days", 1}}};
        auto rendered = renderTemplate(text.toStdString(), context);
        QVERIFY(!rendered);
        QVERIFY2(QString::fromStdString(rendered.error().message).contains(messagePart),
                 rendered.error().message.c_str());
    }

    void triggerRules_data()
    {
        QTest::addColumn<QString>("rule");
        QTest::addColumn<int>("total");
        QTest::addColumn<int>("succeeded");
        QTest::addColumn<int>("failed");
        QTest::addColumn<int>("skipped");
        QTest::addColumn<int>("decision");
        const int wait = int(TriggerDecision::Wait), run = int(TriggerDecision::Run),
                  skip = int(TriggerDecision::Skip), up = int(TriggerDecision::UpstreamFailed);
        QTest::newRow("all_success waits") << "all_success" << 2 << 1 << 0 << 0 << wait;
        QTest::newRow("all_success runs") << "all_success" << 2 << 2 << 0 << 0 << run;
        QTest::newRow("all_success fails at once") << "all_success" << 3 << 0 << 1 << 0 << up;
        QTest::newRow("all_success skips") << "all_success" << 2 << 1 << 0 << 1 << skip;
        QTest::newRow("default is all_success") << "" << 1 << 0 << 1 << 0 << up;
        QTest::newRow("all_failed runs") << "all_failed" << 2 << 0 << 2 << 0 << run;
        QTest::newRow("all_failed skips on success") << "all_failed" << 2 << 1 << 0 << 0 << skip;
        QTest::newRow("all_done waits") << "all_done" << 2 << 0 << 1 << 0 << wait;
        QTest::newRow("all_done runs after failure") << "all_done" << 2 << 1 << 1 << 0 << run;
        QTest::newRow("one_success early") << "one_success" << 3 << 1 << 0 << 0 << run;
        QTest::newRow("one_success none") << "one_success" << 2 << 0 << 2 << 0 << up;
        QTest::newRow("one_success all skipped") << "one_success" << 2 << 0 << 0 << 2 << skip;
        QTest::newRow("one_failed early") << "one_failed" << 3 << 0 << 1 << 0 << run;
        QTest::newRow("one_failed none") << "one_failed" << 2 << 2 << 0 << 0 << skip;
        QTest::newRow("none_failed with skips") << "none_failed" << 2 << 1 << 0 << 1 << run;
        QTest::newRow("none_failed failure") << "none_failed" << 2 << 0 << 1 << 0 << up;
        QTest::newRow("none_skipped skip") << "none_skipped" << 2 << 0 << 0 << 1 << skip;
        QTest::newRow("none_skipped failure runs") << "none_skipped" << 2 << 1 << 1 << 0 << run;
        QTest::newRow("always at once") << "always" << 2 << 0 << 0 << 0 << run;
        QTest::newRow("no upstream") << "all_failed" << 0 << 0 << 0 << 0 << run;
    }
    void triggerRules()
    {
        QFETCH(QString, rule);
        QFETCH(int, total);
        QFETCH(int, succeeded);
        QFETCH(int, failed);
        QFETCH(int, skipped);
        QFETCH(int, decision);
        QCOMPARE(int(decideTrigger(rule.toStdString(), {total, succeeded, failed, skipped})),
                 decision);
    }

    void selections()
    {
        // a → b → c, a → d; e alone
        Spec s = readSpec(spec({bash("a", "true"), bash("b", "true"), bash("c", "true"),
                                bash("d", "true"), bash("e", "true")},
                               {{{"upstream", "a"}, {"downstream", "b"}},
                                {{"upstream", "b"}, {"downstream", "c"}},
                                {{"upstream", "a"}, {"downstream", "d"}}}))
                     .spec;
        auto picked = [&](RunSelection::Mode mode, std::vector<std::string> nodes) {
            auto mask = selectNodes(s, RunSelection{mode, std::move(nodes)});
            QString out;
            for (size_t i = 0; mask && i < mask->size(); ++i)
                out += (*mask)[i] ? QString::fromStdString(s.nodes[i].id) : QString();
            return mask ? out : QStringLiteral("error");
        };
        QCOMPARE(picked(RunSelection::Mode::All, {}), QStringLiteral("abcde"));
        QCOMPARE(picked(RunSelection::Mode::From, {"b"}), QStringLiteral("bc"));
        QCOMPARE(picked(RunSelection::Mode::From, {"a"}), QStringLiteral("abcd"));
        QCOMPARE(picked(RunSelection::Mode::UpTo, {"c"}), QStringLiteral("abc"));
        QCOMPARE(picked(RunSelection::Mode::Only, {"d", "b"}), QStringLiteral("bd"));
        QCOMPARE(picked(RunSelection::Mode::Only, {"zz"}), QStringLiteral("error"));
        QCOMPARE(picked(RunSelection::Mode::From, {}), QStringLiteral("error"));
    }

    // ---- runs -------------------------------------------------------------------------------

    void demoRunsGreenWithoutANetwork()
    {
        QSignalSpy events(&f->core().notifier(), &ChangeNotifier::changed);
        RunRequest request;
        request.definitionId = f->demoDefinitionId();
        request.logicalDate = "2026-12-01";
        const RunInfo run = runToEnd(request);
        QCOMPARE(run.state, RunState::Completed);
        QCOMPARE(run.tasks.size(), size_t(8));
        for (const TaskRunInfo &t : run.tasks) {
            QVERIFY2(t.state == TaskState::Completed, (t.nodeId + ": " + t.message).c_str());
            QCOMPARE(t.attempt, 1);
        }
        // The SQL ran on the demo warehouse with the rendered dates, the CRM sandbox answered,
        // and the Python tasks read what they returned.
        const std::string sql = logOf(*f, run.id, "extract_customer_renewals");
        QVERIFY2(sql.find("BETWEEN '2026-12-01' AND '2027-03-01'") != std::string::npos,
                 sql.c_str());
        QVERIFY2(sql.find(" rows") != std::string::npos, sql.c_str());
        QVERIFY(logOf(*f, run.id, "clean_accounts").find("kept 20 of 20 accounts") !=
                std::string::npos);
        QVERIFY(logOf(*f, run.id, "refresh_dashboard").find("dashboard for 2026-12-01") !=
                std::string::npos);
        QVERIFY(QFile::exists(QString::fromStdString(f->core().runs().folders(run.id).work) +
                              QStringLiteral("/2026-12-01/renewals.csv")));
        // The checkout is removed after the run (once its engine is gone, just after the final
        // state is written); the logs stay.
        QTRY_VERIFY_WITH_TIMEOUT(
            !QDir(QString::fromStdString(f->core().runs().folders(run.id).code)).exists(), 5000);
        QVERIFY(QDir(QString::fromStdString(f->core().runs().folders(run.id).logs)).exists());
        // Every state change reached the faces as `run` change events of this definition.
        int runEvents = 0;
        for (const auto &args : events) {
            const auto e = args.at(0).value<ChangeEvent>();
            if (e.kind == ChangeEvent::Kind::Run && e.objectId == run.id) {
                ++runEvents;
                QCOMPARE(e.definitionId, f->demoDefinitionId());
            }
        }
        QVERIFY2(runEvents >= 3, std::to_string(runEvents).c_str());
        // The run is listed for its definition.
        auto runs = expectOk(f->core().runs().list(f->local(), f->demoDefinitionId(), {}), "list");
        QCOMPARE(runs.total, 1);
        QCOMPARE(runs.items.front().id, run.id);
    }

    void failuresFollowTriggerRules()
    {
        // bad fails; after_bad (all_success) is upstream_failed; cleanup (all_done) and alert
        // (one_failed) run; only_failures (all_failed) is skipped after ok; skipped_too follows.
        const RunInfo run = runSpec(spec(
            {bash("bad", "echo about to fail; exit 4"), bash("ok", "true"),
             bash("after_bad", "true"), bash("cleanup", "true", {{"trigger_rule", "all_done"}}),
             bash("alert", "true", {{"trigger_rule", "one_failed"}}),
             bash("only_failures", "true", {{"trigger_rule", "all_failed"}}),
             bash("skipped_too", "true"),
             bash("despite_skip", "true", {{"trigger_rule", "none_failed"}})},
            {{{"upstream", "bad"}, {"downstream", "after_bad"}},
             {{"upstream", "bad"}, {"downstream", "cleanup"}},
             {{"upstream", "ok"}, {"downstream", "cleanup"}},
             {{"upstream", "bad"}, {"downstream", "alert"}},
             {{"upstream", "ok"}, {"downstream", "only_failures"}},
             {{"upstream", "only_failures"}, {"downstream", "skipped_too"}},
             {{"upstream", "only_failures"}, {"downstream", "despite_skip"}}}));
        QCOMPARE(taskOf(run, "bad").state, TaskState::Failed);
        QCOMPARE(taskOf(run, "bad").exitCode, std::optional<int>(4));
        QCOMPARE(QString::fromStdString(taskOf(run, "bad").message),
                 QStringLiteral("exited with code 4"));
        QCOMPARE(taskOf(run, "after_bad").state, TaskState::UpstreamFailed);
        QCOMPARE(taskOf(run, "after_bad").attempt, 0);
        QCOMPARE(taskOf(run, "cleanup").state, TaskState::Completed);
        QCOMPARE(taskOf(run, "alert").state, TaskState::Completed);
        QCOMPARE(taskOf(run, "only_failures").state, TaskState::Skipped);
        QCOMPARE(taskOf(run, "skipped_too").state, TaskState::Skipped);
        QCOMPARE(taskOf(run, "despite_skip").state, TaskState::Completed);
        // A leaf did not run because of a failure: the run failed, and says which.
        QCOMPARE(run.state, RunState::Failed);
        QVERIFY(run.message.find("after_bad") != std::string::npos);
        QVERIFY(logOf(*f, run.id, "bad").find("about to fail") != std::string::npos);
        // Re-running the failed tasks runs exactly those.
        auto again = expectOk(f->core().runs().rerunFailed(f->local(), run.id), "rerun");
        QCOMPARE(again.trigger, std::string("rerun"));
        std::vector<std::string> nodes;
        for (const TaskRunInfo &t : again.tasks)
            nodes.push_back(t.nodeId);
        QCOMPARE(nodes, (std::vector<std::string>{"bad", "after_bad"}));
        QCOMPARE(waitForEnd(again.id).state, RunState::Failed);
    }

    void retriesWaitTheirDelay()
    {
        // Fails the first time (a marker in the run's work folder), succeeds the second.
        const std::string command =
            "if [ -f \"$PIPEWRIGHT_WORK_DIR/once\" ]; then echo second; else touch "
            "\"$PIPEWRIGHT_WORK_DIR/once\"; echo first; exit 3; fi";
        const RunInfo run = runSpec(
            spec({bash("flaky", command, {{"retries", 2}})}, {}, {{"retry_delay_seconds", 1}}));
        QCOMPARE(run.state, RunState::Completed);
        const TaskRunInfo &t = taskOf(run, "flaky");
        QCOMPARE(t.attempt, 2);
        QCOMPARE(t.maxAttempts, 3);
        const std::string first = logOf(*f, run.id, "flaky", 1);
        QVERIFY2(first.find("exited with code 3") != std::string::npos, first.c_str());
        QVERIFY(first.find("retrying in 1 s") != std::string::npos);
        QVERIFY(logOf(*f, run.id, "flaky", 2).find("second") != std::string::npos);
        // The second attempt started after the delay.
        const QDateTime started =
            QDateTime::fromString(QString::fromStdString(*run.startedAt), Qt::ISODateWithMs);
        const QDateTime attempt2 =
            QDateTime::fromString(QString::fromStdString(*t.startedAt), Qt::ISODateWithMs);
        QVERIFY2(started.msecsTo(attempt2) >= 950,
                 std::to_string(started.msecsTo(attempt2)).c_str());
    }

    void timeoutStopsTheTaskAndWhatItStarted()
    {
        QElapsedTimer timer;
        timer.start();
        const RunInfo run =
            runSpec(spec({bash("slow", "sleep 30 & sleep 30", {{"timeout_seconds", 1}})}));
        QVERIFY2(timer.elapsed() < 10000, std::to_string(timer.elapsed()).c_str());
        QCOMPARE(run.state, RunState::Failed);
        QCOMPARE(QString::fromStdString(taskOf(run, "slow").message),
                 QStringLiteral("timed out after 1 s"));
        QVERIFY(processesOfRun(run.id).isEmpty());
    }

    void cancelLeavesNoProcessBehind()
    {
        // One task ignores SIGTERM (so SIGKILL follows the grace period), one starts a
        // background job; a third waits for them.
        const std::string id =
            createDefinition(spec({bash("stubborn", "trap '' TERM; sleep 60"),
                                   bash("parent", "sleep 60 & sleep 60"), bash("after", "true")},
                                  {{{"upstream", "stubborn"}, {"downstream", "after"}}}));
        RunRequest request;
        request.definitionId = id;
        auto started = expectOk(f->core().runs().start(f->local(), request), "start");
        // Every command has started (its sleeps run), not only the sandboxes around them.
        QTRY_VERIFY_WITH_TIMEOUT(processesOfRun(started.id)
                                         .filter(QRegularExpression(QStringLiteral(" sleep$")))
                                         .size() >= 3,
                                 10000);
        QTRY_COMPARE_WITH_TIMEOUT(f->core().runs().get(f->local(), started.id)->state,
                                  RunState::Running, 5000);
        auto cancelled = expectOk(f->core().runs().cancel(f->local(), started.id), "cancel");
        QVERIFY(!isFinished(cancelled.state) || cancelled.state == RunState::Cancelled);
        const RunInfo run = waitForEnd(started.id, 10000);
        QCOMPARE(run.state, RunState::Cancelled);
        for (const TaskRunInfo &t : run.tasks)
            QCOMPARE(t.state, TaskState::Cancelled);
        QVERIFY(run.message.find("cancelled by") != std::string::npos);
        QVERIFY2(processesOfRun(run.id).isEmpty(), qPrintable(processesOfRun(run.id).join(u',')));
        QVERIFY(logOf(*f, run.id, "stubborn").find("SIGKILL") != std::string::npos);
        // A finished run cannot be cancelled again.
        auto again = f->core().runs().cancel(f->local(), run.id);
        QVERIFY(!again);
        QCOMPARE(again.error().code, ErrorCode::Conflict);
    }

    void aMemberMayHaveOnlySoManyRunsUnderWay()
    {
        RunRequest request;
        request.definitionId = createDefinition(spec({bash("wait", "sleep 60")}));
        std::vector<std::string> started;
        for (int i = 0; i < RunService::kMaxActiveRunsPerMember; ++i)
            started.push_back(expectOk(f->core().runs().start(f->local(), request), "start").id);
        auto refused = f->core().runs().start(f->local(), request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::TooManyRequests);
        QCOMPARE(refused.error().details["retry_after"],
                 nlohmann::json(RunService::kRunRetryAfterSeconds));
        // Another member is not held back; a run that ends frees its place.
        const Actor erin = f->actor(Role::Editor, "erin");
        const std::string hers = expectOk(f->core().runs().start(erin, request), "erin's").id;
        expectOk(f->core().runs().cancel(f->local(), started.front()), "cancel");
        QCOMPARE(waitForEnd(started.front()).state, RunState::Cancelled);
        started.front() = expectOk(f->core().runs().start(f->local(), request), "again").id;
        for (const std::string &id : started)
            expectOk(f->core().runs().cancel(f->local(), id), "cancel");
        expectOk(f->core().runs().cancel(erin, hers), "cancel hers");
        for (const std::string &id : started)
            QCOMPARE(waitForEnd(id).state, RunState::Cancelled);
    }

    void parallelismLimitsTasksAtOnce()
    {
        nlohmann::json nodes = nlohmann::json::array();
        for (int i = 0; i < 4; ++i)
            nodes.push_back(bash("t" + std::to_string(i), "sleep 0.4"));
        RunRequest request;
        request.parallelism = 2;
        QElapsedTimer timer;
        timer.start();
        const RunInfo run = runSpec(spec(nodes), request);
        QCOMPARE(run.state, RunState::Completed);
        QVERIFY2(timer.elapsed() >= 780, std::to_string(timer.elapsed()).c_str());
        // At no moment were more than two running.
        std::vector<std::pair<QDateTime, int>> edges;
        for (const TaskRunInfo &t : run.tasks) {
            edges.emplace_back(
                QDateTime::fromString(QString::fromStdString(*t.startedAt), Qt::ISODateWithMs), 1);
            edges.emplace_back(
                QDateTime::fromString(QString::fromStdString(*t.finishedAt), Qt::ISODateWithMs),
                -1);
        }
        std::sort(edges.begin(), edges.end(), [](const auto &a, const auto &b) {
            return a.first != b.first ? a.first < b.first : a.second < b.second;
        });
        int running = 0, most = 0;
        for (const auto &[when, delta] : edges)
            most = std::max(most, running += delta);
        QCOMPARE(most, 2);
    }

    void partialRunsRunTheirSelection()
    {
        const std::string id = createDefinition(
            spec({bash("a", "true"), bash("b", "echo b ran"), bash("c", "true"), bash("d", "true")},
                 {{{"upstream", "a"}, {"downstream", "b"}},
                  {{"upstream", "b"}, {"downstream", "c"}},
                  {{"upstream", "a"}, {"downstream", "d"}}}));
        RunRequest from;
        from.definitionId = id;
        from.selection = {RunSelection::Mode::From, {"b"}};
        RunInfo run = runToEnd(from);
        QCOMPARE(run.state, RunState::Completed);
        QCOMPARE(run.taskCount, 2);
        QCOMPARE(run.tasks.size(), size_t(2));
        QCOMPARE(run.tasks[0].nodeId, std::string("b"));
        QCOMPARE(run.tasks[1].nodeId, std::string("c"));
        RunRequest only;
        only.definitionId = id;
        only.selection = {RunSelection::Mode::Only, {"d"}};
        run = runToEnd(only);
        QCOMPARE(run.tasks.size(), size_t(1));
        QCOMPARE(run.selection.mode, RunSelection::Mode::Only);
        RunRequest unknown;
        unknown.definitionId = id;
        unknown.selection = {RunSelection::Mode::From, {"nope"}};
        auto refused = f->core().runs().start(f->local(), unknown);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Invalid);
    }

    void theDraftCodeIsWhatRuns()
    {
        // An edit saved in the editor (a draft, not committed) is the code the task runs.
        const std::string id =
            createDefinition(spec({{{"id", "call"},
                                    {"type", "python_module"},
                                    {"module", "pipelines.scratch"},
                                    {"callable", "go"},
                                    {"kwargs", {{"who", "{{ params.who }}"}}}}}));
        expectOk(f->core().repositories().save(
                     f->local(), id,
                     FileUpload{"pipelines/scratch.py",
                                "def go(who, ds, params):\n    print(f'draft says hi to {who} on "
                                "{ds}; params={params}')\n    return 7\n",
                                std::nullopt}),
                 "save draft");
        RunRequest request;
        request.definitionId = id;
        request.params = {{"who", "Ada"}};
        request.logicalDate = "2026-02-03T04:05:06Z";
        const RunInfo run = runToEnd(request);
        const std::string log = logOf(*f, run.id, "call");
        QVERIFY2(run.state == RunState::Completed, log.c_str());
        QVERIFY2(log.find("draft says hi to Ada on 2026-02-03; params={'who': 'Ada'}") !=
                     std::string::npos,
                 log.c_str());
        QVERIFY(log.find("Returned value was: 7") != std::string::npos);
        QCOMPARE(run.logicalDate, std::string("2026-02-03T04:05:06Z"));
    }

    void aTemplateLocalRunsCannotRenderFailsOnceWithWhy()
    {
        const RunInfo run = runSpec(spec({bash("t", "echo {{ yesterday_ds }}", {{"retries", 3}})},
                                         {}, {{"retry_delay_seconds", 0}}));
        QCOMPARE(run.state, RunState::Failed);
        const TaskRunInfo &t = taskOf(run, "t");
        QCOMPARE(t.attempt, 1); // not retried: it would fail the same way
        QVERIFY2(t.message.find("removed in Airflow 3") != std::string::npos, t.message.c_str());
    }

    void sqlRunsOnSqliteConnectorsOnly()
    {
        const QString db = f->dataDir() + QStringLiteral("/sales.sqlite");
        {
            sqlite3 *h = nullptr;
            sqlite3_open(db.toUtf8().constData(), &h);
            sqlite3_exec(h,
                         "CREATE TABLE sales(day TEXT, amount INT); INSERT INTO sales VALUES "
                         "('2026-05-01', 5), ('2026-05-01', 7), ('2026-05-02', 1);",
                         nullptr, nullptr, nullptr);
            sqlite3_close(h);
        }
        expectOk(f->core().registry().registerConnector(f->local(), "sales", "sqlite",
                                                        {{"path", "sales.sqlite"}}),
                 "connector");
        expectOk(f->core().registry().registerConnector(f->local(), "lake", "snowflake"),
                 "connector");
        nlohmann::json sum{
            {"id", "sum"},
            {"type", "sql"},
            {"connector", "sales"},
            {"query", "SELECT SUM(amount) AS total FROM sales WHERE day = '{{ ds }}'"}};
        nlohmann::json bad{{"id", "bad_sql"},
                           {"type", "sql"},
                           {"connector", "sales"},
                           {"query", "SELECT * FROM missing_table"}};
        nlohmann::json elsewhere{
            {"id", "elsewhere"}, {"type", "sql"}, {"connector", "lake"}, {"query", "SELECT 1"}};
        RunRequest request;
        request.logicalDate = "2026-05-01";
        const RunInfo run = runSpec(spec({sum, bad, elsewhere}), request);
        QCOMPARE(taskOf(run, "sum").state, TaskState::Completed);
        std::ifstream output(f->core().runs().folders(run.id).work + "/sum.json");
        const nlohmann::json rows = nlohmann::json::parse(output);
        QCOMPARE(rows, nlohmann::json::parse(R"([{"total": 12}])"));
        QCOMPARE(taskOf(run, "bad_sql").state, TaskState::Failed);
        QVERIFY(taskOf(run, "bad_sql").message.find("no such table: missing_table") !=
                std::string::npos);
        QCOMPARE(taskOf(run, "elsewhere").state, TaskState::Failed);
        QVERIFY(taskOf(run, "elsewhere").message.find("SQLite connectors only") !=
                std::string::npos);
    }

    void httpStatusDecidesTheTask()
    {
        expectOk(f->core().registry().registerConnector(
                     f->local(), "http_api_example_org", "http",
                     {{"sandbox",
                       {{"responses",
                         {{{"method", "GET"}, {"path", "/broken"}, {"status", 500}},
                          {{"method", "GET"}, {"path", "/ok"}, {"body", {{"n", 1}}}}}}}}}),
                 "connector");
        auto http = [](const std::string &id, const std::string &path) {
            return nlohmann::json{{"id", id},
                                  {"type", "http_request"},
                                  {"method", "GET"},
                                  {"url", "https://api.example.org" + path}};
        };
        const RunInfo run = runSpec(
            spec({http("fine", "/ok?day={{ ds }}"),
                  http("broken", "/broken"),
                  {{"id", "flow"}, {"type", "source"}, {"config", nlohmann::json::object()}}}));
        QCOMPARE(taskOf(run, "fine").state, TaskState::Completed);
        QCOMPARE(taskOf(run, "broken").state, TaskState::Failed);
        QCOMPARE(QString::fromStdString(taskOf(run, "broken").message),
                 QStringLiteral("HTTP 500, 0 bytes"));
        // A node type local runs cannot run says so and why.
        QCOMPARE(taskOf(run, "flow").state, TaskState::Failed);
        QVERIFY(taskOf(run, "flow").message.find("data-flow step") != std::string::npos);
    }

    void logsFollowAndStopAtTheirCap()
    {
        f->core().runs().setLogCapBytes(100000);
        const RunInfo run =
            runSpec(spec({bash("loud", "head -c 300000 /dev/zero | tr '\\0' x; echo; echo done")}));
        QCOMPARE(run.state, RunState::Completed);
        auto all = expectOk(f->core().runs().log(f->local(), run.id, "loud", 0, 0, 1 << 20), "log");
        QVERIFY(all.complete);
        QVERIFY2(all.chunk.size > 100000 && all.chunk.size < 101000,
                 std::to_string(all.chunk.size).c_str());
        QVERIFY(all.chunk.content.find("the log reached its limit of 100000 bytes") !=
                std::string::npos);
        QVERIFY(all.chunk.content.find("\ndone\n") == std::string::npos); // cut before the end
        // Following with an offset gives the rest and ends at the size.
        auto first = expectOk(f->core().runs().log(f->local(), run.id, "loud", 1, 0, 1000), "log");
        QCOMPARE(first.chunk.content.size(), size_t(1000));
        auto rest = expectOk(
            f->core().runs().log(f->local(), run.id, "loud", 1, first.chunk.nextOffset, 1 << 20),
            "log");
        QCOMPARE(rest.chunk.nextOffset, all.chunk.size);
        QCOMPARE(first.chunk.content + rest.chunk.content, all.chunk.content);
        QVERIFY(!f->core().runs().log(f->local(), run.id, "nope", 0, 0, 10));
    }

    void aViewerCannotRunAndOtherSpacesSeeNothing()
    {
        const Actor viewer = f->actor(Role::Viewer, "vera");
        RunRequest request;
        request.definitionId = f->demoDefinitionId();
        auto refused = f->core().runs().start(viewer, request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Forbidden);
        RunRequest mine;
        mine.definitionId = createDefinition(spec({bash("a", "true")}));
        const RunInfo run = runToEnd(mine);
        expectOk(f->core().access().createSpace("other", "Other"), "space");
        const Actor stranger = f->actor(Role::Admin, "olga", "other");
        auto hidden = f->core().runs().get(stranger, run.id);
        QVERIFY(!hidden);
        QCOMPARE(hidden.error().code, ErrorCode::NotFound);
        QVERIFY(!f->core().runs().log(stranger, run.id, "a", 0, 0, 10));
    }

    void anInvalidSpecDoesNotRun()
    {
        const std::string id = createDefinition(spec({bash("a", "true")}));
        RunRequest request;
        request.definitionId = id;
        request.logicalDate = "yesterday";
        auto refused = f->core().runs().start(f->local(), request);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::Invalid);
        request.logicalDate.reset();
        request.version = 99;
        QCOMPARE(f->core().runs().start(f->local(), request).error().code, ErrorCode::NotFound);
        QCOMPARE(f->core().runs().list(f->local(), id, {})->total, 0);
    }

    void aCrashedRunIsMarkedInterruptedAtTheNextStart()
    {
        // The program is killed mid-run (SIGKILL: no clean-up of its own), then started again.
        QTemporaryDir dir;
        const std::string dataDir = dir.path().toStdString();
        const std::string definitionId = createDefinitionIn(
            dataDir, "Crash", readSpec(spec({bash("long", "sleep 60 & sleep 60")})).spec);
        QProcess cli;
        cli.start(qEnvironmentVariable("PIPEWRIGHT_BIN"),
                  {QStringLiteral("run"), QStringLiteral("--definition"),
                   QString::fromStdString(definitionId), QStringLiteral("--data"), dir.path()});
        QVERIFY(cli.waitForStarted());
        // Wait until the task runs, reading the database as another program would.
        std::string runId;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                sqlite3 *db = nullptr;
                sqlite3_open_v2((dataDir + "/pipewright.db").c_str(), &db, SQLITE_OPEN_READONLY,
                                nullptr);
                sqlite3_stmt *q = nullptr;
                sqlite3_prepare_v2(db, "SELECT run_id FROM task_runs WHERE state = 'RUNNING'", -1,
                                   &q, nullptr);
                if (q && sqlite3_step(q) == SQLITE_ROW)
                    runId = reinterpret_cast<const char *>(sqlite3_column_text(q, 0));
                sqlite3_finalize(q);
                sqlite3_close(db);
                return !runId.empty() && processesOfRun(runId).size() >= 2;
            }(),
            15000);
        ::kill(static_cast<pid_t>(cli.processId()), SIGKILL);
        QVERIFY(cli.waitForFinished(5000));
        {
            auto core = expectOk(Core::open(dataDir), "reopen");
            auto actor = expectOk(core->localActor(), "actor");
            const RunInfo run = expectOk(core->runs().get(actor, runId), "get");
            QCOMPARE(run.state, RunState::Failed);
            QVERIFY2(run.message.starts_with("interrupted"), run.message.c_str());
            QCOMPARE(run.tasks.front().state, TaskState::Failed);
            QVERIFY(run.tasks.front().message.starts_with("interrupted"));
            // Nothing the crashed program started is still running.
            QTRY_VERIFY_WITH_TIMEOUT(processesOfRun(runId).isEmpty(), 3000);
        }
    }

    void destroyingAnExecutionEndsItsProcessWithoutReportingBack()
    {
        // The owner destroys an execution whose process still runs (an engine going away): the
        // process is killed, and the finished callback, which belongs to the owner being torn
        // down, is not called from the destructor.
        QTemporaryDir dir;
        const std::string folder = dir.path().toStdString();
        TaskLog log(folder + "/attempt.log", 1 << 20);
        int calls = 0;
        auto execution = std::make_unique<ProcessExecution>(
            ProcessExecution::Command{"bash",
                                      {"-c", "echo started; exec sleep 60"},
                                      folder,
                                      {{"PATH", qEnvironmentVariable("PATH").toStdString()}},
                                      500},
            log, [&](const AttemptOutcome &) { ++calls; });
        execution->start();
        QVERIFY(execution->pid());
        const auto pid = static_cast<pid_t>(*execution->pid());
        QTRY_VERIFY_WITH_TIMEOUT(readLogFile(log.path(), 0, 1 << 20)->content.find("started") !=
                                     std::string::npos,
                                 10000);
        execution.reset();
        QCOMPARE(calls, 0);
        QCOMPARE(::kill(pid, 0), -1); // killed and reaped
    }

    void destroyingAnEngineDoesNotRunItsTasksOn()
    {
        // An engine destroyed mid-run (the service shutting down, a CLI run ending) reports
        // nothing more and starts nothing more: a task whose upstream task it kills must not be
        // launched from the destructor.
        struct Observer : RunObserver
        {
            bool destroying = false;
            int callsWhileDestroying = 0;
            std::map<std::string, TaskState> states;
            void taskChanged(const TaskUpdate &u) override
            {
                callsWhileDestroying += destroying ? 1 : 0;
                states[u.nodeId] = u.state;
            }
            void runChanged(RunState, const std::string &) override
            {
                callsWhileDestroying += destroying ? 1 : 0;
            }
        } observer;
        QTemporaryDir dir;
        RunPlan plan;
        plan.runId = "destroyed_run";
        plan.dagId = "runner_test";
        plan.spec =
            readSpec(spec({bash("long", "exec sleep 60"),
                           bash("after", "echo ran > after.txt", {{"trigger_rule", "all_done"}})},
                          {{{"upstream", "long"}, {"downstream", "after"}}}))
                .spec;
        plan.selected = {true, true};
        plan.codeDir = dir.path().toStdString();
        plan.workDir = plan.codeDir;
        plan.logDir = plan.codeDir + "/logs";
        plan.dataDir = plan.codeDir;
        plan.killGraceMs = 500;
        plan.isolation = {TaskIsolation::Mode::Bubblewrap,
                          expectOk(Bubblewrap::probe("bwrap"), "bubblewrap"),
                          RunNetwork::None,
                          {}};
        QDir().mkpath(QString::fromStdString(plan.logDir));
        QNetworkAccessManager network;
        auto engine = std::make_unique<RunEngine>(std::move(plan), observer, network, nullptr);
        engine->start();
        QTRY_VERIFY_WITH_TIMEOUT(observer.states["long"] == TaskState::Running, 10000);
        QTRY_VERIFY_WITH_TIMEOUT(!processesOfRun("destroyed_run").isEmpty() ||
                                     QFile::exists(dir.filePath(QStringLiteral("logs/long"))),
                                 10000);
        observer.destroying = true;
        engine.reset();
        QCOMPARE(observer.callsWhileDestroying, 0);
        QCOMPARE(observer.states["after"], TaskState::Pending);
        QVERIFY(!QFile::exists(dir.filePath(QStringLiteral("after.txt"))));
        // bwrap is killed and reaped in the destructor; the task inside dies of its parent's
        // death a moment later (asynchronously, by PR_SET_PDEATHSIG), so this waits for it.
        QTRY_VERIFY_WITH_TIMEOUT(processesOfRun("destroyed_run").isEmpty(), 10000);
    }

    void aLiveRunOfAnotherProcessIsNotInterrupted()
    {
        // Opening the data directory while another process runs a pipeline leaves its run be.
        const std::string id = createDefinition(spec({bash("long", "sleep 5")}));
        RunRequest request;
        request.definitionId = id;
        auto started = expectOk(f->core().runs().start(f->local(), request), "start");
        QTRY_COMPARE_WITH_TIMEOUT(f->core().runs().get(f->local(), started.id)->state,
                                  RunState::Running, 5000);
        QProcess other;
        other.setProcessChannelMode(QProcess::ForwardedErrorChannel);
        other.start(qEnvironmentVariable("PIPEWRIGHT_BIN"),
                    {QStringLiteral("token"), QStringLiteral("create"), QStringLiteral("--data"),
                     f->dataDir(), QStringLiteral("--role"), QStringLiteral("viewer"),
                     QStringLiteral("--name"), QStringLiteral("peek")});
        QVERIFY(other.waitForFinished(15000));
        QCOMPARE(other.exitCode(), 0);
        const RunInfo during = expectOk(f->core().runs().get(f->local(), started.id), "get");
        QVERIFY2(during.state == RunState::Running,
                 (during.message + " / " + logOf(*f, started.id, "long")).c_str());
        QVERIFY(!processesOfRun(started.id).isEmpty());
        expectOk(f->core().runs().cancel(f->local(), started.id), "cancel");
        QCOMPARE(waitForEnd(started.id).state, RunState::Cancelled);
    }
};

QTEST_GUILESS_MAIN(tst_Runner)
#include "tst_runner.moc"
