#pragma once

#include <functional>
#include <string>

#include <QWidget>

class QLabel;
class QPushButton;
class QTableWidget;

namespace pw::core {
class AccessService;
class ChangeNotifier;
} // namespace pw::core

namespace pw::ui {

// Settings → API tokens: the local user's tokens (name, created, last used, expires; this window
// session's token marked), each revoked after a confirmation. Follows access changes.
class ApiTokensPage : public QWidget
{
    Q_OBJECT
public:
    ApiTokensPage(core::AccessService &access, core::ChangeNotifier &notifier, std::string userId,
                  std::string sessionTokenId, QWidget *parent = nullptr);

    void refresh();
    QTableWidget *table() const { return m_table; }
    QPushButton *revokeButton() const { return m_revoke; }
    QString message() const;
    // The token id shown in `row`.
    QString tokenId(int row) const;
    // Asks whether to revoke the named token (`current`: this window session's). The default
    // asks the user; tests answer for them.
    void setConfirm(std::function<bool(const QString &name, bool current)> confirm);
    // Revokes the selected token once confirmed; true when it was revoked.
    bool revokeSelected();

private:
    core::AccessService &m_access;
    std::string m_userId;
    std::string m_sessionTokenId;
    QTableWidget *m_table;
    QPushButton *m_revoke;
    QLabel *m_message;
    std::function<bool(const QString &, bool)> m_confirm;
};

} // namespace pw::ui
