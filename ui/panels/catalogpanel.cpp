#include "catalogpanel.h"

#include <QMimeData>

#include "core/spec/nodecatalog.h"
#include "ui/canvas/canvasview.h"
#include "ui/theme/theme.h"

namespace pw::ui {

CatalogPanel::CatalogPanel(const core::NodeCatalog &catalog, QWidget *parent) : QListWidget(parent)
{
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setIconSize(QSize(20, 20));
    setUniformItemSizes(true);
    QString category;
    for (const core::NodeType &type : catalog.types()) {
        const QString cat = QString::fromStdString(type.category);
        if (cat != category) {
            auto *header = new QListWidgetItem(cat, this);
            header->setFlags(Qt::NoItemFlags);
            QFont font = header->font();
            font.setBold(true);
            header->setFont(font);
            category = cat;
        }
        auto *item = new QListWidgetItem(typeIcon(QString::fromStdString(type.icon)),
                                         QString::fromStdString(type.label), this);
        item->setData(Qt::UserRole, QString::fromStdString(type.type));
        item->setData(Qt::UserRole + 1, QStringList{QString::fromStdString(type.type), cat,
                                                    QString::fromStdString(type.description)}
                                            .join(QLatin1Char('\n')));
        item->setToolTip(QString::fromStdString(type.description));
    }
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString type = item->data(Qt::UserRole).toString();
        if (!type.isEmpty())
            Q_EMIT addRequested(type);
    });
}

void CatalogPanel::setFilter(const QString &text)
{
    const QString needle = text.trimmed();
    QListWidgetItem *heading = nullptr;
    bool headingUsed = false;
    auto closeHeading = [&] {
        if (heading)
            heading->setHidden(!headingUsed);
    };
    for (int i = 0; i < count(); ++i) {
        QListWidgetItem *entry = item(i);
        if (entry->data(Qt::UserRole).toString().isEmpty()) { // a category heading
            closeHeading();
            heading = entry;
            headingUsed = false;
            continue;
        }
        const bool match =
            needle.isEmpty() || entry->text().contains(needle, Qt::CaseInsensitive) ||
            entry->data(Qt::UserRole + 1).toString().contains(needle, Qt::CaseInsensitive);
        entry->setHidden(!match);
        headingUsed = headingUsed || match;
    }
    closeHeading();
}

QStringList CatalogPanel::mimeTypes() const
{
    return {QString::fromLatin1(CanvasView::kNodeTypeMime)};
}

QMimeData *CatalogPanel::mimeData(const QList<QListWidgetItem *> &items) const
{
    if (items.isEmpty() || items.front()->data(Qt::UserRole).toString().isEmpty())
        return nullptr;
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(CanvasView::kNodeTypeMime),
                  items.front()->data(Qt::UserRole).toString().toUtf8());
    return mime;
}

} // namespace pw::ui
