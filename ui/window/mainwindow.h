#pragma once

#include <QHash>
#include <QMainWindow>

#include "actionregistry.h"
#include "localrunspage.h"
#include <QPointer>

class QTabWidget;
class QLabel;
class QUndoGroup;
class QToolButton;

namespace pw::core {
class Core;
}

namespace pw::ui {

class CatalogPanel;
class ChangesPanel;
class CompareTab;
class EditorTab;
class FileTreePanel;
class SearchPanel;
class DefinitionDocument;
class DefinitionTab;
class NavigatorPanel;
class ProblemsPanel;
class PropertiesPanel;
class DeploymentPanel;
class ServerControl;
class SourceTab;
class GeneratedCodeTab;
class VersionsPanel;
class RunsPanel;
class PublishDialog;

// How a window command is enabled, and whether its shortcut acts only on a focused canvas
// (editing keys: a focused editor keeps Ctrl+C and Delete).
struct CommandOptions
{
    ActionRegistry::Context enabled = ActionRegistry::Context::Always;
    bool canvasShortcut = false;
};

// The IDE window: navigator, catalog, properties, problems and versions docks around one tab per
// open definition (canvas), source and compare tabs; menus and shortcuts for every action and a
// command palette listing them; the embedded API server's status. Open tabs and the dock layout
// come back on the next start.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    MainWindow(core::Core &core, ServerControl *server, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Opens the saved tabs and layout; on a first start, the first definition of the default
    // space (the demo).
    void restoreSession();
    void saveSession();

    DefinitionTab *openDefinition(const QString &spaceSlug, const QString &definitionId);
    SourceTab *openSource();
    // The code the current definition compiles to, in a read-only tab (one per definition).
    GeneratedCodeTab *openGeneratedCode();
    // The Publish dialog of the current definition (window-modal; deleted when closed).
    PublishDialog *openPublish();
    CompareTab *openCompare(const QString &fromVersionId, const QString &toVersionId);
    // A draft file of the current definition in an editor tab (one per file), at `line` when
    // given (1-based).
    EditorTab *openFile(const QString &path, int line = 0, int column = 0);
    // The selected node's code file (module at its callable, query file) in an editor.
    EditorTab *openCodeOfSelectedNode();
    EditorTab *currentEditor() const;
    RunsPanel *runsPanel() const { return m_runsPanel; }
    FileTreePanel *fileTree() const { return m_fileTree; }
    ChangesPanel *changes() const { return m_changes; }
    SearchPanel *searchPanel() const { return m_search; }
    DefinitionTab *currentCanvas() const;
    CompareTab *currentCompare() const;
    QTabWidget *tabs() const { return m_tabs; }
    QAction *action(const QString &name) const;
    QList<QAction *> commands() const { return m_commands; }
    PropertiesPanel *properties() const { return m_properties; }
    DeploymentPanel *deployment() const { return m_deployment; }
    ProblemsPanel *problems() const { return m_problems; }
    VersionsPanel *versions() const { return m_versions; }
    NavigatorPanel *navigator() const { return m_navigator; }
    QString serverStatus() const;
    // Documents held for open tabs (each released with its last tab).
    int openDocumentCount() const;
    // What to do with a source tab's unapplied edits (or an editor's unsaved ones: Apply saves)
    // when it would close. The default asks the user; tests answer for them.
    enum class UnsavedChoice
    {
        Apply,
        Discard,
        Cancel
    };
    void setUnsavedPrompt(std::function<UnsavedChoice(const QString &tabTitle)> prompt);
    // Closes tab `index` unless the user keeps its unapplied edits; true when it closed.
    bool closeTab(int index);
    void showCommandPalette();
    // Where the export dialog starts: the folder of the last export (else Pictures), the
    // definition's name.
    QString suggestedExportPath(bool svg) const;
    // Writes the current canvas as an image (PNG or SVG by the name) and remembers the folder.
    bool exportTo(const QString &path);

    // Starts (or stops) the API server as the settings say; port 0 keeps the saved one.
    void applyServerSettings(bool enabled, quint16 port);
    // Local runs as the Settings dialog shows them: the saved "allow runs without a sandbox",
    // the desktop (default) space's run settings from core, whether bubblewrap works.
    LocalRunOptions localRunOptions() const;
    // Saves and applies them: the permission (through core, audited; the setting is kept for
    // the next start) and the desktop space's run settings (core checks and audits them).
    // False, with a message in the status bar, when core refuses them.
    bool applyRunOptions(const LocalRunOptions &options);
    // At start: the saved permission to run without a sandbox, applied (and audited) when on.
    void applySavedRunPermission();

    // Copy token: puts this window session's API token on the clipboard, made on first use
    // (named "window session <date time>", valid 30 days) and kept while it works; closing the
    // window leaves it (a tool may still use it; Settings → API tokens revokes it).
    void copyToken();
    const std::string &sessionTokenId() const { return m_sessionTokenId; }
    // The Settings page listing the local user's tokens (for the Settings dialog).
    QWidget *makeApiTokensPage(QWidget *parent);

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    QAction *addCommand(QMenu *menu, const QString &name, const QString &text,
                        const QKeySequence &shortcut, std::function<void()> run,
                        CommandOptions options = {});
    void buildMenus();
    void buildDocks();
    DefinitionDocument *documentFor(const QString &spaceSlug, const QString &id);
    DefinitionDocument *currentDocument() const;
    // Settings → Known hosts for the space in front.
    QWidget *makeKnownHostsPage(QWidget *parent);
    static DefinitionDocument *documentOf(QWidget *page);
    void releaseIfUnused(DefinitionDocument *doc);
    void onCurrentTabChanged();
    void updateActions();
    void updateServerStatus();
    void exportImage(bool svg);
    void showMessage(const QString &message);

    core::Core &m_core;
    ServerControl *m_server;
    QTabWidget *m_tabs;
    NavigatorPanel *m_navigator = nullptr;
    CatalogPanel *m_catalog = nullptr;
    PropertiesPanel *m_properties = nullptr;
    DeploymentPanel *m_deployment = nullptr;
    ProblemsPanel *m_problems = nullptr;
    VersionsPanel *m_versions = nullptr;
    RunsPanel *m_runsPanel = nullptr;
    FileTreePanel *m_fileTree = nullptr;
    ChangesPanel *m_changes = nullptr;
    SearchPanel *m_search = nullptr;
    QUndoGroup *m_undoGroup;
    QLabel *m_serverLabel;
    QToolButton *m_tokenButton;
    QLabel *m_versionLabel;
    QHash<QString, QPointer<DefinitionDocument>> m_documents; // "slug/id"
    ActionRegistry m_actions;
    QAction *m_minimapAction = nullptr;
    std::function<UnsavedChoice(const QString &)> m_unsavedPrompt;
    std::string m_sessionTokenId;
    QString m_sessionToken; // the secret, only in memory
    QList<QAction *> m_commands;
    QList<QAction *> m_canvasActions;
};

} // namespace pw::ui
