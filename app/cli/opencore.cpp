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

} // namespace pw::app
