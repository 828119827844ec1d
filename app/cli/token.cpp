#include <QCommandLineParser>

#include "cli.h"
#include "core/app/core.h"

namespace pw::app {

int runToken(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright token create --role admin|editor|viewer --name NAME [--space SLUG] [--data "
        "DIR]\n\n"
        "Creates an API token for the user NAME (created if new) with the role in the space, and\n"
        "prints it as the last line of output. The token is shown once and stored only as a "
        "hash."));
    parser.addHelpOption();
    const QCommandLineOption role(
        QStringLiteral("role"), QStringLiteral("admin, editor or viewer."), QStringLiteral("role"));
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("The user the token acts as."),
                                  QStringLiteral("name"));
    const QCommandLineOption space(QStringLiteral("space"),
                                   QStringLiteral("Space slug (default: default)."),
                                   QStringLiteral("slug"), QStringLiteral("default"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    parser.addOptions({role, name, space, data});
    parser.addPositionalArgument(QStringLiteral("create"),
                                 QStringLiteral("The action (only 'create')."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (parser.positionalArguments() != QStringList{QStringLiteral("create")}) {
        err(QStringLiteral(
            "usage: pipewright token create --role ROLE --name NAME [--space SLUG] [--data DIR]"));
        return 2;
    }
    const auto parsedRole = core::roleFromName(parser.value(role).toStdString());
    if (!parsedRole) {
        err(QStringLiteral("--role must be admin, editor or viewer"));
        return 2;
    }
    if (parser.value(name).trimmed().isEmpty()) {
        err(QStringLiteral("--name is required"));
        return 2;
    }
    const auto opened = openCore(dataDirectory(parser, data));
    if (!opened)
        return 1;
    const std::string userName = parser.value(name).trimmed().toStdString();
    auto token = opened->access().createToken(parser.value(space).toStdString(), userName,
                                              *parsedRole, userName);
    if (!token) {
        err(QString::fromStdString(token.error().message));
        return 1;
    }
    out(QStringLiteral(
            "Created a %1 token for '%2' in space '%3'. Keep it secret; it is not shown again:")
            .arg(parser.value(role), parser.value(name).trimmed(), parser.value(space)));
    out(QString::fromStdString(token->token));
    return 0;
}

} // namespace pw::app
