#include "mainwindow.h"

#include <QAction>
#include <QApplication>
#include <QBoxLayout>
#include <QClipboard>
#include <QCloseEvent>
#include <QDateTime>
#include <QDir>
#include <QDockWidget>
#include <QFileDialog>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QMessageBox>
#include <QScreen>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTabWidget>
#include <QToolButton>
#include <QUndoGroup>
#include <QVBoxLayout>
#include <Qsci/qsciscintilla.h>

#include "apitokenspage.h"
#include "commandpalette.h"
#include "core/app/core.h"
#include "knownhostspage.h"
#include "servercontrol.h"
#include "settingsdialog.h"
#include "ui/canvas/canvasview.h"
#include "ui/canvas/definitiontab.h"
#include "ui/canvas/graphscene.h"
#include "ui/compare/comparetab.h"
#include "ui/files/changespanel.h"
#include "ui/files/editortab.h"
#include "ui/files/filetreepanel.h"
#include "ui/files/searchpanel.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/panels/catalogpanel.h"
#include "ui/panels/deploymentpanel.h"
#include "ui/panels/navigatorpanel.h"
#include "ui/panels/problemspanel.h"
#include "ui/panels/propertiespanel.h"
#include "ui/panels/runspanel.h"
#include "ui/panels/versionspanel.h"
#include "ui/source/generatedcodetab.h"
#include "ui/source/sourcetab.h"
#include "ui/theme/theme.h"
#include "ui/window/publishdialog.h"

namespace pw::ui {

using Context = ActionRegistry::Context;

namespace {
constexpr quint16 kDefaultPort = 8082;
// Long enough for a tool started from a session; Settings → API tokens revokes it sooner.
constexpr std::chrono::days kSessionTokenLifetime{30};
} // namespace

MainWindow::MainWindow(core::Core &core, ServerControl *server, QWidget *parent)
    : QMainWindow(parent), m_core(core), m_server(server), m_tabs(new QTabWidget(this)),
      m_undoGroup(new QUndoGroup(this)), m_serverLabel(new QLabel(this)),
      m_tokenButton(new QToolButton(this)), m_versionLabel(new QLabel(this))
{
    setObjectName(QStringLiteral("MainWindow"));
    setWindowIcon(QIcon(QStringLiteral(":/pipewright/icons/pipewright.svg")));
    m_tabs->setTabsClosable(true);
    m_tabs->setMovable(true);
    m_tabs->setDocumentMode(true);
    setCentralWidget(m_tabs);
    connect(m_tabs, &QTabWidget::currentChanged, this, &MainWindow::onCurrentTabChanged);
    connect(m_tabs, &QTabWidget::tabCloseRequested, this, [this](int index) { closeTab(index); });
    m_unsavedPrompt = [this](const QString &title) {
        const auto answer = QMessageBox::question(
            this, tr("Unapplied changes"),
            tr("%1 has changes that are not applied. Apply them before closing?").arg(title),
            QMessageBox::Apply | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Apply);
        return answer == QMessageBox::Apply     ? UnsavedChoice::Apply
               : answer == QMessageBox::Discard ? UnsavedChoice::Discard
                                                : UnsavedChoice::Cancel;
    };
    buildDocks();
    buildMenus();
    m_tokenButton->setText(tr("Copy token"));
    m_tokenButton->setToolTip(
        tr("Copy this window session's API token to the clipboard (made on first use)"));
    connect(m_tokenButton, &QToolButton::clicked, this, &MainWindow::copyToken);
    statusBar()->addPermanentWidget(m_versionLabel);
    statusBar()->addPermanentWidget(m_serverLabel);
    statusBar()->addPermanentWidget(m_tokenButton);
    updateServerStatus();
    onCurrentTabChanged();
    // A connection (a clone or fetch of any face) refused an SSH host key nobody has accepted:
    // the local user is the one who can look at it.
    connect(&m_core.notifier(), &core::ChangeNotifier::changed, this,
            [this](const core::ChangeEvent &e) {
                if (e.action == "known_host.pending")
                    showMessage(tr("An SSH connection was refused: the server's host key is not "
                                   "trusted yet. Settings → Known hosts shows its fingerprint."));
            });
    if (const QScreen *screen = QGuiApplication::primaryScreen())
        resize(screen->availableSize() * 0.9);
    else
        resize(1400, 880);
}

MainWindow::~MainWindow()
{
    // Tabs first, while the docks and documents they talk to are still whole.
    disconnect(m_tabs, nullptr, this, nullptr);
    while (m_tabs->count() > 0) {
        QWidget *page = m_tabs->widget(0);
        m_tabs->removeTab(0);
        delete page;
    }
}

QAction *MainWindow::addCommand(QMenu *menu, const QString &name, const QString &text,
                                const QKeySequence &shortcut, std::function<void()> run,
                                CommandOptions options)
{
    auto *action = new QAction(text, this);
    action->setObjectName(name);
    if (!shortcut.isEmpty())
        action->setShortcut(shortcut);
    connect(action, &QAction::triggered, this, [run] { run(); });
    m_actions.add(action, options.enabled);
    if (options.canvasShortcut) {
        // Canvas editing keys apply only while a canvas has focus, so editors keep Ctrl+C,
        // Delete and friends.
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_canvasActions.append(action);
    }
    menu->addAction(action);
    m_commands.append(action);
    return action;
}

QAction *MainWindow::action(const QString &name) const
{
    for (QAction *a : m_commands) {
        if (a->objectName() == name)
            return a;
    }
    return nullptr;
}

void MainWindow::buildDocks()
{
    auto dock = [this](const QString &name, const QString &title, QWidget *widget,
                       Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    m_navigator = new NavigatorPanel(m_core, this);
    m_catalog = new CatalogPanel(m_core.definitions().catalog(), this);
    m_properties = new PropertiesPanel(this);
    m_problems = new ProblemsPanel(this);
    m_versions = new VersionsPanel(this);
    QDockWidget *navigator =
        dock(QStringLiteral("navigatorDock"), tr("Navigator"), m_navigator, Qt::LeftDockWidgetArea);
    auto *catalogBox = new QWidget(this);
    auto *catalogLayout = new QVBoxLayout(catalogBox);
    catalogLayout->setContentsMargins(0, 0, 0, 0);
    catalogLayout->setSpacing(2);
    auto *catalogSearch = new QLineEdit(catalogBox);
    catalogSearch->setObjectName(QStringLiteral("catalogSearch"));
    catalogSearch->setPlaceholderText(tr("Search node types"));
    catalogSearch->setClearButtonEnabled(true);
    connect(catalogSearch, &QLineEdit::textChanged, m_catalog, &CatalogPanel::setFilter);
    catalogLayout->addWidget(catalogSearch);
    catalogLayout->addWidget(m_catalog);
    QDockWidget *catalog =
        dock(QStringLiteral("catalogDock"), tr("Node catalog"), catalogBox, Qt::LeftDockWidgetArea);
    splitDockWidget(navigator, catalog, Qt::Vertical);
    QDockWidget *properties = dock(QStringLiteral("propertiesDock"), tr("Properties"), m_properties,
                                   Qt::RightDockWidgetArea);
    m_deployment = new DeploymentPanel(this);
    QDockWidget *deployment = dock(QStringLiteral("deploymentDock"), tr("Deployment"), m_deployment,
                                   Qt::RightDockWidgetArea);
    tabifyDockWidget(properties, deployment);
    properties->raise();
    connect(m_deployment, &DeploymentPanel::statusMessage, this, &MainWindow::showMessage);
    QDockWidget *problems =
        dock(QStringLiteral("problemsDock"), tr("Problems"), m_problems, Qt::BottomDockWidgetArea);
    QDockWidget *versions =
        dock(QStringLiteral("versionsDock"), tr("Versions"), m_versions, Qt::BottomDockWidgetArea);
    tabifyDockWidget(problems, versions);
    m_fileTree = new FileTreePanel(this);
    m_changes = new ChangesPanel(this);
    m_search = new SearchPanel(this);
    // Files share the lower left with the node catalog, in front on a first start: a new user
    // sees the pipeline's code at once (the catalog is a tab away, and in the canvas menu).
    QDockWidget *files =
        dock(QStringLiteral("filesDock"), tr("Files"), m_fileTree, Qt::LeftDockWidgetArea);
    tabifyDockWidget(catalog, files);
    files->raise();
    QDockWidget *changes =
        dock(QStringLiteral("changesDock"), tr("Changes"), m_changes, Qt::BottomDockWidgetArea);
    tabifyDockWidget(problems, changes);
    QDockWidget *search =
        dock(QStringLiteral("searchDock"), tr("Search"), m_search, Qt::BottomDockWidgetArea);
    tabifyDockWidget(problems, search);
    m_runsPanel = new RunsPanel(this);
    QDockWidget *runs =
        dock(QStringLiteral("runsDock"), tr("Runs"), m_runsPanel, Qt::BottomDockWidgetArea);
    tabifyDockWidget(problems, runs);
    connect(m_runsPanel, &RunsPanel::statusMessage, this, &MainWindow::showMessage);
    // The canvas of the definition the panel shows follows its run's states.
    connect(m_runsPanel, &RunsPanel::runShown, this, [this](const core::RunInfo *run) {
        for (int i = 0; i < m_tabs->count(); ++i) {
            auto *canvas = qobject_cast<DefinitionTab *>(m_tabs->widget(i));
            if (canvas && run && canvas->document()->id() == run->definitionId)
                canvas->scene()->showRun(run);
        }
    });
    problems->raise();
    connect(m_fileTree, &FileTreePanel::openRequested, this,
            [this](const QString &path) { openFile(path); });
    connect(m_fileTree, &FileTreePanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_changes, &ChangesPanel::openRequested, this,
            [this](const QString &path) { openFile(path); });
    connect(m_changes, &ChangesPanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_search, &SearchPanel::openRequested, this, &MainWindow::openFile);
    // The canvas gets the room; the panels start small (they are empty until used).
    resizeDocks({problems}, {120}, Qt::Vertical);
    resizeDocks({navigator, properties}, {240, 300}, Qt::Horizontal);
    connect(m_navigator, &NavigatorPanel::openRequested, this, &MainWindow::openDefinition);
    connect(m_navigator, &NavigatorPanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_catalog, &CatalogPanel::addRequested, this, [this](const QString &type) {
        if (DefinitionTab *tab = currentCanvas())
            tab->addNode(type, tab->view()->visibleCentre() -
                                   QPointF(NodeItem::Width / 2, NodeItem::Height / 2));
    });
    connect(m_problems, &ProblemsPanel::nodeActivated, this, [this](const QString &id) {
        if (DefinitionTab *tab = currentCanvas())
            tab->selectNode(id);
    });
    connect(m_problems, &ProblemsPanel::countChanged, this, [problems](int errors, int warnings) {
        problems->setWindowTitle(errors + warnings ? tr("Problems (%1)").arg(errors + warnings)
                                                   : tr("Problems"));
    });
    connect(m_versions, &VersionsPanel::compareRequested, this, &MainWindow::openCompare);
    connect(m_versions, &VersionsPanel::statusMessage, this, &MainWindow::showMessage);
    connect(m_properties, &PropertiesPanel::statusMessage, this, &MainWindow::showMessage);
}

void MainWindow::buildMenus()
{
    QMenu *file = menuBar()->addMenu(tr("&File"));
    addCommand(file, QStringLiteral("newWorkspace"), tr("New Workspace…"), {},
               [this] { m_navigator->createWorkspace(); });
    addCommand(file, QStringLiteral("newDefinition"), tr("New Definition…"), QKeySequence::New,
               [this] { m_navigator->createDefinition(); });
    file->addSeparator();
    addCommand(file, QStringLiteral("exportPng"), tr("Export Graph as PNG…"), {},
               [this] { exportImage(false); }, {.enabled = Context::Canvas});
    addCommand(file, QStringLiteral("exportSvg"), tr("Export Graph as SVG…"), {},
               [this] { exportImage(true); }, {.enabled = Context::Canvas});
    file->addSeparator();
    addCommand(file, QStringLiteral("saveFile"), tr("Save File"), QKeySequence::Save,
               [this] {
                   if (auto *e = currentEditor())
                       e->save();
               },
               {.enabled = Context::Editor});
    addCommand(file, QStringLiteral("commitDrafts"), tr("Commit Drafts to Branch…"), {},
               [this] {
                   if (auto *dock = findChild<QDockWidget *>(QStringLiteral("changesDock"))) {
                       dock->show();
                       dock->raise();
                   }
                   m_changes->askCommit();
               },
               {.enabled = Context::Document});
    addCommand(file, QStringLiteral("publish"), tr("Publish…"),
               QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_P), [this] { openPublish(); },
               {.enabled = Context::Document});
    file->addSeparator();
    addCommand(file, QStringLiteral("closeTab"), tr("Close Tab"), QKeySequence::Close, [this] {
        if (m_tabs->currentIndex() >= 0)
            Q_EMIT m_tabs->tabCloseRequested(m_tabs->currentIndex());
    });
    addCommand(
        file, QStringLiteral("settings"), tr("Settings…"), QKeySequence(Qt::CTRL | Qt::Key_Comma),
        [this] {
            QSettings settings;
            SettingsDialog dialog(
                settings.value(QStringLiteral("server/enabled"), true).toBool(),
                settings.value(QStringLiteral("server/port"), kDefaultPort).toInt(), this);
            // Local runs: a page that acts at once (saved and audited through core).
            dialog.addPage(
                new LocalRunsPage(
                    localRunOptions(),
                    [this](const LocalRunOptions &options) { return applyRunOptions(options); },
                    &dialog),
                tr("Local runs"));
            if (QWidget *tokens = makeApiTokensPage(&dialog))
                dialog.addPage(tokens, tr("API tokens"));
            if (QWidget *knownHosts = makeKnownHostsPage(&dialog))
                dialog.addPage(knownHosts, tr("Known hosts"));
            if (dialog.exec() == QDialog::Accepted)
                applyServerSettings(dialog.serverEnabled(), static_cast<quint16>(dialog.port()));
        });
    file->addSeparator();
    addCommand(file, QStringLiteral("quit"), tr("Quit"), QKeySequence::Quit, [this] { close(); });

    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    QAction *undo = m_undoGroup->createUndoAction(this, tr("Undo"));
    undo->setObjectName(QStringLiteral("undo"));
    undo->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Z));
    QAction *redo = m_undoGroup->createRedoAction(this, tr("Redo"));
    redo->setObjectName(QStringLiteral("redo"));
    redo->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Z), QKeySequence(Qt::CTRL | Qt::Key_Y)});
    edit->addAction(undo);
    edit->addAction(redo);
    m_commands << undo << redo;
    edit->addSeparator();
    addCommand(edit, QStringLiteral("cut"), tr("Cut"), QKeySequence::Cut,
               [this] {
                   if (auto *t = currentCanvas())
                       t->cutSelection();
               },
               {.enabled = Context::EditableCanvas, .canvasShortcut = true});
    addCommand(edit, QStringLiteral("copy"), tr("Copy"), QKeySequence::Copy,
               [this] {
                   if (auto *t = currentCanvas())
                       t->copySelection();
               },
               {.enabled = Context::Canvas, .canvasShortcut = true});
    addCommand(edit, QStringLiteral("paste"), tr("Paste"), QKeySequence::Paste,
               [this] {
                   if (auto *t = currentCanvas())
                       t->paste();
               },
               {.enabled = Context::EditableCanvas, .canvasShortcut = true});
    addCommand(edit, QStringLiteral("delete"), tr("Delete"), QKeySequence::Delete,
               [this] {
                   if (auto *t = currentCanvas())
                       t->deleteSelection();
               },
               {.enabled = Context::EditableCanvas, .canvasShortcut = true});
    addCommand(edit, QStringLiteral("rename"), tr("Rename Node…"), QKeySequence(Qt::Key_F2),
               [this] {
                   if (auto *t = currentCanvas())
                       t->renameSelected();
               },
               {.enabled = Context::EditableCanvas, .canvasShortcut = true});
    edit->addSeparator();
    addCommand(edit, QStringLiteral("selectAll"), tr("Select All"), QKeySequence::SelectAll,
               [this] {
                   if (auto *t = currentCanvas())
                       t->selectAll();
               },
               {.enabled = Context::Canvas, .canvasShortcut = true});
    addCommand(edit, QStringLiteral("selectUpstream"), tr("Select Upstream"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Up),
               [this] {
                   if (auto *t = currentCanvas())
                       t->selectUpstream();
               },
               {.enabled = Context::Canvas});
    addCommand(edit, QStringLiteral("selectDownstream"), tr("Select Downstream"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_Down),
               [this] {
                   if (auto *t = currentCanvas())
                       t->selectDownstream();
               },
               {.enabled = Context::Canvas});
    addCommand(edit, QStringLiteral("find"), tr("Find…"), QKeySequence::Find,
               [this] {
                   if (auto *t = currentCanvas())
                       t->focusSearch();
                   else if (auto *e = currentEditor())
                       e->openFind(false);
               },
               {.enabled = Context::Findable});
    addCommand(edit, QStringLiteral("replace"), tr("Replace…"), QKeySequence(Qt::CTRL | Qt::Key_H),
               [this] {
                   if (auto *e = currentEditor())
                       e->openFind(true);
               },
               {.enabled = Context::Editor});
    addCommand(edit, QStringLiteral("goToLine"), tr("Go to Line…"),
               QKeySequence(Qt::CTRL | Qt::Key_G),
               [this] {
                   if (auto *e = currentEditor())
                       e->askGoToLine();
               },
               {.enabled = Context::Editor});
    addCommand(edit, QStringLiteral("searchInFiles"), tr("Search in Files…"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_F),
               [this] {
                   if (auto *dock = findChild<QDockWidget *>(QStringLiteral("searchDock"))) {
                       dock->show();
                       dock->raise();
                   }
                   QString selected;
                   if (auto *e = currentEditor())
                       selected = e->editor()->selectedText();
                   if (!selected.isEmpty() && !selected.contains(QLatin1Char('\n')))
                       m_search->query()->setText(selected);
                   m_search->focusQuery();
               },
               {.enabled = Context::Document});

    QMenu *view = menuBar()->addMenu(tr("&View"));
    addCommand(view, QStringLiteral("commandPalette"), tr("Command Palette…"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_P), [this] { showCommandPalette(); });
    view->addSeparator();
    QAction *zoomIn = addCommand(view, QStringLiteral("zoomIn"), tr("Zoom In"),
                                 QKeySequence(Qt::CTRL | Qt::Key_Equal),
                                 [this] {
                                     if (auto *t = currentCanvas())
                                         t->view()->zoomIn();
                                     else if (auto *c = currentCompare())
                                         c->zoomIn();
                                 },
                                 {.enabled = Context::View});
    zoomIn->setShortcuts(
        {QKeySequence(Qt::CTRL | Qt::Key_Equal), QKeySequence(Qt::CTRL | Qt::Key_Plus)});
    addCommand(view, QStringLiteral("zoomOut"), tr("Zoom Out"),
               QKeySequence(Qt::CTRL | Qt::Key_Minus),
               [this] {
                   if (auto *t = currentCanvas())
                       t->view()->zoomOut();
                   else if (auto *c = currentCompare())
                       c->zoomOut();
               },
               {.enabled = Context::View});
    addCommand(view, QStringLiteral("fit"), tr("Fit to View"), QKeySequence(Qt::CTRL | Qt::Key_0),
               [this] {
                   if (auto *t = currentCanvas())
                       t->view()->fitAll();
                   else if (auto *c = currentCompare())
                       c->resetZoom();
               },
               {.enabled = Context::View});
    view->addSeparator();
    addCommand(view, QStringLiteral("viewSource"), tr("Spec Source"),
               QKeySequence(Qt::CTRL | Qt::Key_U), [this] { openSource(); },
               {.enabled = Context::Document});
    addCommand(view, QStringLiteral("generatedCode"), tr("Generated Code"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_G), [this] { openGeneratedCode(); },
               {.enabled = Context::Document});
    addCommand(view, QStringLiteral("deploymentSettings"), tr("Deployment Settings"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D),
               [this] {
                   if (auto *dock = findChild<QDockWidget *>(QStringLiteral("deploymentDock"))) {
                       dock->show();
                       dock->raise();
                       m_deployment->editor(QStringLiteral("dag_id"))->setFocus();
                   }
               },
               {.enabled = Context::Document});
    m_minimapAction = addCommand(view, QStringLiteral("minimap"), tr("Minimap"), {}, [this] {
        QSettings().setValue(QStringLiteral("view/minimap"), m_minimapAction->isChecked());
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (auto *canvas = qobject_cast<DefinitionTab *>(m_tabs->widget(i)))
                canvas->view()->setMinimapVisible(m_minimapAction->isChecked());
        }
    });
    m_minimapAction->setCheckable(true);
    m_minimapAction->setChecked(QSettings().value(QStringLiteral("view/minimap"), true).toBool());
    view->addSeparator();
    for (QDockWidget *dock : findChildren<QDockWidget *>())
        view->addAction(dock->toggleViewAction());

    QMenu *definition = menuBar()->addMenu(tr("&Definition"));
    QMenu *add = definition->addMenu(tr("Add Node"));
    for (const core::NodeType &type : m_core.definitions().catalog().types()) {
        const QString name = QString::fromStdString(type.type);
        addCommand(add, QStringLiteral("add_") + name,
                   tr("Add %1 Node").arg(QString::fromStdString(type.label)), {},
                   [this, name] {
                       if (DefinitionTab *t = currentCanvas())
                           t->addNode(name, t->view()->visibleCentre() -
                                                QPointF(NodeItem::Width / 2, NodeItem::Height / 2));
                   },
                   {.enabled = Context::EditableCanvas});
    }
    addCommand(definition, QStringLiteral("layoutLeftRight"), tr("Auto Layout, Left to Right"),
               QKeySequence(Qt::CTRL | Qt::Key_L),
               [this] {
                   if (auto *t = currentCanvas())
                       t->autoLayout(core::LayoutDirection::LeftToRight, false);
               },
               {.enabled = Context::EditableCanvas});
    addCommand(definition, QStringLiteral("layoutTopBottom"), tr("Auto Layout, Top to Bottom"),
               QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_L),
               [this] {
                   if (auto *t = currentCanvas())
                       t->autoLayout(core::LayoutDirection::TopToBottom, false);
               },
               {.enabled = Context::EditableCanvas});
    addCommand(definition, QStringLiteral("layoutKeepSelection"),
               tr("Auto Layout Keeping Selected Nodes in Place"), {},
               [this] {
                   if (auto *t = currentCanvas())
                       t->autoLayout(core::LayoutDirection::LeftToRight, true);
               },
               {.enabled = Context::EditableCanvas});
    definition->addSeparator();
    addCommand(definition, QStringLiteral("openCode"), tr("Open Code of Node"),
               QKeySequence(Qt::CTRL | Qt::ALT | Qt::Key_O), [this] { openCodeOfSelectedNode(); },
               {.enabled = Context::Canvas});
    addCommand(definition, QStringLiteral("comparePrevious"), tr("Compare with Previous Version"),
               {},
               [this] {
                   DefinitionDocument *doc = currentDocument();
                   if (!doc || !doc->definition() || doc->definition()->currentVersion < 2)
                       return;
                   auto previous = doc->core().definitions().versionByNumber(
                       doc->actor(), doc->id(), doc->definition()->currentVersion - 1);
                   if (previous)
                       openCompare(QString::fromStdString(previous->info.id), {});
               },
               {.enabled = Context::Document});
    addCommand(definition, QStringLiteral("renameDefinition"), tr("Rename Definition…"), {},
               [this] { m_navigator->renameSelected(); });
    addCommand(definition, QStringLiteral("archiveDefinition"), tr("Archive…"), {},
               [this] { m_navigator->archiveSelected(); });

    QMenu *runMenu = menuBar()->addMenu(tr("&Run"));
    auto showRuns = [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("runsDock"))) {
            dock->show();
            dock->raise();
        }
    };
    auto selectedNodes = [this]() -> std::vector<std::string> {
        std::vector<std::string> ids;
        if (DefinitionTab *t = currentCanvas()) {
            for (const QString &id : t->selectedNodeIds())
                ids.push_back(id.toStdString());
        }
        if (ids.empty())
            showMessage(tr("Select one or more nodes first."));
        return ids;
    };
    addCommand(runMenu, QStringLiteral("run"), tr("Run"), QKeySequence(Qt::Key_F5),
               [this, showRuns] {
                   showRuns();
                   m_runsPanel->startRun({});
               },
               {.enabled = Context::Canvas});
    addCommand(runMenu, QStringLiteral("runFromHere"), tr("Run from Here"),
               QKeySequence(Qt::CTRL | Qt::Key_F5),
               [this, showRuns, selectedNodes] {
                   auto ids = selectedNodes();
                   if (ids.empty())
                       return;
                   showRuns();
                   m_runsPanel->startRun({core::RunSelection::Mode::From, std::move(ids)});
               },
               {.enabled = Context::Canvas});
    addCommand(runMenu, QStringLiteral("runSelected"), tr("Run Selected"),
               QKeySequence(Qt::ALT | Qt::Key_F5),
               [this, showRuns, selectedNodes] {
                   auto ids = selectedNodes();
                   if (ids.empty())
                       return;
                   showRuns();
                   m_runsPanel->startRun({core::RunSelection::Mode::Only, std::move(ids)});
               },
               {.enabled = Context::Canvas});
    addCommand(runMenu, QStringLiteral("cancelRun"), tr("Cancel Run"),
               QKeySequence(Qt::SHIFT | Qt::Key_F5), [this] { m_runsPanel->cancelShown(); },
               {.enabled = Context::Canvas});
    addCommand(runMenu, QStringLiteral("rerunFailed"), tr("Re-run Failed Tasks"), {},
               [this, showRuns] {
                   showRuns();
                   m_runsPanel->rerunFailed();
               },
               {.enabled = Context::Canvas});

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    addCommand(help, QStringLiteral("copyToken"), tr("Copy API Token"), {},
               [this] { copyToken(); });
    addCommand(help, QStringLiteral("copyUrl"), tr("Copy API Address"), {}, [this] {
        if (m_server && m_server->isRunning())
            QApplication::clipboard()->setText(m_server->baseUrl());
    });
    addCommand(help, QStringLiteral("about"), tr("About Pipewright"), {}, [this] {
        QMessageBox::about(
            this, tr("About Pipewright"),
            tr("<b>Pipewright %1</b><p>An IDE for authoring data pipelines.</p><p>Data: %2</p>")
                .arg(QApplication::applicationVersion(),
                     QString::fromStdString(m_core.dataDir()).toHtmlEscaped()));
    });
}

DefinitionDocument *MainWindow::documentFor(const QString &spaceSlug, const QString &id)
{
    const QString key = spaceSlug + QLatin1Char('/') + id;
    if (DefinitionDocument *doc = m_documents.value(key))
        return doc;
    auto actor = m_core.localActor(spaceSlug.toStdString());
    if (!actor) {
        showMessage(errorText(actor.error()));
        return nullptr;
    }
    auto *doc = new DefinitionDocument(m_core, *actor, id.toStdString(), this);
    if (!doc->isValid()) {
        delete doc;
        return nullptr;
    }
    m_undoGroup->addStack(doc->undoStack());
    connect(doc, &DefinitionDocument::failed, this,
            [this](const QString &message) { showMessage(message); });
    connect(doc, &DefinitionDocument::changed, this, [this, doc] {
        if (doc == currentDocument()) {
            m_problems->showProblems(doc->problems());
            updateActions();
        }
        for (int i = 0; i < m_tabs->count(); ++i) {
            if (auto *tab = qobject_cast<DefinitionTab *>(m_tabs->widget(i));
                tab && tab->document() == doc)
                m_tabs->setTabText(i, doc->name());
        }
    });
    m_documents.insert(key, doc);
    return doc;
}

DefinitionTab *MainWindow::openDefinition(const QString &spaceSlug, const QString &definitionId)
{
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<DefinitionTab *>(m_tabs->widget(i));
        if (tab && QString::fromStdString(tab->document()->id()) == definitionId) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    DefinitionDocument *doc = documentFor(spaceSlug, definitionId);
    if (!doc)
        return nullptr;
    auto *tab = new DefinitionTab(doc, m_tabs);
    tab->setProperty("space", spaceSlug);
    tab->view()->setMinimapVisible(m_minimapAction->isChecked());
    for (QAction *a : std::as_const(m_canvasActions))
        tab->addAction(a);
    connect(tab, &DefinitionTab::statusMessage, this, &MainWindow::showMessage);
    connect(tab, &DefinitionTab::selectionChanged, this, [this, tab] {
        if (tab == currentCanvas())
            m_properties->setTarget(tab->document(), tab->selectedNodeIds());
    });
    connect(tab, &DefinitionTab::propertiesRequested, this, [this] {
        if (auto *dock = findChild<QDockWidget *>(QStringLiteral("propertiesDock"))) {
            dock->show();
            dock->raise();
        }
    });
    const int index = m_tabs->addTab(tab, typeIcon(QStringLiteral("task")), doc->name());
    m_tabs->setTabToolTip(index, tr("%1 in space %2").arg(doc->name(), spaceSlug));
    m_tabs->setCurrentIndex(index);
    tab->view()->setFocus();
    return tab;
}

SourceTab *MainWindow::openSource()
{
    DefinitionDocument *doc = currentDocument();
    if (!doc)
        return nullptr;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<SourceTab *>(m_tabs->widget(i));
        if (tab && tab->document() == doc) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    auto *tab = new SourceTab(doc, m_tabs);
    connect(tab, &SourceTab::statusMessage, this, &MainWindow::showMessage);
    const QString title = tr("%1 (source)").arg(doc->name());
    m_tabs->setCurrentIndex(m_tabs->addTab(tab, title));
    // A modified mark, as every editor shows one.
    connect(tab, &SourceTab::modifiedChanged, this, [this, tab, title](bool modified) {
        const int index = m_tabs->indexOf(tab);
        if (index >= 0)
            m_tabs->setTabText(index, modified ? title + QStringLiteral(" *") : title);
    });
    return tab;
}

PublishDialog *MainWindow::openPublish()
{
    DefinitionDocument *doc = currentDocument();
    if (!doc || !doc->isValid())
        return nullptr;
    // Settings applied before the version is pinned: the dialog publishes what the panels show.
    if (m_deployment->isDirty() && m_deployment->canApply())
        m_deployment->apply();
    if (m_properties->isDirty() && m_properties->canApply())
        m_properties->apply();
    auto *dialog = new PublishDialog(doc, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &PublishDialog::published, this,
            [this] { showMessage(tr("Published; the merge request is open")); });
    dialog->open();
    return dialog;
}

GeneratedCodeTab *MainWindow::openGeneratedCode()
{
    DefinitionDocument *doc = currentDocument();
    if (!doc)
        return nullptr;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<GeneratedCodeTab *>(m_tabs->widget(i));
        if (tab && tab->document() == doc) {
            m_tabs->setCurrentIndex(i);
            return tab;
        }
    }
    auto *tab = new GeneratedCodeTab(doc, m_tabs);
    m_tabs->setCurrentIndex(m_tabs->addTab(tab, tr("%1 (generated)").arg(doc->name())));
    return tab;
}

CompareTab *MainWindow::openCompare(const QString &fromVersionId, const QString &toVersionId)
{
    DefinitionDocument *doc = currentDocument();
    if (!doc)
        return nullptr;
    auto *tab = new CompareTab(doc, fromVersionId.toStdString(),
                               toVersionId.isEmpty()
                                   ? std::nullopt
                                   : std::optional<std::string>(toVersionId.toStdString()),
                               m_tabs);
    m_tabs->setCurrentIndex(m_tabs->addTab(tab, tr("%1: %2").arg(doc->name(), tab->title())));
    return tab;
}

EditorTab *MainWindow::openFile(const QString &path, int line, int column)
{
    DefinitionDocument *doc = currentDocument();
    if (!doc || path.isEmpty())
        return nullptr;
    EditorTab *tab = nullptr;
    for (int i = 0; i < m_tabs->count() && !tab; ++i) {
        auto *editor = qobject_cast<EditorTab *>(m_tabs->widget(i));
        if (editor && editor->document() == doc && editor->path() == path)
            tab = editor;
    }
    if (!tab) {
        tab = new EditorTab(doc, path, m_tabs);
        connect(tab, &EditorTab::statusMessage, this, &MainWindow::showMessage);
        if (!tab->isLoaded()) {
            delete tab;
            return nullptr;
        }
        const int index = m_tabs->addTab(tab, tab->title());
        m_tabs->setTabToolTip(index, tr("%1 — draft of %2").arg(path, doc->name()));
        connect(tab, &EditorTab::modifiedChanged, this, [this, tab](bool modified) {
            const int at = m_tabs->indexOf(tab);
            if (at >= 0)
                m_tabs->setTabText(at,
                                   modified ? tab->title() + QStringLiteral(" *") : tab->title());
        });
    }
    m_tabs->setCurrentWidget(tab);
    if (line > 0)
        tab->goToLine(line, column);
    else
        tab->editor()->setFocus();
    return tab;
}

EditorTab *MainWindow::openCodeOfSelectedNode()
{
    DefinitionTab *canvas = currentCanvas();
    if (!canvas)
        return nullptr;
    const QStringList selected = canvas->selectedNodeIds();
    if (selected.size() != 1) {
        showMessage(tr("Select one node to open its code"));
        return nullptr;
    }
    DefinitionDocument *doc = canvas->document();
    auto location =
        m_core.repositories().codeOf(doc->actor(), doc->id(), selected.front().toStdString());
    if (!location) {
        showMessage(errorText(location.error()));
        return nullptr;
    }
    return openFile(QString::fromStdString(location->path), location->line);
}

EditorTab *MainWindow::currentEditor() const
{
    return qobject_cast<EditorTab *>(m_tabs->currentWidget());
}

DefinitionTab *MainWindow::currentCanvas() const
{
    return qobject_cast<DefinitionTab *>(m_tabs->currentWidget());
}

CompareTab *MainWindow::currentCompare() const
{
    return qobject_cast<CompareTab *>(m_tabs->currentWidget());
}

void MainWindow::setUnsavedPrompt(std::function<UnsavedChoice(const QString &)> prompt)
{
    m_unsavedPrompt = std::move(prompt);
}

bool MainWindow::closeTab(int index)
{
    QWidget *page = m_tabs->widget(index);
    if (!page)
        return false;
    // Unsaved editor text is never dropped without asking either; Apply saves it.
    if (auto *editor = qobject_cast<EditorTab *>(page); editor && editor->isModified()) {
        switch (m_unsavedPrompt(m_tabs->tabText(index))) {
        case UnsavedChoice::Cancel:
            return false;
        case UnsavedChoice::Apply:
            if (!editor->save())
                return false; // refused (a conflict shows in the tab); it stays open
            break;
        case UnsavedChoice::Discard:
            break;
        }
    }
    // Unapplied source edits are never dropped without asking.
    if (auto *source = qobject_cast<SourceTab *>(page); source && source->isModified()) {
        switch (m_unsavedPrompt(m_tabs->tabText(index))) {
        case UnsavedChoice::Cancel:
            return false;
        case UnsavedChoice::Apply:
            if (!source->apply())
                return false; // the problems are shown in the tab; it stays open
            break;
        case UnsavedChoice::Discard:
            break;
        }
    }
    DefinitionDocument *doc = documentOf(page);
    m_tabs->removeTab(index);
    page->deleteLater();
    releaseIfUnused(doc);
    return true;
}

QWidget *MainWindow::makeKnownHostsPage(QWidget *parent)
{
    // The space of the definition in front, else the default one.
    const DefinitionDocument *doc = currentDocument();
    auto actor = doc ? core::Result<core::Actor>(doc->actor()) : m_core.localActor("default");
    if (!actor)
        return nullptr;
    return new KnownHostsPage(m_core.knownHosts(), m_core.notifier(), *actor, parent);
}

DefinitionDocument *MainWindow::currentDocument() const
{
    return documentOf(m_tabs->currentWidget());
}

DefinitionDocument *MainWindow::documentOf(QWidget *page)
{
    if (auto *canvas = qobject_cast<DefinitionTab *>(page))
        return canvas->document();
    if (auto *source = qobject_cast<SourceTab *>(page))
        return source->document();
    if (auto *generated = qobject_cast<GeneratedCodeTab *>(page))
        return generated->document();
    if (auto *editor = qobject_cast<EditorTab *>(page))
        return editor->document();
    return nullptr; // a compare tab keeps what it compared, not the document
}

// A document lives as long as a tab shows it: with its last tab go its copy of the definition,
// its undo history and its subscription to core's events.
void MainWindow::releaseIfUnused(DefinitionDocument *doc)
{
    if (!doc)
        return;
    for (int i = 0; i < m_tabs->count(); ++i) {
        if (documentOf(m_tabs->widget(i)) == doc)
            return;
    }
    for (auto it = m_documents.begin(); it != m_documents.end();) {
        it = it.value() == doc ? m_documents.erase(it) : std::next(it);
    }
    m_undoGroup->removeStack(doc->undoStack());
    doc->deleteLater();
}

int MainWindow::openDocumentCount() const
{
    int count = 0;
    for (const auto &doc : m_documents)
        count += doc ? 1 : 0;
    return count;
}

void MainWindow::onCurrentTabChanged()
{
    DefinitionDocument *doc = currentDocument();
    m_undoGroup->setActiveStack(doc ? doc->undoStack() : nullptr);
    DefinitionTab *canvas = currentCanvas();
    m_properties->setTarget(doc, canvas ? canvas->selectedNodeIds() : QStringList());
    m_versions->setDocument(doc);
    if (doc || !currentCompare()) {
        m_runsPanel->setDocument(doc);
        m_deployment->setDocument(doc);
    }
    // The file panels follow the current definition; a comparison keeps what they show.
    if (doc || !currentCompare()) {
        m_fileTree->setDocument(doc);
        m_changes->setDocument(doc);
        m_search->setDocument(doc);
    }
    if (doc)
        m_problems->showProblems(doc->problems());
    else
        m_problems->clearProblems();
    updateActions();
}

void MainWindow::updateActions()
{
    DefinitionDocument *doc = currentDocument();
    setWindowTitle(doc ? tr("%1 — Pipewright").arg(doc->name()) : tr("Pipewright"));
    m_versionLabel->setText(doc && doc->definition()
                                ? tr("Version %1").arg(doc->definition()->currentVersion)
                                : QString());
    const bool canvas = currentCanvas() != nullptr;
    m_actions.update({.document = doc != nullptr,
                      .view = canvas || currentCompare() != nullptr,
                      .canvas = canvas,
                      .editable = canvas && doc && doc->canEdit(),
                      .editor = currentEditor() != nullptr});
}

void MainWindow::showCommandPalette()
{
    CommandPalette palette(m_commands, this);
    palette.move(mapToGlobal(QPoint((width() - palette.width()) / 2, 60)));
    palette.exec();
}

void MainWindow::applyServerSettings(bool enabled, quint16 port)
{
    QSettings settings;
    if (port == 0)
        port = static_cast<quint16>(
            settings.value(QStringLiteral("server/port"), kDefaultPort).toUInt());
    settings.setValue(QStringLiteral("server/enabled"), enabled);
    settings.setValue(QStringLiteral("server/port"), port);
    if (m_server) {
        m_server->stop();
        QString error;
        if (enabled && !m_server->start(port, &error))
            showMessage(tr("The API server did not start: %1").arg(error));
    }
    updateServerStatus();
}

namespace {

constexpr const char *kAllowUnsandboxedKey = "runs/allowUnsandboxed";
// The space the desktop's own runs belong to; its run settings are the window user's to set.
constexpr std::string_view kDesktopSpace = "default";

} // namespace

LocalRunOptions MainWindow::localRunOptions() const
{
    LocalRunOptions options;
    options.allowUnsandboxed =
        QSettings().value(QLatin1String(kAllowUnsandboxedKey), false).toBool();
    if (auto space = m_core.access().spaceBySlug(kDesktopSpace)) {
        if (auto settings = m_core.runSettings().get(space->id)) {
            options.network = settings->network;
            for (const std::string &host : settings->httpAllowHosts)
                options.allowedHosts << QString::fromStdString(host);
        }
    }
    auto sandbox = m_core.runs().sandboxCheck();
    options.sandboxWorks = sandbox.has_value();
    if (!sandbox)
        options.sandboxStatus = QString::fromStdString(sandbox.error().message);
    return options;
}

bool MainWindow::applyRunOptions(const LocalRunOptions &options)
{
    auto user = m_core.access().localUser();
    const std::string userId = user ? user->id : std::string();
    if (auto allowed = m_core.runs().allowUnsandboxedRuns(options.allowUnsandboxed,
                                                          {"window setting", userId});
        !allowed) {
        showMessage(errorText(allowed.error()));
        return false;
    }
    QSettings().setValue(QLatin1String(kAllowUnsandboxedKey), options.allowUnsandboxed);
    auto space = m_core.access().spaceBySlug(kDesktopSpace);
    if (!space) {
        showMessage(errorText(space.error()));
        return false;
    }
    auto current = m_core.runSettings().get(space->id);
    if (!current) {
        showMessage(errorText(current.error()));
        return false;
    }
    core::SpaceRunSettings wanted;
    wanted.network = options.network;
    for (const QString &host : options.allowedHosts)
        wanted.httpAllowHosts.push_back(host.toStdString());
    std::vector<std::string> normal;
    for (const std::string &host : wanted.httpAllowHosts)
        normal.push_back(core::RunSettingsService::normalHost(host));
    // Unchanged settings write nothing (and record nothing).
    if (current->updatedAt && current->network == wanted.network &&
        current->httpAllowHosts == normal)
        return true;
    if (auto set = m_core.runSettings().set(space->id, wanted, {"window", userId}); !set) {
        showMessage(errorText(set.error()));
        return false;
    }
    return true;
}

void MainWindow::applySavedRunPermission()
{
    if (!QSettings().value(QLatin1String(kAllowUnsandboxedKey), false).toBool())
        return;
    auto user = m_core.access().localUser();
    if (auto allowed = m_core.runs().allowUnsandboxedRuns(
            true, {"window setting", user ? user->id : std::string()});
        !allowed)
        showMessage(errorText(allowed.error()));
}

QString MainWindow::serverStatus() const
{
    return m_serverLabel->text();
}

void MainWindow::updateServerStatus()
{
    const bool running = m_server && m_server->isRunning();
    m_serverLabel->setText(running ? tr("API: %1").arg(m_server->baseUrl()) : tr("API server off"));
    m_serverLabel->setToolTip(
        running ? tr("The REST API of this data directory; requests need a token") : QString());
    m_tokenButton->setEnabled(running);
}

void MainWindow::copyToken()
{
    auto user = m_core.access().localUser();
    if (!user) {
        showMessage(errorText(user.error()));
        return;
    }
    // One token per window session, kept while it works: revoked (Settings → API tokens, the
    // API) or expired, the next copy makes a new one.
    const bool usable =
        !m_sessionTokenId.empty() && m_core.access().tokenUsable(m_sessionTokenId).value_or(false);
    if (!usable) {
        // Stored data, read through the API too: written in English, in local time.
        const std::string name =
            "window session " +
            QDateTime::currentDateTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")).toStdString();
        auto token = m_core.access().issueToken(user->id, name, kSessionTokenLifetime);
        if (!token) {
            showMessage(errorText(token.error()));
            return;
        }
        m_sessionTokenId = token->tokenId;
        m_sessionToken = QString::fromStdString(token->token);
    }
    QApplication::clipboard()->setText(m_sessionToken);
    showMessage(usable ? tr("This window session's API token is on the clipboard.")
                       : tr("A new API token for this window session is on the clipboard; it is "
                            "valid for 30 days. Settings → API tokens lists and revokes tokens."));
}

QWidget *MainWindow::makeApiTokensPage(QWidget *parent)
{
    auto user = m_core.access().localUser();
    if (!user)
        return nullptr;
    return new ApiTokensPage(m_core.access(), m_core.notifier(), user->id, m_sessionTokenId,
                             parent);
}

QString MainWindow::suggestedExportPath(bool svg) const
{
    const DefinitionTab *tab = currentCanvas();
    const QString name = (tab ? tab->document()->name() : tr("graph")) +
                         (svg ? QStringLiteral(".svg") : QStringLiteral(".png"));
    // The folder of the last export, else the pictures folder.
    QString folder = QSettings().value(QStringLiteral("export/folder")).toString();
    if (folder.isEmpty() || !QDir(folder).exists())
        folder = QStandardPaths::writableLocation(QStandardPaths::PicturesLocation);
    return QDir(folder).filePath(name);
}

void MainWindow::exportImage(bool svg)
{
    DefinitionTab *tab = currentCanvas();
    if (!tab)
        return;
    const QString filter = svg ? tr("SVG image (*.svg)") : tr("PNG image (*.png)");
    const QString path = QFileDialog::getSaveFileName(
        this, svg ? tr("Export as SVG") : tr("Export as PNG"), suggestedExportPath(svg), filter);
    if (!path.isEmpty())
        exportTo(path);
}

bool MainWindow::exportTo(const QString &path)
{
    DefinitionTab *tab = currentCanvas();
    if (!tab)
        return false;
    const bool written = tab->exportImage(path);
    if (written)
        QSettings().setValue(QStringLiteral("export/folder"), QFileInfo(path).absolutePath());
    showMessage(written ? tr("Exported %1").arg(path) : tr("Could not write %1").arg(path));
    return written;
}

void MainWindow::showMessage(const QString &message)
{
    statusBar()->showMessage(message, 8000);
}

void MainWindow::saveSession()
{
    QSettings settings;
    settings.setValue(QStringLiteral("window/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("window/state"), saveState());
    QStringList open;
    QString current;
    for (int i = 0; i < m_tabs->count(); ++i) {
        auto *tab = qobject_cast<DefinitionTab *>(m_tabs->widget(i));
        if (!tab)
            continue;
        const QString key = tab->property("space").toString() + QLatin1Char('/') +
                            QString::fromStdString(tab->document()->id());
        open << key;
        if (i == m_tabs->currentIndex())
            current = key;
    }
    settings.setValue(QStringLiteral("session/tabs"), open);
    settings.setValue(QStringLiteral("session/current"), current);
    settings.setValue(QStringLiteral("session/dataDir"), QString::fromStdString(m_core.dataDir()));
}

void MainWindow::restoreSession()
{
    QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("window/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("window/state")).toByteArray());
    // Tabs belong to a data directory: another one starts fresh.
    const bool sameData = settings.value(QStringLiteral("session/dataDir")).toString() ==
                          QString::fromStdString(m_core.dataDir());
    const QStringList open =
        sameData ? settings.value(QStringLiteral("session/tabs")).toStringList() : QStringList();
    const QString current = settings.value(QStringLiteral("session/current")).toString();
    DefinitionTab *focus = nullptr;
    for (const QString &key : open) {
        const qsizetype slash = key.indexOf(QLatin1Char('/'));
        if (slash <= 0)
            continue;
        DefinitionTab *tab = openDefinition(key.left(slash), key.mid(slash + 1));
        if (key == current)
            focus = tab;
    }
    if (m_tabs->count() == 0 && !sameData) {
        // First start on this data directory: the first definition of the default space.
        if (auto actor = m_core.localActor("default")) {
            core::DefinitionQuery query;
            query.page = {0, 1};
            if (auto list = m_core.definitions().list(*actor, query); list && !list->items.empty())
                focus = openDefinition(QStringLiteral("default"),
                                       QString::fromStdString(list->items.front().id));
        }
    }
    if (focus)
        m_tabs->setCurrentWidget(focus);
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Each source or editor tab with unsaved edits asks first; a Cancel keeps the window open.
    for (int i = m_tabs->count() - 1; i >= 0; --i) {
        auto *source = qobject_cast<SourceTab *>(m_tabs->widget(i));
        auto *editor = qobject_cast<EditorTab *>(m_tabs->widget(i));
        if (((source && source->isModified()) || (editor && editor->isModified())) &&
            !closeTab(i)) {
            event->ignore();
            return;
        }
    }
    saveSession();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange ||
        event->type() == QEvent::ApplicationPaletteChange) {
        // Follow the system's switch between light and dark.
        for (GraphScene *scene : findChildren<GraphScene *>())
            scene->refreshColors();
    }
    QMainWindow::changeEvent(event);
}

} // namespace pw::ui
