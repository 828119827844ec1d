#pragma once

#include <QTimer>
#include <QWidget>

#include "core/access/access.h"

class QTreeWidget;
class QTreeWidgetItem;
class QLineEdit;

namespace pw::core {
class Core;
struct ChangeEvent;
} // namespace pw::core

namespace pw::ui {

// Spaces → workspaces → definitions the local user can see, with a filter box and create,
// rename and archive. Reloads (coalesced) on core change events.
class NavigatorPanel : public QWidget
{
    Q_OBJECT
public:
    NavigatorPanel(core::Core &core, QWidget *parent = nullptr);

    void reload();
    void setFilter(const QString &text);
    int definitionCount() const;
    // For the window's actions on the current selection.
    void createWorkspace();
    void createDefinition();
    void renameSelected();
    void archiveSelected();

Q_SIGNALS:
    void openRequested(const QString &spaceSlug, const QString &definitionId);
    void statusMessage(const QString &message);

private:
    enum Role
    {
        KindRole = Qt::UserRole + 1,
        IdRole,
        SlugRole
    };
    enum Kind
    {
        SpaceKind = 1,
        WorkspaceKind,
        DefinitionKind
    };
    void applyFilter();
    void showMenu(const QPoint &pos);
    QTreeWidgetItem *current() const;
    std::optional<core::Actor> actorFor(const QString &slug) const;

    core::Core &m_core;
    QLineEdit *m_filter;
    QTreeWidget *m_tree;
    QTimer m_reload;
};

} // namespace pw::ui
