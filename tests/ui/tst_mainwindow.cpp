#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QFileInfo>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>
#include <QTranslator>
#include <QTreeWidget>

#include <Qsci/qsciscintilla.h>

#include "app/window/embeddedservercontrol.h"
#include "support/fixtures.h"
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
#include "ui/window/commandpalette.h"
#include "ui/window/mainwindow.h"

using namespace pw;
using pw::test::Fixture;

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
        QTest::qWait(50);
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
        QTest::keyClicks(module, QStringLiteral(".."));
        QVERIFY(!props->canApply());
        QVERIFY(props->problemsText().contains(QStringLiteral("dotted Python module")));
        module->clear();
        QTest::keyClicks(module, QStringLiteral("pipelines.crm"));
        QVERIFY(props->canApply());
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

    void copyTokenGivesAWorkingToken()
    {
        window->action(QStringLiteral("copyToken"))->trigger();
        const QString token = QApplication::clipboard()->text();
        QVERIFY(token.startsWith(QStringLiteral("pw_")));
        QVERIFY(f->core().access().authenticate(token.toStdString()).has_value());
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
        QTest::qWait(20);
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
