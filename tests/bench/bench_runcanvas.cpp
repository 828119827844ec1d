// The canvas following a live run: a 1,000-task definition (bash `true`, 1,500 dependencies) run
// from the Runs panel while its canvas shows every state change, as the window wires them. A
// 4 ms timer measures how long the event loop was away (the longest gap is the worst frame);
// each run update is timed through the panel's reload, the scene update and a repaint. Offscreen
// platform. Prints JSON lines; asserts nothing.
#include <QApplication>
#include <QElapsedTimer>
#include <QHBoxLayout>
#include <QTemporaryDir>
#include <QTimer>

#include "benchutil.h"
#include "core/app/core.h"
#include "core/layout/layeredlayout.h"
#include "core/spec/specio.h"
#include "ui/canvas/canvasview.h"
#include "ui/canvas/definitiontab.h"
#include "ui/canvas/graphscene.h"
#include "ui/model/definitiondocument.h"
#include "ui/panels/runspanel.h"

using namespace pw;

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    auto core = std::move(*core::Core::open(dir.path().toStdString()));
    auto actor = *core->localActor();
    const std::string workspace = core->workspaces().list(actor, {})->items.front().workspace->id;
    nlohmann::json json = bench::randomDagSpec(1000, 1500);
    for (auto &node : json["nodes"])
        node = {{"id", node["id"]}, {"type", "bash"}, {"command", "true"}};
    json["deployment"] = {{"dag_id", "live"}};
    core::Spec spec = core::readSpec(json).spec;
    for (const auto &[id, p] : core::layeredLayout(spec).positions)
        spec.findNode(id)->position = p;
    core::DefinitionCreate input;
    input.meta = {"Live", "", "airflow", workspace, std::nullopt};
    input.spec = spec;
    const std::string id = core->definitions().create(actor, std::move(input))->definition->id;

    ui::DefinitionDocument doc(*core, actor, id);
    QWidget host;
    auto *layout = new QVBoxLayout(&host);
    auto *tab = new ui::DefinitionTab(&doc);
    auto *panel = new ui::RunsPanel;
    layout->addWidget(tab, 3);
    layout->addWidget(panel, 1);
    host.resize(1600, 1000);
    host.show();
    QCoreApplication::processEvents();
    tab->view()->fitAll();

    std::vector<double> updates;
    QObject::connect(panel, &ui::RunsPanel::runShown, tab, [&](const core::RunInfo *run) {
        const auto start = bench::Clock::now();
        tab->scene()->showRun(run);
        tab->view()->viewport()->repaint();
        updates.push_back(bench::msSince(start));
    });
    std::vector<double> reloads;
    QObject::connect(&core->notifier(), &core::ChangeNotifier::changed, panel,
                     [&](const core::ChangeEvent &e) {
                         if (e.kind == core::ChangeEvent::Kind::Run)
                             reloads.push_back(0); // counted; the panel's own slot reloads
                     });
    panel->setDocument(&doc);

    QElapsedTimer clock;
    std::vector<double> gaps;
    double last = 0;
    QTimer tick;
    tick.setTimerType(Qt::PreciseTimer);
    QObject::connect(&tick, &QTimer::timeout, [&] {
        const double now = clock.nsecsElapsed() / 1e6;
        gaps.push_back(now - last);
        last = now;
    });
    clock.start();
    tick.start(4);
    const auto started = bench::Clock::now();
    panel->startRun({});
    while (!panel->shownRun() || !core::isFinished(panel->shownRun()->state)) {
        QCoreApplication::processEvents(QEventLoop::AllEvents, 50);
        if (bench::msSince(started) > 120000)
            break;
    }
    const double runMs = bench::msSince(started);
    tick.stop();
    std::sort(gaps.begin(), gaps.end());
    std::sort(updates.begin(), updates.end());
    bench::report("canvas_live_run_1000",
                  {
                      {"tasks", 1000},
                      {"state", std::string(core::runStateName(panel->shownRun()->state))},
                      {"run_ms", runMs},
                      {"run_events", reloads.size()},
                      {"canvas_updates", updates.size()},
                      {"update_median_ms", bench::median(updates)},
                      {"update_max_ms", updates.empty() ? 0 : updates.back()},
                      {"loop_gap_p99_ms", gaps.empty() ? 0 : gaps[gaps.size() * 99 / 100]},
                      {"loop_gap_max_ms", gaps.empty() ? 0 : gaps.back()},
                      {"target_frame_ms", 33},
                  });
    return 0;
}
