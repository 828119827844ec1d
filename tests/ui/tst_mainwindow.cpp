#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QPainter>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QScopeGuard>
#include <QSettings>
#include <QSplitter>
#include <QTabWidget>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QToolButton>
#include <QTranslator>
#include <QUrl>

#include <QTreeWidget>
#include <tuple>

#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include "app/window/embeddedservercontrol.h"
#include "support/fixtures.h"
#include "support/settle.h"
#include "ui/canvas/canvasview.h"
#include "ui/canvas/definitiontab.h"
#include "ui/canvas/graphscene.h"
#include "ui/compare/comparetab.h"
#include "ui/model/definitiondocument.h"
#include "ui/panels/catalogpanel.h"
#include "ui/panels/navigatorpanel.h"
#include "ui/panels/problemspanel.h"
#include "ui/panels/propertiespanel.h"
#include "ui/panels/versionspanel.h"
#include "ui/source/sourcetab.h"
#include "ui/theme/theme.h"
#include "ui/window/apitokenspage.h"
#include "ui/window/commandpalette.h"
#include "ui/window/mainwindow.h"
#include "ui/window/settingsdialog.h"

using namespace pw;
using pw::test::Fixture;
using pw::test::settleQueuedEvents;

class tst_MainWindow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    std::unique_ptr<Fixture> f;
    std::unique_ptr<app::EmbeddedServerControl> server;
    std::unique_ptr<ui::MainWindow> window;

    void openWindow()
    {
        server = std::make_unique<app::EmbeddedServerControl>(f->core());
        window = std::make_unique<ui::MainWindow>(f->core(), server.get());
        window->applyServerSettings(true, 0);
        window->restoreSession();
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
    }

    void closeWindow()
    {
        window->close();
        window.reset();
        server.reset();
    }

private slots:
    void initTestCase()
    {
        // Keep QSettings (tabs, docks, server port) inside the test.
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("PipewrightTest"));
        QCoreApplication::setApplicationName(QStringLiteral("pipewright"));
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue(QStringLiteral("server/port"), 0); // a free port for each run
        f = std::make_unique<Fixture>();
        openWindow();
    }

    void cleanup()
    {
        if (window)
            closeWindow();
        f.reset();
    }

    void firstStartOpensTheDemoCanvas()
    {
        QCOMPARE(window->tabs()->count(), 1);
        ui::DefinitionTab *tab = window->currentCanvas();
        QVERIFY(tab);
        QCOMPARE(tab->scene()->nodeCount(), 8);
        QVERIFY(window->windowTitle().contains(QStringLiteral("Customer renewal load")));
        QVERIFY(window->windowTitle().contains(QStringLiteral("Pipewright")));
        QVERIFY(window->serverStatus().contains(QStringLiteral("http://127.0.0.1:")));
        QCOMPARE(window->navigator()->definitionCount(), 1);
        // Readable: a small graph is never fitted below the zoom where labels are legible (it
        // once opened at 41 % with 6-pixel labels), and some of it is in view.
        window->resize(1280, 900); // a desktop-sized window (the test's default is tiny)
        QTRY_VERIFY(tab->view()->zoom() >= ui::CanvasView::kReadableZoom - 1e-9);
        QVERIFY(settleQueuedEvents()); // what the resize queued (a re-centre) has run
        const QRectF visible =
            tab->view()->mapToScene(tab->view()->viewport()->rect()).boundingRect();
        int inView = 0;
        for (const QString &id : tab->scene()->nodeIds())
            inView += visible.contains(tab->scene()->node(id)->centre()) ? 1 : 0;
        QVERIFY2(inView >= 2,
                 QStringLiteral("%1 in view %2,%3 %4x%5, first node at %6,%7")
                     .arg(inView)
                     .arg(visible.x())
                     .arg(visible.y())
                     .arg(visible.width())
                     .arg(visible.height())
                     .arg(tab->scene()->node(tab->scene()->nodeIds().front())->centre().x())
                     .arg(tab->scene()->node(tab->scene()->nodeIds().front())->centre().y())
                     .toUtf8()
                     .constData());
    }

    void everyActionIsInThePaletteAndKeyShortcutsAreSet()
    {
        QVERIFY(window->commands().size() > 30);
        QCOMPARE(window->action(QStringLiteral("undo"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::Key_Z));
        QCOMPARE(window->action(QStringLiteral("redo"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z));
        QCOMPARE(window->action(QStringLiteral("commandPalette"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P));
        QCOMPARE(window->action(QStringLiteral("fit"))->shortcut(),
                 QKeySequence(Qt::CTRL | Qt::Key_0));
        QCOMPARE(window->action(QStringLiteral("delete"))->shortcut(),
                 QKeySequence(QKeySequence::Delete));
        ui::CommandPalette palette(window->commands(), window.get());
        const int all = palette.visibleCount();
        QCOMPARE(all, static_cast<int>(window->commands().size()));
        palette.setFilter(QStringLiteral("layout top"));
        QCOMPARE(palette.visibleCount(), 1);
        QVERIFY(palette.runCurrent());
        QCOMPARE(f->core().definitions().versions(f->local(), f->demoDefinitionId(), {0, 1})->total,
                 int64_t(1));
        QCOMPARE(window->currentCanvas()->document()->undoStack()->count(),
                 1); // the layout, undoable
    }

    void canvasActionsAndUndoGoThroughTheWindow()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        const std::string id = f->demoDefinitionId();
        tab->scene()->selectNodes(
            {QStringLiteral("notify_team"), QStringLiteral("refresh_dashboard")});
        window->action(QStringLiteral("delete"))->trigger();
        QCOMPARE(tab->scene()->nodeCount(), 6);
        QCOMPARE(f->core().definitions().versions(f->local(), id, {0, 1})->total, int64_t(2));
        window->action(QStringLiteral("undo"))->trigger();
        QCOMPARE(tab->scene()->nodeCount(), 8);
        window->action(QStringLiteral("redo"))->trigger();
        QCOMPARE(tab->scene()->nodeCount(), 6);
        window->action(QStringLiteral("add_http_request"))->trigger();
        QVERIFY(tab->scene()->node(QStringLiteral("http_request")));
        QCOMPARE(f->core().definitions().versions(f->local(), id, {0, 1})->total, int64_t(5));
    }

    void propertiesFormValidatesAsYouTypeAndAppliesOneVersion()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        tab->selectNode(QStringLiteral("clean_accounts"));
        ui::PropertiesPanel *props = window->properties();
        QCOMPARE(props->nodeId(), QStringLiteral("clean_accounts"));
        auto *module = qobject_cast<QLineEdit *>(props->editor(QStringLiteral("module")));
        QVERIFY(module);
        QCOMPARE(module->text(), QStringLiteral("pipelines.customer_renewals.cleaning"));
        // Where every field is: a message appearing or going must not move any of them.
        const QStringList fields = {QStringLiteral("label"), QStringLiteral("module"),
                                    QStringLiteral("callable"), QStringLiteral("retries")};
        auto places = [&] {
            QList<QRect> out;
            for (const QString &field : fields) {
                QWidget *editor = props->editor(field);
                out << QRect(editor->mapTo(props, QPoint(0, 0)), editor->size());
            }
            return out;
        };
        QVERIFY(settleQueuedEvents()); // the new form's layout has run
        const QList<QRect> before = places();
        QTest::keyClicks(module, QStringLiteral(".."));
        QVERIFY(!props->canApply());
        QVERIFY(props->problemsText().contains(QStringLiteral("dotted Python module")));
        QVERIFY(props->fieldMessage(QStringLiteral("module"))
                    .contains(QStringLiteral("dotted Python module")));
        // Beside the field, just what is wrong with the value.
        QVERIFY(
            props->fieldMessage(QStringLiteral("module")).startsWith(QStringLiteral("must be")));
        QVERIFY(settleQueuedEvents()); // the layout the messages asked for has run
        QCOMPARE(places(), before);
        module->clear();
        QTest::keyClicks(module, QStringLiteral("pipelines.crm"));
        QVERIFY(props->canApply());
        QVERIFY(props->fieldMessage(QStringLiteral("module")).isEmpty());
        QVERIFY(settleQueuedEvents());
        QCOMPARE(places(), before);
        auto *label = qobject_cast<QLineEdit *>(props->editor(QStringLiteral("label")));
        label->clear();
        QTest::keyClicks(label, QStringLiteral("Clean CRM"));
        QVERIFY(props->apply());
        const core::Node *node =
            window->currentCanvas()->document()->definition()->spec.findNode("clean_accounts");
        QCOMPARE(node->fields().at("module"), nlohmann::json("pipelines.crm"));
        QCOMPARE(node->label, std::string("Clean CRM"));
        QCOMPARE(f->core().definitions().versions(f->local(), f->demoDefinitionId(), {0, 1})->total,
                 int64_t(2));
        QCOMPARE(tab->scene()->node(QStringLiteral("clean_accounts"))->label(),
                 QStringLiteral("Clean CRM"));
    }

    void aTasksConnectionsAreEditedAsAList()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        tab->selectNode(QStringLiteral("clean_accounts"));
        ui::PropertiesPanel *props = window->properties();
        auto *connections = qobject_cast<QLineEdit *>(props->editor(QStringLiteral("connections")));
        QVERIFY(connections);
        QVERIFY(connections->text().isEmpty());
        QTest::keyClicks(connections, QStringLiteral("warehouse, crm_api"));
        QVERIFY(props->canApply());
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT")) {
            QVERIFY(settleQueuedEvents());
            window->grab().save(qEnvironmentVariable("PW_SCREENSHOT"));
        }
        QVERIFY(props->apply());
        const core::Node *node =
            window->currentCanvas()->document()->definition()->spec.findNode("clean_accounts");
        QCOMPARE(node->fields().at("connections"), nlohmann::json({"warehouse", "crm_api"}));
        // Shown again as it was typed.
        tab->selectNode(QStringLiteral("extract_customer_renewals"));
        tab->selectNode(QStringLiteral("clean_accounts"));
        connections = qobject_cast<QLineEdit *>(props->editor(QStringLiteral("connections")));
        QCOMPARE(connections->text(), QStringLiteral("warehouse, crm_api"));
    }

    void versionsCompareAndRestore()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        tab->scene()->selectNodes({QStringLiteral("refresh_dashboard")});
        QVERIFY(tab->deleteSelection());
        QVERIFY(tab->renameNode(QStringLiteral("clean_accounts"), QStringLiteral("Renamed")));
        ui::VersionsPanel *versions = window->versions();
        QCOMPARE(versions->rowCount(), 3);
        auto v1 = f->core().definitions().versionByNumber(f->local(), f->demoDefinitionId(), 1);
        ui::CompareTab *compare = window->openCompare(QString::fromStdString(v1->info.id), {});
        QVERIFY(compare && compare->isValid());
        ui::GraphScene *scene = compare->scene();
        QCOMPARE(scene->node(QStringLiteral("refresh_dashboard"))->diffState(),
                 ui::DiffState::Removed);
        QCOMPARE(scene->node(QStringLiteral("clean_accounts"))->diffState(),
                 ui::DiffState::Changed);
        QCOMPARE(scene->node(QStringLiteral("join_renewals"))->diffState(), ui::DiffState::None);
        QVERIFY2(compare->summary().contains(QStringLiteral("removed: 1")),
                 qPrintable(compare->summary()));
        // Restore through the document (the panel asks for confirmation first).
        window->tabs()->setCurrentWidget(tab);
        QVERIFY(tab->document()->restoreVersion(v1->info.id));
        QCOMPARE(versions->rowCount(), 4);
        QCOMPARE(tab->scene()->nodeCount(), 8);
    }

    void compareAfterAnUndoShowsNoChangeInYaml()
    {
        // After an undo the node comes back at the end of the spec; order alone is no change.
        ui::DefinitionTab *tab = window->currentCanvas();
        tab->scene()->selectNodes({QStringLiteral("clean_accounts")});
        QVERIFY(tab->deleteSelection());
        tab->document()->undoStack()->undo();
        QTRY_VERIFY(tab->scene()->node(QStringLiteral("clean_accounts")));
        auto v1 = f->core().definitions().versionByNumber(f->local(), f->demoDefinitionId(), 1);
        ui::CompareTab *compare = window->openCompare(QString::fromStdString(v1->info.id), {});
        QVERIFY(compare && compare->isValid());
        for (const QString &id : compare->scene()->nodeIds())
            QCOMPARE(compare->scene()->node(id)->diffState(), ui::DiffState::None);
        constexpr int kAnyMarker = 0xe; // markers 1 to 3: added, removed, changed
        QCOMPARE(compare->fromText()->markerFindNext(0, kAnyMarker), -1);
        QCOMPARE(compare->toText()->markerFindNext(0, kAnyMarker), -1);
        // The texts are YAML, as the source view shows the spec.
        QVERIFY(compare->toText()->text().contains(QStringLiteral("- id: clean_accounts")));
        QVERIFY(!compare->toText()->text().startsWith(QLatin1Char('{')));
    }

    void compareShowsWhatChangedInTheSelectedNode()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        QVERIFY(tab->renameNode(QStringLiteral("load_customer_renewals"), QStringLiteral("Load")));
        tab->scene()->selectNodes({QStringLiteral("notify_team")});
        QVERIFY(tab->deleteSelection());
        auto v1 = f->core().definitions().versionByNumber(f->local(), f->demoDefinitionId(), 1);
        window->resize(1280, 900);
        ui::CompareTab *compare = window->openCompare(QString::fromStdString(v1->info.id), {});
        QVERIFY(compare && compare->isValid());
        // The texts get the larger share of the height.
        QTRY_VERIFY(compare->splitter()->sizes().value(1) > compare->splitter()->sizes().value(0));
        QVERIFY(compare->fromText()->height() >= compare->fromText()->textHeight(0) * 12);
        compare->scene()->selectNodes({QStringLiteral("load_customer_renewals")});
        QVERIFY2(compare->selectionDetail().contains(QStringLiteral("changed")) &&
                     compare->selectionDetail().contains(QStringLiteral("label")),
                 qPrintable(compare->selectionDetail()));
        // ... and brings the node's entry into view in the text.
        const int first = compare->toText()->firstVisibleLine();
        QVERIFY(
            compare->toText()->text(first + 2).contains(QStringLiteral("load_customer_renewals")));
        compare->scene()->selectNodes({QStringLiteral("notify_team")});
        QVERIFY(compare->selectionDetail().contains(QStringLiteral("removed")));
        compare->scene()->selectNodes({QStringLiteral("join_renewals")});
        QVERIFY(compare->selectionDetail().contains(QStringLiteral("unchanged")));
        // The canvas's zoom keys zoom the comparison: the graph, or the texts when they have
        // the focus.
        QAction *zoomIn = window->action(QStringLiteral("zoomIn"));
        QVERIFY(zoomIn->isEnabled());
        const qreal before = compare->view()->zoom();
        zoomIn->trigger();
        QVERIFY(compare->view()->zoom() > before);
        compare->toText()->setFocus();
        QTRY_VERIFY(compare->toText()->hasFocus());
        const long textZoom = compare->toText()->SendScintilla(QsciScintillaBase::SCI_GETZOOM);
        zoomIn->trigger();
        QVERIFY(compare->toText()->SendScintilla(QsciScintillaBase::SCI_GETZOOM) > textZoom);
        QCOMPARE(compare->fromText()->SendScintilla(QsciScintillaBase::SCI_GETZOOM),
                 compare->toText()->SendScintilla(QsciScintillaBase::SCI_GETZOOM));
        window->action(QStringLiteral("fit"))->trigger();
        QCOMPARE(compare->toText()->SendScintilla(QsciScintillaBase::SCI_GETZOOM), 0L);
    }

    void editorsAndComparisonsFollowADarkPalette()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        QVERIFY(tab->renameNode(QStringLiteral("clean_accounts"), QStringLiteral("Renamed")));
        auto v1 = f->core().definitions().versionByNumber(f->local(), f->demoDefinitionId(), 1);
        // Open in the light palette; the system then switches to dark.
        ui::SourceTab *source = window->openSource();
        ui::CompareTab *before = window->openCompare(QString::fromStdString(v1->info.id), {});
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
        dark.setColor(QPalette::AlternateBase, QColor(0x24, 0x26, 0x2b));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(dark);
        auto restore = qScopeGuard([&] { QApplication::setPalette(light); });
        // Every style of every code text is on the dark paper and reads on it (YAML values
        // were black on black, the compare texts stayed white).
        auto readable = [&dark](QsciScintilla *editor, const char *what) {
            QsciLexer *lexer = editor->lexer();
            QVERIFY(lexer);
            QTRY_COMPARE(lexer->paper(0), dark.color(QPalette::Base));
            for (int style = 0; style < 128; ++style) {
                if (lexer->description(style).isEmpty())
                    continue;
                QCOMPARE(lexer->paper(style), dark.color(QPalette::Base));
                const double ratio = ui::contrastRatio(lexer->color(style), lexer->paper(style));
                QVERIFY2(ratio >= 4.5, qPrintable(QStringLiteral("%1 style %2 (%3): %4")
                                                      .arg(QLatin1String(what))
                                                      .arg(style)
                                                      .arg(lexer->description(style))
                                                      .arg(ratio)));
            }
        };
        readable(source->editor(), "source YAML");
        source->setFormat(ui::SourceTab::Format::Json);
        readable(source->editor(), "source JSON");
        readable(before->fromText(), "compare opened before");
        readable(before->toText(), "compare opened before");
        window->tabs()->setCurrentWidget(tab);
        ui::CompareTab *compare = window->openCompare(QString::fromStdString(v1->info.id), {});
        readable(compare->fromText(), "compare");
        readable(compare->toText(), "compare");
        // Zoomed out, an unchanged node is neutral, never a colour that reads as a change
        // (refresh_dashboard is a bash task, whose type colour is green like "added").
        auto farColour = [&](const QString &id) {
            ui::NodeItem *node = compare->scene()->node(id);
            const QRectF card = node->sceneBoundingRect().adjusted(2, 2, -2, -2);
            QImage image(44, 14, QImage::Format_RGB32);
            image.fill(Qt::black);
            QPainter painter(&image);
            compare->scene()->render(&painter, QRectF(image.rect()), card, Qt::IgnoreAspectRatio);
            painter.end();
            return image.pixelColor(22, 7);
        };
        const QColor unchanged = farColour(QStringLiteral("refresh_dashboard"));
        QVERIFY2(unchanged.hslSaturation() < 40, qPrintable(unchanged.name()));
        QCOMPARE(farColour(QStringLiteral("clean_accounts")), compare->scene()->colors().changed);
    }

    void tabsAndDocksComeBackOnTheNextStart()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        const QString id = QString::fromStdString(tab->document()->id());
        auto actor = f->local();
        core::DefinitionCreate input;
        input.meta = {"Second", "", "airflow", f->demoWorkspaceId(), std::nullopt};
        const std::string second = f->core().definitions().create(actor, input)->definition->id;
        window->openDefinition(QStringLiteral("default"), QString::fromStdString(second));
        QCOMPARE(window->tabs()->count(), 2);
        closeWindow();
        openWindow();
        QCOMPARE(window->tabs()->count(), 2);
        QCOMPARE(QString::fromStdString(window->currentCanvas()->document()->id()),
                 QString::fromStdString(second));
        Q_UNUSED(id);
    }

    void problemsPanelListsWarningsAndSelectsTheNode()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        core::GraphEdit edit;
        edit.updateNodes.push_back({"notify_team", nlohmann::json{{"colour", "red"}}});
        QVERIFY(tab->document()->applyEdit(edit, QStringLiteral("odd field")));
        auto *panel = window->problems();
        QCOMPARE(panel->topLevelItemCount(), 1);
        QTreeWidgetItem *row = panel->topLevelItem(0);
        QCOMPARE(row->text(1), QStringLiteral("notify_team"));
        QCOMPARE(row->text(3), QStringLiteral("node_field_unknown"));
        tab->scene()->clearSelection();
        Q_EMIT panel->itemActivated(row, 0);
        QCOMPARE(tab->scene()->selectedNodeIds(), QStringList{QStringLiteral("notify_team")});
    }

    void copyTokenReusesOneTokenPerWindowSession()
    {
        core::AccessService &access = f->core().access();
        const core::Principal local{f->local().userId, {}, {}};
        const auto sessionTokens = [&] {
            std::vector<core::TokenInfo> out;
            const auto all = access.ownTokens(local, {0, 1000});
            for (const core::TokenInfo &t : all->items) {
                if (t.name.starts_with("window session "))
                    out.push_back(t);
            }
            return out;
        };
        QVERIFY(sessionTokens().empty());
        window->action(QStringLiteral("copyToken"))->trigger();
        const QString first = QApplication::clipboard()->text();
        QVERIFY(first.startsWith(QStringLiteral("pw_")));
        QVERIFY(access.authenticate(first.toStdString()).has_value());
        // Again, from the menu and from the status bar's button: the same token, not a new one.
        window->action(QStringLiteral("copyToken"))->trigger();
        QCOMPARE(QApplication::clipboard()->text(), first);
        QToolButton *button = nullptr;
        for (QToolButton *b : window->findChildren<QToolButton *>()) {
            if (b->text() == QStringLiteral("Copy token"))
                button = b;
        }
        QVERIFY(button && button->isEnabled());
        QApplication::clipboard()->clear();
        button->click();
        QCOMPARE(QApplication::clipboard()->text(), first);
        const auto made = sessionTokens();
        QCOMPARE(made.size(), size_t(1));
        QCOMPARE(made[0].id, window->sessionTokenId());
        // It expires in 30 days.
        const QDateTime expires = QDateTime::fromString(
            QString::fromStdString(made[0].expiresAt.value_or("")), Qt::ISODateWithMs);
        QVERIFY(qAbs(QDateTime::currentDateTimeUtc().daysTo(expires) - 30) <= 1);
        // Revoked elsewhere (the API, Settings): the next copy makes a new one.
        QVERIFY(access.revokeOwnToken(local, made[0].id).has_value());
        window->action(QStringLiteral("copyToken"))->trigger();
        const QString second = QApplication::clipboard()->text();
        QVERIFY(second != first);
        QVERIFY(access.authenticate(second.toStdString()).has_value());
        QCOMPARE(sessionTokens().size(), size_t(1));
    }

    void settingsListsAndRevokesTheUsersTokens()
    {
        core::AccessService &access = f->core().access();
        const core::Principal local{f->local().userId, {}, {}};
        window->action(QStringLiteral("copyToken"))->trigger();
        const std::string session = window->sessionTokenId();
        auto ci = access.issueToken(local.userId, "ci", std::chrono::days(7));
        QVERIFY(ci.has_value());
        // Another user's token is never listed.
        QVERIFY(access.createToken("default", "erin", core::Role::Editor, "erin").has_value());
        bool checked = false;
        // The dialog runs its own event loop (exec): look at it from inside.
        QTimer::singleShot(0, this, [&] {
            auto *dialog = window->findChild<ui::SettingsDialog *>();
            QVERIFY(dialog);
            auto closeDialog = qScopeGuard([&] { dialog->reject(); });
            auto *page = dialog->findChild<ui::ApiTokensPage *>();
            QVERIFY(page);
            QCOMPARE(dialog->pages()->tabText(dialog->pages()->indexOf(page)),
                     QStringLiteral("API tokens"));
            QTableWidget *table = page->table();
            const auto rowOf = [&](const std::string &id) {
                for (int r = 0; r < table->rowCount(); ++r) {
                    if (page->tokenId(r) == QString::fromStdString(id))
                        return r;
                }
                return -1;
            };
            QCOMPARE(table->rowCount(), 2);
            const int sessionRow = rowOf(session);
            QVERIFY(sessionRow >= 0);
            QVERIFY(table->item(sessionRow, 0)->text().endsWith(QStringLiteral("(this window)")));
            QVERIFY(table->item(sessionRow, 0)->font().bold());
            QCOMPARE(table->item(rowOf(ci->tokenId), 2)->text(), QStringLiteral("never"));
            QCOMPARE(table->item(rowOf(ci->tokenId), 0)->text(), QStringLiteral("ci"));
            dialog->pages()->setCurrentWidget(page);
            if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
                dialog->grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                                    QStringLiteral(".tokens.png"));
            // Cancelled: nothing happens.
            QVERIFY(!page->revokeButton()->isEnabled());
            table->selectRow(rowOf(ci->tokenId));
            QVERIFY(page->revokeButton()->isEnabled());
            QString askedAbout;
            page->setConfirm([&](const QString &name, bool) {
                askedAbout = name;
                return false;
            });
            QVERIFY(!page->revokeSelected());
            QCOMPARE(askedAbout, QStringLiteral("ci"));
            QVERIFY(access.authenticate(ci->token).has_value());
            // Confirmed: revoked, gone from the list, refused.
            page->setConfirm([](const QString &, bool) { return true; });
            QVERIFY(page->revokeSelected());
            QCOMPARE(table->rowCount(), 1);
            QVERIFY(!access.authenticate(ci->token).has_value());
            QVERIFY(page->message().contains(QStringLiteral("ci")));
            // Tokens made or revoked elsewhere show up without a refresh: through core on this
            // thread, and through the API on the server's.
            auto laptop = access.issueToken(local.userId, "laptop", std::nullopt);
            QTRY_COMPARE(table->rowCount(), 2);
            const QString base = server->baseUrl();
            const auto port = static_cast<uint16_t>(QUrl(base).port());
            pw::test::HttpClient http(port, laptop->token);
            QCOMPARE(http.del("/api/v1.0/me/tokens/" + laptop->tokenId).status, 200);
            QTRY_COMPARE(table->rowCount(), 1);
            QCOMPARE(page->tokenId(0), QString::fromStdString(session));
            checked = true;
        });
        window->action(QStringLiteral("settings"))->trigger();
        QVERIFY(checked);
    }

    void apiTokensPageFollowsTheDarkPalette()
    {
        window->action(QStringLiteral("copyToken"))->trigger();
        ui::ApiTokensPage page(f->core().access(), f->core().notifier(), f->local().userId,
                               window->sessionTokenId());
        page.resize(640, 320);
        page.show();
        QVERIFY(QTest::qWaitForWindowExposed(&page));
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::WindowText, QColor(0xe6, 0xe6, 0xe6));
        dark.setColor(QPalette::Button, QColor(0x2a, 0x2c, 0x30));
        dark.setColor(QPalette::ButtonText, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(dark);
        auto restore = qScopeGuard([&] { QApplication::setPalette(light); });
        // The marks are by font, so the table's text is the palette's: readable on its base.
        QTRY_COMPARE(page.table()->palette().color(QPalette::Base), QColor(0x18, 0x1a, 0x1e));
        QVERIFY(!page.table()->item(0, 0)->data(Qt::ForegroundRole).isValid());
        QCOMPARE(page.table()->palette().color(QPalette::Text), QColor(0xe6, 0xe6, 0xe6));
        if (qEnvironmentVariableIsSet("PW_SCREENSHOT"))
            page.grab().save(qEnvironmentVariable("PW_SCREENSHOT") +
                             QStringLiteral(".tokens-dark.png"));
    }

    void serverCanBeTurnedOff()
    {
        window->applyServerSettings(false, 0);
        QCOMPARE(window->serverStatus(), QStringLiteral("API server off"));
        window->applyServerSettings(true, 0);
        QVERIFY(window->serverStatus().startsWith(QStringLiteral("API: http://127.0.0.1:")));
    }

    void navigatorFiltersAndCreates()
    {
        window->navigator()->setFilter(QStringLiteral("renewal"));
        QCOMPARE(window->navigator()->definitionCount(), 1);
        window->navigator()->setFilter(QStringLiteral("nothing"));
        QCOMPARE(window->navigator()->definitionCount(), 0);
        window->navigator()->setFilter({});
        auto actor = f->local();
        core::DefinitionCreate input;
        input.meta = {"Made elsewhere", "", "airflow", f->demoWorkspaceId(), std::nullopt};
        QVERIFY(f->core().definitions().create(actor, input).has_value());
        QTRY_COMPARE(window->navigator()->definitionCount(), 2); // follows core change events
    }

    void commandPaletteTakesTheKeyboard()
    {
        bool filterHasFocus = false;
        QTimer::singleShot(200, window.get(), [&] {
            QWidget *focused = QApplication::focusWidget();
            filterHasFocus = qobject_cast<QLineEdit *>(focused) &&
                             qobject_cast<ui::CommandPalette *>(focused->window());
            if (QWidget *popup = QApplication::activePopupWidget())
                popup->close();
        });
        window->showCommandPalette();
        QVERIFY(filterHasFocus);
    }

    void nodeCatalogHasASearch()
    {
        auto *search = window->findChild<QLineEdit *>(QStringLiteral("catalogSearch"));
        QVERIFY(search);
        auto *catalog = window->findChild<ui::CatalogPanel *>();
        QVERIFY(catalog);
        auto visibleTypes = [&] {
            QStringList types;
            for (int i = 0; i < catalog->count(); ++i) {
                if (!catalog->item(i)->isHidden() &&
                    !catalog->item(i)->data(Qt::UserRole).toString().isEmpty())
                    types.append(catalog->item(i)->data(Qt::UserRole).toString());
            }
            return types;
        };
        const int all = static_cast<int>(visibleTypes().size());
        QVERIFY(all >= 9);
        search->setText(QStringLiteral("sql"));
        QCOMPARE(visibleTypes(), QStringList{QStringLiteral("sql")});
        search->setText(QStringLiteral("data flow")); // a category finds its types
        QVERIFY(visibleTypes().size() >= 3);
        QVERIFY(!visibleTypes().contains(QStringLiteral("bash")));
        search->clear();
        QCOMPARE(static_cast<int>(visibleTypes().size()), all);
    }

    void exportRemembersItsFolder()
    {
        QTemporaryDir folder;
        QVERIFY(window->exportTo(folder.filePath(QStringLiteral("graph.png"))));
        QVERIFY(QFileInfo::exists(folder.filePath(QStringLiteral("graph.png"))));
        const QString next = window->suggestedExportPath(true);
        QCOMPARE(QFileInfo(next).absolutePath(), QFileInfo(folder.path()).absoluteFilePath());
        QVERIFY(next.endsWith(QStringLiteral(".svg")));
    }

    void versionsShowTheNewestAndWholeTimes()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        QVERIFY(tab);
        for (int i = 0; i < 30; ++i)
            QVERIFY(tab->addNode(QStringLiteral("empty"), QPointF(100 + 300 * i, 2000)));
        ui::VersionsPanel *versions = window->versions();
        auto *list = versions->findChild<QTreeWidget *>();
        QVERIFY(list);
        QTRY_COMPARE(list->topLevelItem(0)->text(0), QStringLiteral("31"));
        // The newest is in view, and the time column is as wide as its text.
        const QRect row = list->visualItemRect(list->topLevelItem(0));
        QVERIFY(list->viewport()->rect().intersects(row));
        const QString time = list->topLevelItem(0)->text(2);
        QVERIFY(list->columnWidth(2) >= list->fontMetrics().horizontalAdvance(time));
    }

    void propertyEditsAreKeptWhenTheSelectionMoves()
    {
        ui::DefinitionTab *tab = window->currentCanvas();
        ui::PropertiesPanel *props = window->properties();
        const std::string def = f->demoDefinitionId();
        auto versions = [&] {
            return f->core().definitions().versions(f->local(), def, {0, 1})->total;
        };
        // A valid edit, then another node selected: the edit is applied, not dropped.
        tab->selectNode(QStringLiteral("clean_accounts"));
        auto *label = qobject_cast<QLineEdit *>(props->editor(QStringLiteral("label")));
        label->clear();
        QTest::keyClicks(label, QStringLiteral("Cleaned"));
        QVERIFY(props->isDirty());
        tab->selectNode(QStringLiteral("join_renewals"));
        QCOMPARE(props->nodeId(), QStringLiteral("join_renewals"));
        QCOMPARE(versions(), int64_t(2));
        QCOMPARE(tab->document()->definition()->spec.findNode("clean_accounts")->label,
                 std::string("Cleaned"));
        // An invalid edit asks: keep editing leaves the panel on that node, nothing written.
        auto *module = qobject_cast<QLineEdit *>(props->editor(QStringLiteral("module")));
        QTest::keyClicks(module, QStringLiteral(".."));
        QVERIFY(!props->canApply());
        QString asked;
        props->setInvalidEditPrompt([&](const QString &node, const QString &) {
            asked = node;
            return true;
        });
        tab->selectNode(QStringLiteral("notify_team"));
        QCOMPARE(asked, QStringLiteral("join_renewals"));
        QCOMPARE(props->nodeId(), QStringLiteral("join_renewals"));
        QVERIFY(props->isDirty());
        // Discarding lets the panel move on; still nothing written.
        props->setInvalidEditPrompt([](const QString &, const QString &) { return false; });
        tab->selectNode(QStringLiteral("notify_team"));
        tab->scene()->clearSelection();
        tab->selectNode(QStringLiteral("notify_team"));
        QCOMPARE(props->nodeId(), QStringLiteral("notify_team"));
        QCOMPARE(versions(), int64_t(2));
    }

    void sourceTabMarksAndAsksBeforeDroppingEdits()
    {
        ui::SourceTab *source = window->openSource();
        QVERIFY(source);
        const int index = window->tabs()->indexOf(source);
        QVERIFY(!window->tabs()->tabText(index).endsWith(QStringLiteral(" *")));
        source->editor()->setText(source->editor()->text().replace(
            QStringLiteral("Clean accounts"), QStringLiteral("Clean all accounts")));
        QVERIFY(source->isModified());
        QTRY_VERIFY(window->tabs()->tabText(index).endsWith(QStringLiteral(" *")));
        // Cancel keeps the tab and its edits; Apply writes them and closes.
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Cancel; });
        QVERIFY(!window->closeTab(index));
        QCOMPARE(window->tabs()->indexOf(source), index);
        QVERIFY(source->isModified());
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Apply; });
        QVERIFY(window->closeTab(index));
        QTRY_COMPARE(window->currentCanvas()
                         ->document()
                         ->definition()
                         ->spec.findNode("clean_accounts")
                         ->label,
                     std::string("Clean all accounts"));
        // Discard drops them, and only then.
        source = window->openSource();
        source->editor()->setText(source->editor()->text() + QStringLiteral("\n# a note\n"));
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Discard; });
        QVERIFY(window->closeTab(window->tabs()->indexOf(source)));
        QCOMPARE(f->core().definitions().versions(f->local(), f->demoDefinitionId(), {0, 1})->total,
                 int64_t(2));
    }

    void documentsGoWithTheirLastTab()
    {
        ui::DefinitionTab *canvas = window->currentCanvas();
        QVERIFY(canvas);
        QPointer<ui::DefinitionDocument> doc = canvas->document();
        QCOMPARE(window->openDocumentCount(), 1);
        QVERIFY(window->openSource()); // a second tab on the same document
        QCOMPARE(window->openDocumentCount(), 1);
        // Closing one of the two keeps the document; closing the last releases it.
        Q_EMIT window->tabs()->tabCloseRequested(window->tabs()->indexOf(canvas));
        QVERIFY(settleQueuedEvents()); // a release would have run (deferred deletes included)
        QVERIFY(doc);
        QCOMPARE(window->openDocumentCount(), 1);
        Q_EMIT window->tabs()->tabCloseRequested(window->tabs()->currentIndex());
        QTRY_VERIFY(doc.isNull());
        QCOMPARE(window->openDocumentCount(), 0);
        // Actions follow: nothing open, so canvas and document actions are off.
        QVERIFY(!window->action(QStringLiteral("zoomIn"))->isEnabled());
        QVERIFY(!window->action(QStringLiteral("viewSource"))->isEnabled());
        QVERIFY(window->action(QStringLiteral("settings"))->isEnabled());
        // Opening it again makes a fresh document, and its actions come back.
        QVERIFY(window->openDefinition(QStringLiteral("default"),
                                       QString::fromStdString(f->demoDefinitionId())));
        QCOMPARE(window->openDocumentCount(), 1);
        QVERIFY(window->action(QStringLiteral("zoomIn"))->isEnabled());
        QVERIFY(window->action(QStringLiteral("add_empty"))->isEnabled());
    }

    void historyShowsCoreSummariesInTheUsersLanguage()
    {
        // Core writes one language into shared history; the window reads it in the user's.
        ui::DefinitionTab *tab = window->currentCanvas();
        tab->scene()->selectNodes({QStringLiteral("refresh_dashboard")});
        QVERIFY(tab->deleteSelection());
        tab->scene()->selectNodes(
            {QStringLiteral("notify_team"), QStringLiteral("clean_accounts")});
        QVERIFY(tab->deleteSelection());
        core::DefinitionPatch patch;
        patch.description = "words";
        patch.changeSummary = "Fix the description";
        QVERIFY(f->core().definitions().update(f->local(), f->demoDefinitionId(), patch));
        const auto stored =
            f->core().definitions().versions(f->local(), f->demoDefinitionId(), {0, 10});
        QCOMPARE(stored->items.at(2).changeSummary, std::string("Remove node refresh_dashboard"));
        QVERIFY(stored->items.at(1).changeSummary.starts_with("Remove 2 nodes"));
        ui::VersionsPanel *versions = window->versions();
        for (const auto &[locale, removed, two] :
             {std::tuple{"en", "Remove node refresh_dashboard", "Remove 2 nodes"},
              std::tuple{"de", "Knoten refresh_dashboard entfernt", "2 Knoten entfernt"},
              std::tuple{"pl", "Usunięto węzeł refresh_dashboard", "Usunięto 2 węzły"}}) {
            QTranslator translator;
            QVERIFY(translator.load(
                QStringLiteral(":/i18n/pipewright_%1.qm").arg(QLatin1String(locale))));
            QCoreApplication::installTranslator(&translator);
            versions->reload();
            QCoreApplication::removeTranslator(&translator);
            QCOMPARE(versions->rowCount(), 4);
            QCOMPARE(versions->summaryAt(0), QStringLiteral("Fix the description")); // as written
            QVERIFY2(versions->summaryAt(1).startsWith(QString::fromUtf8(two)),
                     qPrintable(versions->summaryAt(1)));
            QCOMPARE(versions->summaryAt(2), QString::fromUtf8(removed));
        }
        // The stored text did not change.
        QCOMPARE(f->core()
                     .definitions()
                     .versions(f->local(), f->demoDefinitionId(), {0, 10})
                     ->items.at(2)
                     .changeSummary,
                 std::string("Remove node refresh_dashboard"));
    }

    void germanAndPolishTranslationsLoad()
    {
        for (const auto &[locale, file] : {std::pair{"de", "Datei"}, std::pair{"pl", "Plik"}}) {
            QTranslator translator;
            QVERIFY(translator.load(
                QStringLiteral(":/i18n/pipewright_%1.qm").arg(QLatin1String(locale))));
            QCOMPARE(translator.translate("pw::ui::MainWindow", "&File").remove(QLatin1Char('&')),
                     QLatin1String(file));
            QVERIFY(!translator
                         .translate("pw::ui::DefinitionTab", "Find a node by id or label (Ctrl+F)")
                         .isEmpty());
        }
    }
};

QTEST_MAIN(tst_MainWindow)
#include "tst_mainwindow.moc"
