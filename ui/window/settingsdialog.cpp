#include "settingsdialog.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSpinBox>
#include <QTabWidget>
#include <QVBoxLayout>

namespace pw::ui {

SettingsDialog::SettingsDialog(bool serverEnabled, int port, QWidget *parent)
    : QDialog(parent),
      m_enabled(new QCheckBox(tr("Serve the REST API while the window is open"), this)),
      m_port(new QSpinBox(this)), m_pages(new QTabWidget(this))
{
    setWindowTitle(tr("Settings"));
    m_enabled->setChecked(serverEnabled);
    m_port->setRange(1, 65535);
    m_port->setValue(port);
    m_port->setEnabled(serverEnabled);
    connect(m_enabled, &QCheckBox::toggled, m_port, &QSpinBox::setEnabled);
    auto *note = new QLabel(tr("The server listens on 127.0.0.1 only. Every request needs a token "
                               "(the status bar copies this window session's)."),
                            this);
    note->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(m_enabled);
    form->addRow(tr("Port"), m_port);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto *general = new QWidget(m_pages);
    auto *generalLayout = new QVBoxLayout(general);
    generalLayout->addLayout(form);
    generalLayout->addWidget(note);
    generalLayout->addStretch(1);
    m_pages->addTab(general, tr("General"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_pages);
    layout->addWidget(buttons);
}

void SettingsDialog::addPage(QWidget *page, const QString &title)
{
    m_pages->addTab(page, title);
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
