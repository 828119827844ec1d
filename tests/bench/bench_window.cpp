// Window figures on the offscreen platform: open a 5,000-node definition to its first paint,
// the time of a frame while panning and zooming that canvas, and the cold start of the window
// to interactive (a child process, several runs). Prints JSON lines; asserts nothing.
#include <QApplication>
#include <QProcess>
#include <QScrollBar>
#include <QTemporaryDir>

#include "benchutil.h"
#include "core/app/core.h"
#include "core/layout/layeredlayout.h"
#include "core/spec/specio.h"
#include "ui/canvas/canvasview.h"
#include "ui/canvas/definitiontab.h"
#include "ui/canvas/graphscene.h"
#include "ui/model/definitiondocument.h"

using namespace pw;

namespace {

double percentile(std::vector<double> v, double p)
{
    std::sort(v.begin(), v.end());
    return v.empty()
               ? 0
               : v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

} // namespace

int main(int argc, char **argv)
{
    qputenv("QT_QPA_PLATFORM", "offscreen");
    QApplication app(argc, argv);
    QTemporaryDir dir;
    auto core = std::move(*core::Core::open(dir.path().toStdString()));
    auto actor = *core->localActor();
    const std::string workspace = core->workspaces().list(actor, {})->items.front().workspace->id;
    core::Spec spec = core::readSpec(bench::randomDagSpec(5000, 7500)).spec;
    for (const auto &[id, p] : core::layeredLayout(spec).positions)
        spec.findNode(id)->position = p;
    core::DefinitionCreate input;
    input.meta = {"Five thousand", "", "airflow", workspace, std::nullopt};
    input.spec = spec;
    const std::string id = core->definitions().create(actor, std::move(input))->definition->id;
    core->definitions().clearCache(); // the open reads from the database, as after a restart

    // Open to first paint.
    std::vector<double> opens;
    for (int run = 0; run < 5; ++run) {
        core->definitions().clearCache();
        const auto start = bench::Clock::now();
        auto doc = std::make_unique<ui::DefinitionDocument>(*core, actor, id);
        auto tab = std::make_unique<ui::DefinitionTab>(doc.get());
        tab->resize(1600, 1000);
        tab->show();
        tab->view()->viewport()->repaint();
        QCoreApplication::processEvents();
        opens.push_back(bench::msSince(start));
        if (run == 4) {
            // Frames on this canvas: panning and zooming at several zoom levels.
            ui::CanvasView *view = tab->view();
            nlohmann::json frames = nlohmann::json::object();
            for (const double zoom : {0.0, 0.35, 1.0}) {
                if (zoom == 0.0)
                    view->fitAll();
                else
                    view->setZoom(zoom);
                view->centerOn(tab->scene()->contentRect().center());
                view->viewport()->repaint();
                std::vector<double> pan;
                for (int i = 0; i < 40; ++i) {
                    const auto t = bench::Clock::now();
                    view->horizontalScrollBar()->setValue(view->horizontalScrollBar()->value() +
                                                          (i % 2 ? -60 : 60));
                    view->viewport()->repaint();
                    pan.push_back(bench::msSince(t));
                }
                std::vector<double> zooms;
                for (int i = 0; i < 20; ++i) {
                    const auto t = bench::Clock::now();
                    view->setZoom(view->zoom() * (i % 2 ? 1 / 1.1 : 1.1));
                    view->viewport()->repaint();
                    zooms.push_back(bench::msSince(t));
                }
                const std::string key =
                    zoom == 0.0 ? "fit_all"
                                : "zoom_" + std::to_string(static_cast<int>(zoom * 100));
                frames[key] = {{"zoom", view->zoom()},
                               {"pan_median_ms", bench::median(pan)},
                               {"pan_p95_ms", percentile(pan, 0.95)},
                               {"zoom_median_ms", bench::median(zooms)},
                               {"zoom_p95_ms", percentile(zooms, 0.95)}};
            }
            bench::report("canvas_frame_5000_nodes",
                          {{"nodes", 5000}, {"edges", 7500}, {"frames", frames}});
        }
    }
    bench::report("open_5000_node_definition_to_first_paint", {{"median_ms", bench::median(opens)},
                                                               {"runs", opens.size()},
                                                               {"nodes", 5000},
                                                               {"edges", 7500}});

    // Cold start: a new process each run on an existing data directory.
    QTemporaryDir home;
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home.path());
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home.path());
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    QTemporaryDir data;
    std::vector<double> inProcess;
    std::vector<double> wall;
    for (int run = 0; run < 8; ++run) {
        QProcess process;
        process.setProcessEnvironment(env);
        const auto start = bench::Clock::now();
        process.start(QStringLiteral(PIPEWRIGHT_BIN), {QStringLiteral("--data"), data.path(),
                                                       QStringLiteral("--quit-after-first-paint")});
        process.waitForFinished(60000);
        const double elapsed = bench::msSince(start);
        const auto line = nlohmann::json::parse(
            process.readAllStandardOutput().trimmed().split('\n').last().toStdString(), nullptr,
            false);
        if (run == 0)
            continue; // the first run creates the data directory
        wall.push_back(elapsed);
        if (line.is_object())
            inProcess.push_back(line.value("ms_to_interactive", -1.0));
    }
    bench::report("window_cold_start_to_interactive",
                  {{"median_ms_in_process", bench::median(inProcess)},
                   {"median_ms_process_wall", bench::median(wall)},
                   {"runs", wall.size()}});
    return 0;
}
