// Runner overhead, end to end through RunService (definition → checkout → engine → the run's
// rows written): a 1,000-node DAG of empty tasks, and 200 `bash -c true` tasks at parallelism 8
// against `xargs -P8` running the same 200 processes. Prints JSON lines; asserts nothing.
#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QProcess>
#include <QTest>

#include "benchutil.h"
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
        std::vector<double> ours, xargs;
        core::RunState state = core::RunState::Pending;
        for (int i = 0; i < repeats; ++i) {
            ours.push_back(timeRun(f, id, 8, state));
            QProcess p;
            const auto t = bench::Clock::now();
            p.start(
                QStringLiteral("bash"),
                {QStringLiteral("-c"), QStringLiteral("seq 200 | xargs -P8 -I{} bash -c true")});
            p.waitForFinished(60000);
            xargs.push_back(bench::msSince(t));
        }
        const double a = bench::median(ours), b = bench::median(xargs);
        bench::report("run_200_bash_p8", {{"tasks", 200},
                                          {"state", std::string(core::runStateName(state))},
                                          {"median_ms", a},
                                          {"xargs_p8_median_ms", b},
                                          {"ratio", a / b},
                                          {"target_ratio", 1.5}});
    }
    return 0;
}
