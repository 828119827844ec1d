#include "localrunspage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QVBoxLayout>

#include "core/run/runsettings.h"
#include "ui/theme/theme.h"

namespace pw::ui {

LocalRunsPage::LocalRunsPage(const LocalRunOptions &options, Apply apply, QWidget *parent)
    : QWidget(parent), m_apply(std::move(apply)),
      m_unsandboxed(new QCheckBox(tr("Allow runs without a sandbox"), this)),
      m_network(new QComboBox(this)), m_hosts(new QLineEdit(this)),
      m_sandboxStatus(new QLabel(this)), m_hostsMessage(new QLabel(this)),
      m_sandboxWorks(options.sandboxWorks)
{
    setObjectName(QStringLiteral("localRuns"));
    m_sandboxStatus->setObjectName(QStringLiteral("sandboxStatus"));
    m_sandboxStatus->setWordWrap(true);
    m_sandboxStatus->setText(
        options.sandboxWorks
            ? tr("Bash and Python tasks run in a bubblewrap sandbox: the system read-only, their "
                 "checkout the only place they write, no view of your home or the data folder.")
            : tr("Bubblewrap cannot start here, so runs with bash or Python tasks are refused: %1")
                  .arg(options.sandboxStatus));
    m_unsandboxed->setObjectName(QStringLiteral("allowUnsandboxed"));
    m_unsandboxed->setChecked(options.allowUnsandboxed);
    m_unsandboxed->setToolTip(
        tr("Only where bubblewrap cannot start: tasks then see this computer as Pipewright does, "
           "the data folder included. A working sandbox is always used. Each change is recorded "
           "in the audit log."));
    auto *unsandboxedNote =
        new QLabel(tr("Only used where bubblewrap cannot start. Unsandboxed tasks can read "
                      "everything Pipewright can. Recorded in the audit log."),
                   this);
    unsandboxedNote->setWordWrap(true);
    unsandboxedNote->setForegroundRole(QPalette::PlaceholderText);
    m_network->setObjectName(QStringLiteral("runNetwork"));
    m_network->addItem(tr("This computer's network"), int(core::RunNetwork::Host));
    m_network->addItem(tr("No network"), int(core::RunNetwork::None));
    m_network->setCurrentIndex(options.network == core::RunNetwork::Host ? 0 : 1);
    m_hosts->setObjectName(QStringLiteral("allowedHosts"));
    m_hosts->setText(options.allowedHosts.join(QStringLiteral(", ")));
    m_hosts->setPlaceholderText(tr("for example 127.0.0.1, api.internal"));
    m_hosts->setToolTip(tr("HTTP tasks may reach these hosts even where they are this computer, "
                           "a private or a link-local address (and, without a network, only "
                           "these)."));
    m_hostsMessage->setObjectName(QStringLiteral("allowedHostsMessage"));
    m_hostsMessage->setWordWrap(true);
    // Room for a two-line message from the start: one never moves or clips the form.
    m_hostsMessage->setMinimumHeight(2 * m_hostsMessage->fontMetrics().lineSpacing() + 2);
    auto *box = new QGroupBox(tr("Local runs"), this);
    auto *outer = new QVBoxLayout(this);
    outer->setContentsMargins(0, 0, 0, 0);
    outer->addWidget(box);
    auto *form = new QFormLayout(box);
    form->addRow(m_sandboxStatus);
    form->addRow(m_unsandboxed);
    form->addRow(unsandboxedNote);
    form->addRow(tr("Network of the tasks"), m_network);
    form->addRow(tr("HTTP tasks may also reach"), m_hosts);
    form->addRow(m_hostsMessage);
    colourMessages();
    connect(m_unsandboxed, &QCheckBox::toggled, this, &LocalRunsPage::send);
    connect(m_network, &QComboBox::currentIndexChanged, this, &LocalRunsPage::send);
    connect(m_hosts, &QLineEdit::editingFinished, this, &LocalRunsPage::send);
    connect(m_hosts, &QLineEdit::textEdited, m_hostsMessage, &QLabel::clear);
}

LocalRunOptions LocalRunsPage::options() const
{
    LocalRunOptions out;
    out.allowUnsandboxed = m_unsandboxed->isChecked();
    out.network = core::RunNetwork(m_network->currentData().toInt());
    for (const QString &host :
         m_hosts->text().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts))
        out.allowedHosts << host;
    out.sandboxWorks = m_sandboxWorks;
    return out;
}

// Hands the page's state to the window, unless a host breaks core's rule: then the field says
// why and nothing is sent.
void LocalRunsPage::send()
{
    const LocalRunOptions wanted = options();
    for (const QString &host : wanted.allowedHosts) {
        if (auto why = core::RunSettingsService::hostProblem(host.toStdString())) {
            m_hostsMessage->setText(QString::fromStdString(*why));
            return;
        }
    }
    m_hostsMessage->clear();
    if (m_apply)
        m_apply(wanted);
}

// The hosts' message and a refused sandbox in the palette's error colour, again on every switch
// between light and dark.
void LocalRunsPage::colourMessages()
{
    const QColor error = canvasColors(palette()).error;
    for (QLabel *label : {m_hostsMessage, m_sandboxStatus}) {
        if (label == m_sandboxStatus && m_sandboxWorks)
            continue;
        QPalette p = label->palette();
        p.setColor(QPalette::WindowText, error);
        label->setPalette(p);
    }
}

void LocalRunsPage::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        colourMessages();
    QWidget::changeEvent(event);
}

} // namespace pw::ui
