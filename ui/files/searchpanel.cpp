#include "searchpanel.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "core/jobs/jobservice.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"

namespace pw::ui {

namespace {
constexpr int kPathRole = Qt::UserRole + 1;
constexpr int kLineRole = Qt::UserRole + 2;
constexpr int kColumnRole = Qt::UserRole + 3;
} // namespace

SearchPanel::SearchPanel(QWidget *parent)
    : QWidget(parent), m_query(new QLineEdit(this)), m_regex(new QCheckBox(tr("Regex"), this)),
      m_case(new QCheckBox(tr("Match case"), this)), m_word(new QCheckBox(tr("Whole word"), this)),
      m_summary(new QLabel(this)), m_results(new QTreeWidget(this))
{
    setObjectName(QStringLiteral("searchPanel"));
    m_query->setObjectName(QStringLiteral("searchQuery"));
    m_query->setPlaceholderText(tr("Search in files (Enter)"));
    m_query->setClearButtonEnabled(true);
    m_results->setHeaderHidden(true);
    m_results->setUniformRowHeights(true);
    auto *options = new QHBoxLayout;
    options->addWidget(m_regex);
    options->addWidget(m_case);
    options->addWidget(m_word);
    options->addStretch();
    options->addWidget(m_summary);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    layout->addWidget(m_query);
    layout->addLayout(options);
    layout->addWidget(m_results, 1);
    connect(m_query, &QLineEdit::returnPressed, this, [this] { search(m_query->text()); });
    connect(m_results, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem *item) {
        Q_EMIT openRequested(item->data(0, kPathRole).toString(), item->data(0, kLineRole).toInt(),
                             item->data(0, kColumnRole).toInt());
    });
}

void SearchPanel::setDocument(DefinitionDocument *document)
{
    if (document != m_document) {
        m_document = document;
        m_results->clear();
        m_summary->clear();
    }
}

void SearchPanel::focusQuery()
{
    m_query->setFocus();
    m_query->selectAll();
}

void SearchPanel::search(const QString &text)
{
    m_query->setText(text);
    if (m_running) {
        // One search per caller at a time: the running one stops, then this one starts.
        m_running->cancel();
        m_next = text;
        return;
    }
    start(text);
}

void SearchPanel::start(const QString &text)
{
    m_results->clear();
    m_count = 0;
    if (!m_document || text.isEmpty()) {
        m_summary->clear();
        Q_EMIT searched(0);
        return;
    }
    core::SearchQuery query;
    query.text = text.toStdString();
    query.regex = m_regex->isChecked();
    query.caseSensitive = m_case->isChecked();
    query.wholeWord = m_word->isChecked();
    query.limit = 500;
    m_summary->setText(tr("Searching…"));
    QPointer<SearchPanel> self(this);
    auto started = m_document->core().repositories().startSearch(
        m_document->actor(), m_document->id(), query,
        [self](core::Result<core::SearchResult> found) {
            // On a job thread: the answer goes to the window's thread.
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self, found = std::move(found)] {
                    if (self)
                        self->show(found);
                },
                Qt::QueuedConnection);
        });
    if (!started) {
        show(core::fail(started.error()));
        return;
    }
    m_running = *started;
}

void SearchPanel::show(const core::Result<core::SearchResult> &found)
{
    m_running.reset();
    if (m_next) {
        const QString text = *m_next;
        m_next.reset();
        start(text);
        return;
    }
    m_results->clear();
    m_count = 0;
    if (!found) {
        m_summary->setText(errorText(found.error()));
        Q_EMIT searched(0);
        return;
    }
    QHash<QString, QTreeWidgetItem *> files;
    for (const core::SearchHit &hit : found->hits) {
        const QString path = QString::fromStdString(hit.path);
        QTreeWidgetItem *file = files.value(path);
        if (!file) {
            file = new QTreeWidgetItem(m_results, {path});
            file->setData(0, kPathRole, path);
            file->setData(0, kLineRole, 1);
            files.insert(path, file);
        }
        if (hit.line == 0)
            continue; // a path match: the file row itself
        auto *line = new QTreeWidgetItem(
            file, {tr("%1: %2").arg(hit.line).arg(QString::fromStdString(hit.text).trimmed())});
        line->setData(0, kPathRole, path);
        line->setData(0, kLineRole, hit.line);
        line->setData(0, kColumnRole, hit.column);
    }
    m_results->expandAll();
    m_count = static_cast<int>(found->hits.size());
    if (found->tooCostly)
        m_summary->setText(
            tr("first %n result(s); the pattern is too costly to search on", nullptr, m_count));
    else
        m_summary->setText(found->truncated || found->timedOut
                               ? tr("first %n result(s)", nullptr, m_count)
                               : tr("%n result(s)", nullptr, m_count));
    Q_EMIT searched(m_count);
}

} // namespace pw::ui
