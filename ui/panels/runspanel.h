#pragma once

#include <optional>

#include <QTimer>
#include <QWidget>

#include "core/run/runservice.h"

class QLabel;
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
    // Why the last Run or Re-run was refused (a sandbox that cannot start says how to allow
    // runs without one), shown above the runs until a run starts; empty when none was.
    QString notice() const;

Q_SIGNALS:
    void runShown(const pw::core::RunInfo *run);
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void showRun(const std::string &runId);
    void showRefusal(const core::Error &error);
    void colourNotice();
    void fillTasks();
    void followLog();
    void updateButtons();

    DefinitionDocument *m_document = nullptr;
    QMetaObject::Connection m_events;
    QLabel *m_notice;
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
