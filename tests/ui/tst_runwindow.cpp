#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>
#include <Qsci/qsciscintilla.h>

#include "app/window/embeddedservercontrol.h"
#include "core/spec/specio.h"
#include "server/sandbox/loopbacksandbox.h"
#include "support/fixtures.h"
#include "ui/canvas/definitiontab.h"
#include "ui/canvas/graphscene.h"
#include "ui/canvas/items.h"
#include "ui/panels/runspanel.h"
#include "ui/source/generatedcodetab.h"
#include "ui/theme/theme.h"
#include "ui/window/localrunspage.h"
#include "ui/window/mainwindow.h"

using namespace pw;
using pw::test::Fixture;

// Running from the window (offscreen): Run (F5) and Cancel, the canvas following the run's
// states, the Runs panel's history, tasks and log.
class tst_RunWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    std::unique_ptr<Fixture> f;
    std::unique_ptr<app::EmbeddedServerControl> server;
    std::unique_ptr<ui::MainWindow> window;

    QString runStateOf(const QString &node)
    {
        ui::DefinitionTab *canvas = window->currentCanvas();
        ui::NodeItem *item = canvas ? canvas->scene()->node(node) : nullptr;
        return item ? item->runState() : QStringLiteral("<no node>");
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("PipewrightTest"));
        QCoreApplication::setApplicationName(QStringLiteral("pipewright-runs"));
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue(QStringLiteral("server/port"), 0);
        f = std::make_unique<Fixture>();
        f->core().runs().setKillGraceMs(500);
        // As the app does (app/cli/opencore.cpp): sandboxed connections answer on loopback.
        f->core().runs().setHttpSandboxFactory(
            [] { return std::make_unique<server::LoopbackSandbox>(); });
        server = std::make_unique<app::EmbeddedServerControl>(f->core());
        window = std::make_unique<ui::MainWindow>(f->core(), server.get());
        window->applyServerSettings(true, 0);
        window->restoreSession();
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        QTRY_VERIFY(window->currentCanvas());
    }

    void cleanup()
    {
        window->close();
        window.reset();
        server.reset();
        f.reset();
    }

    void runShowsLiveStatesHistoryAndLogs()
    {
        QCOMPARE(runStateOf(QStringLiteral("refresh_dashboard")), QString());
        window->action(QStringLiteral("run"))->trigger();
        ui::RunsPanel *panel = window->runsPanel();
        QVERIFY(window->findChild<QDockWidget *>(QStringLiteral("runsDock"))->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownRun() && core::isFinished(panel->shownRun()->state),
                                 30000);
        QCOMPARE(panel->shownRun()->state, core::RunState::Completed);
        QCOMPARE(panel->runCount(), 1);
        // Every node shows how its task ended.
        QTRY_COMPARE(runStateOf(QStringLiteral("refresh_dashboard")), QStringLiteral("COMPLETED"));
        QCOMPARE(runStateOf(QStringLiteral("extract_customer_renewals")),
                 QStringLiteral("COMPLETED"));
        QVERIFY(window->currentCanvas()
                    ->scene()
                    ->node(QStringLiteral("notify_team"))
                    ->runText()
                    .startsWith(QStringLiteral("✓")));
        // The task list and a task's log.
        auto *tasks = panel->findChild<QTreeWidget *>(QStringLiteral("runTasks"));
        QCOMPARE(tasks->topLevelItemCount(), 8);
        panel->showLog(QStringLiteral("refresh_dashboard"));
        QTRY_VERIFY(
            panel->logText().contains(QStringLiteral("refreshing the renewals dashboard for")));
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            window->grab().save(qEnvironmentVariable("PW_SCREENSHOT"));
    }

    void cancelStopsTheRunAndTheCanvasSaysSo()
    {
        // A definition that waits, opened in its own canvas.
        core::DefinitionCreate input;
        input.meta.name = "Waits";
        input.meta.workspaceId = f->demoWorkspaceId();
        input.meta.repositoryId = f->demoRepositoryId();
        input.spec =
            core::readSpec(
                nlohmann::json{{"nodes",
                                {{{"id", "wait"}, {"type", "bash"}, {"command", "sleep 30"}},
                                 {{"id", "after"}, {"type", "empty"}}}},
                               {"edges", {{{"upstream", "wait"}, {"downstream", "after"}}}}})
                .spec;
        auto created = f->core().definitions().create(f->local(), std::move(input));
        QVERIFY(created);
        window->openDefinition(QStringLiteral("default"),
                               QString::fromStdString(created->definition->id));
        QTRY_VERIFY(window->currentCanvas() &&
                    window->currentCanvas()->document()->id() == created->definition->id);
        window->action(QStringLiteral("run"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(runStateOf(QStringLiteral("wait")), QStringLiteral("RUNNING"),
                                  10000);
        QCOMPARE(runStateOf(QStringLiteral("after")), QStringLiteral("PENDING"));
        window->action(QStringLiteral("cancelRun"))->trigger();
        QTRY_COMPARE_WITH_TIMEOUT(runStateOf(QStringLiteral("wait")), QStringLiteral("CANCELLED"),
                                  10000);
        QCOMPARE(runStateOf(QStringLiteral("after")), QStringLiteral("CANCELLED"));
        QCOMPARE(window->runsPanel()->shownRun()->state, core::RunState::Cancelled);
        // Re-run the tasks that did not complete: a second run in the history.
        window->action(QStringLiteral("rerunFailed"))->trigger();
        QTRY_COMPARE(window->runsPanel()->runCount(), 2);
        window->action(QStringLiteral("cancelRun"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(core::isFinished(window->runsPanel()->shownRun()->state), 10000);
    }
    void generatedCodeFollowsTheDefinition()
    {
        ui::GeneratedCodeTab *tab = window->openGeneratedCode();
        QVERIFY(tab);
        QVERIFY(tab->editor()->isReadOnly());
        QCOMPARE(tab->target(), QStringLiteral("airflow"));
        QCOMPARE(tab->path(), QStringLiteral("dags/customer_renewal_load.py"));
        QVERIFY(tab->editor()->text().contains(QStringLiteral("dag_id=\"customer_renewal_load\"")));
        tab->setTarget(QStringLiteral("dagster"));
        QCOMPARE(tab->path(), QStringLiteral("dagster/customer_renewal_load.py"));
        QVERIFY(tab->editor()->text().contains(QStringLiteral("@job")));
        // A change made elsewhere (here: through core, as the API would) is in the code at once.
        core::DefinitionPatch patch;
        patch.spec =
            f->core().definitions().get(f->local(), f->demoDefinitionId())->definition->spec;
        patch.spec->deployment["dag_id"] = "renewals_v2";
        QVERIFY(
            f->core().definitions().update(f->local(), f->demoDefinitionId(), std::move(patch)));
        QTRY_COMPARE(tab->path(), QStringLiteral("dagster/renewals_v2.py"));
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            window->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                QStringLiteral(".code.png"));
        // The same tab again, not a second one.
        QCOMPARE(window->openGeneratedCode(), tab);
    }

    void aRefusedRunSaysInTheRunsPanelHowToAllowIt()
    {
        // Bubblewrap cannot start: Run is refused, and the Runs panel says why and what to do.
        f->core().runs().setSandboxProgram("/nonexistent/bwrap");
        ui::RunsPanel *panel = window->runsPanel();
        window->action(QStringLiteral("run"))->trigger();
        QVERIFY2(panel->notice().contains(QStringLiteral("runs are refused")),
                 qPrintable(panel->notice()));
        QVERIFY(panel->notice().contains(QStringLiteral("Allow runs without a sandbox")));
        auto *notice = panel->findChild<QLabel *>(QStringLiteral("runNotice"));
        QVERIFY(notice->isVisible());
        QCOMPARE(panel->runCount(), 0);
        // It follows a switch to the dark palette.
        const QPalette light = QApplication::palette();
        QCOMPARE(notice->palette().color(QPalette::WindowText), ui::canvasColors(light).error);
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(dark);
        QTRY_COMPARE(notice->palette().color(QPalette::WindowText), ui::canvasColors(dark).error);
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            window->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                QStringLiteral(".refused.png"));
        QApplication::setPalette(light);
        // The user allows runs without a sandbox in Settings: the next run goes, unsandboxed,
        // the notice goes away, and the audit log has the decision.
        ui::LocalRunOptions options = window->localRunOptions();
        QVERIFY(!options.sandboxWorks);
        QVERIFY(!options.allowUnsandboxed);
        options.allowUnsandboxed = true;
        QVERIFY(window->applyRunOptions(options));
        QVERIFY(QSettings().value(QStringLiteral("runs/allowUnsandboxed")).toBool());
        window->action(QStringLiteral("run"))->trigger();
        QCOMPARE(panel->notice(), QString());
        QTRY_VERIFY_WITH_TIMEOUT(panel->shownRun() && core::isFinished(panel->shownRun()->state),
                                 30000);
        QCOMPARE(panel->shownRun()->state, core::RunState::Completed);
        panel->showLog(QStringLiteral("refresh_dashboard"));
        QTRY_VERIFY(panel->logText().contains(QStringLiteral("not sandboxed")));
        const auto recorded = f->core().store().read([](core::Database &db) -> core::Result<int> {
            auto q = db.cached("SELECT COUNT(*) FROM audit_events WHERE action = "
                               "'runs.unsandboxed_allowed' AND details LIKE '%window setting%'");
            q->step();
            return static_cast<int>(q->integer(0));
        });
        QCOMPARE(recorded.value_or(0), 1);
    }

    void settingsSetTheDesktopSpacesRunNetwork()
    {
        // The Local runs page of Settings acts at once, as the window's other pages do.
        int sent = 0;
        ui::LocalRunsPage page(window->localRunOptions(), [&](const ui::LocalRunOptions &options) {
            ++sent;
            return window->applyRunOptions(options);
        });
        page.resize(520, 320);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        auto *status = page.findChild<QLabel *>(QStringLiteral("sandboxStatus"));
        QVERIFY2(status->text().contains(QStringLiteral("bubblewrap sandbox")),
                 qPrintable(status->text()));
        auto *network = page.findChild<QComboBox *>(QStringLiteral("runNetwork"));
        auto *hosts = page.findChild<QLineEdit *>(QStringLiteral("allowedHosts"));
        auto *unsandboxed = page.findChild<QCheckBox *>(QStringLiteral("allowUnsandboxed"));
        QCOMPARE(network->currentData().toInt(), int(core::RunNetwork::Host));
        QVERIFY(!unsandboxed->isChecked());
        // A URL is not a host: the page says so and sends nothing.
        hosts->setText(QStringLiteral("http://metadata.internal/"));
        Q_EMIT hosts->editingFinished();
        auto *message = page.findChild<QLabel *>(QStringLiteral("allowedHostsMessage"));
        QVERIFY2(message->text().contains(QStringLiteral("is a URL")), qPrintable(message->text()));
        QCOMPARE(sent, 0);
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            page.grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                             QStringLiteral(".settings.png"));
        hosts->setText(QStringLiteral("127.0.0.1, Api.Internal"));
        Q_EMIT hosts->editingFinished();
        QCOMPARE(message->text(), QString());
        network->setCurrentIndex(network->findData(int(core::RunNetwork::None)));
        QCOMPARE(sent, 2);
        const auto settings = f->core().runSettings().get(f->local().spaceId);
        QVERIFY(settings);
        QCOMPARE(settings->network, core::RunNetwork::None);
        QCOMPARE(settings->httpAllowHosts, (std::vector<std::string>{"127.0.0.1", "api.internal"}));
        // Sending the same again records nothing more.
        const auto changes = [&] {
            return f->core()
                .store()
                .read([](core::Database &db) -> core::Result<int> {
                    auto q = db.cached("SELECT COUNT(*) FROM audit_events WHERE action = "
                                       "'space.run_settings_changed'");
                    q->step();
                    return static_cast<int>(q->integer(0));
                })
                .value_or(-1);
        };
        const int before = changes();
        Q_EMIT hosts->editingFinished();
        QCOMPARE(sent, 3);
        QCOMPARE(changes(), before);
    }
};

QTEST_MAIN(tst_RunWindow)
#include "tst_runwindow.moc"
