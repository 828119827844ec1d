#include "apitokenspage.h"

#include <QDateTime>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/access/accessservice.h"
#include "core/events/changenotifier.h"
#include "ui/model/errortext.h"

namespace pw::ui {

namespace {

enum Column
{
    Name,
    Created,
    LastUsed,
    Expires,
    ColumnCount
};

// A stored UTC time in the user's local time and locale.
QString localTime(const std::string &iso)
{
    const QDateTime at = QDateTime::fromString(QString::fromStdString(iso), Qt::ISODateWithMs);
    return at.isValid() ? QLocale().toString(at.toLocalTime(), QLocale::ShortFormat)
                        : QString::fromStdString(iso);
}

} // namespace

ApiTokensPage::ApiTokensPage(core::AccessService &access, core::ChangeNotifier &notifier,
                             std::string userId, std::string sessionTokenId, QWidget *parent)
    : QWidget(parent), m_access(access), m_userId(std::move(userId)),
      m_sessionTokenId(std::move(sessionTokenId)), m_table(new QTableWidget(0, ColumnCount, this)),
      m_revoke(new QPushButton(tr("Revoke…"), this)), m_message(new QLabel(this))
{
    setObjectName(QStringLiteral("apiTokensPage"));
    setMinimumSize(560, 240); // four columns without scrolling
    auto *intro = new QLabel(tr("API tokens let tools call the REST API as you. A revoked token "
                                "is refused from its next request. Last use is recorded to the "
                                "minute."),
                             this);
    intro->setWordWrap(true);
    m_table->setHorizontalHeaderLabels({tr("Name"), tr("Created"), tr("Last used"), tr("Expires")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setSectionResizeMode(Name, QHeaderView::Stretch);
    for (int c : {Created, LastUsed, Expires})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_revoke->setEnabled(false);
    m_message->setWordWrap(true);
    connect(m_table, &QTableWidget::itemSelectionChanged, this,
            [this] { m_revoke->setEnabled(!m_table->selectedItems().isEmpty()); });
    connect(m_revoke, &QPushButton::clicked, this, [this] { revokeSelected(); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_revoke);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addLayout(buttons);
    m_confirm = [this](const QString &name, bool current) {
        const QString text =
            current
                ? tr("Revoke “%1”? It is this window session's token: tools using it are "
                     "refused from their next request, and Copy token makes a new one.")
                      .arg(name)
                : tr("Revoke “%1”? Tools using it are refused from their next request.").arg(name);
        return QMessageBox::question(this, tr("Revoke API token"), text,
                                     QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    // Tokens issued or revoked anywhere in this process (the window, the API) show at once.
    connect(&notifier, &core::ChangeNotifier::changed, this, [this](const core::ChangeEvent &e) {
        if (e.kind == core::ChangeEvent::Kind::Access)
            refresh();
    });
    refresh();
}

void ApiTokensPage::setConfirm(std::function<bool(const QString &, bool)> confirm)
{
    m_confirm = std::move(confirm);
}

QString ApiTokensPage::message() const
{
    return m_message->text();
}

QString ApiTokensPage::tokenId(int row) const
{
    const QTableWidgetItem *item = m_table->item(row, Name);
    return item ? item->data(Qt::UserRole).toString() : QString();
}

void ApiTokensPage::refresh()
{
    const QString selected = tokenId(m_table->currentRow());
    auto tokens = m_access.ownTokens(core::Principal{m_userId, {}, m_sessionTokenId}, {0, 1000});
    if (!tokens) {
        m_message->setText(errorText(tokens.error()));
        return;
    }
    m_table->setRowCount(0);
    m_table->setRowCount(static_cast<int>(tokens->items.size()));
    int row = 0;
    for (const core::TokenInfo &token : tokens->items) {
        const bool current = token.id == m_sessionTokenId;
        const QString name = QString::fromStdString(token.name);
        auto *nameItem = new QTableWidgetItem(current ? tr("%1 (this window)").arg(name) : name);
        nameItem->setData(Qt::UserRole, QString::fromStdString(token.id));
        nameItem->setData(Qt::UserRole + 1, name);
        nameItem->setToolTip(current ? tr("The token Copy token puts on the clipboard") : name);
        const QString expires = !token.expiresAt ? tr("never")
                                : token.expired  ? tr("expired %1").arg(localTime(*token.expiresAt))
                                                 : localTime(*token.expiresAt);
        QTableWidgetItem *items[ColumnCount] = {
            nameItem, new QTableWidgetItem(localTime(token.createdAt)),
            new QTableWidgetItem(token.lastUsedAt ? localTime(*token.lastUsedAt) : tr("never")),
            new QTableWidgetItem(expires)};
        for (int c = 0; c < ColumnCount; ++c) {
            // Marks by font, not colour, so they read in any palette.
            QFont font = m_table->font();
            font.setBold(current);
            font.setItalic(token.expired);
            items[c]->setFont(font);
            m_table->setItem(row, c, items[c]);
        }
        if (QString::fromStdString(token.id) == selected)
            m_table->selectRow(row);
        ++row;
    }
    m_table->resizeRowsToContents(); // long names wrap instead of being cut
    m_revoke->setEnabled(!m_table->selectedItems().isEmpty());
    m_message->setText(tokens->items.empty() ? tr("You have no API tokens.") : QString());
}

bool ApiTokensPage::revokeSelected()
{
    const int row = m_table->currentRow();
    const QString id = tokenId(row);
    if (row < 0 || id.isEmpty() || m_table->selectedItems().isEmpty())
        return false;
    const bool current = id.toStdString() == m_sessionTokenId;
    if (!m_confirm(m_table->item(row, Name)->data(Qt::UserRole + 1).toString(), current))
        return false;
    auto revoked =
        m_access.revokeOwnToken(core::Principal{m_userId, {}, m_sessionTokenId}, id.toStdString());
    if (!revoked) {
        m_message->setText(errorText(revoked.error()));
        refresh();
        return false;
    }
    refresh(); // the access event refreshes too; this one does not wait for it
    m_message->setText(tr("Revoked “%1”.").arg(QString::fromStdString(revoked->name)));
    return true;
}

} // namespace pw::ui
