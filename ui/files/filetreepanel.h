#pragma once

#include <QPointer>
#include <QStandardItemModel>
#include <QWidget>

#include "core/events/changeevent.h"

class QLineEdit;
class QLabel;
class QSortFilterProxyModel;
class QTreeView;

namespace pw::ui {

class DefinitionDocument;

// The draft tree of the current definition: the repository's base branch with the overlay, each
// file marked modified (M), added (A) or deleted (D). A filter box, a context menu (new file,
// new folder, rename, delete, reset to the repository, copy path), moves by drag and drop, and
// a double-click to open. Refreshes on every file change event of its definition, so edits made
// through the API show at once.
class FileTreePanel : public QWidget
{
    Q_OBJECT
public:
    explicit FileTreePanel(QWidget *parent = nullptr);

    void setDocument(DefinitionDocument *document);
    DefinitionDocument *document() const { return m_document; }
    void refresh();
    void setFilter(const QString &text);
    // The row of a path in the (unfiltered) model, or nullptr.
    QStandardItem *itemFor(const QString &path) const;
    // The status letter shown for a path ("", "M", "A" or "D").
    QString markOf(const QString &path) const;
    QTreeView *view() const { return m_view; }
    QStandardItemModel *model() const { return m_model; }

    // The window's operations, public so the menu, tests and drag and drop share them.
    bool createFile(const QString &path);
    bool createFolder(const QString &path);
    bool renamePath(const QString &from, const QString &to);
    bool movePaths(const QStringList &from, const QString &targetFolder);
    bool deletePath(const QString &path);
    bool resetPath(const QString &path);

    static constexpr int PathRole = Qt::UserRole + 1;
    static constexpr int FolderRole = Qt::UserRole + 2;
    static constexpr int StatusRole = Qt::UserRole + 3;
    static constexpr int SortRole = Qt::UserRole + 4;

Q_SIGNALS:
    void openRequested(const QString &path);
    void statusMessage(const QString &message);

private:
    void showMenu(const QPoint &at);
    QStringList filesUnder(const QString &path) const;
    bool report(bool ok, const std::string &message);

    QPointer<DefinitionDocument> m_document;
    QLineEdit *m_filter;
    QLabel *m_summary;
    QTreeView *m_view;
    QStandardItemModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QHash<QString, QStandardItem *> m_items; // path -> row (files and folders)
    QMetaObject::Connection m_subscription;
};

} // namespace pw::ui
