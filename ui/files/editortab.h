#pragma once

#include <QString>
#include <QWidget>

#include "core/events/changeevent.h"
#include "core/repository/gitrepo.h"

class QLabel;
class QPushButton;
class QsciScintilla;

namespace pw::ui {

class DefinitionDocument;
class FindBar;

// One draft file of a definition in a code editor: the lexer of its language, line numbers,
// folding, the caret line, brace matching, word and keyword completion, find and replace, go to
// line. Saving sends the sha the text was loaded with, so a file changed elsewhere is never
// overwritten unseen: a clean editor reloads it, a modified one asks (reload, keep mine, or
// compare the two side by side).
class EditorTab : public QWidget
{
    Q_OBJECT
public:
    EditorTab(DefinitionDocument *document, const QString &path, QWidget *parent = nullptr);

    DefinitionDocument *document() const { return m_document; }
    const QString &path() const { return m_path; }
    QString title() const;
    bool isLoaded() const { return m_loaded; }
    bool isModified() const;
    bool isBinary() const { return m_binary; }
    QsciScintilla *editor() const { return m_editor; }
    FindBar *findBar() const { return m_find; }
    QString text() const;
    void setText(const QString &text);
    // The sha the editor's text is based on (what a save sends as base_sha).
    const std::string &baseSha() const { return m_sha; }
    // Whether the file changed elsewhere while this editor has unsaved edits (the banner shows).
    bool hasConflict() const { return m_conflict; }

    // Saves through the draft overlay; false when refused (the reason is shown).
    bool save();
    // Replaces the text with the draft's current content.
    bool reload();
    // Keeps this text and saves it over the other change.
    bool keepMine();
    // Mine and theirs side by side, read-only.
    void compareSideBySide();
    void goToLine(int line, int column = 0);
    void askGoToLine();
    void openFind(bool replace);

Q_SIGNALS:
    void modifiedChanged(bool modified);
    void statusMessage(const QString &message);

private:
    void load();
    void onChange(const core::ChangeEvent &event);
    void showConflict(const QString &message);
    void hideConflict();
    void restyle();
    bool event(QEvent *event) override;

    DefinitionDocument *m_document;
    QString m_path;
    QString m_language;
    QsciScintilla *m_editor;
    FindBar *m_find;
    QWidget *m_banner;
    QLabel *m_bannerText;
    std::string m_sha;
    bool m_loaded = false;
    bool m_binary = false;
    bool m_conflict = false;
};

} // namespace pw::ui
