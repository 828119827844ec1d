#include "settingsdialog.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QEvent>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QLineEdit>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include "core/run/runsettings.h"
#include "ui/theme/theme.h"

namespace pw::ui {

SettingsDialog::SettingsDialog(bool serverEnabled, int port, const LocalRunOptions &runs,
                               QWidget *parent)
    : QDialog(parent),
      m_enabled(new QCheckBox(tr("Serve the REST API while the window is open"), this)),
      m_port(new QSpinBox(this)),
      m_unsandboxed(new QCheckBox(tr("Allow runs without a sandbox"), this)),
      m_network(new QComboBox(this)), m_hosts(new QLineEdit(this)),
      m_sandboxStatus(new QLabel(this)), m_hostsMessage(new QLabel(this)),
      m_sandboxWorks(runs.sandboxWorks)
{
    setWindowTitle(tr("Settings"));
    m_enabled->setChecked(serverEnabled);
    m_port->setRange(1, 65535);
    m_port->setValue(port);
    m_port->setEnabled(serverEnabled);
    connect(m_enabled, &QCheckBox::toggled, m_port, &QSpinBox::setEnabled);
    auto *note = new QLabel(tr("The server listens on 127.0.0.1 only. Every request needs a token "
                               "(the status bar copies a fresh one)."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(m_enabled);
    form->addRow(tr("Port"), m_port);

    auto *runsBox = new QGroupBox(tr("Local runs"), this);
    runsBox->setObjectName(QStringLiteral("localRuns"));
    m_sandboxStatus->setObjectName(QStringLiteral("sandboxStatus"));
    m_sandboxStatus->setWordWrap(true);
    m_sandboxStatus->setText(
        runs.sandboxWorks
            ? tr("Bash and Python tasks run in a bubblewrap sandbox: the system read-only, their "
                 "checkout the only place they write, no view of your home or the data folder.")
            : tr("Bubblewrap cannot start here, so runs with bash or Python tasks are refused: %1")
                  .arg(runs.sandboxStatus));
    m_unsandboxed->setObjectName(QStringLiteral("allowUnsandboxed"));
    m_unsandboxed->setChecked(runs.allowUnsandboxed);
    m_unsandboxed->setToolTip(
        tr("Only where bubblewrap cannot start: tasks then see this computer as Pipewright does, "
           "the data folder included. A working sandbox is always used. Each change is recorded "
           "in the audit log."));
    auto *unsandboxedNote =
        new QLabel(tr("Only used where bubblewrap cannot start. Unsandboxed tasks can read "
                      "everything Pipewright can. Recorded in the audit log."),
                   runsBox);
    unsandboxedNote->setWordWrap(true);
    unsandboxedNote->setForegroundRole(QPalette::PlaceholderText);
    m_network->setObjectName(QStringLiteral("runNetwork"));
    m_network->addItem(tr("This computer's network"), int(core::RunNetwork::Host));
    m_network->addItem(tr("No network"), int(core::RunNetwork::None));
    m_network->setCurrentIndex(runs.network == core::RunNetwork::Host ? 0 : 1);
    m_hosts->setObjectName(QStringLiteral("allowedHosts"));
    m_hosts->setText(runs.allowedHosts.join(QStringLiteral(", ")));
    m_hosts->setPlaceholderText(tr("for example 127.0.0.1, api.internal"));
    m_hosts->setToolTip(tr("HTTP tasks may reach these hosts even where they are this computer, "
                           "a private or a link-local address (and, without a network, only "
                           "these)."));
    m_hostsMessage->setObjectName(QStringLiteral("allowedHostsMessage"));
    m_hostsMessage->setWordWrap(true);
    // Room for a two-line message from the start: one never moves or clips the form.
    m_hostsMessage->setMinimumHeight(2 * m_hostsMessage->fontMetrics().lineSpacing() + 2);
    auto *runsForm = new QFormLayout(runsBox);
    runsForm->addRow(m_sandboxStatus);
    runsForm->addRow(m_unsandboxed);
    runsForm->addRow(unsandboxedNote);
    runsForm->addRow(tr("Network of the tasks"), m_network);
    runsForm->addRow(tr("HTTP tasks may also reach"), m_hosts);
    runsForm->addRow(m_hostsMessage);
    connect(m_hosts, &QLineEdit::textEdited, m_hostsMessage, &QLabel::clear);
    colourMessages();

    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
    layout->addWidget(runsBox);
    layout->addWidget(buttons);
}

bool SettingsDialog::serverEnabled() const
{
    return m_enabled->isChecked();
}
int SettingsDialog::port() const
{
    return m_port->value();
}

LocalRunOptions SettingsDialog::runOptions() const
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

void SettingsDialog::accept()
{
    for (const QString &host : runOptions().allowedHosts) {
        if (auto why = core::RunSettingsService::hostProblem(host.toStdString())) {
            m_hostsMessage->setText(QString::fromStdString(*why));
            m_hosts->setFocus();
            return;
        }
    }
    QDialog::accept();
}

// The hosts' message and a refused sandbox in the palette's error colour, again on every switch
// between light and dark.
void SettingsDialog::colourMessages()
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

void SettingsDialog::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        colourMessages();
    QDialog::changeEvent(event);
}

} // namespace pw::ui
