#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QElapsedTimer>
#include <QLibraryInfo>
#include <QSettings>
#include <QTimer>
#include <QTranslator>

#include "app/cli/cli.h"
#include "core/app/core.h"
#include "core/app/datadir.h"
#include "embeddedservercontrol.h"
#include "ui/window/mainwindow.h"

namespace pw::app {

int runWindow(int argc, char **argv)
{
    QElapsedTimer sinceStart;
    sinceStart.start();
    // Arguments are checked before the QApplication exists: a usage error needs no display.
    // Qt's own options (-platform xcb, -style Fusion, ...) are left for QApplication.
    static const QStringList qtWithValue = {QStringLiteral("-platform"),
                                            QStringLiteral("-style"),
                                            QStringLiteral("-stylesheet"),
                                            QStringLiteral("-qwindowgeometry"),
                                            QStringLiteral("-qwindowtitle"),
                                            QStringLiteral("-display"),
                                            QStringLiteral("-platformpluginpath"),
                                            QStringLiteral("-platformtheme"),
                                            QStringLiteral("-plugin"),
                                            QStringLiteral("-session"),
                                            QStringLiteral("-name"),
                                            QStringLiteral("-title"),
                                            QStringLiteral("-geometry")};
    static const QStringList qtFlags = {QStringLiteral("-reverse"), QStringLiteral("-widgetcount"),
                                        QStringLiteral("-nograb"), QStringLiteral("-dograb"),
                                        QStringLiteral("-sync")};
    QStringList arguments;
    for (int i = 0; i < argc; ++i) {
        const QString arg = QString::fromLocal8Bit(argv[i]);
        if (i > 0 && qtWithValue.contains(arg)) {
            ++i;
            continue;
        }
        if (i > 0 && qtFlags.contains(arg))
            continue;
        arguments << arg;
    }
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "Opens the Pipewright window on a data directory and serves its REST API on 127.0.0.1.\n"
        "Commands: pipewright --help lists them."));
    const QCommandLineOption help({QStringLiteral("h"), QStringLiteral("help")},
                                  QStringLiteral("Show this help."));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    const QCommandLineOption port(
        QStringLiteral("port"),
        QStringLiteral("Port of the embedded API server (saved as the setting)."),
        QStringLiteral("port"));
    const QCommandLineOption quitAfterPaint(
        QStringLiteral("quit-after-first-paint"),
        QStringLiteral("Print the start-up time and quit (for benchmarks)."));
    parser.addOptions({help, data, port, quitAfterPaint});
    addTrustOptions(parser);
    if (!parser.parse(arguments)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(help)) {
        out(parser.helpText());
        return 0;
    }
    quint16 requestedPort = 0;
    if (parser.isSet(port)) {
        bool ok = false;
        const uint value = parser.value(port).toUInt(&ok);
        if (!ok || value == 0 || value > 65535) {
            err(QStringLiteral("--port must be a number from 1 to 65535"));
            return 2;
        }
        requestedPort = static_cast<quint16>(value);
    }
    const auto policy = trustPolicyFrom(parser);
    if (!policy)
        return 2;

    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("pipewright"));
    QApplication::setOrganizationName(QStringLiteral("Pipewright"));
    QApplication::setApplicationDisplayName(QStringLiteral("Pipewright"));
    QApplication::setApplicationVersion(QStringLiteral(PIPEWRIGHT_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/pipewright/icons/pipewright.svg")));

    QTranslator qtTranslator;
    if (qtTranslator.load(QLocale(), QStringLiteral("qtbase"), QStringLiteral("_"),
                          QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QApplication::installTranslator(&qtTranslator);
    // The user's language, else English (whose file holds the plural forms of its texts).
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("pipewright"), QStringLiteral("_"),
                        QStringLiteral(":/i18n")) ||
        translator.load(QStringLiteral("pipewright_en"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    const QString dataDir = dataDirectory(parser, data);
    QDir().mkpath(dataDir);
    core::DataDirLock lock(dataDir.toStdString());
    if (!lock.tryLock()) {
        err(QStringLiteral("another Pipewright process (pid %1) is using %2")
                .arg(lock.holderPid())
                .arg(dataDir));
        return 1;
    }
    const auto opened = openCore(dataDir, *policy);
    if (!opened)
        return 1;
    EmbeddedServerControl server(*opened);
    ui::MainWindow window(*opened, &server);
    QSettings settings;
    const quint16 serverPort =
        requestedPort
            ? requestedPort
            : static_cast<quint16>(settings.value(QStringLiteral("server/port"), 8082).toUInt());
    window.applyServerSettings(settings.value(QStringLiteral("server/enabled"), true).toBool(),
                               serverPort);
    window.applySavedRunPermission();
    window.restoreSession();
    window.show();
    // Whoever started the window from a shell (or headless, under Xvfb) learns where the API is
    // and how to get a token, as `serve` tells it.
    if (!parser.isSet(quitAfterPaint)) {
        if (server.isRunning())
            out(QStringLiteral("Pipewright API at %1").arg(server.baseUrl()));
        else
            out(QStringLiteral("The API server is off (File → Settings turns it on)."));
        out(QStringLiteral("Data directory: %1").arg(QString::fromStdString(opened->dataDir())));
        out(QStringLiteral("A token: Help → Copy API Token (or the Copy token button: one per "
                           "window session), or pipewright token create --data %1 --role admin "
                           "--user NAME --expires 30d")
                .arg(QString::fromStdString(opened->dataDir())));
    }
    if (parser.isSet(quitAfterPaint)) {
        // Interactive = the event loop is idle after the first paint of the window.
        QTimer::singleShot(0, &app, [&] {
            window.repaint(); // the whole window painted, synchronously
            QCoreApplication::processEvents();
            out(QStringLiteral("{\"bench\":\"window_cold_start\",\"ms_to_interactive\":%1}")
                    .arg(sinceStart.nsecsElapsed() / 1e6));
            QApplication::quit();
        });
    }
    const int code = QApplication::exec();
    server.stop();
    return code;
}

} // namespace pw::app
