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
    QTranslator translator;
    if (translator.load(QLocale(), QStringLiteral("pipewright"), QStringLiteral("_"), QStringLiteral(":/i18n")))
        QApplication::installTranslator(&translator);

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate(
        "pw::app", "Opens the Pipewright window on a data directory and serves its REST API on 127.0.0.1."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption data(QStringLiteral("data"), QApplication::translate("pw::app", "Data directory."),
                                  QStringLiteral("dir"));
    const QCommandLineOption port(QStringLiteral("port"),
                                  QApplication::translate("pw::app", "Port of the embedded API server (saved as the setting)."),
                                  QStringLiteral("port"));
    const QCommandLineOption quitAfterPaint(QStringLiteral("quit-after-first-paint"),
                                            QApplication::translate("pw::app", "Print the start-up time and quit (for benchmarks)."));
    parser.addOptions({data, port, quitAfterPaint});
    parser.process(app);

    const QString dataDir = QDir(parser.isSet(data) ? parser.value(data) : QString::fromStdString(core::defaultDataDir())).absolutePath();
    QDir().mkpath(dataDir);
    core::DataDirLock lock(dataDir.toStdString());
    if (!lock.tryLock()) {
        err(QApplication::translate("pw::app", "another Pipewright process (pid %1) is using %2").arg(lock.holderPid()).arg(dataDir));
        return 1;
    }
    auto opened = core::Core::open(dataDir.toStdString());
    if (!opened) {
        err(QApplication::translate("pw::app", "cannot open %1: %2").arg(dataDir, QString::fromStdString(opened.error().message)));
        return 1;
    }
    EmbeddedServerControl server(**opened);
    ui::MainWindow window(**opened, &server);
    QSettings settings;
    quint16 serverPort = static_cast<quint16>(settings.value(QStringLiteral("server/port"), 8082).toUInt());
    if (parser.isSet(port)) {
        bool ok = false;
        serverPort = static_cast<quint16>(parser.value(port).toUInt(&ok));
        if (!ok) {
            err(QApplication::translate("pw::app", "--port must be a number"));
            return 2;
        }
    }
    window.applyServerSettings(settings.value(QStringLiteral("server/enabled"), true).toBool(), serverPort);
    window.restoreSession();
    window.show();
    if (parser.isSet(quitAfterPaint)) {
        // Interactive = the event loop is idle after the first paint of the window.
        QTimer::singleShot(0, &app, [&] {
            out(QStringLiteral("{\"bench\":\"window_cold_start\",\"ms_to_interactive\":%1}").arg(sinceStart.nsecsElapsed() / 1e6));
            QApplication::quit();
        });
    }
    const int code = QApplication::exec();
    server.stop();
    return code;
}

} // namespace pw::app
