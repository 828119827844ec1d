#include <QCommandLineParser>
#include <QDir>

#include "cli.h"
#include "core/app/core.h"
#include "core/app/datadir.h"
#include "server/sandbox/loopbacksandbox.h"

namespace pw::app {

QString dataDirectory(const QCommandLineParser &parser, const QCommandLineOption &data)
{
    return QDir(parser.isSet(data) ? parser.value(data)
                                   : QString::fromStdString(core::defaultDataDir()))
        .absolutePath();
}

std::unique_ptr<core::Core> openCore(const QString &dataDir)
{
    auto opened = core::Core::open(dataDir.toStdString());
    if (!opened) {
        err(QStringLiteral("cannot open %1: %2")
                .arg(dataDir, QString::fromStdString(opened.error().message)));
        return nullptr;
    }
    // Local runs send sandboxed HTTP connections' requests to a loopback responder.
    (*opened)->runs().setHttpSandboxFactory(
        [] { return std::make_unique<server::LoopbackSandbox>(); });
    return std::move(*opened);
}

void printSandboxStatus(core::Core &core)
{
    auto sandbox = core.runs().sandboxCheck();
    if (sandbox)
        out(QStringLiteral("Tasks run sandboxed by %1.").arg(QString::fromStdString(*sandbox)));
    else if (core.runs().unsandboxedRunsAllowed())
        out(QStringLiteral("Tasks run WITHOUT a sandbox (allowed): %1")
                .arg(QString::fromStdString(sandbox.error().message)));
    else
        out(QStringLiteral(
                "Runs with bash or Python tasks are refused: %1. See --unsandboxed-runs.")
                .arg(QString::fromStdString(sandbox.error().message)));
}

} // namespace pw::app
