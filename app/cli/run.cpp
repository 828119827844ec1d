#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QNetworkAccessManager>

#include <map>

#include "cli.h"
#include "core/app/core.h"
#include "core/compiler/codegen.h"
#include "core/run/runengine.h"
#include "core/spec/specio.h"
#include "core/util/ids.h"
#include "server/sandbox/loopbacksandbox.h"

namespace pw::app {

namespace {

double secondsBetween(const std::optional<std::string> &from, const std::optional<std::string> &to)
{
    if (!from || !to)
        return -1;
    const QDateTime a = QDateTime::fromString(QString::fromStdString(*from), Qt::ISODateWithMs);
    const QDateTime b = QDateTime::fromString(QString::fromStdString(*to), Qt::ISODateWithMs);
    return a.isValid() && b.isValid() ? a.msecsTo(b) / 1000.0 : -1;
}

// One line per task state change: time, task, state, attempt, duration, message.
class StatePrinter
{
public:
    void print(const std::string &nodeId, core::TaskState state, int attempt, int maxAttempts,
               const std::string &message, const std::optional<std::string> &startedAt,
               const std::optional<std::string> &finishedAt)
    {
        auto &last = m_last[nodeId];
        if (last.first == state && last.second == attempt)
            return;
        last = {state, attempt};
        QString line = QStringLiteral("%1  %2  %3")
                           .arg(QTime::currentTime().toString(QStringLiteral("HH:mm:ss")),
                                QString::fromStdString(nodeId).leftJustified(m_width),
                                QString::fromUtf8(core::taskStateName(state)).leftJustified(15));
        if (attempt > 0 && maxAttempts > 1)
            line += QStringLiteral("  attempt %1/%2").arg(attempt).arg(maxAttempts);
        if (core::isFinished(state)) {
            const double s = secondsBetween(startedAt, finishedAt);
            if (s >= 0 && state != core::TaskState::Skipped &&
                state != core::TaskState::UpstreamFailed)
                line += QStringLiteral("  %1 s").arg(s, 0, 'f', 1);
        }
        if (!message.empty() && state != core::TaskState::Completed)
            line += QStringLiteral("  — ") + QString::fromStdString(message);
        out(line);
    }
    void setWidth(int width) { m_width = width; }

private:
    std::map<std::string, std::pair<core::TaskState, int>> m_last;
    int m_width = 24;
};

class PrintingObserver : public core::RunObserver
{
public:
    PrintingObserver(StatePrinter &printer, QEventLoop &loop) : m_printer(printer), m_loop(loop) {}
    void taskChanged(const core::TaskUpdate &u) override
    {
        m_printer.print(u.nodeId, u.state, u.attempt, u.maxAttempts, u.message, u.startedAt,
                        u.finishedAt);
    }
    void runChanged(core::RunState state, const std::string &message) override
    {
        m_state = state;
        m_message = message;
        if (core::isFinished(state))
            m_loop.quit();
    }
    core::RunState state() const { return m_state; }
    const std::string &message() const { return m_message; }

private:
    StatePrinter &m_printer;
    QEventLoop &m_loop;
    core::RunState m_state = core::RunState::Pending;
    std::string m_message;
};

int finish(core::RunState state, const std::string &message, const QString &where)
{
    out(QStringLiteral("run %1%2")
            .arg(QString::fromUtf8(core::runStateName(state)),
                 message.empty() ? QString()
                                 : QStringLiteral(": ") + QString::fromStdString(message)));
    if (!where.isEmpty())
        out(QStringLiteral("logs: %1").arg(where));
    return state == core::RunState::Completed ? 0 : 1;
}

} // namespace

// pipewright run FILE|--definition ID [--from NODE] [--upto NODE] [--only A,B] [--param k=v]
//                [--date YYYY-MM-DD] [--parallelism N] [--data DIR]
int runRun(const QStringList &args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral(
        "pipewright run FILE | --definition ID [--from NODE] [--upto NODE] [--only A,B]\n"
        "               [--param NAME=VALUE]... [--date DATE] [--parallelism N]\n\n"
        "Runs a pipeline locally and prints each task's state as it changes. A definition runs\n"
        "in a checkout of its draft files and is recorded with its runs; a spec file runs in the\n"
        "current folder. Bash and Python tasks run in a bubblewrap sandbox that sees the system\n"
        "read-only and writes only that folder and the run's work folder, with the default\n"
        "space's network ('pipewright space show default'). Ctrl+C cancels the run. Exit\n"
        "status: 0 the run completed, 1 it failed, was cancelled or was refused, 2 usage or\n"
        "unreadable input."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("file"), QStringLiteral("The spec file."));
    const QCommandLineOption definition(QStringLiteral("definition"),
                                        QStringLiteral("A definition's id (instead of FILE)."),
                                        QStringLiteral("id"));
    const QCommandLineOption from(QStringLiteral("from"),
                                  QStringLiteral("Run this node and everything downstream."),
                                  QStringLiteral("node"));
    const QCommandLineOption upto(QStringLiteral("upto"),
                                  QStringLiteral("Run this node and everything upstream."),
                                  QStringLiteral("node"));
    const QCommandLineOption only(QStringLiteral("only"),
                                  QStringLiteral("Run only these nodes (comma-separated)."),
                                  QStringLiteral("nodes"));
    const QCommandLineOption param(QStringLiteral("param"),
                                   QStringLiteral("A parameter; the value is JSON if it parses."),
                                   QStringLiteral("name=value"));
    const QCommandLineOption date(QStringLiteral("date"),
                                  QStringLiteral("The logical date (default: now)."),
                                  QStringLiteral("date"));
    const QCommandLineOption parallelism(QStringLiteral("parallelism"),
                                         QStringLiteral("Tasks at once (default: cores)."),
                                         QStringLiteral("n"));
    const QCommandLineOption data(QStringLiteral("data"), QStringLiteral("Data directory."),
                                  QStringLiteral("dir"));
    const QCommandLineOption unsandboxed(
        QStringLiteral("unsandboxed-runs"),
        QStringLiteral("Where bubblewrap cannot start, run the tasks without a sandbox instead "
                       "of refusing (recorded in the audit log)."));
    parser.addOptions({definition, from, upto, only, param, date, parallelism, data, unsandboxed});
    if (!parser.parse(args)) {
        err(parser.errorText());
        return 2;
    }
    if (parser.isSet(QStringLiteral("help")))
        parser.showHelp(0);
    const bool fromDefinition = parser.isSet(definition);
    if (fromDefinition == (parser.positionalArguments().size() == 1) ||
        parser.positionalArguments().size() > 1 ||
        int(parser.isSet(from)) + int(parser.isSet(upto)) + int(parser.isSet(only)) > 1) {
        err(QStringLiteral("usage: pipewright run FILE | --definition ID [--from NODE | --upto "
                           "NODE | --only A,B] [--param NAME=VALUE]..."));
        return 2;
    }
    core::RunRequest request;
    request.trigger = "cli";
    if (parser.isSet(from) || parser.isSet(upto)) {
        request.selection.mode =
            parser.isSet(from) ? core::RunSelection::Mode::From : core::RunSelection::Mode::UpTo;
        request.selection.nodes = {parser.value(parser.isSet(from) ? from : upto).toStdString()};
    } else if (parser.isSet(only)) {
        request.selection.mode = core::RunSelection::Mode::Only;
        for (const QString &n : parser.value(only).split(QLatin1Char(','), Qt::SkipEmptyParts))
            request.selection.nodes.push_back(n.trimmed().toStdString());
    }
    for (const QString &p : parser.values(param)) {
        const qsizetype eq = p.indexOf(QLatin1Char('='));
        if (eq <= 0) {
            err(QStringLiteral("--param takes NAME=VALUE, not '%1'").arg(p));
            return 2;
        }
        const std::string value = p.mid(eq + 1).toStdString();
        nlohmann::json parsed = nlohmann::json::parse(value, nullptr, false);
        request.params[p.left(eq).toStdString()] =
            parsed.is_discarded() ? nlohmann::json(value) : parsed;
    }
    if (parser.isSet(date))
        request.logicalDate = parser.value(date).toStdString();
    if (parser.isSet(parallelism)) {
        bool ok = false;
        request.parallelism = parser.value(parallelism).toInt(&ok);
        if (!ok || request.parallelism < 1) {
            err(QStringLiteral("--parallelism takes a number of at least 1"));
            return 2;
        }
    }

    auto core = openCore(dataDirectory(parser, data));
    if (!core)
        return 1;
    auto actor = core->localActor();
    if (!actor) {
        err(QString::fromStdString(actor.error().message));
        return 1;
    }
    if (parser.isSet(unsandboxed)) {
        if (auto allowed = core->runs().allowUnsandboxedRuns(
                true, {"pipewright run --unsandboxed-runs", actor->userId});
            !allowed) {
            err(QString::fromStdString(allowed.error().message));
            return 1;
        }
    }
    StatePrinter printer;
    QEventLoop loop;

    if (fromDefinition) {
        request.definitionId = parser.value(definition).toStdString();
        auto started = core->runs().start(*actor, request);
        if (!started) {
            err(QString::fromStdString(started.error().message));
            if (const auto problems = started.error().details.find("problems");
                problems != started.error().details.end()) {
                for (const auto &p : *problems)
                    err(QStringLiteral("error: %1: %2")
                            .arg(QString::fromStdString(p.value("path", std::string("spec"))),
                                 QString::fromStdString(p.value("message", std::string()))));
            }
            return started.error().code == core::ErrorCode::Unprocessable ? 1 : 2;
        }
        const std::string runId = started->id;
        out(QStringLiteral("run %1 of version %2")
                .arg(QString::fromStdString(runId))
                .arg(started->version));
        int width = 12;
        for (const auto &t : started->tasks)
            width = std::max(width, static_cast<int>(t.nodeId.size()));
        printer.setWidth(width);
        core::RunInfo last = *started;
        auto refresh = [&] {
            auto run = core->runs().get(*actor, runId);
            if (!run)
                return;
            for (const core::TaskRunInfo &t : run->tasks)
                printer.print(t.nodeId, t.state, t.attempt, t.maxAttempts, t.message, t.startedAt,
                              t.finishedAt);
            last = *run;
            if (core::isFinished(run->state))
                loop.quit();
        };
        QObject::connect(&core->notifier(), &core::ChangeNotifier::changed, &loop,
                         [&](const core::ChangeEvent &event) {
                             if (event.kind == core::ChangeEvent::Kind::Run &&
                                 event.objectId == runId)
                                 refresh();
                         });
        quitOnTerminationSignals([&] {
            out(QStringLiteral("cancelling…"));
            (void)core->runs().cancel(*actor, runId);
        });
        refresh();
        if (!core::isFinished(last.state))
            loop.exec();
        return finish(last.state, last.message,
                      QString::fromStdString(core->runs().folders(runId).logs));
    }

    // A spec file: the engine runs it here, in the current folder; nothing is recorded.
    const QString path = parser.positionalArguments().front();
    auto document = readSpecFile(path);
    if (!document)
        return 2;
    core::RunPlan plan;
    plan.spec = core::readSpec(std::move(*document)).spec;
    const core::ValidationReport report = core->compiler().validate(plan.spec);
    if (!report.valid) {
        for (const core::Problem &p : report.problems) {
            if (p.isError())
                err(QStringLiteral("error: %1: %2")
                        .arg(p.path.empty() ? QStringLiteral("spec")
                                            : QString::fromStdString(p.path),
                             QString::fromStdString(p.message)));
        }
        return 1;
    }
    auto selected = core::selectNodes(plan.spec, request.selection);
    if (!selected) {
        err(QString::fromStdString(selected.error().message));
        return 2;
    }
    plan.selected = std::move(*selected);
    plan.runId = "cli_" + core::newUuid();
    plan.dagId = core::dagIdOf(plan.spec);
    plan.params = plan.spec.params.is_object() ? plan.spec.params : nlohmann::json::object();
    plan.params.update(request.params);
    plan.logicalDate =
        request.logicalDate ? *request.logicalDate : core::nowUtc().substr(0, 19) + "Z";
    if (plan.logicalDate.size() == 10)
        plan.logicalDate += "T00:00:00Z";
    plan.codeDir = QDir::currentPath().toStdString();
    // The folder is the task's checkout, writable in the sandbox: never the data directory or
    // a folder in it.
    const QString here = QDir::currentPath() + QLatin1Char('/');
    const QString dataRoot = QString::fromStdString(core->dataDir()) + QLatin1Char('/');
    if (here.startsWith(dataRoot)) {
        err(QStringLiteral("run the spec from a folder outside the data directory (%1): its "
                           "tasks may write the folder they run in")
                .arg(QString::fromStdString(core->dataDir())));
        return 2;
    }
    auto settings = core->runSettings().get(actor->spaceId);
    if (!settings) {
        err(QString::fromStdString(settings.error().message));
        return 1;
    }
    auto isolation = core->runs().isolationForRun(plan.spec, plan.selected, settings->network);
    if (!isolation) {
        err(QString::fromStdString(isolation.error().message));
        return 1;
    }
    plan.isolation = std::move(*isolation);
    plan.http = core::HttpPolicy{settings->network, settings->httpAllowHosts, actor->spaceSlug};
    // Recorded nowhere, but its work and logs go where a recorded run's would.
    const core::RunFolders dirs = core->runs().folders(plan.runId);
    plan.workDir = dirs.work;
    plan.logDir = dirs.logs;
    QDir().mkpath(QString::fromStdString(plan.workDir));
    QDir().mkpath(QString::fromStdString(plan.logDir));
    plan.dataDir = core->dataDir();
    plan.parallelism = request.parallelism;
    plan.connector = core->registry().connectorLookup(actor->spaceId);
    int width = 12;
    for (const core::Node &n : plan.spec.nodes)
        width = std::max(width, static_cast<int>(n.id.size()));
    printer.setWidth(width);
    QNetworkAccessManager network;
    server::LoopbackSandbox sandbox;
    PrintingObserver observer(printer, loop);
    core::RunEngine engine(std::move(plan), observer, network, &sandbox);
    quitOnTerminationSignals([&] {
        out(QStringLiteral("cancelling…"));
        engine.cancel("cancelled with Ctrl+C");
    });
    engine.start();
    if (!engine.finished())
        loop.exec();
    return finish(observer.state(), observer.message(), QString::fromStdString(dirs.logs));
}

} // namespace pw::app
