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
        item->setToolTip(QString::fromStdString(type.description));
    }
    connect(this, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        const QString type = item->data(Qt::UserRole).toString();
        if (!type.isEmpty())
            Q_EMIT addRequested(type);
    });
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
