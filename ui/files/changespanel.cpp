#include "changespanel.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QVBoxLayout>

#include <Qsci/qscilexerdiff.h>
#include <Qsci/qsciscintilla.h>

#include "core/app/core.h"
#include "draftevents.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kDiffRole = Qt::UserRole + 2;
} // namespace

ChangesPanel::ChangesPanel(QWidget *parent)
    : QWidget(parent), m_summary(new QLabel(this)), m_list(new QListWidget(this)),
      m_diff(new QsciScintilla(this)), m_reset(new QPushButton(tr("Reset File"), this)),
      m_commit(new QPushButton(tr("Commit to Branch…"), this))
{
    setObjectName(QStringLiteral("changesPanel"));
    m_reset->setObjectName(QStringLiteral("resetFile"));
    m_reset->setToolTip(tr("Drop the draft's change to this file: the repository's content again"));
    m_commit->setObjectName(QStringLiteral("commitDrafts"));
    m_commit->setToolTip(tr("Write the drafts and the pipeline's spec as one commit on a branch"));
    m_diff->setUtf8(true);
    m_diff->setReadOnly(true);
    m_diff->setLexer(new QsciLexerDiff(m_diff));
    m_diff->setMarginWidth(0, 0);
    styleCodeEditor(m_diff, palette(), font().pointSize());
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_summary, 1);
    buttons->addWidget(m_reset);
    buttons->addWidget(m_commit);
    auto *splitter = new QSplitter(Qt::Horizontal, this);
    splitter->addWidget(m_list);
    splitter->addWidget(m_diff);
    splitter->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 2, 4, 2);
    layout->addLayout(buttons);
    layout->addWidget(splitter, 1);
    connect(m_list, &QListWidget::currentRowChanged, this, &ChangesPanel::showSelected);
    connect(m_list, &QListWidget::itemActivated, this, [this](QListWidgetItem *item) {
        Q_EMIT openRequested(item->data(kPathRole).toString());
    });
    connect(m_reset, &QPushButton::clicked, this, &ChangesPanel::resetSelected);
    connect(m_commit, &QPushButton::clicked, this, &ChangesPanel::askCommit);
    refresh();
}

void ChangesPanel::setDocument(DefinitionDocument *document)
{
    if (document == m_document)
        return;
    disconnect(m_subscription);
    m_document = document;
    m_subscription = followDraft(this, document, &ChangesPanel::refresh);
    refresh();
}

void ChangesPanel::refresh()
{
    const QString selected =
        m_list->currentItem() ? m_list->currentItem()->data(kPathRole).toString() : QString();
    m_list->clear();
    m_diff->setText(QString());
    m_reset->setEnabled(false);
    m_commit->setEnabled(false);
    if (!m_document) {
        m_summary->setText(tr("Open a definition to see its draft changes."));
        return;
    }
    auto changes = m_document->core().repositories().changes(m_document->actor(), m_document->id());
    if (!changes) {
        m_summary->setText(errorText(changes.error()));
        return;
    }
    m_branch = QString::fromStdString(changes->branch);
    const CanvasColors colors = canvasColors(palette());
    int drafts = 0;
    for (const core::DraftChange &c : changes->changes) {
        const QString path = QString::fromStdString(c.path);
        QString mark;
        QColor colour;
        switch (c.status) {
        case core::FileStatus::Added:
            mark = QStringLiteral("A");
            colour = colors.added;
            break;
        case core::FileStatus::Deleted:
            mark = QStringLiteral("D");
            colour = colors.removed;
            break;
        default:
            mark = QStringLiteral("M");
            colour = colors.changed;
            break;
        }
        auto *item =
            new QListWidgetItem(mark + QStringLiteral("  ") + path +
                                    (c.specFile ? tr("  (spec, written on commit)") : QString()),
                                m_list);
        item->setForeground(colour);
        item->setData(kPathRole, path);
        QString diff = QString::fromStdString(c.diff);
        if (c.diffTruncated)
            diff += (diff.isEmpty() ? QString() : QStringLiteral("\n")) +
                    tr("(The diff is too large to show in full here.)");
        item->setData(kDiffRole,
                      c.binary ? tr("Binary file: %1 → %2")
                                     .arg(QString::fromStdString(c.repositorySha.value_or("—")),
                                          QString::fromStdString(c.draftSha.value_or("—")))
                               : diff);
        item->setData(Qt::UserRole + 3, c.specFile);
        drafts += c.specFile ? 0 : 1;
        if (path == selected)
            m_list->setCurrentItem(item);
    }
    m_summary->setText(drafts == 0
                           ? tr("No draft changes on %1").arg(m_branch)
                           : tr("%n changed file(s) over %1", nullptr, drafts).arg(m_branch));
    m_commit->setEnabled(m_document->canEdit() && m_list->count() > 0);
    if (!m_list->currentItem() && m_list->count() > 0)
        m_list->setCurrentRow(0);
}

void ChangesPanel::showSelected()
{
    QListWidgetItem *item = m_list->currentItem();
    m_diff->setText(item ? item->data(kDiffRole).toString() : QString());
    m_reset->setEnabled(item && m_document && m_document->canEdit() &&
                        !item->data(Qt::UserRole + 3).toBool());
}

bool ChangesPanel::resetSelected()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || !m_document)
        return false;
    auto reset = m_document->core().repositories().resetOverride(
        m_document->actor(), m_document->id(), item->data(kPathRole).toString().toStdString());
    if (!reset)
        Q_EMIT statusMessage(errorText(reset.error()));
    return reset.has_value();
}

bool ChangesPanel::commit(const QString &branch, const QString &message)
{
    if (!m_document)
        return false;
    auto result = m_document->core().repositories().commitDrafts(
        m_document->actor(), m_document->id(),
        {branch.trimmed().toStdString(), message.toStdString(), std::nullopt});
    if (!result) {
        Q_EMIT statusMessage(errorText(result.error()));
        return false;
    }
    Q_EMIT statusMessage(
        tr("Committed %n file(s) to %1 as %2", nullptr, static_cast<int>(result->files.size()))
            .arg(QString::fromStdString(result->branch),
                 QString::fromStdString(result->commit.substr(0, 8))));
    return true;
}

void ChangesPanel::askCommit()
{
    if (!m_document)
        return;
    QDialog dialog(this);
    dialog.setWindowTitle(tr("Commit to Branch"));
    auto *branch = new QLineEdit(m_branch, &dialog);
    branch->setObjectName(QStringLiteral("commitBranch"));
    auto *message = new QPlainTextEdit(&dialog);
    message->setObjectName(QStringLiteral("commitMessage"));
    message->setPlaceholderText(tr("What changed and why"));
    auto *form = new QFormLayout;
    form->addRow(tr("Branch (new or existing):"), branch);
    form->addRow(tr("Message:"), message);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    buttons->button(QDialogButtonBox::Ok)->setText(tr("Commit"));
    auto *layout = new QVBoxLayout(&dialog);
    layout->addLayout(form);
    layout->addWidget(buttons);
    connect(buttons, &QDialogButtonBox::accepted, &dialog, [&] {
        if (commit(branch->text(), message->toPlainText()))
            dialog.accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    dialog.resize(520, 260);
    dialog.exec();
}

} // namespace pw::ui
