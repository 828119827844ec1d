// Runner overhead, end to end through RunService (definition → checkout → engine → the run's
// rows written): a 1,000-node DAG of empty tasks, and 200 `bash -c true` tasks at parallelism 8,
// sandboxed (bubblewrap) and unsandboxed, against `xargs -P8` running the same 200 processes
// bare and in the same bwrap sandbox. Prints JSON lines; asserts nothing.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include "benchutil.h"
#include "core/run/tasksandbox.h"
#include "core/spec/specio.h"
#include "core/util/ids.h"
#include "support/fixtures.h"

using namespace pw;

namespace {

std::string createDefinition(test::Fixture &f, const nlohmann::json &spec)
{
    core::DefinitionCreate input;
    input.meta.name = "Bench " + core::newUuid().substr(0, 8);
    input.meta.workspaceId = f.demoWorkspaceId();
    input.meta.repositoryId = f.demoRepositoryId();
    input.spec = core::readSpec(spec).spec;
    return test::expectOk(f.core().definitions().create(f.local(), std::move(input)), "create")
        .definition->id;
}

// From start() to the run's final state read back from the store. The wait sleeps until the
// run's change events arrive (polling would take a core from the runner on a 2-core machine).
double timeRun(test::Fixture &f, const std::string &definitionId, int parallelism,
               core::RunState &state)
{
    core::RunRequest request;
    request.definitionId = definitionId;
    request.parallelism = parallelism;
    QEventLoop loop;
    std::string runId;
    double elapsed = 0;
    auto t = bench::Clock::now();
    auto check = [&] {
        auto run = f.core().runs().get(f.local(), runId);
        if (run && core::isFinished(run->state)) {
            elapsed = bench::msSince(t);
            state = run->state;
            loop.quit();
        }
    };
    QObject::connect(&f.core().notifier(), &core::ChangeNotifier::changed, &loop,
                     [&](const core::ChangeEvent &e) {
                         if (e.kind == core::ChangeEvent::Kind::Run && e.objectId == runId)
                             check();
                     });
    t = bench::Clock::now();
    runId = test::expectOk(f.core().runs().start(f.local(), request), "start").id;
    check();
    if (elapsed == 0)
        loop.exec();
    return elapsed;
}

// The machine's load when a figure was taken: process start-up times depend on it.
std::string loadAverage()
{
    QFile file(QStringLiteral("/proc/loadavg"));
    return file.open(QIODevice::ReadOnly) ? file.readAll().trimmed().toStdString() : std::string();
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    test::Fixture f;
    const int repeats = argc > 1 ? std::atoi(argv[1]) : 5;

    {
        // 1,000 empty tasks in a layered DAG with 1,500 dependencies.
        nlohmann::json spec = bench::randomDagSpec(1000, 1500);
        for (auto &node : spec["nodes"]) {
            const std::string id = node["id"].get<std::string>();
            node = {{"id", id}, {"type", "empty"}};
        }
        spec["deployment"] = {{"dag_id", "bench_empty"}};
        const std::string id = createDefinition(f, spec);
        std::vector<double> runs;
        core::RunState state = core::RunState::Pending;
        for (int i = 0; i < repeats; ++i)
            runs.push_back(timeRun(f, id, 0, state));
        bench::report("run_1000_empty", {{"tasks", 1000},
                                         {"edges", spec["edges"].size()},
                                         {"state", std::string(core::runStateName(state))},
                                         {"median_ms", bench::median(runs)},
                                         {"target_ms", 1000}});
    }

    {
        nlohmann::json nodes = nlohmann::json::array();
        for (int i = 0; i < 200; ++i)
            nodes.push_back(
                {{"id", "t" + std::to_string(i)}, {"type", "bash"}, {"command", "true"}});
        const std::string id = createDefinition(f, {{"nodes", nodes},
                                                    {"edges", nlohmann::json::array()},
                                                    {"deployment", {{"dag_id", "bench_bash"}}}});
        // Unsandboxed: bubblewrap "cannot start" (a program that does not exist) and the
        // operator allowed runs without it, the path a real fallback takes.
        QTemporaryDir scratch;
        const std::string bwrap = test::expectOk(core::Bubblewrap::probe("bwrap"), "bubblewrap");
        if (!f.core().runs().allowUnsandboxedRuns(true, {"bench_runner", {}}))
            return 1;
        // The same sandbox a task gets, for xargs: the scratch folder as checkout and work.
        core::SandboxMounts mounts;
        mounts.writable = {scratch.path().toStdString()};
        mounts.hidden = {f.dataDir().toStdString()};
        QString wrapped = QString::fromStdString(bwrap);
        for (const std::string &a :
             core::Bubblewrap::arguments(core::RunNetwork::Host, mounts, mounts.writable.front()))
            wrapped += QStringLiteral(" '") + QString::fromStdString(a) + QLatin1Char('\'');
        auto xargsRun = [](const QString &command) {
            QProcess p;
            const auto t = bench::Clock::now();
            p.start(QStringLiteral("bash"),
                    {QStringLiteral("-c"), QStringLiteral("seq 200 | xargs -P8 -I{} ") + command});
            p.waitForFinished(120000);
            return bench::msSince(t);
        };
        std::vector<double> sandboxed, unsandboxed, xargs, xargsBwrap;
        core::RunState sandboxedState = core::RunState::Pending;
        core::RunState unsandboxedState = core::RunState::Pending;
        for (int i = 0; i < repeats; ++i) {
            f.core().runs().setSandboxProgram("bwrap");
            sandboxed.push_back(timeRun(f, id, 8, sandboxedState));
            f.core().runs().setSandboxProgram("/nonexistent/bwrap");
            unsandboxed.push_back(timeRun(f, id, 8, unsandboxedState));
            xargs.push_back(xargsRun(QStringLiteral("bash -c true")));
            xargsBwrap.push_back(xargsRun(wrapped + QStringLiteral(" -- bash -c true")));
        }
        // One task at a time: what a sandbox adds to each task's own latency.
        std::vector<double> sequentialSandboxed, sequentialUnsandboxed;
        core::RunState ignored = core::RunState::Pending;
        for (int i = 0; i < repeats; ++i) {
            f.core().runs().setSandboxProgram("bwrap");
            sequentialSandboxed.push_back(timeRun(f, id, 1, ignored));
            f.core().runs().setSandboxProgram("/nonexistent/bwrap");
            sequentialUnsandboxed.push_back(timeRun(f, id, 1, ignored));
        }
        bench::report(
            "run_200_bash_p1",
            {{"tasks", 200},
             {"sandboxed_median_ms", bench::median(sequentialSandboxed)},
             {"unsandboxed_median_ms", bench::median(sequentialUnsandboxed)},
             {"sandbox_cost_per_task_ms",
              (bench::median(sequentialSandboxed) - bench::median(sequentialUnsandboxed)) / 200},
             {"loadavg", loadAverage()}});
        const double a = bench::median(sandboxed), b = bench::median(unsandboxed),
                     c = bench::median(xargs), d = bench::median(xargsBwrap);
        bench::report("run_200_bash_p8",
                      {{"tasks", 200},
                       {"sandboxed_state", std::string(core::runStateName(sandboxedState))},
                       {"unsandboxed_state", std::string(core::runStateName(unsandboxedState))},
                       {"sandboxed_median_ms", a},
                       {"unsandboxed_median_ms", b},
                       {"xargs_p8_median_ms", c},
                       {"xargs_p8_bwrap_median_ms", d},
                       {"sandbox_cost_per_task_ms", (a - b) / 200},
                       {"xargs_bwrap_cost_per_task_ms", (d - c) / 200},
                       {"target_sandbox_cost_per_task_ms", 15},
                       {"ratio_unsandboxed_to_xargs", b / c},
                       {"ratio_sandboxed_to_xargs_bwrap", a / d},
                       {"target_ratio", 1.5},
                       {"cores", QThread::idealThreadCount()},
                       {"loadavg", loadAverage()}});
    }
    return 0;
}
