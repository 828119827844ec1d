#include "filetreepanel.h"

#include <QApplication>
#include <QClipboard>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QMimeData>
#include <QSortFilterProxyModel>
#include <QTreeView>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "draftevents.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

constexpr const char *kMime = "application/x-pipewright-paths";

// Drag and drop of files and folders: the dragged paths travel as text; a drop asks the panel
// to move them into the folder dropped on.
class TreeModel : public QStandardItemModel
{
public:
    explicit TreeModel(FileTreePanel *panel) : QStandardItemModel(panel), m_panel(panel) {}

    QStringList mimeTypes() const override { return {QString::fromLatin1(kMime)}; }
    Qt::DropActions supportedDropActions() const override { return Qt::MoveAction; }
    QMimeData *mimeData(const QModelIndexList &indexes) const override
    {
        QStringList paths;
        for (const QModelIndex &index : indexes) {
            if (index.column() == 0)
                paths << index.data(FileTreePanel::PathRole).toString();
        }
        auto *data = new QMimeData;
        data->setData(QString::fromLatin1(kMime), paths.join(QLatin1Char('\n')).toUtf8());
        return data;
    }
    bool dropMimeData(const QMimeData *data, Qt::DropAction, int, int,
                      const QModelIndex &parent) override
    {
        const QStringList paths = QString::fromUtf8(data->data(QString::fromLatin1(kMime)))
                                      .split(QLatin1Char('\n'), Qt::SkipEmptyParts);
        QModelIndex target = parent;
        if (target.isValid() && !target.data(FileTreePanel::FolderRole).toBool())
            target = target.parent(); // dropped on a file: into its folder
        const QString folder =
            target.isValid() ? target.data(FileTreePanel::PathRole).toString() : QString();
        m_panel->movePaths(paths, folder);
        return false; // the tree is rebuilt from the draft after the move
    }

private:
    FileTreePanel *m_panel;
};

QString parentOf(const QString &path)
{
    const qsizetype slash = path.lastIndexOf(QLatin1Char('/'));
    return slash < 0 ? QString() : path.left(slash);
}

QString nameOf(const QString &path)
{
    return path.mid(path.lastIndexOf(QLatin1Char('/')) + 1);
}

} // namespace

FileTreePanel::FileTreePanel(QWidget *parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_summary(new QLabel(this)),
      m_view(new QTreeView(this)), m_model(new TreeModel(this)),
      m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("fileTree"));
    m_filter->setObjectName(QStringLiteral("fileFilter"));
    m_filter->setPlaceholderText(tr("Filter files"));
    m_filter->setClearButtonEnabled(true);
    m_model->setSortRole(SortRole); // folders first, then files, each by name
    m_proxy->setSourceModel(m_model);
    m_proxy->setRecursiveFilteringEnabled(true);
    m_proxy->setFilterCaseSensitivity(Qt::CaseInsensitive);
    m_proxy->setFilterRole(PathRole);
    m_view->setModel(m_proxy);
    m_view->setHeaderHidden(true);
    m_view->setUniformRowHeights(true);
    m_view->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_view->setDragDropMode(QAbstractItemView::DragDrop);
    m_view->setDefaultDropAction(Qt::MoveAction);
    m_view->setDragEnabled(true);
    m_view->setAcceptDrops(true);
    m_view->setDropIndicatorShown(true);
    m_view->setContextMenuPolicy(Qt::CustomContextMenu);
    m_view->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_summary->setObjectName(QStringLiteral("fileSummary"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(2);
    layout->addWidget(m_filter);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_summary);
    connect(m_filter, &QLineEdit::textChanged, this, &FileTreePanel::setFilter);
    connect(m_view, &QTreeView::doubleClicked, this, [this](const QModelIndex &index) {
        if (!index.data(FolderRole).toBool() &&
            index.data(StatusRole).toString() != QLatin1String("deleted"))
            Q_EMIT openRequested(index.data(PathRole).toString());
    });
    connect(m_view, &QTreeView::customContextMenuRequested, this, &FileTreePanel::showMenu);
}

void FileTreePanel::setDocument(DefinitionDocument *document)
{
    if (document == m_document)
        return;
    disconnect(m_subscription);
    m_document = document;
    m_subscription = followDraft(this, document, &FileTreePanel::refresh);
    refresh();
}

void FileTreePanel::refresh()
{
    // Keep what the user had open.
    QSet<QString> expanded;
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        if (it.value()->data(FolderRole).toBool() &&
            m_view->isExpanded(m_proxy->mapFromSource(it.value()->index())))
            expanded.insert(it.key());
    }
    const bool first = m_items.isEmpty();
    m_model->clear();
    m_items.clear();
    if (!m_document) {
        m_summary->clear();
        return;
    }
    auto tree = m_document->core().repositories().tree(m_document->actor(), m_document->id());
    if (!tree) {
        m_summary->setText(errorText(tree.error()));
        return;
    }
    const CanvasColors colors = canvasColors(palette());
    const QIcon folderIcon = style()->standardIcon(QStyle::SP_DirIcon);
    const QIcon fileIcon = style()->standardIcon(QStyle::SP_FileIcon);
    int modified = 0, added = 0, deleted = 0;
    auto folderItem = [&](const QString &path, auto &self) -> QStandardItem * {
        if (path.isEmpty())
            return m_model->invisibleRootItem();
        if (QStandardItem *existing = m_items.value(path))
            return existing;
        QStandardItem *parent = self(parentOf(path), self);
        auto *item = new QStandardItem(folderIcon, nameOf(path));
        item->setData(path, PathRole);
        item->setData(true, FolderRole);
        item->setData(QString(QStringLiteral("0") + nameOf(path).toLower()), SortRole);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled |
                       Qt::ItemIsDropEnabled);
        parent->appendRow(item);
        m_items.insert(path, item);
        return item;
    };
    for (const core::DraftEntry &entry : tree->entries) {
        const QString path = QString::fromStdString(entry.path);
        QStandardItem *parent = folderItem(parentOf(path), folderItem);
        auto *item = new QStandardItem(fileIcon, nameOf(path));
        item->setData(path, PathRole);
        item->setData(false, FolderRole);
        item->setData(QString(QStringLiteral("1") + nameOf(path).toLower()), SortRole);
        const QString status =
            QString::fromStdString(std::string(core::fileStatusName(entry.status)));
        item->setData(status, StatusRole);
        item->setFlags(Qt::ItemIsEnabled | Qt::ItemIsSelectable | Qt::ItemIsDragEnabled);
        QString tip = path;
        switch (entry.status) {
        case core::FileStatus::Modified:
            ++modified;
            item->setText(nameOf(path) + QStringLiteral("  M"));
            item->setForeground(colors.changed);
            tip += QLatin1Char('\n') + tr("Modified in the draft");
            break;
        case core::FileStatus::Added:
            ++added;
            item->setText(nameOf(path) + QStringLiteral("  A"));
            item->setForeground(colors.added);
            tip += QLatin1Char('\n') + tr("Added in the draft");
            break;
        case core::FileStatus::Deleted: {
            ++deleted;
            item->setText(nameOf(path) + QStringLiteral("  D"));
            item->setForeground(colors.removed);
            QFont font = item->font();
            font.setStrikeOut(true);
            item->setFont(font);
            tip += QLatin1Char('\n') + tr("Deleted in the draft");
            break;
        }
        case core::FileStatus::Unchanged:
            break;
        }
        if (entry.mode == core::TreeFile::Mode::Link)
            tip += QLatin1Char('\n') + tr("Symbolic link (shown, never followed)");
        item->setToolTip(tip);
        parent->appendRow(item);
        m_items.insert(path, item);
    }
    m_model->sort(0);
    for (const QString &path : expanded) {
        if (QStandardItem *item = m_items.value(path))
            m_view->setExpanded(m_proxy->mapFromSource(item->index()), true);
    }
    if (first)
        m_view->expandToDepth(0);
    m_summary->setText(modified + added + deleted == 0
                           ? tr("%1 on %2, no draft changes")
                                 .arg(QString::fromStdString(tree->branch),
                                      QString::fromStdString(tree->head.value_or("—").substr(0, 8)))
                           : tr("%1 on %2: %3 modified, %4 added, %5 deleted")
                                 .arg(QString::fromStdString(tree->branch),
                                      QString::fromStdString(tree->head.value_or("—").substr(0, 8)))
                                 .arg(modified)
                                 .arg(added)
                                 .arg(deleted));
}

void FileTreePanel::setFilter(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text);
    m_proxy->setFilterFixedString(text);
    if (!text.isEmpty())
        m_view->expandAll();
}

QStandardItem *FileTreePanel::itemFor(const QString &path) const
{
    return m_items.value(path);
}

QString FileTreePanel::markOf(const QString &path) const
{
    const QStandardItem *item = m_items.value(path);
    if (!item)
        return {};
    const QString status = item->data(StatusRole).toString();
    if (status == QLatin1String("modified"))
        return QStringLiteral("M");
    if (status == QLatin1String("added"))
        return QStringLiteral("A");
    if (status == QLatin1String("deleted"))
        return QStringLiteral("D");
    return {};
}

QStringList FileTreePanel::filesUnder(const QString &path) const
{
    QStringList out;
    const QStandardItem *item = m_items.value(path);
    if (!item)
        return out;
    if (!item->data(FolderRole).toBool())
        return {path};
    for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
        if (!it.value()->data(FolderRole).toBool() &&
            it.value()->data(StatusRole).toString() != QLatin1String("deleted") &&
            it.key().startsWith(path + QLatin1Char('/')))
            out << it.key();
    }
    out.sort();
    return out;
}

bool FileTreePanel::report(bool ok, const std::string &message)
{
    if (!ok)
        Q_EMIT statusMessage(QString::fromStdString(message));
    return ok;
}

bool FileTreePanel::createFile(const QString &path)
{
    if (!m_document)
        return false;
    auto saved = m_document->core().repositories().save(
        m_document->actor(), m_document->id(), {path.toStdString(), std::string(), std::nullopt});
    if (!saved) {
        Q_EMIT statusMessage(errorText(saved.error()));
        return false;
    }
    Q_EMIT openRequested(path);
    return true;
}

// Git keeps no empty folders: a new folder holds an empty .gitkeep until it has files.
bool FileTreePanel::createFolder(const QString &path)
{
    if (!m_document)
        return false;
    auto saved = m_document->core().repositories().save(
        m_document->actor(), m_document->id(),
        {QString(path + QStringLiteral("/.gitkeep")).toStdString(), std::string(), std::nullopt});
    if (!saved)
        Q_EMIT statusMessage(errorText(saved.error()));
    return saved.has_value();
}

bool FileTreePanel::renamePath(const QString &from, const QString &to)
{
    if (!m_document || from == to)
        return false;
    std::vector<core::FileMove> moves;
    for (const QString &file : filesUnder(from))
        moves.push_back(
            {file.toStdString(), QString(to + file.mid(from.size())).toStdString(), std::nullopt});
    if (moves.empty())
        return false;
    auto moved =
        m_document->core().repositories().move(m_document->actor(), m_document->id(), moves);
    if (!moved)
        Q_EMIT statusMessage(errorText(moved.error()));
    return moved.has_value();
}

bool FileTreePanel::movePaths(const QStringList &from, const QString &targetFolder)
{
    if (!m_document)
        return false;
    std::vector<core::FileMove> moves;
    for (const QString &path : from) {
        const QString base = parentOf(path);
        if (base == targetFolder || targetFolder.startsWith(path + QLatin1Char('/')))
            continue; // already there, or into itself
        for (const QString &file : filesUnder(path)) {
            const QString relative = base.isEmpty() ? file : file.mid(base.size() + 1);
            const QString target =
                targetFolder.isEmpty() ? relative : targetFolder + QLatin1Char('/') + relative;
            if (std::none_of(moves.begin(), moves.end(),
                             [&](const core::FileMove &m) { return m.path == file.toStdString(); }))
                moves.push_back({file.toStdString(), target.toStdString(), std::nullopt});
        }
    }
    if (moves.empty())
        return false;
    auto moved =
        m_document->core().repositories().move(m_document->actor(), m_document->id(), moves);
    if (!moved) {
        Q_EMIT statusMessage(errorText(moved.error()));
        return false;
    }
    Q_EMIT statusMessage(tr("Moved %n file(s)", nullptr, static_cast<int>(moves.size())));
    return true;
}

bool FileTreePanel::deletePath(const QString &path)
{
    if (!m_document)
        return false;
    bool ok = true;
    for (const QString &file : filesUnder(path)) {
        auto removed = m_document->core().repositories().remove(
            m_document->actor(), m_document->id(), file.toStdString(), std::nullopt);
        if (!removed) {
            Q_EMIT statusMessage(errorText(removed.error()));
            ok = false;
        }
    }
    return ok;
}

bool FileTreePanel::resetPath(const QString &path)
{
    if (!m_document)
        return false;
    bool any = false;
    QStringList paths = {path};
    if (m_items.value(path) && m_items.value(path)->data(FolderRole).toBool()) {
        paths.clear();
        for (auto it = m_items.cbegin(); it != m_items.cend(); ++it) {
            if (it.key().startsWith(path + QLatin1Char('/')) && !markOf(it.key()).isEmpty())
                paths << it.key();
        }
    }
    for (const QString &file : paths) {
        auto reset = m_document->core().repositories().resetOverride(
            m_document->actor(), m_document->id(), file.toStdString());
        if (!reset)
            Q_EMIT statusMessage(errorText(reset.error()));
        any = any || reset.has_value();
    }
    return any;
}

void FileTreePanel::showMenu(const QPoint &at)
{
    if (!m_document)
        return;
    const QModelIndex index = m_view->indexAt(at);
    const QString path = index.data(PathRole).toString();
    const bool folder = index.isValid() && index.data(FolderRole).toBool();
    const QString status = index.data(StatusRole).toString();
    const QString base = !index.isValid() ? QString() : folder ? path : parentOf(path);
    const bool editable = m_document->canEdit();
    QMenu menu(this);
    auto ask = [this](const QString &title, const QString &label, const QString &text) {
        bool ok = false;
        const QString answer =
            QInputDialog::getText(this, title, label, QLineEdit::Normal, text, &ok);
        return ok ? answer.trimmed() : QString();
    };
    QAction *newFile = menu.addAction(tr("New File…"), this, [this, base, ask] {
        const QString created = ask(tr("New File"), tr("Path in the repository:"),
                                    base.isEmpty() ? QString() : base + QLatin1Char('/'));
        if (!created.isEmpty())
            createFile(created);
    });
    QAction *newFolder = menu.addAction(tr("New Folder…"), this, [this, base, ask] {
        const QString created = ask(tr("New Folder"), tr("Folder path in the repository:"),
                                    base.isEmpty() ? QString() : base + QLatin1Char('/'));
        if (!created.isEmpty())
            createFolder(created);
    });
    menu.addSeparator();
    QAction *open = menu.addAction(tr("Open"), this, [this, path] { Q_EMIT openRequested(path); });
    QAction *rename = menu.addAction(tr("Rename…"), this, [this, path, ask] {
        const QString to = ask(tr("Rename"), tr("New path:"), path);
        if (!to.isEmpty())
            renamePath(path, to);
    });
    QAction *remove = menu.addAction(tr("Delete"), this, [this, path, folder] {
        const auto answer =
            QMessageBox::question(this, tr("Delete"),
                                  folder ? tr("Delete every file in %1 from the draft?").arg(path)
                                         : tr("Delete %1 from the draft?").arg(path));
        if (answer == QMessageBox::Yes)
            deletePath(path);
    });
    QAction *reset =
        menu.addAction(tr("Reset to Repository"), this, [this, path] { resetPath(path); });
    menu.addSeparator();
    QAction *copy =
        menu.addAction(tr("Copy Path"), this, [path] { QApplication::clipboard()->setText(path); });
    newFile->setEnabled(editable);
    newFolder->setEnabled(editable);
    open->setEnabled(index.isValid() && !folder && status != QLatin1String("deleted"));
    rename->setEnabled(editable && index.isValid() && status != QLatin1String("deleted"));
    remove->setEnabled(editable && index.isValid() && status != QLatin1String("deleted"));
    reset->setEnabled(editable && index.isValid() &&
                      (folder || status == QLatin1String("modified") ||
                       status == QLatin1String("deleted") || status == QLatin1String("added")));
    copy->setEnabled(index.isValid());
    menu.exec(m_view->viewport()->mapToGlobal(at));
}

} // namespace pw::ui
