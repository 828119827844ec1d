#include <QCommandLineParser>

#include <algorithm>

#include "cli.h"
#include "core/app/core.h"

namespace pw::app {

namespace {

const char *kUsage =
    "usage: pipewright space create SLUG [--name NAME] [--data DIR]\n"
    "       pipewright space show SLUG [--data DIR]\n"
    "       pipewright space set SLUG [--run-network none|host] [--http-allow-host HOST]...\n"
    "                            [--http-disallow-host HOST]... [--clear-http-allow-hosts]\n"
    "                            [--data DIR]";

void printRunSettings(const std::string &slug, const core::SpaceRunSettings &settings)
{
    out(QStringLiteral("Space '%1': run network %2; http_request tasks may also reach: %3")
            .arg(QString::fromStdString(slug),
                 QString::fromUtf8(core::runNetworkName(settings.network)),
                 settings.httpAllowHosts.empty()
                     ? QStringLiteral("(no host)")
                     : QString::fromStdString([&] {
                           std::string joined;
                           for (const std::string &h : settings.httpAllowHosts)
                               joined += (joined.empty() ? "" : ", ") + h;
                           return joined;
                       }())));
}

} // namespace

int runSpace(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright space create SLUG | show SLUG | set SLUG [options]\n\n"
        "Adds a space, or shows and sets how its local runs may reach the network. Give people\n"
        "access with 'pipewright token create --space SLUG'. Run settings belong to whoever runs\n"
        "Pipewright on this data directory: no API route changes them.\n\n"
        "  --run-network none   the space's task processes get no network, and its\n"
        "                       http_request tasks reach only allow-listed hosts (the default\n"
        "                       for spaces made here)\n"
        "  --run-network host   the machine's network (the default space's default): bash and\n"
        "                       Python tasks reach what this machine reaches, loopback and\n"
        "                       link-local (a cloud's metadata service) included; only\n"
        "                       http_request tasks still need the allow-list for loopback,\n"
        "                       private and link-local addresses"));
    parser.addHelpOption();
    const QCommandLineOption name(QStringLiteral("name"),
                                  QStringLiteral("Display name (default: the slug)."),
                                  QStringLiteral("name"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    const QCommandLineOption network(QStringLiteral("run-network"),
                                     QStringLiteral("The network of the space's tasks."),
                                     QStringLiteral("none|host"));
    const QCommandLineOption allowHost(
        QStringLiteral("http-allow-host"),
        QStringLiteral("Let http_request tasks reach this host, also where it is a loopback, "
                       "private or link-local address (repeatable)."),
        QStringLiteral("host"));
    const QCommandLineOption disallowHost(QStringLiteral("http-disallow-host"),
                                          QStringLiteral("Take a host off the list (repeatable)."),
                                          QStringLiteral("host"));
    const QCommandLineOption clearHosts(QStringLiteral("clear-http-allow-hosts"),
                                        QStringLiteral("Empty the list first."));
    parser.addOptions({name, data, network, allowHost, disallowHost, clearHosts});
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("create, show or set."));
    parser.addPositionalArgument(QStringLiteral("slug"),
                                 QStringLiteral("a-z, 0-9 and '-', up to 64 characters."));
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool settingOptions = parser.isSet(network) || parser.isSet(allowHost) ||
                                parser.isSet(disallowHost) || parser.isSet(clearHosts);
    if (positional.size() != 2 ||
        (action != QLatin1String("create") && action != QLatin1String("show") &&
         action != QLatin1String("set")) ||
        (action != QLatin1String("set") && settingOptions) ||
        (action == QLatin1String("set") && (!settingOptions || parser.isSet(name)))) {
        err(QString::fromUtf8(kUsage));
        return 2;
    }
    std::optional<core::RunNetwork> wantedNetwork;
    if (parser.isSet(network)) {
        wantedNetwork = core::runNetworkFromName(parser.value(network).toStdString());
        if (!wantedNetwork) {
            err(QStringLiteral("--run-network is none or host, not '%1'")
                    .arg(parser.value(network)));
            return 2;
        }
    }
    const auto opened = openCore(dataDirectory(parser, data));
    if (!opened)
        return 1;
    const std::string slug = positional.at(1).toStdString();
    if (action == QLatin1String("create")) {
        auto created = opened->access().createSpace(slug, parser.value(name).toStdString());
        if (!created) {
            err(QString::fromStdString(created.error().message));
            return 1;
        }
        out(QStringLiteral("Created space '%1' (%2).")
                .arg(QString::fromStdString(created->slug), QString::fromStdString(created->id)));
        return 0;
    }
    auto space = opened->access().spaceBySlug(slug);
    if (!space) {
        err(QString::fromStdString(space.error().message));
        return 1;
    }
    auto settings = opened->runSettings().get(space->id);
    if (!settings) {
        err(QString::fromStdString(settings.error().message));
        return 1;
    }
    if (action == QLatin1String("show")) {
        printRunSettings(slug, *settings);
        return 0;
    }
    core::SpaceRunSettings changed = *settings;
    if (wantedNetwork)
        changed.network = *wantedNetwork;
    if (parser.isSet(clearHosts))
        changed.httpAllowHosts.clear();
    for (const QString &host : parser.values(allowHost))
        changed.httpAllowHosts.push_back(host.toStdString());
    for (const QString &host : parser.values(disallowHost)) {
        const std::string normal = core::RunSettingsService::normalHost(host.toStdString());
        std::erase_if(changed.httpAllowHosts, [&](const std::string &h) {
            return core::RunSettingsService::normalHost(h) == normal;
        });
    }
    auto set = opened->runSettings().set(space->id, std::move(changed), {"cli", {}});
    if (!set) {
        err(QString::fromStdString(set.error().message));
        return set.error().code == core::ErrorCode::Invalid ? 2 : 1;
    }
    printRunSettings(slug, *set);
    return 0;
}

} // namespace pw::app
