#pragma once

#include <atomic>
#include <memory>
#include <optional>

#include <QDialog>
#include <QPointer>

#include "core/publish/publishservice.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;
class QTreeWidgetItem;

namespace pw::ui {

class DefinitionDocument;

// Publishing the open definition's reviewed version: branch, title and description of the merge
// request, whether a failed check stops it; then a checklist that fills in as core runs the
// gates (review current, spec valid, compiles, Python parses) and the steps (commit, push,
// merge request), with a progress bar, and at the end a link to the merge request. The publish
// is a job of core's (PublishService::submit); Cancel stops it while nothing is committed, and
// so does closing the dialog.
class PublishDialog : public QDialog
{
    Q_OBJECT
public:
    explicit PublishDialog(DefinitionDocument *document, QWidget *parent = nullptr);
    ~PublishDialog() override;

    void publish();
    void cancel();
    // Cancel while publishing (the dialog stays until the publish ends), close otherwise.
    void reject() override;
    bool isRunning() const { return m_running; }
    bool finished() const { return m_done; }
    // A step's state: pending, running, passed, failed, skipped (for tests and screenshots).
    QString stepState(const QString &step) const;
    QString stepMessage(const QString &step) const;
    QString resultText() const;
    QString resultUrl() const { return m_url; }
    int reviewedVersion() const { return m_version; }

Q_SIGNALS:
    void published();

protected:
    void changeEvent(QEvent *event) override;

private:
    struct Shared
    {
        std::atomic<bool> cancel{false};
        std::optional<core::Result<core::PublishResult>> result;
    };

    void addStep(const QString &step, const QString &label);
    void setStep(const QString &step, const QString &state, const QString &message = {});
    void onProgress(const QString &step, bool gate, bool passed, const QString &message);
    void onFinished();
    QTreeWidgetItem *item(const QString &step) const;
    void colourResult();

    QPointer<DefinitionDocument> m_document;
    int m_version = 0;
    bool m_hasRemote = false;
    QLineEdit *m_branch;
    QLineEdit *m_title;
    QPlainTextEdit *m_body;
    QCheckBox *m_enforce;
    QTreeWidget *m_steps;
    QProgressBar *m_progress;
    QLabel *m_result;
    QPushButton *m_publish;
    QPushButton *m_close;
    bool m_running = false;
    std::string m_jobId; // the publish job while it runs
    std::shared_ptr<Shared> m_shared;
    QString m_url;
    bool m_done = false;
    bool m_resultIsError = false;
};

} // namespace pw::ui
