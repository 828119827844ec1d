#include "runspanel.h"

#include <QDateTime>
#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollBar>
#include <QSplitter>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

constexpr int64_t kLogChunk = 256 * 1024;

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

QString duration(const std::optional<std::string> &from, const std::optional<std::string> &to)
{
    if (!from)
        return {};
    const QDateTime a = QDateTime::fromString(qs(*from), Qt::ISODateWithMs);
    const QDateTime b =
        to ? QDateTime::fromString(qs(*to), Qt::ISODateWithMs) : QDateTime::currentDateTimeUtc();
    if (!a.isValid() || !b.isValid())
        return {};
    return RunsPanel::tr("%1 s").arg(a.msecsTo(b) / 1000.0, 0, 'f', 1);
}

QString localTime(const std::optional<std::string> &utc)
{
    if (!utc)
        return {};
    return QDateTime::fromString(qs(*utc), Qt::ISODateWithMs)
        .toLocalTime()
        .toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

} // namespace

RunsPanel::RunsPanel(QWidget *parent) : QWidget(parent)
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(2, 2, 2, 2);
    auto *buttons = new QHBoxLayout;
    auto *run = new QPushButton(tr("Run"), this);
    run->setObjectName(QStringLiteral("runButton"));
    m_cancel = new QPushButton(tr("Cancel Run"), this);
    m_cancel->setObjectName(QStringLiteral("cancelRunButton"));
    m_rerun = new QPushButton(tr("Re-run Failed"), this);
    m_rerun->setObjectName(QStringLiteral("rerunButton"));
    buttons->addWidget(run);
    buttons->addWidget(m_cancel);
    buttons->addWidget(m_rerun);
    buttons->addStretch();
    layout->addLayout(buttons);
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("runNotice"));
    m_notice->setWordWrap(true);
    m_notice->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_notice->hide();
    colourNotice();
    layout->addWidget(m_notice);
    auto *split = new QSplitter(Qt::Horizontal, this);
    m_runs = new QTreeWidget(split);
    m_runs->setObjectName(QStringLiteral("runsList"));
    m_runs->setHeaderLabels(
        {tr("Status"), tr("Version"), tr("Trigger"), tr("Started"), tr("Duration")});
    m_runs->setRootIsDecorated(false);
    m_runs->setUniformRowHeights(true);
    m_tasks = new QTreeWidget(split);
    m_tasks->setObjectName(QStringLiteral("runTasks"));
    m_tasks->setHeaderLabels(
        {tr("Task"), tr("State"), tr("Attempt"), tr("Duration"), tr("Message")});
    m_tasks->setRootIsDecorated(false);
    m_tasks->setUniformRowHeights(true);
    m_log = new QPlainTextEdit(split);
    m_log->setObjectName(QStringLiteral("runLog"));
    m_log->setReadOnly(true);
    m_log->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    m_log->setPlaceholderText(tr("Select a task to see its log."));
    m_log->setMaximumBlockCount(20000);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    split->setStretchFactor(2, 4);
    layout->addWidget(split);

    connect(run, &QPushButton::clicked, this, [this] { startRun({}); });
    connect(m_cancel, &QPushButton::clicked, this, &RunsPanel::cancelShown);
    connect(m_rerun, &QPushButton::clicked, this, &RunsPanel::rerunFailed);
    connect(m_runs, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showRun(item->data(0, Qt::UserRole).toString().toStdString());
    });
    connect(m_tasks, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (item)
            showLog(item->text(0));
    });
    m_follow.setInterval(300);
    connect(&m_follow, &QTimer::timeout, this, &RunsPanel::followLog);
    updateButtons();
}

void RunsPanel::setDocument(DefinitionDocument *document)
{
    if (document == m_document)
        return;
    disconnect(m_events);
    m_document = document;
    m_notice->clear();
    m_notice->hide();
    m_shown.reset();
    m_list.clear();
    m_logNode.clear();
    m_log->clear();
    m_follow.stop();
    if (m_document) {
        const std::string id = m_document->id();
        m_events = connect(&m_document->core().notifier(), &core::ChangeNotifier::changed, this,
                           [this, id](const core::ChangeEvent &event) {
                               if (event.kind != core::ChangeEvent::Kind::Run ||
                                   event.definitionId != id || m_reloadQueued)
                                   return;
                               // A burst of changes is one reload.
                               m_reloadQueued = true;
                               QTimer::singleShot(0, this, [this] {
                                   m_reloadQueued = false;
                                   reload();
                               });
                           });
    }
    reload();
}

void RunsPanel::reload()
{
    m_runs->clear();
    m_list.clear();
    if (!m_document) {
        m_tasks->clear();
        Q_EMIT runShown(nullptr);
        updateButtons();
        return;
    }
    auto page = m_document->core().runs().list(m_document->actor(), m_document->id(), {0, 100});
    if (page)
        m_list = std::move(page->items);
    QTreeWidgetItem *current = nullptr;
    for (const core::RunInfo &r : m_list) {
        auto *item = new QTreeWidgetItem(
            m_runs, {QString::fromUtf8(core::runStateName(r.state)), QString::number(r.version),
                     qs(r.trigger), localTime(r.startedAt ? r.startedAt : r.createdAt),
                     duration(r.startedAt, r.finishedAt)});
        item->setData(0, Qt::UserRole, qs(r.id));
        item->setToolTip(0, qs(r.message));
        if (m_shown && m_shown->id == r.id)
            current = item;
    }
    const std::string shown =
        current ? m_shown->id : (m_list.empty() ? std::string() : m_list.front().id);
    if (shown.empty()) {
        m_shown.reset();
        m_tasks->clear();
        Q_EMIT runShown(nullptr);
        updateButtons();
        return;
    }
    showRun(shown);
    const QSignalBlocker block(m_runs);
    for (int i = 0; i < m_runs->topLevelItemCount(); ++i) {
        if (m_runs->topLevelItem(i)->data(0, Qt::UserRole).toString().toStdString() == shown)
            m_runs->setCurrentItem(m_runs->topLevelItem(i));
    }
}

void RunsPanel::showRun(const std::string &runId)
{
    if (!m_document)
        return;
    auto run = m_document->core().runs().get(m_document->actor(), runId);
    if (!run)
        return;
    const bool other = !m_shown || m_shown->id != runId;
    m_shown = std::move(*run);
    if (other) {
        m_logNode.clear();
        m_log->clear();
    }
    fillTasks();
    Q_EMIT runShown(&*m_shown);
    updateButtons();
    if (!m_logNode.isEmpty())
        followLog();
}

void RunsPanel::fillTasks()
{
    const QString selected = m_tasks->currentItem() ? m_tasks->currentItem()->text(0) : m_logNode;
    const QSignalBlocker block(m_tasks);
    m_tasks->clear();
    if (!m_shown)
        return;
    for (const core::TaskRunInfo &t : m_shown->tasks) {
        auto *item = new QTreeWidgetItem(
            m_tasks, {qs(t.nodeId), QString::fromUtf8(core::taskStateName(t.state)),
                      t.attempt ? tr("%1 of %2").arg(t.attempt).arg(t.maxAttempts) : QString(),
                      duration(t.startedAt, t.finishedAt), qs(t.message)});
        item->setToolTip(4, qs(t.message));
        if (item->text(0) == selected)
            m_tasks->setCurrentItem(item);
    }
}

void RunsPanel::showLog(const QString &nodeId)
{
    if (nodeId != m_logNode) {
        m_logNode = nodeId;
        m_logAttempt = 0;
        m_logOffset = 0;
        m_log->clear();
    }
    followLog();
}

// Reads what the followed task's log gained since last time; keeps polling while it runs.
void RunsPanel::followLog()
{
    if (!m_document || !m_shown || m_logNode.isEmpty()) {
        m_follow.stop();
        return;
    }
    for (int round = 0; round < 8; ++round) {
        auto log = m_document->core().runs().log(
            m_document->actor(), m_shown->id, m_logNode.toStdString(), 0, m_logOffset, kLogChunk);
        if (!log) {
            m_follow.stop();
            return;
        }
        if (log->attempt != m_logAttempt) {
            // A new attempt: its own log from the start.
            m_logAttempt = log->attempt;
            m_logOffset = 0;
            m_log->clear();
            continue;
        }
        if (!log->chunk.content.empty()) {
            QScrollBar *bar = m_log->verticalScrollBar();
            const bool atEnd = bar->value() == bar->maximum();
            m_log->moveCursor(QTextCursor::End);
            m_log->insertPlainText(
                QString::fromUtf8(log->chunk.content.data(), qsizetype(log->chunk.content.size())));
            if (atEnd)
                bar->setValue(bar->maximum());
            m_logOffset = log->chunk.nextOffset;
        }
        if (log->chunk.content.size() < size_t(kLogChunk)) {
            if (log->complete && log->chunk.nextOffset >= log->chunk.size)
                m_follow.stop();
            else if (!m_follow.isActive())
                m_follow.start();
            return;
        }
    }
}

QString RunsPanel::logText() const
{
    return m_log->toPlainText();
}

int RunsPanel::runCount() const
{
    return int(m_list.size());
}

void RunsPanel::startRun(const core::RunSelection &selection)
{
    if (!m_document)
        return;
    core::RunRequest request;
    request.definitionId = m_document->id();
    request.selection = selection;
    auto run = m_document->core().runs().start(m_document->actor(), request);
    if (!run) {
        showRefusal(run.error());
        return;
    }
    m_notice->hide();
    m_notice->clear();
    m_shown = *run;
    reload();
    Q_EMIT statusMessage(tr("Run started: %n task(s)", nullptr, run->taskCount));
}

void RunsPanel::cancelShown()
{
    if (!m_document || !m_shown)
        return;
    auto run = m_document->core().runs().cancel(m_document->actor(), m_shown->id);
    if (!run)
        Q_EMIT statusMessage(errorText(run.error()));
    else
        Q_EMIT statusMessage(tr("Cancelling the run…"));
}

void RunsPanel::rerunFailed()
{
    if (!m_document || !m_shown)
        return;
    auto run = m_document->core().runs().rerunFailed(m_document->actor(), m_shown->id);
    if (!run) {
        showRefusal(run.error());
        return;
    }
    m_notice->hide();
    m_notice->clear();
    m_shown = *run;
    reload();
}

void RunsPanel::showRefusal(const core::Error &error)
{
    const QString text = errorText(error);
    m_notice->setText(text);
    m_notice->show();
    Q_EMIT statusMessage(text);
}

QString RunsPanel::notice() const
{
    return m_notice->isHidden() ? QString() : m_notice->text();
}

// The refusal in the palette's error colour, again on every switch between light and dark.
void RunsPanel::colourNotice()
{
    QPalette p = m_notice->palette();
    p.setColor(QPalette::WindowText, canvasColors(palette()).error);
    m_notice->setPalette(p);
}

void RunsPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        colourNotice();
    QWidget::changeEvent(event);
}

void RunsPanel::updateButtons()
{
    const bool going = m_shown && !core::isFinished(m_shown->state);
    m_cancel->setEnabled(m_document && going);
    bool failed = false;
    if (m_shown && !going) {
        for (const core::TaskRunInfo &t : m_shown->tasks)
            failed = failed ||
                     (t.state != core::TaskState::Completed && t.state != core::TaskState::Skipped);
    }
    m_rerun->setEnabled(m_document && failed);
}

} // namespace pw::ui
