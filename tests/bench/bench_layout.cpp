// Layered layout of random layered DAGs (1,000 / 1,500 and 5,000 / 7,500) beside Graphviz dot on
// the same graphs: time and edge crossings, counted the same way for both (straight segments
// between node centres). Prints JSON lines; asserts nothing. `--no-dot` skips dot; `--seed N`
// picks other random graphs (default 7); `--nodes N` lays out one graph of N nodes and 1.5 N
// edges instead.
#include <QCoreApplication>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>

#include "benchutil.h"
#include "core/layout/layeredlayout.h"
#include "core/spec/specio.h"

using namespace pw;

namespace {

struct DotRun
{
    double seconds = -1;
    int64_t crossings = -1;
};

DotRun runDot(const core::Spec &spec, const core::LayoutOptions &options, const QString &dot)
{
    QTemporaryDir dir;
    QFile file(dir.filePath(QStringLiteral("graph.dot")));
    file.open(QIODevice::WriteOnly);
    QByteArray text = "digraph G {\n  rankdir=LR;\n";
    text += "  nodesep=" + QByteArray::number(options.nodeGap / 72.0) +
            "; ranksep=" + QByteArray::number(options.layerGap / 72.0) + ";\n";
    text +=
        "  node [shape=box, fixedsize=true, width=" + QByteArray::number(options.nodeWidth / 72.0) +
        ", height=" + QByteArray::number(options.nodeHeight / 72.0) + "];\n";
    for (const core::Node &n : spec.nodes)
        text += "  " + QByteArray::fromStdString(n.id) + ";\n";
    for (const core::Edge &e : spec.edges)
        text += "  " + QByteArray::fromStdString(e.upstream) + " -> " +
                QByteArray::fromStdString(e.downstream) + ";\n";
    text += "}\n";
    file.write(text);
    file.close();
    QProcess process;
    const auto start = bench::Clock::now();
    process.start(dot, {QStringLiteral("-Tplain"), file.fileName()});
    process.waitForFinished(600000);
    DotRun run;
    run.seconds = bench::msSince(start) / 1000.0;
    std::vector<std::pair<std::string, core::Position>> positions;
    for (const QByteArray &line : process.readAllStandardOutput().split('\n')) {
        const QList<QByteArray> f = line.split(' ');
        if (f.size() < 6 || f[0] != "node")
            continue;
        const double x = f[2].toDouble() * 72 - options.nodeWidth / 2;
        const double y = f[3].toDouble() * 72 - options.nodeHeight / 2;
        positions.push_back({f[1].toStdString(), core::Position{x, y}});
    }
    run.crossings =
        core::countCrossings(positions, spec.edges, options.nodeWidth, options.nodeHeight);
    return run;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = QCoreApplication::arguments();
    const bool withDot = !args.contains(QStringLiteral("--no-dot"));
    const qsizetype seedAt = args.indexOf(QStringLiteral("--seed"));
    const unsigned seed = seedAt > 0 && seedAt + 1 < args.size() ? args[seedAt + 1].toUInt() : 7;
    const qsizetype nodesAt = args.indexOf(QStringLiteral("--nodes"));
    const int onlyNodes = nodesAt > 0 && nodesAt + 1 < args.size() ? args[nodesAt + 1].toInt() : 0;
    std::vector<std::tuple<int, int, int>> sizes{{1000, 1500, 30}, {5000, 7500, 9}};
    if (onlyNodes > 0)
        sizes = {{onlyNodes, onlyNodes * 3 / 2, std::max(3, 30000 / onlyNodes)}};
    const QString dot = QStandardPaths::findExecutable(QStringLiteral("dot"));
    for (const auto &[nodes, edges, runs] : sizes) {
        const core::Spec spec = core::readSpec(bench::randomDagSpec(nodes, edges, seed)).spec;
        nlohmann::json line = {{"nodes", nodes}, {"edges", edges}, {"seed", seed}, {"runs", runs}};
        for (const auto effort : {core::LayoutEffort::Interactive, core::LayoutEffort::Thorough}) {
            core::LayoutOptions options;
            options.effort = effort;
            std::vector<double> times;
            core::LayoutResult result;
            for (int i = 0; i < runs; ++i) {
                const auto start = bench::Clock::now();
                result = core::layeredLayout(spec, options);
                times.push_back(bench::msSince(start));
            }
            const std::string prefix = effort == core::LayoutEffort::Interactive ? "" : "thorough_";
            line[prefix + "median_ms"] = bench::median(times);
            line[prefix + "crossings"] = core::countCrossings(
                result.positions, spec.edges, options.nodeWidth, options.nodeHeight);
            line["layers"] = result.layerCount;
        }
        if (withDot && !dot.isEmpty()) {
            const DotRun d = runDot(spec, core::LayoutOptions{}, dot);
            line["dot_seconds"] = d.seconds;
            line["dot_crossings"] = d.crossings;
        } else {
            line["dot"] =
                dot.isEmpty() ? "not installed (installers/install-deps.sh --bench)" : "skipped";
        }
        bench::report("layout", line);
    }
    return 0;
}
