#pragma once

#include <QWidget>

#include "core/definition/definitionservice.h"

class QTreeWidget;
class QPushButton;

namespace pw::ui {

class DefinitionDocument;

// The versions of the open definition (number, author, time, summary): compare a version with
// the current one, compare any two, restore one after confirmation.
class VersionsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit VersionsPanel(QWidget *parent = nullptr);
    void setDocument(DefinitionDocument *document);
    void reload();
    int rowCount() const;
    // The summary a row shows (row 0 is the newest version).
    QString summaryAt(int row) const;
    // Selects rows by version number (tests and the palette use it).
    void selectNumbers(const QList<int> &numbers);

Q_SIGNALS:
    void compareRequested(const QString &fromVersionId,
                          const QString &toVersionId); // to empty: current
    void statusMessage(const QString &message);

private:
    void updateButtons();
    void compare();
    void restore();
    QList<core::VersionInfo> selected() const;

    DefinitionDocument *m_document = nullptr;
    QTreeWidget *m_list;
    QPushButton *m_compare;
    QPushButton *m_restore;
    QList<core::VersionInfo> m_versions;
    int m_shownVersion = -1;
};

} // namespace pw::ui
