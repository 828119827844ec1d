#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QHostAddress>

#include "cli.h"
#include "core/app/core.h"
#include "core/app/datadir.h"
#include "server/http/apiserver.h"

namespace pw::app {

int runServe(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Serves the Pipewright REST API for the data directory until stopped (Ctrl+C).\n"
        "Every request needs 'Authorization: Bearer <token>' (see 'pipewright token create')."));
    parser.addHelpOption();
    const QCommandLineOption host(QStringLiteral("host"),
                                  QStringLiteral("Address to listen on (default 127.0.0.1)."),
                                  QStringLiteral("host"), QStringLiteral("127.0.0.1"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QStringLiteral("Port (default 8082; 0 picks a free one)."),
                                  QStringLiteral("port"), QStringLiteral("8082"));
    const QCommandLineOption data(
        QStringLiteral("data"),
        QStringLiteral("Data directory (default $PIPEWRIGHT_DATA or ~/.local/share/pipewright)."),
        QStringLiteral("dir"));
    const QCommandLineOption allowRemote(
        QStringLiteral("allow-remote"),
        QStringLiteral("Allow listening on a non-loopback address."));
    const QCommandLineOption unsandboxed(
        QStringLiteral("unsandboxed-runs"),
        QStringLiteral("Where bubblewrap cannot start, run tasks without a sandbox instead of "
                       "refusing the run (a task then sees this machine as Pipewright does). "
                       "Recorded in the audit log."));
    parser.addOptions({host, port, data, allowRemote, unsandboxed});
    addTrustOptions(parser);
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    if (!parser.positionalArguments().isEmpty()) {
        err(QStringLiteral("serve takes no positional arguments"));
        return 2;
    }

    bool portOk = false;
    const uint portNumber = parser.value(port).toUInt(&portOk);
    if (!portOk || portNumber > 65535) {
        err(QStringLiteral("--port must be a number from 0 to 65535"));
        return 2;
    }
    const QString hostText = parser.value(host);
    QHostAddress address;
    if (hostText == QLatin1String("localhost"))
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(hostText)) {
        err(QStringLiteral("--host must be an IP address, not '%1'").arg(hostText));
        return 2;
    }
    if (!address.isLoopback() && !parser.isSet(allowRemote)) {
        err(QStringLiteral(
                "refusing to listen on %1: it is not a loopback address. Pass --allow-remote to "
                "serve other machines (every route still needs a token).")
                .arg(hostText));
        return 2;
    }

    const auto policy = trustPolicyFrom(parser);
    if (!policy)
        return 2;
    const QString dataDir = dataDirectory(parser, data);
    if (!QDir().mkpath(dataDir)) {
        err(QStringLiteral("cannot create the data directory %1").arg(dataDir));
        return 1;
    }
    // Take the directory before opening it: the holder's caches assume it is the only writer.
    core::DataDirLock lock(dataDir.toStdString());
    if (!lock.tryLock()) {
        err(QStringLiteral("another Pipewright process (pid %1) is serving %2")
                .arg(lock.holderPid())
                .arg(dataDir));
        return 1;
    }
    const auto opened = openCore(dataDir, *policy);
    if (!opened)
        return 1;
    if (parser.isSet(unsandboxed)) {
        if (auto allowed = opened->runs().allowUnsandboxedRuns(
                true, {"pipewright serve --unsandboxed-runs", {}});
            !allowed) {
            err(QString::fromStdString(allowed.error().message));
            return 1;
        }
    }

    server::ApiServer apiServer(*opened);
    const quint16 bound = apiServer.listen(address, static_cast<quint16>(portNumber));
    if (bound == 0) {
        err(QStringLiteral("cannot listen on %1:%2 (is the port in use?)")
                .arg(hostText)
                .arg(portNumber));
        return 1;
    }
    const QString hostPart = address.protocol() == QAbstractSocket::IPv6Protocol
                                 ? QStringLiteral("[%1]").arg(address.toString())
                                 : address.toString();
    out(QStringLiteral("Pipewright API at http://%1:%2/api/v1.0").arg(hostPart).arg(bound));
    out(QStringLiteral("Data directory: %1").arg(QString::fromStdString(opened->dataDir())));
    printSandboxStatus(*opened);
    out(QStringLiteral(
            "Create a token with: pipewright token create --data %1 --role admin --name NAME")
            .arg(QString::fromStdString(opened->dataDir())));
    quitOnTerminationSignals();
    return QCoreApplication::exec();
}

} // namespace pw::app
