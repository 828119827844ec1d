#pragma once

#include <functional>

#include <QWidget>

#include "core/access/access.h"

class QLabel;
class QPushButton;
class QTableWidget;

namespace pw::core {
class ChangeNotifier;
class KnownHostService;
} // namespace pw::core

namespace pw::ui {

// Settings → Known hosts: the SSH host keys of a space with host, port, key type and fingerprint —
// trusted ones, pending ones (a connection met them and was refused), and the operator's
// known_hosts file. Trust on first use, shown to the user: a space admin accepts a pending key
// after a confirmation that shows its fingerprint, or removes a key. Follows known-host changes.
class KnownHostsPage : public QWidget
{
    Q_OBJECT
public:
    KnownHostsPage(core::KnownHostService &hosts, core::ChangeNotifier &notifier, core::Actor actor,
                   QWidget *parent = nullptr);

    void refresh();
    QTableWidget *table() const { return m_table; }
    QPushButton *acceptButton() const { return m_accept; }
    QPushButton *removeButton() const { return m_remove; }
    QString message() const;
    QString notes() const;
    // The row showing `fingerprint`, or -1.
    int rowOf(const QString &fingerprint) const;
    // Asks the user to confirm `question` (titled `title`). The default shows a question box;
    // tests answer for the user.
    void setConfirm(std::function<bool(const QString &title, const QString &question)> confirm);
    // Trusts the selected pending key once confirmed; true when it was accepted.
    bool acceptSelected();
    // Removes the selected key of the space once confirmed; true when it was removed.
    bool removeSelected();

protected:
    void changeEvent(QEvent *event) override;

private:
    void updateButtons();

    core::KnownHostService &m_hosts;
    core::Actor m_actor;
    QTableWidget *m_table;
    QPushButton *m_accept;
    QPushButton *m_remove;
    QLabel *m_message;
    QLabel *m_notes;
    std::function<bool(const QString &, const QString &)> m_confirm;
};

} // namespace pw::ui
