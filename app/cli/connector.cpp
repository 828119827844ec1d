#include <QCommandLineParser>
#include <QTextStream>

#include <cstdio>
#include <iostream>

#include "cli.h"
#include "core/app/core.h"

namespace pw::app {

namespace {

const char *kUsage = "usage: pipewright connector list [--space SLUG] [--data DIR]\n"
                     "       pipewright connector set-secret NAME FIELD [--space SLUG] [--data "
                     "DIR]   (the value on standard input)\n"
                     "       pipewright connector clear-secret NAME FIELD [--space SLUG] [--data "
                     "DIR]";

// The value from standard input (a pipe or a typed line), without the line's end: never an
// argument, which other users of the machine could read in the process list.
core::SecretValue readSecret()
{
    std::string text;
    std::getline(std::cin, text);
    if (!text.empty() && text.back() == '\r')
        text.pop_back();
    return core::SecretValue(std::move(text));
}

} // namespace

int runConnector(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright connector list | set-secret NAME FIELD | clear-secret NAME FIELD\n\n"
        "Lists a space's connectors (with the secret fields set on each, never their values),\n"
        "or sets or clears a connector's secret field (its password, say). A value is read\n"
        "from standard input and sealed in the data directory's secret store; nothing shows it\n"
        "again."));
    parser.addHelpOption();
    const QCommandLineOption space(QStringLiteral("space"),
                                   QStringLiteral("Space slug (default: default)."),
                                   QStringLiteral("slug"), QStringLiteral("default"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    parser.addOptions({space, data});
    parser.addPositionalArgument(QStringLiteral("action"),
                                 QStringLiteral("list, set-secret or clear-secret."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool list = action == QLatin1String("list") && positional.size() == 1;
    const bool change =
        (action == QLatin1String("set-secret") || action == QLatin1String("clear-secret")) &&
        positional.size() == 3;
    if (!list && !change) {
        err(QString::fromUtf8(kUsage));
        return 2;
    }
    const auto core = openCore(dataDirectory(parser, data));
    if (!core)
        return 1;
    // The operator acts as the local admin of the space.
    auto actor = core->localActor(parser.value(space).toStdString());
    if (!actor) {
        err(QString::fromStdString(actor.error().message));
        return 1;
    }
    if (list) {
        auto connectors = core->registry().connectors(actor->spaceId);
        if (!connectors) {
            err(QString::fromStdString(connectors.error().message));
            return 1;
        }
        for (const core::Connector &c : *connectors) {
            auto fields = core->registry().connectorSecretFields(c.id);
            QStringList set;
            for (const std::string &field : fields.value_or(std::vector<std::string>{}))
                set << QString::fromStdString(field);
            out(QStringLiteral("%1\t%2\tsecrets: %3")
                    .arg(QString::fromStdString(c.name), QString::fromStdString(c.kind),
                         set.isEmpty() ? QStringLiteral("none") : set.join(QStringLiteral(", "))));
        }
        return 0;
    }
    auto connector =
        core->registry().connectorByName(actor->spaceId, positional.value(1).toStdString());
    if (!connector || !*connector) {
        err(QStringLiteral("no connector named '%1' in space '%2'")
                .arg(positional.value(1), parser.value(space)));
        return 1;
    }
    std::optional<core::SecretValue> value;
    if (action == QLatin1String("set-secret")) {
        value = readSecret();
        if (value->empty()) {
            err(QStringLiteral("no value on standard input"));
            return 2;
        }
    }
    auto done = core->registry().setConnectorSecret(*actor, (*connector)->id,
                                                    positional.value(2).toStdString(), value);
    if (!done) {
        err(QString::fromStdString(done.error().message));
        return done.error().code == core::ErrorCode::Invalid ? 2 : 1;
    }
    out(value ? QStringLiteral("set") : QStringLiteral("cleared"));
    return 0;
}

} // namespace pw::app
