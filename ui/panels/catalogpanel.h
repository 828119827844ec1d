#pragma once

#include <QListWidget>

namespace pw::core {
class NodeCatalog;
}

namespace pw::ui {

// The node types of the catalog; drag one onto a canvas, or double-click to add it at the
// centre of the current canvas.
class CatalogPanel : public QListWidget
{
    Q_OBJECT
public:
    CatalogPanel(const core::NodeCatalog &catalog, QWidget *parent = nullptr);

    // Shows only the types whose name, id, category or description contains `text` (and the
    // headings of their categories).
    void setFilter(const QString &text);

Q_SIGNALS:
    void addRequested(const QString &type);

protected:
    QMimeData *mimeData(const QList<QListWidgetItem *> &items) const override;
    QStringList mimeTypes() const override;
};

} // namespace pw::ui
