#include "navigatorpanel.h"

#include <QHeaderView>
#include <QInputDialog>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "ui/model/errortext.h"

namespace pw::ui {

NavigatorPanel::NavigatorPanel(core::Core &core, QWidget *parent)
    : QWidget(parent), m_core(core), m_filter(new QLineEdit(this)), m_tree(new QTreeWidget(this))
{
    m_filter->setPlaceholderText(tr("Filter definitions"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setHeaderHidden(true);
    m_tree->setContextMenuPolicy(Qt::CustomContextMenu);
    m_tree->setUniformRowHeights(true);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    connect(m_filter, &QLineEdit::textChanged, this, &NavigatorPanel::applyFilter);
    connect(m_tree, &QTreeWidget::customContextMenuRequested, this, &NavigatorPanel::showMenu);
    connect(m_tree, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        if (item->data(0, KindRole).toInt() == DefinitionKind)
            Q_EMIT openRequested(item->data(0, SlugRole).toString(),
                                 item->data(0, IdRole).toString());
    });
    m_reload.setSingleShot(true);
    m_reload.setInterval(150);
    connect(&m_reload, &QTimer::timeout, this, &NavigatorPanel::reload);
    connect(&m_core.notifier(), &core::ChangeNotifier::changed, this,
            [this](const core::ChangeEvent &event) {
                if (event.kind != core::ChangeEvent::Kind::Layout)
                    m_reload.start();
            });
    reload();
}

std::optional<core::Actor> NavigatorPanel::actorFor(const QString &slug) const
{
    auto actor = m_core.localActor(slug.toStdString());
    return actor ? std::optional<core::Actor>(*actor) : std::nullopt;
}

void NavigatorPanel::reload()
{
    QSet<QString> expanded;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it) {
        if ((*it)->isExpanded())
            expanded.insert((*it)->data(0, IdRole).toString());
    }
    const QString selected = current() ? current()->data(0, IdRole).toString() : QString();
    m_tree->clear();
    auto user = m_core.access().localUser();
    if (!user)
        return;
    auto spaces = m_core.access().spacesOf(user->id);
    if (!spaces)
        return;
    for (const core::Space &space : *spaces) {
        const QString slug = QString::fromStdString(space.slug);
        auto *spaceItem = new QTreeWidgetItem(m_tree, {QString::fromStdString(space.name)});
        spaceItem->setData(0, KindRole, SpaceKind);
        spaceItem->setData(0, IdRole, QString::fromStdString(space.id));
        spaceItem->setData(0, SlugRole, slug);
        spaceItem->setToolTip(0, tr("Space %1").arg(slug));
        QFont bold = spaceItem->font(0);
        bold.setBold(true);
        spaceItem->setFont(0, bold);
        const auto actor = actorFor(slug);
        if (!actor)
            continue;
        auto workspaces =
            m_core.workspaces().list(*actor, core::WorkspaceQuery{false, {}, {0, 10000}});
        if (!workspaces)
            continue;
        for (const core::WorkspaceView &w : workspaces->items) {
            auto *wsItem =
                new QTreeWidgetItem(spaceItem, {QString::fromStdString(w.workspace->name)});
            wsItem->setData(0, KindRole, WorkspaceKind);
            wsItem->setData(0, IdRole, QString::fromStdString(w.workspace->id));
            wsItem->setData(0, SlugRole, slug);
            wsItem->setToolTip(0, w.workspace->visibility == core::Visibility::Shared
                                      ? tr("Shared workspace")
                                      : tr("Private workspace"));
            core::DefinitionQuery query;
            query.workspaceId = w.workspace->id;
            query.page = {0, 10000};
            auto definitions = m_core.definitions().list(*actor, query);
            if (!definitions)
                continue;
            for (const core::DefinitionSummary &d : definitions->items) {
                auto *defItem = new QTreeWidgetItem(wsItem, {QString::fromStdString(d.meta.name)});
                defItem->setData(0, KindRole, DefinitionKind);
                defItem->setData(0, IdRole, QString::fromStdString(d.id));
                defItem->setData(0, SlugRole, slug);
                defItem->setToolTip(0, tr("%1 · version %2 · nodes: %n", nullptr, d.nodeCount)
                                           .arg(QString::fromStdString(d.meta.target))
                                           .arg(d.currentVersion));
                if (QString::fromStdString(d.id) == selected)
                    m_tree->setCurrentItem(defItem);
            }
            wsItem->setExpanded(expanded.isEmpty() ||
                                expanded.contains(wsItem->data(0, IdRole).toString()));
        }
        spaceItem->setExpanded(true);
    }
    applyFilter();
}

int NavigatorPanel::definitionCount() const
{
    int count = 0;
    for (QTreeWidgetItemIterator it(m_tree); *it; ++it)
        count += (*it)->data(0, KindRole).toInt() == DefinitionKind && !(*it)->isHidden();
    return count;
}

void NavigatorPanel::setFilter(const QString &text)
{
    m_filter->setText(text);
}

void NavigatorPanel::applyFilter()
{
    const QString needle = m_filter->text().trimmed();
    for (int s = 0; s < m_tree->topLevelItemCount(); ++s) {
        QTreeWidgetItem *space = m_tree->topLevelItem(s);
        for (int w = 0; w < space->childCount(); ++w) {
            QTreeWidgetItem *ws = space->child(w);
            int visible = 0;
            for (int d = 0; d < ws->childCount(); ++d) {
                const bool show =
                    needle.isEmpty() || ws->child(d)->text(0).contains(needle, Qt::CaseInsensitive);
                ws->child(d)->setHidden(!show);
                visible += show;
            }
            ws->setHidden(!needle.isEmpty() && visible == 0);
            if (!needle.isEmpty() && visible)
                ws->setExpanded(true);
        }
    }
}

QTreeWidgetItem *NavigatorPanel::current() const
{
    return m_tree->currentItem();
}

void NavigatorPanel::createWorkspace()
{
    QTreeWidgetItem *item = current();
    const QString slug = item ? item->data(0, SlugRole).toString() : QStringLiteral("default");
    const auto actor = actorFor(slug);
    if (!actor)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New workspace"), tr("Name:"), QLineEdit::Normal, {}, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    core::WorkspaceCreate input;
    input.name = name.toStdString();
    auto created = m_core.workspaces().create(*actor, input);
    if (!created)
        QMessageBox::warning(this, tr("New workspace"), errorText(created.error()));
}

void NavigatorPanel::createDefinition()
{
    QTreeWidgetItem *item = current();
    while (item && item->data(0, KindRole).toInt() == DefinitionKind)
        item = item->parent();
    if (!item || item->data(0, KindRole).toInt() != WorkspaceKind) {
        QMessageBox::information(this, tr("New definition"),
                                 tr("Select the workspace the definition belongs to."));
        return;
    }
    const QString slug = item->data(0, SlugRole).toString();
    const auto actor = actorFor(slug);
    if (!actor)
        return;
    bool ok = false;
    const QString name =
        QInputDialog::getText(this, tr("New definition"), tr("Name:"), QLineEdit::Normal, {}, &ok);
    if (!ok || name.trimmed().isEmpty())
        return;
    core::DefinitionCreate input;
    input.meta.name = name.toStdString();
    input.meta.workspaceId = item->data(0, IdRole).toString().toStdString();
    auto created = m_core.definitions().create(*actor, std::move(input));
    if (!created) {
        QMessageBox::warning(this, tr("New definition"), errorText(created.error()));
        return;
    }
    Q_EMIT openRequested(slug, QString::fromStdString(created->definition->id));
}

void NavigatorPanel::renameSelected()
{
    QTreeWidgetItem *item = current();
    if (!item || item->data(0, KindRole).toInt() == SpaceKind)
        return;
    const auto actor = actorFor(item->data(0, SlugRole).toString());
    if (!actor)
        return;
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Rename"), tr("New name:"),
                                               QLineEdit::Normal, item->text(0), &ok);
    if (!ok || name.trimmed().isEmpty() || name == item->text(0))
        return;
    const std::string id = item->data(0, IdRole).toString().toStdString();
    if (item->data(0, KindRole).toInt() == WorkspaceKind) {
        core::WorkspacePatch patch;
        patch.name = name.toStdString();
        if (auto r = m_core.workspaces().update(*actor, id, patch); !r)
            QMessageBox::warning(this, tr("Rename"), errorText(r.error()));
    } else {
        core::DefinitionPatch patch;
        patch.name = name.toStdString();
        if (auto r = m_core.definitions().update(*actor, id, patch); !r)
            QMessageBox::warning(this, tr("Rename"), errorText(r.error()));
    }
}

void NavigatorPanel::archiveSelected()
{
    QTreeWidgetItem *item = current();
    if (!item || item->data(0, KindRole).toInt() == SpaceKind)
        return;
    const auto actor = actorFor(item->data(0, SlugRole).toString());
    if (!actor)
        return;
    const bool workspace = item->data(0, KindRole).toInt() == WorkspaceKind;
    const auto answer = QMessageBox::question(
        this, tr("Archive"),
        workspace ? tr("Archive the workspace “%1”? Its definitions stay readable but can no "
                       "longer change.")
                        .arg(item->text(0))
                  : tr("Archive the definition “%1”? It stays readable but can no longer change.")
                        .arg(item->text(0)));
    if (answer != QMessageBox::Yes)
        return;
    const std::string id = item->data(0, IdRole).toString().toStdString();
    if (workspace) {
        if (auto r = m_core.workspaces().archive(*actor, id); !r)
            QMessageBox::warning(this, tr("Archive"), errorText(r.error()));
    } else if (auto r = m_core.definitions().archive(*actor, id); !r) {
        QMessageBox::warning(this, tr("Archive"), errorText(r.error()));
    }
}

void NavigatorPanel::showMenu(const QPoint &pos)
{
    QTreeWidgetItem *item = m_tree->itemAt(pos);
    if (item)
        m_tree->setCurrentItem(item);
    QMenu menu(this);
    const int kind = item ? item->data(0, KindRole).toInt() : 0;
    if (kind == DefinitionKind)
        menu.addAction(tr("Open"), this, [this, item] {
            Q_EMIT openRequested(item->data(0, SlugRole).toString(),
                                 item->data(0, IdRole).toString());
        });
    menu.addAction(tr("New workspace…"), this, &NavigatorPanel::createWorkspace);
    if (kind == WorkspaceKind || kind == DefinitionKind)
        menu.addAction(tr("New definition…"), this, &NavigatorPanel::createDefinition);
    if (kind == WorkspaceKind || kind == DefinitionKind) {
        menu.addSeparator();
        menu.addAction(tr("Rename…"), this, &NavigatorPanel::renameSelected);
        menu.addAction(tr("Archive…"), this, &NavigatorPanel::archiveSelected);
    }
    menu.addSeparator();
    menu.addAction(tr("Refresh"), this, &NavigatorPanel::reload);
    menu.exec(m_tree->viewport()->mapToGlobal(pos));
}

} // namespace pw::ui
