#include "publishdialog.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "core/compiler/codegen.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

constexpr int kStepRole = Qt::UserRole + 1;
constexpr int kStateRole = Qt::UserRole + 2;

QString mark(const QString &state)
{
    if (state == QLatin1String("passed"))
        return QStringLiteral("✓");
    if (state == QLatin1String("failed"))
        return QStringLiteral("✖");
    if (state == QLatin1String("running"))
        return QStringLiteral("…");
    if (state == QLatin1String("skipped"))
        return QStringLiteral("–");
    return QStringLiteral("○");
}

const QStringList &order()
{
    static const QStringList steps = {
        QStringLiteral("review_current"), QStringLiteral("spec_valid"), QStringLiteral("compiles"),
        QStringLiteral("python_parses"),  QStringLiteral("commit"),     QStringLiteral("push"),
        QStringLiteral("merge_request")};
    return steps;
}

} // namespace

PublishDialog::PublishDialog(DefinitionDocument *document, QWidget *parent)
    : QDialog(parent), m_document(document), m_branch(new QLineEdit(this)),
      m_title(new QLineEdit(this)), m_body(new QPlainTextEdit(this)),
      m_enforce(new QCheckBox(tr("Stop when a check fails"), this)), m_steps(new QTreeWidget(this)),
      m_progress(new QProgressBar(this)), m_result(new QLabel(this)),
      m_publish(new QPushButton(tr("Publish"), this)), m_close(new QPushButton(tr("Cancel"), this))
{
    setObjectName(QStringLiteral("publishDialog"));
    setWindowTitle(tr("Publish"));
    const core::DefinitionPtr definition = document->definition();
    m_version = definition->currentVersion;
    const QString name = QString::fromStdString(definition->meta.name);
    QString repository = tr("no repository");
    QString base;
    if (definition->meta.repositoryId) {
        if (auto repos = document->core().repositories().repositories(document->actor())) {
            for (const core::RepositoryInfo &info : *repos) {
                if (info.repository.id != *definition->meta.repositoryId)
                    continue;
                repository = QString::fromStdString(info.repository.name);
                base = QString::fromStdString(info.repository.defaultBranch);
                m_hasRemote = info.repository.remoteUrl.has_value();
            }
        }
    }
    auto *header = new QLabel(this);
    header->setWordWrap(true);
    header->setTextFormat(Qt::PlainText);
    header->setText(
        tr("Publishes version %1 of %2 as one commit (drafts, spec and generated code) on a "
           "branch of %3, and opens a merge request into %4.")
            .arg(QString::number(m_version), name, repository,
                 base.isEmpty() ? tr("the base branch") : base));
    // What the commit will hold: the draft edits (the spec file among them when it changed) and
    // the generated code.
    auto *files = new QLabel(this);
    files->setObjectName(QStringLiteral("publishFiles"));
    files->setWordWrap(true);
    files->setTextFormat(Qt::PlainText);
    auto listed = [this](QStringList paths) {
        constexpr int kShown = 6;
        if (paths.size() > kShown) {
            const int more = static_cast<int>(paths.size()) - kShown;
            paths = paths.mid(0, kShown);
            paths.append(tr("%n more", nullptr, more));
        }
        return paths.join(QStringLiteral(", "));
    };
    QStringList drafts;
    if (auto changes = document->core().repositories().changes(document->actor(), document->id()))
        for (const core::DraftChange &c : changes->changes)
            drafts.append(QString::fromStdString(c.path));
    QStringList generated;
    for (const core::GeneratedFile &f : document->core()
                                            .compiler()
                                            .compile(definition->spec, definition->meta.target,
                                                     definition->meta.name, definition->id)
                                            .files)
        generated.append(QString::fromStdString(f.path));
    files->setText(
        tr("Draft edits: %1").arg(drafts.isEmpty() ? tr("none") : listed(drafts)) +
        QLatin1Char('\n') +
        tr("Generated code: %1")
            .arg(generated.isEmpty() ? tr("none (the spec does not compile)") : listed(generated)));
    const QString defaultBranch =
        QString::fromStdString(core::publishBranchOf(definition->spec, definition->id, m_version));
    m_branch->setObjectName(QStringLiteral("publishBranch"));
    m_branch->setPlaceholderText(defaultBranch);
    m_title->setObjectName(QStringLiteral("publishTitle"));
    m_title->setText(tr("Publish %1 version %2").arg(name).arg(m_version));
    m_body->setObjectName(QStringLiteral("publishBody"));
    m_body->setPlaceholderText(tr("What the reviewer should know"));
    m_body->setFixedHeight(80);
    m_enforce->setObjectName(QStringLiteral("publishEnforce"));
    m_enforce->setChecked(true);
    m_enforce->setToolTip(tr("When off, a failed check is reported and the publish goes on"));
    auto *form = new QFormLayout;
    form->addRow(tr("Branch:"), m_branch);
    form->addRow(tr("Title:"), m_title);
    form->addRow(tr("Description:"), m_body);
    form->addRow(QString(), m_enforce);

    m_steps->setObjectName(QStringLiteral("publishSteps"));
    m_steps->setColumnCount(2);
    m_steps->setHeaderLabels({tr("Step"), tr("Result")});
    m_steps->setRootIsDecorated(false);
    m_steps->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    m_steps->header()->setStretchLastSection(true);
    m_steps->setMinimumHeight(170);
    addStep(QStringLiteral("review_current"), tr("The reviewed version is the current one"));
    addStep(QStringLiteral("spec_valid"), tr("The spec validates"));
    addStep(QStringLiteral("compiles"),
            tr("It compiles for %1")
                .arg(definition->meta.target == "dagster" ? QStringLiteral("Dagster")
                                                          : QStringLiteral("Airflow")));
    addStep(QStringLiteral("python_parses"), tr("The generated Python parses"));
    addStep(QStringLiteral("commit"), tr("Commit on the branch"));
    addStep(QStringLiteral("push"), tr("Push to the remote"));
    addStep(QStringLiteral("merge_request"), tr("Open the merge request"));
    if (!m_hasRemote)
        setStep(QStringLiteral("push"), QStringLiteral("skipped"),
                tr("no remote: the branch stays in the local repository"));
    m_progress->setRange(0, static_cast<int>(order().size()));
    m_progress->setValue(0);
    m_result->setObjectName(QStringLiteral("publishResult"));
    m_result->setWordWrap(true);
    m_result->setTextFormat(Qt::RichText);
    m_result->setOpenExternalLinks(true);
    m_result->setTextInteractionFlags(Qt::TextBrowserInteraction);

    m_publish->setObjectName(QStringLiteral("publishStart"));
    m_publish->setDefault(true);
    m_publish->setEnabled(document->canEdit() && definition->meta.repositoryId.has_value());
    auto *buttons = new QDialogButtonBox(this);
    buttons->addButton(m_close, QDialogButtonBox::RejectRole);
    buttons->addButton(m_publish, QDialogButtonBox::ActionRole);
    connect(m_publish, &QPushButton::clicked, this, &PublishDialog::publish);
    connect(m_close, &QPushButton::clicked, this, &PublishDialog::reject);

    auto *layout = new QVBoxLayout(this);
    layout->addWidget(header);
    layout->addWidget(files);
    layout->addLayout(form);
    layout->addWidget(m_steps, 1);
    layout->addWidget(m_progress);
    layout->addWidget(m_result);
    layout->addWidget(buttons);
    resize(620, 560);
}

PublishDialog::~PublishDialog()
{
    // The publish runs as a job of core's: a dialog that goes (the window closing) cancels it,
    // which stops it before the commit; what it reports afterwards finds no dialog.
    if (m_running)
        cancel();
}

void PublishDialog::addStep(const QString &step, const QString &label)
{
    auto *row = new QTreeWidgetItem(m_steps, {QString(), QString()});
    row->setData(0, kStepRole, step);
    row->setData(0, Qt::UserRole, label);
    setStep(step, QStringLiteral("pending"));
}

QTreeWidgetItem *PublishDialog::item(const QString &step) const
{
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        if (m_steps->topLevelItem(i)->data(0, kStepRole).toString() == step)
            return m_steps->topLevelItem(i);
    }
    return nullptr;
}

void PublishDialog::setStep(const QString &step, const QString &state, const QString &message)
{
    QTreeWidgetItem *row = item(step);
    if (!row)
        return;
    row->setData(0, kStateRole, state);
    row->setText(0, mark(state) + QLatin1Char(' ') + row->data(0, Qt::UserRole).toString());
    row->setText(1, message);
    row->setToolTip(1, message);
    const CanvasColors colours = canvasColors(palette());
    const QColor colour = state == QLatin1String("failed") ? colours.error
                          : state == QLatin1String("passed")
                              ? palette().color(QPalette::Text)
                              : palette().color(QPalette::PlaceholderText);
    row->setForeground(0, colour);
    row->setForeground(1, colour);
    int done = 0;
    for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
        const QString s = m_steps->topLevelItem(i)->data(0, kStateRole).toString();
        done += s == QLatin1String("passed") || s == QLatin1String("failed") ||
                s == QLatin1String("skipped");
    }
    m_progress->setValue(done);
}

QString PublishDialog::stepState(const QString &step) const
{
    const QTreeWidgetItem *row = item(step);
    return row ? row->data(0, kStateRole).toString() : QString();
}

QString PublishDialog::stepMessage(const QString &step) const
{
    const QTreeWidgetItem *row = item(step);
    return row ? row->text(1) : QString();
}

QString PublishDialog::resultText() const
{
    return m_result->text();
}

void PublishDialog::publish()
{
    if (m_running || m_done || !m_document)
        return;
    core::PublishRequest request;
    request.title = m_title->text().trimmed().toStdString();
    request.body = m_body->toPlainText().toStdString();
    request.sandboxPolicy = m_enforce->isChecked() ? "enforce" : "warn";
    request.reviewedVersion = m_version;
    if (!m_branch->text().trimmed().isEmpty())
        request.branch = m_branch->text().trimmed().toStdString();
    m_shared = std::make_shared<Shared>();
    std::shared_ptr<Shared> shared = m_shared;
    QPointer<PublishDialog> self(this);
    request.observer = [shared, self](const core::PublishProgress &p) {
        const QString step = QString::fromStdString(p.step);
        const bool gate = p.gate != nullptr;
        const bool passed = gate && p.gate->passed;
        const QString message = gate ? QString::fromStdString(p.gate->message) : QString();
        // To the window's thread; a dialog closed meanwhile is simply not there.
        QMetaObject::invokeMethod(
            QCoreApplication::instance(),
            [self, step, gate, passed, message] {
                if (self)
                    self->onProgress(step, gate, passed, message);
            },
            Qt::QueuedConnection);
        return !shared->cancel.load();
    };
    for (const QString &step : order()) {
        if (stepState(step) != QLatin1String("skipped"))
            setStep(step, QStringLiteral("pending"));
    }
    setStep(QStringLiteral("review_current"), QStringLiteral("running"));
    m_result->clear();
    m_branch->setEnabled(false);
    m_title->setEnabled(false);
    m_body->setEnabled(false);
    m_enforce->setEnabled(false);
    m_publish->setEnabled(false);
    core::Core &core = m_document->core();
    const core::Actor actor = m_document->actor();
    const std::string id = m_document->id();
    // A job of core's: python3, a push and a forge call never run on the window's thread.
    auto job = core.publisher().submit(
        actor, id, std::move(request),
        [shared, self](const core::JobInfo &, const core::Result<core::PublishResult> &outcome) {
            shared->result = outcome;
            QMetaObject::invokeMethod(
                QCoreApplication::instance(),
                [self] {
                    if (self)
                        self->onFinished();
                },
                Qt::QueuedConnection);
        });
    if (!job) {
        shared->result = core::fail(job.error());
        m_running = true;
        onFinished();
        return;
    }
    m_running = true;
    m_jobId = job->id;
}

void PublishDialog::onProgress(const QString &step, bool gate, bool passed, const QString &message)
{
    if (gate) {
        // A passed gate's message repeats its label; a failed one's says why.
        setStep(step, passed ? QStringLiteral("passed") : QStringLiteral("failed"),
                passed ? QString() : message);
        const int next = static_cast<int>(order().indexOf(step)) + 1;
        const bool goesOn = passed || !m_enforce->isChecked();
        if (goesOn && next < order().size() && stepState(order()[next]) == QLatin1String("pending"))
            setStep(order()[next], QStringLiteral("running"));
        return;
    }
    setStep(step, QStringLiteral("running"));
}

void PublishDialog::onFinished()
{
    m_running = false;
    m_jobId.clear();
    m_done = true;
    m_close->setEnabled(true);
    m_close->setText(tr("Close"));
    const core::Result<core::PublishResult> &result = *m_shared->result;
    if (!result && m_shared->cancel && result.error().code == core::ErrorCode::Conflict) {
        for (const QString &step : order()) {
            const QString state = stepState(step);
            if (state == QLatin1String("pending") || state == QLatin1String("running"))
                setStep(step, QStringLiteral("skipped"),
                        state == QLatin1String("running") ? tr("cancelled") : QString());
        }
        m_result->setText(tr("Cancelled: nothing was committed."));
        return;
    }
    if (!result) {
        const core::Error &error = result.error();
        // The step that was running failed (a failed gate said so already); the ones after it
        // did not run.
        bool failedOne = error.details.contains("validation_report");
        for (const QString &step : order()) {
            const QString state = stepState(step);
            if (state == QLatin1String("running") && !failedOne) {
                setStep(step, QStringLiteral("failed"), errorText(error));
                failedOne = true;
            } else if (state == QLatin1String("pending") || state == QLatin1String("running")) {
                setStep(step, QStringLiteral("skipped"));
            }
        }
        m_resultIsError = true;
        colourResult();
        // A failed gate is in the checklist; the line under it says what that meant.
        m_result->setText(error.details.contains("validation_report")
                              ? tr("A check failed, so nothing was committed. Fix what it says "
                                   "and publish again, or publish without stopping at failed "
                                   "checks.")
                              : errorText(error).toHtmlEscaped());
        return;
    }
    const core::PublishResult &r = *result;
    for (const QString &step :
         {QStringLiteral("commit"), QStringLiteral("push"), QStringLiteral("merge_request")}) {
        if (stepState(step) == QLatin1String("running"))
            setStep(step, QStringLiteral("passed"));
    }
    setStep(QStringLiteral("commit"), QStringLiteral("passed"),
            tr("%1 on %2")
                .arg(QString::fromStdString(r.commit.commit).left(12),
                     QString::fromStdString(r.sourceBranch)));
    if (r.pushed)
        setStep(QStringLiteral("push"), QStringLiteral("passed"), tr("pushed"));
    const core::MergeRequestInfo &mr = r.mergeRequest;
    const QString into = QString::fromStdString(r.targetBranch);
    if (mr.url) {
        m_url = QString::fromStdString(*mr.url);
        const QString what =
            mr.number ? tr("Merge request #%1").arg(*mr.number) : tr("Merge request");
        setStep(QStringLiteral("merge_request"), QStringLiteral("passed"),
                tr("%1 on %2").arg(what, QString::fromStdString(mr.provider)));
        m_result->setText(
            tr("Published. <a href=\"%1\">%2</a> into %3 is open for review.")
                .arg(m_url.toHtmlEscaped(), what.toHtmlEscaped(), into.toHtmlEscaped()));
    } else {
        setStep(QStringLiteral("merge_request"), QStringLiteral("passed"),
                tr("kept in Pipewright (the repository has no forge)"));
        m_result->setText(
            tr("Published. The branch %1 waits for review in Pipewright; merging it into %2 "
               "(Git merge) closes merge request %3.")
                .arg(QString::fromStdString(r.sourceBranch).toHtmlEscaped(), into.toHtmlEscaped(),
                     QString::fromStdString(mr.id).left(8).toHtmlEscaped()));
    }
    Q_EMIT published();
}

void PublishDialog::colourResult()
{
    QPalette p = m_result->palette();
    p.setColor(QPalette::WindowText, m_resultIsError ? canvasColors(palette()).error
                                                     : palette().color(QPalette::WindowText));
    m_result->setPalette(p);
}

void PublishDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange) {
        // The checklist's colours follow the switch between light and dark.
        for (int i = 0; i < m_steps->topLevelItemCount(); ++i) {
            const QTreeWidgetItem *row = m_steps->topLevelItem(i);
            setStep(row->data(0, kStepRole).toString(), row->data(0, kStateRole).toString(),
                    row->text(1));
        }
        colourResult();
    }
    QDialog::changeEvent(event);
}

void PublishDialog::cancel()
{
    if (!m_running)
        return;
    m_shared->cancel = true;
    // The job's cancel also stops python3 in the middle of its check.
    if (m_document && !m_jobId.empty())
        (void)m_document->core().jobs().cancel(m_document->actor(), m_jobId);
}

void PublishDialog::reject()
{
    if (m_running) {
        // Heard until the commit starts; after that the publish completes and the dialog stays.
        cancel();
        m_close->setEnabled(false);
        m_close->setText(tr("Cancelling…"));
        return;
    }
    QDialog::reject();
}

} // namespace pw::ui
