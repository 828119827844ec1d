#include "settingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QVBoxLayout>

namespace pw::ui {

SettingsDialog::SettingsDialog(bool serverEnabled, int port, QWidget *parent)
    : QDialog(parent),
      m_enabled(new QCheckBox(tr("Serve the REST API while the window is open"), this)),
      m_port(new QSpinBox(this))
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
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(note);
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

} // namespace pw::ui
