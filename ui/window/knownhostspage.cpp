#include "knownhostspage.h"

#include <QEvent>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include "core/events/changenotifier.h"
#include "core/repository/knownhostservice.h"
#include "ui/model/errortext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

enum Column
{
    Host,
    Port,
    KeyType,
    Fingerprint,
    State,
    ColumnCount
};

// What a row holds besides its text: the entry's id (a space's) and its state.
constexpr int kIdRole = Qt::UserRole;
constexpr int kStateRole = Qt::UserRole + 1;

using Entry = core::KnownHostEntry;

QString stateText(const Entry &e)
{
    if (e.source == Entry::Source::Operator)
        return e.state == Entry::State::Revoked
                   ? KnownHostsPage::tr("Revoked (operator's file, line %1)").arg(e.line)
                   : KnownHostsPage::tr("Trusted (operator's file, line %1)").arg(e.line);
    return e.state == Entry::State::Pending ? KnownHostsPage::tr("Pending: not trusted")
                                            : KnownHostsPage::tr("Trusted");
}

} // namespace

KnownHostsPage::KnownHostsPage(core::KnownHostService &hosts, core::ChangeNotifier &notifier,
                               core::Actor actor, QWidget *parent)
    : QWidget(parent), m_hosts(hosts), m_actor(std::move(actor)),
      m_table(new QTableWidget(0, ColumnCount, this)),
      m_accept(new QPushButton(tr("Accept…"), this)),
      m_remove(new QPushButton(tr("Remove…"), this)), m_message(new QLabel(this)),
      m_notes(new QLabel(this))
{
    setObjectName(QStringLiteral("knownHostsPage"));
    setMinimumSize(800, 260); // a fingerprint and its host without scrolling
    auto *intro = new QLabel(
        tr("SSH host keys of the space “%1”. A connection to a host whose key is not trusted "
           "is refused, and the key it met waits here. Accept a key only after comparing its "
           "fingerprint with the one the server's operator gives you. Keys in the operator's "
           "known_hosts file apply to every space.")
            .arg(QString::fromStdString(m_actor.spaceSlug)),
        this);
    intro->setWordWrap(true);
    m_table->setHorizontalHeaderLabels(
        {tr("Host"), tr("Port"), tr("Key type"), tr("Fingerprint"), tr("State")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->setWordWrap(false); // a fingerprint is one word, whatever its slashes
    // A fingerprint is compared character by character: always shown whole.
    for (int c : {Host, Port, KeyType, Fingerprint})
        m_table->horizontalHeader()->setSectionResizeMode(c, QHeaderView::ResizeToContents);
    m_table->horizontalHeader()->setSectionResizeMode(State, QHeaderView::Stretch);
    m_message->setWordWrap(true);
    m_notes->setWordWrap(true);
    m_notes->setObjectName(QStringLiteral("knownHostsNotes"));
    m_accept->setToolTip(tr("Trust the selected pending key for its host and port"));
    m_remove->setToolTip(tr("Forget the selected key: its host is refused until a key is "
                            "accepted again"));
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &KnownHostsPage::updateButtons);
    connect(m_accept, &QPushButton::clicked, this, [this] { acceptSelected(); });
    connect(m_remove, &QPushButton::clicked, this, [this] { removeSelected(); });
    auto *buttons = new QHBoxLayout;
    buttons->addWidget(m_message, 1);
    buttons->addWidget(m_accept);
    buttons->addWidget(m_remove);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_notes);
    layout->addLayout(buttons);
    m_confirm = [this](const QString &title, const QString &question) {
        return QMessageBox::question(this, title, question, QMessageBox::Yes | QMessageBox::Cancel,
                                     QMessageBox::Cancel) == QMessageBox::Yes;
    };
    // Keys a connection met, or an admin accepted through the API, show at once.
    connect(&notifier, &core::ChangeNotifier::changed, this, [this](const core::ChangeEvent &e) {
        if (e.spaceId == m_actor.spaceId && e.action.starts_with("known_host."))
            refresh();
    });
    refresh();
}

void KnownHostsPage::setConfirm(std::function<bool(const QString &, const QString &)> confirm)
{
    m_confirm = std::move(confirm);
}

QString KnownHostsPage::message() const
{
    return m_message->text();
}

QString KnownHostsPage::notes() const
{
    return m_notes->text();
}

int KnownHostsPage::rowOf(const QString &fingerprint) const
{
    for (int row = 0; row < m_table->rowCount(); ++row) {
        if (m_table->item(row, Fingerprint)->text() == fingerprint)
            return row;
    }
    return -1;
}

void KnownHostsPage::refresh()
{
    const int current = m_table->currentRow();
    const QString selected = current >= 0 ? m_table->item(current, Fingerprint)->text() : QString();
    auto list = m_hosts.list(m_actor);
    if (!list) {
        m_message->setText(errorText(list.error()));
        return;
    }
    const QColor pending = canvasColors(palette()).warning;
    const QFont fixed = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    m_table->setRowCount(0);
    m_table->setRowCount(static_cast<int>(list->entries.size()));
    int row = 0;
    for (const Entry &e : list->entries) {
        const bool operatorFile = e.source == Entry::Source::Operator;
        auto *host =
            new QTableWidgetItem(QString::fromStdString(operatorFile ? e.hostPatterns : e.host));
        host->setData(kIdRole, e.id ? QString::fromStdString(*e.id) : QString());
        host->setData(kStateRole, static_cast<int>(e.state));
        auto *fingerprint = new QTableWidgetItem(QString::fromStdString(e.fingerprint));
        fingerprint->setFont(fixed);
        auto *state = new QTableWidgetItem(stateText(e));
        if (e.state != Entry::State::Trusted)
            state->setForeground(pending);
        m_table->setItem(row, Host, host);
        m_table->setItem(row, Port,
                         new QTableWidgetItem(operatorFile ? QString() : QString::number(e.port)));
        m_table->setItem(row, KeyType, new QTableWidgetItem(QString::fromStdString(e.keyType)));
        m_table->setItem(row, Fingerprint, fingerprint);
        m_table->setItem(row, State, state);
        ++row;
    }
    const QString none = tr("No SSH host keys yet: the first connection to an ssh:// remote "
                            "shows its server's key here.");
    if (list->entries.empty())
        m_message->setText(none);
    else if (m_message->text() == none)
        m_message->clear();
    QStringList notes;
    for (const std::string &note : list->notes)
        notes << QString::fromStdString(note);
    m_notes->setText(notes.isEmpty() ? QString()
                                     : tr("Skipped in the operator's known_hosts file: %1")
                                           .arg(notes.join(QStringLiteral("; "))));
    m_notes->setVisible(!notes.isEmpty());
    if (const int again = rowOf(selected); again >= 0)
        m_table->selectRow(again);
    updateButtons();
}

void KnownHostsPage::updateButtons()
{
    const int row = m_table->currentRow();
    const bool selected = row >= 0 && !m_table->selectedItems().isEmpty();
    const QTableWidgetItem *host = selected ? m_table->item(row, Host) : nullptr;
    const bool ofSpace = host && !host->data(kIdRole).toString().isEmpty();
    const bool admin = m_actor.role == core::Role::Admin;
    m_accept->setEnabled(admin && ofSpace &&
                         host->data(kStateRole).toInt() == static_cast<int>(Entry::State::Pending));
    m_remove->setEnabled(admin && ofSpace);
    if (!admin)
        m_accept->setToolTip(tr("Only the space's admins accept or remove host keys"));
}

bool KnownHostsPage::acceptSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_accept->isEnabled())
        return false;
    const QString host = m_table->item(row, Host)->text();
    const int port = m_table->item(row, Port)->text().toInt();
    const QString type = m_table->item(row, KeyType)->text();
    const QString fingerprint = m_table->item(row, Fingerprint)->text();
    const QString question =
        tr("Trust this %1 key for %2 (port %3)?\n\n%4\n\nCompare the fingerprint with the one "
           "the server's operator gives you. Connections of this space to the host then go "
           "ahead; a different key later is refused.")
            .arg(type, host)
            .arg(port)
            .arg(fingerprint);
    if (!m_confirm(tr("Accept SSH host key"), question))
        return false;
    auto accepted = m_hosts.accept(m_actor, host.toStdString(), port, fingerprint.toStdString());
    if (!accepted) {
        m_message->setText(errorText(accepted.error()));
        return false;
    }
    refresh();
    m_message->setText(tr("Trusted. Connect the repository again, or wait for its next fetch."));
    return true;
}

bool KnownHostsPage::removeSelected()
{
    const int row = m_table->currentRow();
    if (row < 0 || !m_remove->isEnabled())
        return false;
    const QTableWidgetItem *host = m_table->item(row, Host);
    const QString question =
        tr("Remove the %1 key %2 of %3 (port %4)? Connections to the host are refused until a "
           "key is accepted again.")
            .arg(m_table->item(row, KeyType)->text(), m_table->item(row, Fingerprint)->text(),
                 host->text(), m_table->item(row, Port)->text());
    if (!m_confirm(tr("Remove SSH host key"), question))
        return false;
    if (auto removed = m_hosts.remove(m_actor, host->data(kIdRole).toString().toStdString());
        !removed) {
        m_message->setText(errorText(removed.error()));
        return false;
    }
    refresh();
    m_message->setText(tr("Removed."));
    return true;
}

void KnownHostsPage::changeEvent(QEvent *event)
{
    // Pending keys are marked in the palette's warning colour, light or dark.
    if (event->type() == QEvent::PaletteChange)
        refresh();
    QWidget::changeEvent(event);
}

} // namespace pw::ui
