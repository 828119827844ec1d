#include <QCommandLineParser>

#include "cli.h"
#include "core/layout/layeredlayout.h"
#include "core/spec/specio.h"

namespace pw::app {

int runLayout(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright layout FILE [--direction lr|tb] [--effort auto|interactive|thorough]\n\n"
        "Lays out a pipeline spec (JSON or YAML) with the layered layout and prints, as JSON, the\n"
        "top-left position of every node, the node size, the number of layers and the number of\n"
        "edge crossings (straight segments between node centres). Exit status: 0 done, 2 "
        "unreadable."));
    parser.addHelpOption();
    const QCommandLineOption direction(QStringLiteral("direction"),
                                       QStringLiteral("lr (default) or tb."), QStringLiteral("dir"),
                                       QStringLiteral("lr"));
    parser.addOption(direction);
    const QCommandLineOption effort(
        QStringLiteral("effort"),
        QStringLiteral("auto (default: thorough up to %1 nodes), interactive (fast) or "
                       "thorough (fewer crossings).")
            .arg(core::kThoroughUpTo),
        QStringLiteral("level"), QStringLiteral("auto"));
    parser.addOption(effort);
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("The spec file; - reads standard input."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.positionalArguments().size() != 1) {
        err(QStringLiteral("usage: pipewright layout FILE [--direction lr|tb] [--effort "
                           "auto|interactive|thorough]"));
        return 2;
    }
    core::LayoutOptions options;
    const QString dir = parser.value(direction);
    if (dir == QLatin1String("tb"))
        options.direction = core::LayoutDirection::TopToBottom;
    else if (dir != QLatin1String("lr")) {
        err(QStringLiteral("--direction must be lr or tb"));
        return 2;
    }
    if (parser.value(effort) == QLatin1String("thorough"))
        options.effort = core::LayoutEffort::Thorough;
    else if (parser.value(effort) == QLatin1String("interactive"))
        options.effort = core::LayoutEffort::Interactive;
    else if (parser.value(effort) != QLatin1String("auto")) {
        err(QStringLiteral("--effort must be auto, interactive or thorough"));
        return 2;
    }
    const QString path = parser.positionalArguments().front();
    const auto document = readSpecFile(path);
    if (!document)
        return 2;
    const core::Spec spec = core::readSpec(*document).spec;
    const core::LayoutResult layout = core::layeredLayout(spec, options);
    nlohmann::json positions = nlohmann::json::object();
    for (const auto &[id, p] : layout.positions)
        positions[id] = {{"x", p.x}, {"y", p.y}};
    const nlohmann::json report = {
        {"direction", dir.toStdString()},
        {"node_width", options.nodeWidth},
        {"node_height", options.nodeHeight},
        {"layers", layout.layerCount},
        {"crossings",
         core::countCrossings(layout.positions, spec.edges, options.nodeWidth, options.nodeHeight)},
        {"positions", std::move(positions)},
    };
    out(QString::fromStdString(report.dump(2)));
    return 0;
}

} // namespace pw::app
