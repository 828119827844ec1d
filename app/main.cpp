#include <QCoreApplication>

#include <string_view>

#include "cli/cli.h"

namespace {

const char *kUsage =
    "Pipewright — an IDE and REST API for authoring data pipelines.\n"
    "\n"
    "Usage: pipewright [--data DIR] [--port N]     open the window on a data directory\n"
    "       pipewright <command> [options]\n"
    "\n"
    "Commands:\n"
    "  serve             Serve the REST API for a data directory until stopped\n"
    "  token create      Create an API token for a user and role in a space\n"
    "  token list        List API tokens (name, user, created, last used, expires)\n"
    "  token revoke ID   Revoke an API token\n"
    "  space create      Add a space ('space set' opens its tasks' network)\n"
    "  connector list    List connectors; 'connector set-secret NAME FIELD' seals a password\n"
    "  validate FILE     Validate a pipeline spec (JSON or YAML)\n"
    "  compile FILE      Generate Airflow or Dagster code from a spec or a definition\n"
    "  layout FILE       Lay out a spec; print node positions and edge crossings as JSON\n"
    "  run FILE          Run a spec or a definition locally, printing task states\n"
    "\n"
    "Options:\n"
    "  -h, --help        Show this help; 'pipewright <command> --help' shows a command's\n"
    "  -v, --version     Show the version\n"
    "\n"
    "The data directory is --data DIR, else $PIPEWRIGHT_DATA, else ~/.local/share/pipewright.\n";

} // namespace

namespace pw::app {
int runWindow(int argc, char **argv);
}

int main(int argc, char **argv)
{
#ifdef PIPEWRIGHT_WITH_UI
    // No command (only options): the window. It needs a QApplication, the commands do not.
    const bool window =
        argc < 2 || (argv[1][0] == '-' && std::string_view(argv[1]) != "-h" &&
                     std::string_view(argv[1]) != "--help" && std::string_view(argv[1]) != "-v" &&
                     std::string_view(argv[1]) != "--version");
    if (window)
        return pw::app::runWindow(argc, argv);
#endif
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("pipewright"));
    QCoreApplication::setOrganizationName(QStringLiteral("Pipewright"));
    QCoreApplication::setApplicationVersion(QStringLiteral(PIPEWRIGHT_VERSION));

    QStringList args = QCoreApplication::arguments();
    const QString command = args.size() > 1 ? args.at(1) : QString();
    if (command == QLatin1String("-h") || command == QLatin1String("--help") ||
        command == QLatin1String("help")) {
        pw::app::out(QString::fromUtf8(kUsage).trimmed());
        return 0;
    }
    if (command == QLatin1String("-v") || command == QLatin1String("--version")) {
        pw::app::out(QStringLiteral("pipewright %1").arg(QCoreApplication::applicationVersion()));
        return 0;
    }
    if (command.isEmpty() || command.startsWith(QLatin1String("--"))) {
        // No command in a build without the window: serve the data directory.
        args[0] = QStringLiteral("pipewright");
        return pw::app::runServe(args);
    }
    args.removeAt(1);
    args[0] = QStringLiteral("pipewright ") + command;
    if (command == QLatin1String("serve"))
        return pw::app::runServe(args);
    if (command == QLatin1String("token"))
        return pw::app::runToken(args);
    if (command == QLatin1String("connector"))
        return pw::app::runConnector(args);
    if (command == QLatin1String("space"))
        return pw::app::runSpace(args);
    if (command == QLatin1String("validate"))
        return pw::app::runValidate(args);
    if (command == QLatin1String("compile"))
        return pw::app::runCompile(args);
    if (command == QLatin1String("layout"))
        return pw::app::runLayout(args);
    if (command == QLatin1String("run"))
        return pw::app::runRun(args);
    pw::app::err(QStringLiteral("unknown command '%1'; see pipewright --help").arg(command));
    return 2;
}
