#include <QDialog>
#include <QDockWidget>
#include <QLineEdit>
#include <QListWidget>
#include <QSettings>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeView>
#include <QTreeWidget>
#include <QUrl>

#include <Qsci/qsciabstractapis.h>
#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include "app/window/embeddedservercontrol.h"
#include "support/fixtures.h"
#include "ui/canvas/definitiontab.h"
#include "ui/files/changespanel.h"
#include "ui/files/editortab.h"
#include "ui/files/filetreepanel.h"
#include "ui/files/findbar.h"
#include "ui/files/searchpanel.h"
#include "ui/model/definitiondocument.h"
#include "ui/window/mainwindow.h"

using namespace pw;
using pw::test::Fixture;

// The file tree, the code editor, the Changes and Search panels in a real window (offscreen),
// over a real git repository and the real API server.
class tst_FileEditor : public QObject
{
    Q_OBJECT

    QTemporaryDir m_settings;
    std::unique_ptr<Fixture> f;
    std::unique_ptr<app::EmbeddedServerControl> server;
    std::unique_ptr<ui::MainWindow> window;
    std::string def;

    core::Actor me() { return f->local(); }
    std::string draft(const std::string &path)
    {
        auto file = f->core().repositories().read(me(), def, path);
        return file ? file->content : std::string("<missing>");
    }

private slots:
    void initTestCase()
    {
        QSettings::setPath(QSettings::NativeFormat, QSettings::UserScope, m_settings.path());
        QCoreApplication::setOrganizationName(QStringLiteral("PipewrightTest"));
        QCoreApplication::setApplicationName(QStringLiteral("pipewright-files"));
    }

    void init()
    {
        QSettings().clear();
        QSettings().setValue(QStringLiteral("server/port"), 0);
        f = std::make_unique<Fixture>();
        def = f->demoDefinitionId();
        server = std::make_unique<app::EmbeddedServerControl>(f->core());
        window = std::make_unique<ui::MainWindow>(f->core(), server.get());
        window->applyServerSettings(true, 0);
        window->restoreSession();
        window->resize(1400, 900);
        window->show();
        QVERIFY(QTest::qWaitForWindowExposed(window.get()));
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Cancel; });
    }

    void cleanup()
    {
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Discard; });
        window->close();
        window.reset();
        server.reset();
        f.reset();
    }

    void fileTreeShowsTheDraftWithMarks()
    {
        ui::FileTreePanel *tree = window->fileTree();
        QVERIFY(tree->itemFor(QStringLiteral("pipelines/customer_renewals/cleaning.py")));
        QVERIFY(tree->markOf(QStringLiteral("README.md")).isEmpty());
        QVERIFY(
            f->core().repositories().save(me(), def, {"README.md", "# changed\n", std::nullopt}));
        QVERIFY(f->core().repositories().save(me(), def, {"docs/new.md", "new\n", std::nullopt}));
        QVERIFY(f->core().repositories().remove(me(), def, "scripts/refresh_dashboard.sh",
                                                std::nullopt));
        QTRY_COMPARE(tree->markOf(QStringLiteral("README.md")), QStringLiteral("M"));
        QCOMPARE(tree->markOf(QStringLiteral("docs/new.md")), QStringLiteral("A"));
        QCOMPARE(tree->markOf(QStringLiteral("scripts/refresh_dashboard.sh")), QStringLiteral("D"));
        // The filter keeps matching files and their folders.
        tree->setFilter(QStringLiteral("quality"));
        QCOMPARE(tree->view()->model()->rowCount(), 1);
        tree->setFilter(QString());
        // Moves (as a drop does): a folder with its files, into another folder.
        QVERIFY(tree->movePaths({QStringLiteral("sql")}, QStringLiteral("queries")));
        QTRY_VERIFY(tree->itemFor(QStringLiteral("queries/sql/extract_customer_renewals.sql")));
        QCOMPARE(tree->markOf(QStringLiteral("sql/extract_customer_renewals.sql")),
                 QStringLiteral("D"));
        QVERIFY(tree->resetPath(QStringLiteral("scripts/refresh_dashboard.sh")));
        QTRY_VERIFY(tree->markOf(QStringLiteral("scripts/refresh_dashboard.sh")).isEmpty());
        QVERIFY(tree->createFolder(QStringLiteral("empty")));
        QTRY_VERIFY(tree->itemFor(QStringLiteral("empty/.gitkeep")));
    }

    void openEditAndSave()
    {
        ui::EditorTab *tab =
            window->openFile(QStringLiteral("pipelines/customer_renewals/quality.py"));
        QVERIFY(tab);
        QCOMPARE(window->tabs()->currentWidget(), tab);
        QVERIFY(tab->editor()->lexer());
        QCOMPARE(QString::fromLatin1(tab->editor()->lexer()->language()), QStringLiteral("Python"));
        QVERIFY(tab->text().contains(QStringLiteral("def validate(")));
        // Keyword completion, ready at once (no background preparation to outlive the tab).
        QsciAbstractAPIs *apis = tab->editor()->lexer()->apis();
        QVERIFY(apis);
        QStringList offered;
        apis->updateAutoCompletionList({QStringLiteral("lamb")}, offered);
        QVERIFY(offered.contains(QStringLiteral("lambda")));
        tab->editor()->append(QStringLiteral("\n# reviewed\n"));
        QVERIFY(tab->isModified());
        QVERIFY(
            window->tabs()->tabText(window->tabs()->indexOf(tab)).endsWith(QStringLiteral(" *")));
        window->action(QStringLiteral("saveFile"))->trigger();
        QVERIFY(!tab->isModified());
        QVERIFY(
            !window->tabs()->tabText(window->tabs()->indexOf(tab)).endsWith(QStringLiteral(" *")));
        QVERIFY(draft("pipelines/customer_renewals/quality.py").ends_with("\n# reviewed\n"));
        QCOMPARE(tab->baseSha(), core::blobId(draft("pipelines/customer_renewals/quality.py")));
        // Opening again focuses the same tab.
        const int tabs = window->tabs()->count();
        QCOMPARE(window->openFile(QStringLiteral("pipelines/customer_renewals/quality.py")), tab);
        QCOMPARE(window->tabs()->count(), tabs);
        // Go to line and the languages of other files.
        tab->goToLine(5);
        int line = 0, index = 0;
        tab->editor()->getCursorPosition(&line, &index);
        QCOMPARE(line, 4);
        for (auto [path, language] :
             {std::pair{"sql/extract_customer_renewals.sql", "SQL"},
              std::pair{"README.md", "Markdown"}, std::pair{"scripts/refresh_dashboard.sh", "Bash"},
              std::pair{"pipelines/customer_renewal_load.yaml", "YAML"}}) {
            ui::EditorTab *other = window->openFile(QString::fromLatin1(path));
            QVERIFY(other && other->editor()->lexer());
            QCOMPARE(QString::fromLatin1(other->editor()->lexer()->language()),
                     QString::fromLatin1(language));
        }
    }

    void apiEditReachesACleanTab()
    {
        ui::EditorTab *tab = window->openFile(QStringLiteral("README.md"));
        QVERIFY(tab);
        const QUrl url(window->serverStatus().section(QLatin1Char(' '), 1));
        test::HttpClient http(static_cast<uint16_t>(url.port()),
                              f->token(core::Role::Admin, "api"));
        const auto r = http.put(Fixture::base() + "/definitions/" + def + "/files",
                                {{"path", "README.md"}, {"content", "# From the API\n"}});
        QCOMPARE(r.status, 200);
        QTRY_COMPARE(tab->text(), QStringLiteral("# From the API\n"));
        QVERIFY(!tab->isModified());
        QVERIFY(!tab->hasConflict());
    }

    void aFileChangedElsewhereAsksWhenModified()
    {
        ui::EditorTab *tab = window->openFile(QStringLiteral("README.md"));
        QVERIFY(tab);
        tab->setText(QStringLiteral("mine\n"));
        QVERIFY(tab->isModified());
        QVERIFY(f->core().repositories().save(me(), def, {"README.md", "theirs\n", std::nullopt}));
        QTRY_VERIFY(tab->hasConflict());
        QCOMPARE(tab->text(), QStringLiteral("mine\n")); // never replaced unasked
        // Saving with the old base is refused and keeps the banner.
        QVERIFY(!tab->save());
        QCOMPARE(draft("README.md"), std::string("theirs\n"));
        // Compare side by side: both texts in a dialog.
        tab->compareSideBySide();
        auto *dialog = tab->findChild<QDialog *>(QStringLiteral("compareDialog"));
        QVERIFY(dialog);
        QCOMPARE(dialog->findChild<QsciScintilla *>(QStringLiteral("compareMine"))->text(),
                 QStringLiteral("mine\n"));
        QCOMPARE(dialog->findChild<QsciScintilla *>(QStringLiteral("compareTheirs"))->text(),
                 QStringLiteral("theirs\n"));
        dialog->close();
        // Keep mine: saved over theirs, deliberately.
        QVERIFY(tab->keepMine());
        QCOMPARE(draft("README.md"), std::string("mine\n"));
        QVERIFY(!tab->hasConflict());
        // And reload takes theirs.
        tab->setText(QStringLiteral("edited again\n"));
        QVERIFY(f->core().repositories().save(me(), def,
                                              {"README.md", "theirs again\n", std::nullopt}));
        QTRY_VERIFY(tab->hasConflict());
        QVERIFY(tab->reload());
        QCOMPARE(tab->text(), QStringLiteral("theirs again\n"));
        QVERIFY(!tab->isModified());
    }

    void closingAModifiedTabAsks()
    {
        ui::EditorTab *tab = window->openFile(QStringLiteral("README.md"));
        tab->setText(QStringLiteral("unsaved\n"));
        const int index = window->tabs()->indexOf(tab);
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Cancel; });
        QVERIFY(!window->closeTab(index));
        QCOMPARE(window->tabs()->indexOf(tab), index);
        window->setUnsavedPrompt(
            [](const QString &) { return ui::MainWindow::UnsavedChoice::Apply; });
        QVERIFY(window->closeTab(index));
        QCOMPARE(draft("README.md"), std::string("unsaved\n"));
    }

    void findAndReplace()
    {
        ui::EditorTab *tab =
            window->openFile(QStringLiteral("pipelines/customer_renewals/joining.py"));
        QVERIFY(tab);
        window->action(QStringLiteral("replace"))->trigger();
        QVERIFY(tab->findBar()->isVisible());
        tab->findBar()->findField()->setText(QStringLiteral("renewal\\b"));
        tab->findBar()->replaceField()->setText(QStringLiteral("contract"));
        tab->findBar()->setOptions(true, false, true);
        const int replaced = tab->findBar()->replaceAll();
        QVERIFY(replaced >= 2);
        QVERIFY(tab->text().contains(QStringLiteral("for contract in renewals")));
        // "renewals" is not a whole "renewal".
        QVERIFY(tab->text().contains(QStringLiteral("task_output(\"extract_customer_renewals\"")));
        tab->editor()->undo(); // one undo step for all of them
        QVERIFY(tab->text().contains(QStringLiteral("for renewal in renewals")));
        QVERIFY(!tab->isModified());
        // Whole word: "ds" alone, not inside "ds_nodash" or "ids".
        tab->findBar()->setOptions(false, true, true);
        tab->findBar()->findField()->setText(QStringLiteral("ds"));
        tab->editor()->setCursorPosition(0, 0);
        QVERIFY(tab->findBar()->findNext(true));
        QCOMPARE(tab->editor()->selectedText(), QStringLiteral("ds"));
    }

    void openCodeOfANode()
    {
        ui::DefinitionTab *canvas = window->currentCanvas();
        QVERIFY(canvas);
        canvas->selectNode(QStringLiteral("clean_accounts"));
        ui::EditorTab *tab = window->openCodeOfSelectedNode();
        QVERIFY(tab);
        QCOMPARE(tab->path(), QStringLiteral("pipelines/customer_renewals/cleaning.py"));
        int line = 0, index = 0;
        tab->editor()->getCursorPosition(&line, &index);
        QVERIFY(tab->editor()->text(line).startsWith(QStringLiteral("def clean_accounts(")));
        // An sql node whose query is a file opens that file.
        window->tabs()->setCurrentWidget(canvas);
        canvas->selectNode(QStringLiteral("extract_customer_renewals"));
        tab = window->openCodeOfSelectedNode();
        QVERIFY(tab);
        QCOMPARE(tab->path(), QStringLiteral("sql/extract_customer_renewals.sql"));
        // A node without code says so and opens nothing.
        window->tabs()->setCurrentWidget(canvas);
        canvas->selectNode(QStringLiteral("notify_team"));
        const int tabs = window->tabs()->count();
        QVERIFY(!window->openCodeOfSelectedNode());
        QCOMPARE(window->tabs()->count(), tabs);
    }

    void changesPanelDiffsResetsAndCommits()
    {
        ui::ChangesPanel *changes = window->changes();
        QVERIFY(
            f->core().repositories().save(me(), def, {"README.md", "# committed\n", std::nullopt}));
        QVERIFY(f->core().repositories().save(me(), def, {"notes.txt", "note\n", std::nullopt}));
        QTRY_COMPARE(changes->list()->count(), 2);
        changes->list()->setCurrentRow(0);
        QVERIFY(changes->diffView()->text().contains(QStringLiteral("+# committed")));
        QCOMPARE(QString::fromLatin1(changes->diffView()->lexer()->language()),
                 QStringLiteral("Diff"));
        changes->list()->setCurrentRow(1);
        QVERIFY(changes->resetSelected());
        QTRY_COMPARE(changes->list()->count(), 1);
        QVERIFY(
            changes->commit(QStringLiteral("review/readme"), QStringLiteral("From the window")));
        QTRY_COMPARE(changes->list()->count(), 0);
        auto branches = f->core().repositories().branches(me(), f->demoRepositoryId(), false);
        QVERIFY(std::any_of(branches->begin(), branches->end(),
                            [](const auto &b) { return b.name == "review/readme"; }));
    }

    void changesPanelSaysWhenADiffIsCut()
    {
        ui::ChangesPanel *changes = window->changes();
        std::string big;
        while (big.size() < 3 * 1024 * 1024)
            big += "a generated line of text\n";
        QVERIFY(f->core().repositories().save(me(), def, {"big.txt", big, std::nullopt}));
        QTRY_COMPARE(changes->list()->count(), 1);
        changes->list()->setCurrentRow(0);
        const QString shown = changes->diffView()->text();
        QVERIFY(shown.startsWith(QStringLiteral("--- /dev/null")));
        QVERIFY(shown.endsWith(QStringLiteral("(The diff is too large to show in full here.)")));
    }

    void searchInFilesOpensTheLine()
    {
        window->action(QStringLiteral("searchInFiles"))->trigger();
        ui::SearchPanel *search = window->searchPanel();
        search->search(QStringLiteral("MAX_MISSING_OWNER_SHARE"));
        QTRY_VERIFY(!search->searching());
        QVERIFY(search->resultCount() >= 2);
        QTreeWidgetItem *file = search->results()->topLevelItem(0);
        QCOMPARE(file->text(0), QStringLiteral("pipelines/customer_renewals/quality.py"));
        QTreeWidgetItem *hit = file->child(1);
        Q_EMIT search->results()->itemActivated(hit, 0);
        ui::EditorTab *tab = window->currentEditor();
        QVERIFY(tab);
        int line = 0, index = 0;
        tab->editor()->getCursorPosition(&line, &index);
        QVERIFY(tab->editor()->text(line).contains(QStringLiteral("MAX_MISSING_OWNER_SHARE")));
    }
};

QTEST_MAIN(tst_FileEditor)
#include "tst_fileeditor.moc"
