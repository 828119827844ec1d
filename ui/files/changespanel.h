#pragma once

#include <QPointer>
#include <QWidget>

#include "core/events/changeevent.h"

class QListWidget;
class QLabel;
class QPushButton;
class QsciScintilla;

namespace pw::ui {

class DefinitionDocument;

// The overlay against the repository: one row per changed file (and the spec file a commit
// writes), its unified diff, a reset per file, and "Commit to Branch…".
class ChangesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit ChangesPanel(QWidget *parent = nullptr);

    void setDocument(DefinitionDocument *document);
    void refresh();
    QListWidget *list() const { return m_list; }
    QsciScintilla *diffView() const { return m_diff; }
    // Commits the drafts as the dialog would; false when refused (the reason is shown).
    bool commit(const QString &branch, const QString &message);
    void askCommit();
    bool resetSelected();

Q_SIGNALS:
    void statusMessage(const QString &message);
    void openRequested(const QString &path);

private:
    void showSelected();

    QPointer<DefinitionDocument> m_document;
    QLabel *m_summary;
    QListWidget *m_list;
    QsciScintilla *m_diff;
    QPushButton *m_reset;
    QPushButton *m_commit;
    QString m_branch;
    QMetaObject::Connection m_subscription;
};

} // namespace pw::ui
