#pragma once

#include <functional>

#include <QStringList>
#include <QWidget>

#include "core/run/runnetwork.h"

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;

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

// The Settings page for local runs. Like the other pages it acts at once: each change goes to
// `apply` (the window, which hands it to core), and a list of hosts core's rule refuses is not
// sent but explained beside the field.
class LocalRunsPage : public QWidget
{
    Q_OBJECT
public:
    using Apply = std::function<bool(const LocalRunOptions &)>;
    LocalRunsPage(const LocalRunOptions &options, Apply apply, QWidget *parent = nullptr);

    LocalRunOptions options() const;

protected:
    void changeEvent(QEvent *event) override;

private:
    void send();
    void colourMessages();
    Apply m_apply;
    QCheckBox *m_unsandboxed;
    QComboBox *m_network;
    QLineEdit *m_hosts;
    QLabel *m_sandboxStatus;
    QLabel *m_hostsMessage;
    bool m_sandboxWorks = true;
};

} // namespace pw::ui
