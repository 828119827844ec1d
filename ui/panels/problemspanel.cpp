#include "problemspanel.h"

#include <QHeaderView>
#include <QStyle>

namespace pw::ui {

ProblemsPanel::ProblemsPanel(QWidget *parent) : QTreeWidget(parent)
{
    setHeaderLabels({tr("Problem"), tr("Node"), tr("Where"), tr("Code")});
    setRootIsDecorated(false);
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    header()->setSectionResizeMode(0, QHeaderView::Stretch);
    header()->setStretchLastSection(false);
    connect(this, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        const QString node = item->data(1, Qt::UserRole).toString();
        if (!node.isEmpty())
            Q_EMIT nodeActivated(node);
    });
}

void ProblemsPanel::showProblems(const core::Problems &problems)
{
    clear();
    int errors = 0;
    int warnings = 0;
    for (const core::Problem &p : problems) {
        auto *item = new QTreeWidgetItem(
            this, {QString::fromStdString(p.message), QString::fromStdString(p.nodeId),
                   QString::fromStdString(p.path), QString::fromStdString(p.code)});
        item->setIcon(0, style()->standardIcon(p.isError() ? QStyle::SP_MessageBoxCritical
                                                           : QStyle::SP_MessageBoxWarning));
        item->setData(1, Qt::UserRole, QString::fromStdString(p.nodeId));
        item->setToolTip(0, QString::fromStdString(p.message));
        (p.isError() ? errors : warnings)++;
    }
    Q_EMIT countChanged(errors, warnings);
}

void ProblemsPanel::clearProblems()
{
    clear();
    Q_EMIT countChanged(0, 0);
}

} // namespace pw::ui
