#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDockWidget>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QScopeGuard>
#include <QSettings>
#include <QSpinBox>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTranslator>
#include <QTreeWidget>

#include "app/window/embeddedservercontrol.h"
#include "core/spec/specio.h"
#include "support/fakeforge.h"
#include "support/fixtures.h"
#include "ui/canvas/definitiontab.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/scheduletext.h"
#include "ui/panels/deploymentpanel.h"
#include "ui/panels/propertiespanel.h"
#include "ui/theme/theme.h"
#include "ui/window/mainwindow.h"
#include "ui/window/publishdialog.h"

using namespace pw;
using pw::test::Fixture;

// The author's deployment work in the window (offscreen): the deployment settings panel and its
// schedule sentence, the parameters editor, connector fields that pick from the space's
// connectors, and the Publish dialog.
class tst_DeployWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    QTemporaryDir m_remotes;
    QTranslator m_english; // the plural forms of English texts
    std::unique_ptr<Fixture> f;
    std::unique_ptr<app::EmbeddedServerControl> server;
    std::unique_ptr<ui::MainWindow> window;

    core::DefinitionPtr current() { return window->currentCanvas()->document()->definition(); }
    template <class T> T *field(const char *key)
    {
        return qobject_cast<T *>(window->deployment()->editor(QString::fromLatin1(key)));
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("PipewrightTest"));
        QCoreApplication::setApplicationName(QStringLiteral("pipewright-deploy"));
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        QVERIFY(m_english.load(QStringLiteral(":/i18n/pipewright_en.qm")));
        QCoreApplication::installTranslator(&m_english);
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue(QStringLiteral("server/port"), 0);
        f = std::make_unique<Fixture>(false, Fixture::localRemotes());
        server = std::make_unique<app::EmbeddedServerControl>(f->core());
        window = std::make_unique<ui::MainWindow>(f->core(), server.get());
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

    void scheduleSentences_data()
    {
        QTest::addColumn<QString>("schedule");
        QTest::addColumn<QString>("sentence");
        QTest::newRow("none") << ""
                              << "Not scheduled: runs only when triggered.";
        QTest::newRow("daily at six") << "0 6 * * *"
                                      << "At 06:00, every day.";
        QTest::newRow("@daily") << "@daily"
                                << "At 00:00, every day.";
        QTest::newRow("@hourly") << "@hourly"
                                 << "At minute 0 of every hour.";
        QTest::newRow("@weekly") << "@weekly"
                                 << "At 00:00, on Sunday.";
        QTest::newRow("@quarterly")
            << "@quarterly"
            << "At 00:00, on day 1 of the month in January, April, July and October.";
        QTest::newRow("every 15 minutes") << "*/15 * * * *"
                                          << "Every 15 minutes.";
        QTest::newRow("every minute") << "* * * * *"
                                      << "Every minute.";
        QTest::newRow("weekdays") << "30 9 * * 1-5"
                                  << "At 09:30, on Monday to Friday.";
        QTest::newRow("twice a day") << "0 6,18 * * *"
                                     << "At 06:00 and 18:00, every day.";
        QTest::newRow("every 2 hours") << "15 */2 * * *"
                                       << "Every 2 hours, at minute 15.";
        QTest::newRow("office hours")
            << "*/30 9-17 * * 1-5"
            << "Every 30 minutes from 09:00 to 17:59, on Monday to Friday.";
        QTest::newRow("last day") << "0 0 L * *"
                                  << "At 00:00, on the last day of the month.";
        QTest::newRow("third friday") << "0 9 * * 5#3"
                                      << "At 09:00, on the third Friday.";
        QTest::newRow("either day") << "0 0 1 * 1"
                                    << "At 00:00, on day 1 of the month or on Monday.";
        QTest::newRow("once") << "@once"
                              << "Once, at the start date.";
        QTest::newRow("bad") << "0 25 * * *"
                             << "Not a schedule: '25' in the hour field must be from 0 to 23";
    }

    void scheduleSentences()
    {
        QFETCH(QString, schedule);
        QFETCH(QString, sentence);
        QCOMPARE(ui::scheduleSentence(schedule), sentence);
    }

    void scheduleSentencesFollowTheLanguage()
    {
        QTranslator german;
        QVERIFY(german.load(QStringLiteral(":/i18n/pipewright_de.qm")));
        QCoreApplication::installTranslator(&german);
        QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
        const QString weekdays = ui::scheduleSentence(QStringLiteral("30 9 * * 1-5"));
        const QString quarter = ui::scheduleSentence(QStringLiteral("*/15 * * * *"));
        QCoreApplication::removeTranslator(&german);
        QTranslator polish;
        QVERIFY(polish.load(QStringLiteral(":/i18n/pipewright_pl.qm")));
        QCoreApplication::installTranslator(&polish);
        QLocale::setDefault(QLocale(QLocale::Polish, QLocale::Poland));
        const QString five = ui::scheduleSentence(QStringLiteral("*/5 * * * *"));
        QCoreApplication::removeTranslator(&polish);
        QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedKingdom));
        QCOMPARE(weekdays, QStringLiteral("Um 09:30, Montag bis Freitag."));
        QCOMPARE(quarter, QStringLiteral("Alle 15 Minuten."));
        QCOMPARE(five, QStringLiteral("Co 5 minut."));
    }

    void panelShowsTheDemosSettings()
    {
        window->action(QStringLiteral("deploymentSettings"))->trigger();
        auto *dock = window->findChild<QDockWidget *>(QStringLiteral("deploymentDock"));
        QVERIFY(dock->isVisible());
        ui::DeploymentPanel *panel = window->deployment();
        QCOMPARE(field<QLineEdit>("dag_id")->text(), QStringLiteral("customer_renewal_load"));
        QCOMPARE(field<QComboBox>("schedule")->currentText(), QStringLiteral("0 6 * * *"));
        QCOMPARE(panel->scheduleText(), QStringLiteral("At 06:00, every day."));
        QVERIFY2(panel->nextRunsText().startsWith(QStringLiteral("Next runs:\n")),
                 qPrintable(panel->nextRunsText()));
        QCOMPARE(panel->nextRunsText().count(QStringLiteral("06:00")), 3);
        QCOMPARE(field<QLineEdit>("start_date")->text(), QStringLiteral("2026-01-01"));
        QVERIFY(!field<QCheckBox>("catchup")->isChecked());
        QCOMPARE(field<QLineEdit>("owner")->text(), QStringLiteral("data-platform"));
        QCOMPARE(field<QLineEdit>("tags")->text(), QStringLiteral("renewals, demo"));
        QCOMPARE(field<QSpinBox>("retries")->value(), 2);
        auto *params = field<QTableWidget>("params");
        QCOMPARE(params->rowCount(), 1);
        QCOMPARE(params->item(0, 0)->text(), QStringLiteral("lookahead_days"));
        QCOMPARE(params->item(0, 2)->text(), QStringLiteral("90"));
        QVERIFY(!panel->canApply());
        // What Airflow needs before the DAG can run there, as the deployment-resources route
        // answers it: the warehouse and the two HTTP hosts, each a connector of the space.
        QVERIFY2(panel->needsText().startsWith(QStringLiteral("Connections: ")),
                 qPrintable(panel->needsText()));
        QVERIFY(panel->needsText().contains(QStringLiteral("warehouse (sqlite)")));
        QVERIFY(panel->needsText().contains(QStringLiteral("http_crm_example_com (http)")));
        QVERIFY(!panel->needsText().contains(QStringLiteral("⚠")));
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            window->grab().save(qEnvironmentVariable("PW_SCREENSHOT"));
    }

    void editsBecomeOneVersionAndOneUndoStep()
    {
        ui::DeploymentPanel *panel = window->deployment();
        const core::DefinitionPtr before = current();
        field<QComboBox>("schedule")->setCurrentText(QStringLiteral("*/15 * * * *"));
        QCOMPARE(panel->scheduleText(), QStringLiteral("Every 15 minutes."));
        field<QComboBox>("timezone")->setCurrentText(QStringLiteral("Europe/Warsaw"));
        field<QSpinBox>("retry_delay_seconds")->setValue(120);
        field<QLineEdit>("tags")->setText(QStringLiteral("renewals, demo, crm"));
        QVERIFY(panel->isDirty());
        QVERIFY(panel->canApply());
        QVERIFY(panel->apply());
        const core::DefinitionPtr after = current();
        QCOMPARE(after->currentVersion, before->currentVersion + 1);
        const nlohmann::json &d = after->spec.deployment;
        QCOMPARE(d.at("schedule"), "*/15 * * * *");
        QCOMPARE(d.at("timezone"), "Europe/Warsaw");
        QCOMPARE(d.at("retry_delay_seconds"), 120);
        QCOMPARE(d.at("tags"), nlohmann::json({"renewals", "demo", "crm"}));
        // What the form did not change is the spec's own: the readme path it has no field for.
        QCOMPARE(d.at("readme_path"), "dags/customer_renewal_load.md");
        QCOMPARE(d.at("catchup"), false);
        QVERIFY(!d.contains("end_date"));
        QVERIFY(!panel->isDirty());
        // One undo step brings the old settings back, and the panel shows them.
        window->action(QStringLiteral("undo"))->trigger();
        QTRY_COMPARE(current()->spec.deployment, before->spec.deployment);
        QCOMPARE(field<QComboBox>("schedule")->currentText(), QStringLiteral("0 6 * * *"));
    }

    void invalidSettingsSayWhyAndChangeNothing()
    {
        ui::DeploymentPanel *panel = window->deployment();
        const int version = current()->currentVersion;
        field<QComboBox>("schedule")->setCurrentText(QStringLiteral("0 25 * * *"));
        QVERIFY(!panel->canApply());
        QVERIFY2(panel->fieldMessage(QStringLiteral("schedule")).contains(QStringLiteral("hour")),
                 qPrintable(panel->fieldMessage(QStringLiteral("schedule"))));
        QVERIFY(panel->scheduleText().startsWith(QStringLiteral("Not a schedule")));
        field<QComboBox>("schedule")->setCurrentText(QStringLiteral("0 6 * * *"));
        field<QComboBox>("timezone")->setCurrentText(QStringLiteral("Mars/Olympus_Mons"));
        QVERIFY(!panel->canApply());
        QVERIFY(panel->fieldMessage(QStringLiteral("timezone"))
                    .contains(QStringLiteral("IANA time zone")));
        field<QComboBox>("timezone")->setCurrentText(QString());
        field<QLineEdit>("dag_id")->setText(QStringLiteral("my dag"));
        QVERIFY(!panel->canApply());
        QVERIFY(!panel->fieldMessage(QStringLiteral("dag_id")).isEmpty());
        field<QLineEdit>("dag_id")->setText(QStringLiteral("customer_renewal_load"));
        field<QLineEdit>("start_date")->setText(QStringLiteral("2026-02-30"));
        QVERIFY(!panel->canApply());
        QVERIFY(panel->fieldMessage(QStringLiteral("start_date")).contains(QStringLiteral("ISO")));
        QVERIFY(!panel->apply());
        panel->revert();
        QVERIFY(!panel->isDirty());
        QCOMPARE(field<QLineEdit>("start_date")->text(), QStringLiteral("2026-01-01"));
        QCOMPARE(current()->currentVersion, version);
    }

    void parametersAreTypedAndChecked()
    {
        ui::DeploymentPanel *panel = window->deployment();
        panel->addParameter(QStringLiteral("region"), QStringLiteral("text"), QStringLiteral("eu"));
        panel->addParameter(QStringLiteral("full_refresh"), QStringLiteral("boolean"),
                            QStringLiteral("maybe"));
        QVERIFY(!panel->canApply());
        QVERIFY2(
            panel->fieldMessage(QStringLiteral("params")).contains(QStringLiteral("true or false")),
            qPrintable(panel->fieldMessage(QStringLiteral("params"))));
        auto *params = field<QTableWidget>("params");
        params->item(2, 2)->setText(QStringLiteral("true"));
        panel->addParameter(QStringLiteral("region"), QStringLiteral("integer"),
                            QStringLiteral("1"));
        QVERIFY(panel->fieldMessage(QStringLiteral("params")).contains(QStringLiteral("twice")));
        panel->removeParameter(3);
        // A parameter without a name: core's validator says so, under the table.
        panel->addParameter(QString(), QStringLiteral("text"), QStringLiteral("x"));
        QVERIFY(!panel->canApply());
        QVERIFY2(panel->fieldMessage(QStringLiteral("params"))
                     .contains(QStringLiteral("without a name")),
                 qPrintable(panel->fieldMessage(QStringLiteral("params"))));
        panel->removeParameter(3);
        panel->addParameter(QStringLiteral("limits"), QStringLiteral("json"),
                            QStringLiteral("{\"rows\": 10"));
        QVERIFY(panel->fieldMessage(QStringLiteral("params")).contains(QStringLiteral("JSON")));
        params->item(3, 2)->setText(QStringLiteral("{\"rows\": 10}"));
        QVERIFY(panel->canApply());
        QVERIFY(panel->apply());
        const nlohmann::json expected = {{"lookahead_days", 90},
                                         {"region", "eu"},
                                         {"full_refresh", true},
                                         {"limits", {{"rows", 10}}}};
        QCOMPARE(current()->spec.params, expected);
    }

    void connectorFieldsPickFromTheSpacesConnectors()
    {
        window->currentCanvas()->selectNode(QStringLiteral("extract_customer_renewals"));
        ui::PropertiesPanel *properties = window->properties();
        QTRY_COMPARE(properties->nodeId(), QStringLiteral("extract_customer_renewals"));
        auto *connector =
            qobject_cast<QComboBox *>(properties->editor(QStringLiteral("connector")));
        QVERIFY(connector);
        QVERIFY(connector->isEditable());
        QCOMPARE(connector->currentText(), QStringLiteral("warehouse"));
        // The space's connectors, as registered for the demo.
        QStringList names;
        for (int i = 0; i < connector->count(); ++i)
            names.append(connector->itemText(i));
        names.sort();
        QCOMPARE(names, (QStringList{QStringLiteral("http_crm_example_com"),
                                     QStringLiteral("http_hooks_example_com"),
                                     QStringLiteral("warehouse")}));
        // A name the space does not have is said beside the field; it can still be saved (an
        // orchestrator may have the connection).
        connector->setCurrentText(QStringLiteral("lakehouse"));
        QVERIFY2(properties->fieldMessage(QStringLiteral("connector"))
                     .contains(QStringLiteral("no connector named lakehouse")),
                 qPrintable(properties->fieldMessage(QStringLiteral("connector"))));
        QVERIFY(properties->canApply());
        // Saved, the deployment panel lists it as a connection the space lacks.
        QVERIFY(properties->apply());
        QTRY_VERIFY2(window->deployment()->needsText().contains(
                         QStringLiteral("lakehouse ⚠ not a connector of this space")),
                     qPrintable(window->deployment()->needsText()));
        connector = qobject_cast<QComboBox *>(properties->editor(QStringLiteral("connector")));
        connector->setCurrentText(QStringLiteral("http_crm_example_com"));
        QVERIFY(properties->fieldMessage(QStringLiteral("connector")).isEmpty());
        QVERIFY(properties->apply());
        QCOMPARE(current()
                     ->spec.findNode("extract_customer_renewals")
                     ->fields()
                     .at("connector")
                     .get<std::string>(),
                 std::string("http_crm_example_com"));
    }

    void publishShowsEveryStepAndWhereTheResultIs()
    {
        test::expectOk(
            f->core().repositories().save(f->local(), f->demoDefinitionId(),
                                          {"scripts/extra.sh", "echo extra\n", std::nullopt}),
            "draft");
        window->action(QStringLiteral("publish"))->trigger();
        auto *dialog = window->findChild<ui::PublishDialog *>();
        QVERIFY(dialog);
        QTRY_VERIFY(dialog->isVisible());
        QCOMPARE(dialog->reviewedVersion(), current()->currentVersion);
        // What the commit will hold: the draft edit and the generated DAG file.
        QCOMPARE(dialog->findChild<QLabel *>(QStringLiteral("publishFiles"))->text(),
                 QStringLiteral("Draft edits: scripts/extra.sh\nGenerated code: "
                                "dags/customer_renewal_load.py"));
        // The demo's repository has no remote: the push is skipped from the start.
        QCOMPARE(dialog->stepState(QStringLiteral("push")), QStringLiteral("skipped"));
        QCOMPARE(dialog->stepState(QStringLiteral("spec_valid")), QStringLiteral("pending"));
        dialog->findChild<QPlainTextEdit *>(QStringLiteral("publishBody"))
            ->setPlainText(QStringLiteral("Checked in the window."));
        dialog->publish();
        QVERIFY(dialog->isRunning());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->finished(), 30000);
        for (const char *step : {"review_current", "spec_valid", "compiles", "python_parses",
                                 "commit", "merge_request"})
            QCOMPARE(dialog->stepState(QString::fromLatin1(step)), QStringLiteral("passed"));
        QVERIFY2(dialog->stepMessage(QStringLiteral("commit"))
                     .endsWith(QStringLiteral("pipewright/customer_renewal_load-v1")),
                 qPrintable(dialog->stepMessage(QStringLiteral("commit"))));
        QVERIFY2(dialog->resultText().startsWith(QStringLiteral("Published.")),
                 qPrintable(dialog->resultText()));
        QTRY_COMPARE(current()->status, std::string("published"));
        auto *steps = dialog->findChild<QTreeWidget *>(QStringLiteral("publishSteps"));
        QCOMPARE(steps->topLevelItemCount(), 7);
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            dialog->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                QStringLiteral(".publish.png"));
        dialog->reject();
    }

    void publishToAForgeLinksTheMergeRequest()
    {
        test::FakeForge forge;
        forge.answerWith(201,
                         {{"number", 12}, {"html_url", "https://forge.test/acme/pipes/pull/12"}});
        const auto [id, bare] = test::definitionOnRemote(
            *f, m_remotes.path(), 1, core::Forge{"github", forge.url(), "acme/pipes"});
        QVERIFY(window->openDefinition(QStringLiteral("default"), QString::fromStdString(id)));
        QTRY_COMPARE(window->currentCanvas()->document()->id(), id);
        ui::PublishDialog *dialog = window->openPublish();
        QVERIFY(dialog);
        QCOMPARE(dialog->stepState(QStringLiteral("push")), QStringLiteral("pending"));
        dialog->findChild<QLineEdit *>(QStringLiteral("publishBranch"))
            ->setText(QStringLiteral("feature/renewals"));
        dialog->publish();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->finished(), 30000);
        QCOMPARE(dialog->stepState(QStringLiteral("push")), QStringLiteral("passed"));
        QCOMPARE(dialog->stepState(QStringLiteral("merge_request")), QStringLiteral("passed"));
        QCOMPARE(dialog->resultUrl(), QStringLiteral("https://forge.test/acme/pipes/pull/12"));
        QVERIFY2(dialog->resultText().contains(
                     QStringLiteral("<a href=\"https://forge.test/acme/pipes/pull/12\">")),
                 qPrintable(dialog->resultText()));
        QCOMPARE(forge.requests().size(), size_t(1));
        QCOMPARE(forge.requests().front().body["head"], nlohmann::json("feature/renewals"));
        // The remote has the branch.
        QCOMPARE(
            test::git({QStringLiteral("--git-dir=") + bare, QStringLiteral("rev-parse"),
                       QStringLiteral("--verify"), QStringLiteral("refs/heads/feature/renewals")})
                .exitCode,
            0);
        dialog->reject();
    }

    void aFailedCheckStopsThePublishAndACancelCommitsNothing()
    {
        // python3 cannot be found: the generated code cannot be checked, the gate fails and
        // the steps after it do not run.
        const QByteArray path = qgetenv("PATH");
        qputenv("PATH", "/nonexistent");
        ui::PublishDialog *dialog = window->openPublish();
        dialog->publish();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->finished(), 30000);
        qputenv("PATH", path);
        QCOMPARE(dialog->stepState(QStringLiteral("spec_valid")), QStringLiteral("passed"));
        QCOMPARE(dialog->stepState(QStringLiteral("python_parses")), QStringLiteral("failed"));
        QCOMPARE(dialog->stepState(QStringLiteral("commit")), QStringLiteral("skipped"));
        QCOMPARE(dialog->stepState(QStringLiteral("merge_request")), QStringLiteral("skipped"));
        QVERIFY2(dialog->resultText().startsWith(QStringLiteral("A check failed")),
                 qPrintable(dialog->resultText()));
        dialog->reject();
        QTRY_VERIFY(!window->findChild<ui::PublishDialog *>());
        QCOMPARE(current()->status, std::string("draft"));
        // Cancelled while checking (python3 takes milliseconds to start; the cancel is at once).
        window->currentCanvas()->document()->undoStack()->undo();
        QTRY_VERIFY(
            !current()->spec.deployment.at("schedule").get<std::string>().starts_with("not"));
        dialog = window->openPublish();
        dialog->publish();
        dialog->reject(); // the Cancel button while running
        QVERIFY(dialog->isVisible());
        QTRY_VERIFY_WITH_TIMEOUT(dialog->finished(), 30000);
        QCOMPARE(dialog->resultText(), QStringLiteral("Cancelled: nothing was committed."));
        QCOMPARE(dialog->stepState(QStringLiteral("commit")), QStringLiteral("skipped"));
        QCOMPARE(
            f->core().repositories().branches(f->local(), f->demoRepositoryId(), false)->size(),
            size_t(1));
        QCOMPARE(current()->status, std::string("draft"));
        dialog->reject();
        // A dialog destroyed while it publishes (the window closing) cancels its job: nothing
        // half-done, nothing left running.
        dialog = window->openPublish();
        dialog->publish();
        delete dialog;
        auto publishJobsUnderWay = [&] {
            return test::expectOk(
                f->core().store().read([](core::Database &db) -> core::Result<int64_t> {
                    auto q = db.cached("SELECT COUNT(*) FROM jobs WHERE kind = "
                                       "'publish' AND state IN ('queued', 'running')");
                    q->step();
                    return q->integer(0);
                }),
                "jobs");
        };
        QTRY_COMPARE(publishJobsUnderWay(), int64_t(0));
        QCOMPARE(
            f->core().repositories().branches(f->local(), f->demoRepositoryId(), false)->size(),
            size_t(1));
        QCOMPARE(current()->status, std::string("draft"));
    }

    void followsADarkPalette()
    {
        ui::DeploymentPanel *panel = window->deployment();
        window->action(QStringLiteral("deploymentSettings"))->trigger();
        field<QComboBox>("schedule")->setCurrentText(QStringLiteral("0 25 * * *"));
        auto *message = [&] {
            for (QLabel *label : panel->findChildren<QLabel *>()) {
                if (label->isVisible() &&
                    label->text() == panel->fieldMessage(QStringLiteral("schedule")))
                    return label;
            }
            return static_cast<QLabel *>(nullptr);
        }();
        QVERIFY(message);
        const QPalette light = QApplication::palette();
        QCOMPARE(message->palette().color(QPalette::WindowText), ui::canvasColors(light).error);
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(dark);
        auto restore = qScopeGuard([&] { QApplication::setPalette(light); });
        QTRY_COMPARE(message->palette().color(QPalette::WindowText), ui::canvasColors(dark).error);
        QVERIFY(ui::canvasColors(dark).error != ui::canvasColors(light).error);
        // A failed check in the publish checklist takes the dark error colour too.
        panel->revert();
        const QByteArray path = qgetenv("PATH");
        QApplication::setPalette(light);
        qputenv("PATH", "/nonexistent");
        ui::PublishDialog *dialog = window->openPublish();
        dialog->publish();
        QTRY_VERIFY_WITH_TIMEOUT(dialog->finished(), 30000);
        qputenv("PATH", path);
        auto *steps = dialog->findChild<QTreeWidget *>(QStringLiteral("publishSteps"));
        QTreeWidgetItem *parses = steps->topLevelItem(3);
        QCOMPARE(parses->foreground(0).color(), ui::canvasColors(light).error);
        QApplication::setPalette(dark);
        QTRY_COMPARE(parses->foreground(0).color(), ui::canvasColors(dark).error);
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT")) {
            window->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                QStringLiteral(".dark.png"));
            dialog->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                QStringLiteral(".dark-publish.png"));
        }
        dialog->reject();
    }

    void readersSeeTheSettingsReadOnly()
    {
        // An archived definition is not editable: every field is disabled.
        ui::DefinitionDocument *doc = window->currentCanvas()->document();
        QVERIFY(doc->canEdit());
        QVERIFY(field<QLineEdit>("dag_id")->isEnabled());
        const std::string id = doc->id();
        QVERIFY(f->core().definitions().archive(f->local(), id));
        QTRY_VERIFY(!field<QLineEdit>("dag_id")->isEnabled());
        QVERIFY(!field<QTableWidget>("params")->isEnabled());
    }
};

QTEST_MAIN(tst_DeployWindow)
#include "tst_deploywindow.moc"
