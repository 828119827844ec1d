#pragma once

#include <optional>

#include <QTimer>
#include <QWidget>

#include "core/run/runservice.h"

class QTreeWidget;
class QPlainTextEdit;
class QPushButton;

namespace pw::ui {

class DefinitionDocument;

// Local runs of the open definition: the history (status, version, trigger, duration), the
// tasks of the selected run, and the log of the selected task, followed while it runs. Run,
// cancel and re-run the failed tasks; the shown run's states go to the canvas (runShown).
class RunsPanel : public QWidget
{
    Q_OBJECT
public:
    explicit RunsPanel(QWidget *parent = nullptr);
    void setDocument(DefinitionDocument *document);

    // Starts a run of the open definition's current version and shows it.
    void startRun(const core::RunSelection &selection);
    // Cancels the shown run (if it is still going).
    void cancelShown();
    void rerunFailed();
    void reload();

    int runCount() const;
    const core::RunInfo *shownRun() const { return m_shown ? &*m_shown : nullptr; }
    // Follows this task's log (the latest attempt).
    void showLog(const QString &nodeId);
    QString logText() const;

Q_SIGNALS:
    void runShown(const pw::core::RunInfo *run);
    void statusMessage(const QString &message);

private:
    void showRun(const std::string &runId);
    void fillTasks();
    void followLog();
    void updateButtons();

    DefinitionDocument *m_document = nullptr;
    QMetaObject::Connection m_events;
    QTreeWidget *m_runs;
    QTreeWidget *m_tasks;
    QPlainTextEdit *m_log;
    QPushButton *m_cancel;
    QPushButton *m_rerun;
    std::vector<core::RunInfo> m_list;
    std::optional<core::RunInfo> m_shown;
    QString m_logNode;
    int m_logAttempt = 0;
    int64_t m_logOffset = 0;
    QTimer m_follow;
    bool m_reloadQueued = false;
};

} // namespace pw::ui
