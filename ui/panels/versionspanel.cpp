#include "versionspanel.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QMessageBox>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/model/summarytext.h"

namespace pw::ui {

VersionsPanel::VersionsPanel(QWidget *parent)
    : QWidget(parent), m_list(new QTreeWidget(this)),
      m_compare(new QPushButton(tr("Compare"), this)),
      m_restore(new QPushButton(tr("Restore…"), this))
{
    m_list->setHeaderLabels({tr("Version"), tr("Author"), tr("Time"), tr("Summary")});
    m_list->setRootIsDecorated(false);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    m_list->setUniformRowHeights(true);
    m_list->header()->setSectionResizeMode(3, QHeaderView::Stretch);
    m_compare->setToolTip(
        tr("Compare the selected version with the current one, or two selected versions"));
    m_restore->setToolTip(tr("Append a new version equal to the selected one"));
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_compare);
    buttons->addWidget(m_restore);
    buttons->addStretch();
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_list, 1);
    layout->addLayout(buttons);
    connect(m_list, &QTreeWidget::itemSelectionChanged, this, &VersionsPanel::updateButtons);
    connect(m_list, &QTreeWidget::itemActivated, this, &VersionsPanel::compare);
    connect(m_compare, &QPushButton::clicked, this, &VersionsPanel::compare);
    connect(m_restore, &QPushButton::clicked, this, &VersionsPanel::restore);
    updateButtons();
}

void VersionsPanel::setDocument(DefinitionDocument *document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_shownVersion = -1;
    if (m_document) {
        connect(m_document, &DefinitionDocument::changed, this,
                [this](const core::DefinitionPtr &, const core::DefinitionPtr &current) {
                    if (current && current->currentVersion != m_shownVersion)
                        reload();
                });
        connect(m_document, &QObject::destroyed, this, [this] { setDocument(nullptr); });
    }
    reload();
}

void VersionsPanel::reload()
{
    m_list->clear();
    m_versions.clear();
    if (!m_document || !m_document->definition()) {
        updateButtons();
        return;
    }
    m_shownVersion = m_document->definition()->currentVersion;
    auto page =
        m_document->core().definitions().versions(m_document->actor(), m_document->id(), {0, 500});
    if (!page) {
        Q_EMIT statusMessage(errorText(page.error()));
        return;
    }
    for (const core::VersionInfo &v : page->items) {
        const QDateTime time =
            QDateTime::fromString(QString::fromStdString(v.createdAt), Qt::ISODateWithMs)
                .toLocalTime();
        auto *item = new QTreeWidgetItem(m_list, {QString::number(v.number),
                                                  QString::fromStdString(v.authorName),
                                                  QLocale().toString(time, QLocale::ShortFormat),
                                                  displayChangeSummary(v.changeSummary)});
        item->setData(0, Qt::UserRole, static_cast<int>(m_versions.size()));
        if (v.number == m_shownVersion)
            item->setToolTip(0, tr("Current version"));
        m_versions.append(v);
    }
    // Number, author and time are shown whole; the summary takes what is left. The newest
    // version (first) is in view.
    for (int column = 0; column < 3; ++column)
        m_list->resizeColumnToContents(column);
    if (m_list->topLevelItemCount() > 0)
        m_list->scrollToItem(m_list->topLevelItem(0));
    updateButtons();
}

QString VersionsPanel::summaryAt(int row) const
{
    const QTreeWidgetItem *item = m_list->topLevelItem(row);
    return item ? item->text(3) : QString();
}

int VersionsPanel::rowCount() const
{
    return m_list->topLevelItemCount();
}

void VersionsPanel::selectNumbers(const QList<int> &numbers)
{
    m_list->clearSelection();
    for (int i = 0; i < m_list->topLevelItemCount(); ++i) {
        QTreeWidgetItem *item = m_list->topLevelItem(i);
        if (numbers.contains(item->text(0).toInt()))
            item->setSelected(true);
    }
}

QList<core::VersionInfo> VersionsPanel::selected() const
{
    QList<core::VersionInfo> out;
    for (QTreeWidgetItem *item : m_list->selectedItems())
        out.append(m_versions.at(item->data(0, Qt::UserRole).toInt()));
    std::sort(out.begin(), out.end(),
              [](const auto &a, const auto &b) { return a.number < b.number; });
    return out;
}

void VersionsPanel::updateButtons()
{
    const auto chosen = selected();
    m_compare->setEnabled(chosen.size() == 1 || chosen.size() == 2);
    m_compare->setText(chosen.size() == 2 ? tr("Compare the two") : tr("Compare with current"));
    m_restore->setEnabled(chosen.size() == 1 && m_document && m_document->canEdit() &&
                          chosen.front().number != m_shownVersion);
}

void VersionsPanel::compare()
{
    const auto chosen = selected();
    if (chosen.size() == 1)
        Q_EMIT compareRequested(QString::fromStdString(chosen.front().id), {});
    else if (chosen.size() == 2)
        Q_EMIT compareRequested(QString::fromStdString(chosen.front().id),
                                QString::fromStdString(chosen.back().id));
}

void VersionsPanel::restore()
{
    const auto chosen = selected();
    if (chosen.size() != 1 || !m_document)
        return;
    const auto answer = QMessageBox::question(
        this, tr("Restore version"),
        tr("Restore version %1? A new version equal to it is added; no version is lost.")
            .arg(chosen.front().number));
    if (answer == QMessageBox::Yes && m_document->restoreVersion(chosen.front().id))
        Q_EMIT statusMessage(tr("Restored version %1").arg(chosen.front().number));
}

} // namespace pw::ui
