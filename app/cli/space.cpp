#include <QCommandLineParser>

#include "cli.h"
#include "core/app/core.h"

namespace pw::app {

int runSpace(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright space create SLUG [--name NAME] [--data DIR]\n\n"
        "Adds a space. Give people access with 'pipewright token create --space SLUG'."));
    parser.addHelpOption();
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("Display name (default: the slug)."),
                                  QStringLiteral("name"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    parser.addOptions({name, data});
    parser.addPositionalArgument(QStringLiteral("create"),
                                 QStringLiteral("The action (only 'create')."));
    parser.addPositionalArgument(QStringLiteral("slug"),
                                 QStringLiteral("a-z, 0-9 and '-', up to 64 characters."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const QStringList positional = parser.positionalArguments();
    if (positional.size() != 2 || positional.front() != QLatin1String("create")) {
        err(QStringLiteral("usage: pipewright space create SLUG [--name NAME] [--data DIR]"));
        return 2;
    }
    const auto opened = openCore(dataDirectory(parser, data));
    if (!opened)
        return 1;
    auto created = opened->access().createSpace(positional.at(1).toStdString(),
                                                parser.value(name).toStdString());
    if (!created) {
        err(QString::fromStdString(created.error().message));
        return 1;
    }
    out(QStringLiteral("Created space '%1' (%2).")
            .arg(QString::fromStdString(created->slug), QString::fromStdString(created->id)));
    return 0;
}

} // namespace pw::app
