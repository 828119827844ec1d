#pragma once

#include <QDialog>
#include <QStringList>

#include "core/run/runnetwork.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSpinBox;

namespace pw::ui {

// What the window's user decides for local runs on this machine: runs without a sandbox where
// bubblewrap cannot start (off by default), and the network of the desktop space's tasks.
struct LocalRunOptions
{
    bool allowUnsandboxed = false;
    core::RunNetwork network = core::RunNetwork::Host;
    QStringList allowedHosts;
    // Shown, not edited: whether bubblewrap works here, and if not, why.
    bool sandboxWorks = true;
    QString sandboxStatus;
};

// Window settings: whether the embedded API server runs, and on which port; how local runs of
// the desktop space are confined.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(bool serverEnabled, int port, const LocalRunOptions &runs,
                   QWidget *parent = nullptr);
    bool serverEnabled() const;
    int port() const;
    LocalRunOptions runOptions() const;

    // Checks the allowed hosts (core's rule) and accepts, or says what is wrong and stays open.
    void accept() override;

protected:
    void changeEvent(QEvent *event) override;

private:
    void colourMessages();
    QCheckBox *m_enabled;
    QSpinBox *m_port;
    QCheckBox *m_unsandboxed;
    QComboBox *m_network;
    QLineEdit *m_hosts;
    QLabel *m_sandboxStatus;
    QLabel *m_hostsMessage;
    bool m_sandboxWorks = true;
};

} // namespace pw::ui
