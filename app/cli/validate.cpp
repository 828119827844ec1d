#include <QCommandLineParser>

#include "cli.h"
#include "core/spec/nodecatalog.h"
#include "core/spec/specvalidator.h"

namespace pw::app {

int runValidate(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright validate FILE\n\n"
        "Validates a pipeline spec in JSON or YAML (or a definition document with a 'spec' key)\n"
        "and prints its problems. Exit status: 0 valid, 1 invalid, 2 unreadable."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"),
                                 QStringLiteral("The spec file; - reads standard input."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.positionalArguments().size() != 1) {
        err(QStringLiteral("usage: pipewright validate FILE"));
        return 2;
    }
    const QString path = parser.positionalArguments().front();
    const auto document = readSpecFile(path);
    if (!document)
        return 2;
    core::Spec read;
    const core::Problems problems =
        core::validateSpecJson(*document, core::NodeCatalog::builtin(), &read);
    int errors = 0;
    for (const core::Problem &p : problems) {
        errors += p.isError() ? 1 : 0;
        out(QStringLiteral("%1: %2: %3 [%4]")
                .arg(p.isError() ? QStringLiteral("error") : QStringLiteral("warning"),
                     p.path.empty() ? QStringLiteral("spec") : QString::fromStdString(p.path),
                     QString::fromStdString(p.message), QString::fromStdString(p.code)));
    }
    if (errors) {
        out(QStringLiteral("%1: invalid (%2 error(s))").arg(path).arg(errors));
        return 1;
    }
    out(QStringLiteral("%1: valid (%2 nodes, %3 dependencies)")
            .arg(path)
            .arg(read.nodes.size())
            .arg(read.edges.size()));
    return 0;
}

} // namespace pw::app
