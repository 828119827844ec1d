#include "commandpalette.h"

#include <QAction>
#include <QKeyEvent>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace pw::ui {

CommandPalette::CommandPalette(const QList<QAction *> &actions, QWidget *parent)
    : QDialog(parent, Qt::Popup), m_actions(actions), m_filter(new QLineEdit(this)),
      m_list(new QListWidget(this))
{
    setWindowTitle(tr("Command palette"));
    m_filter->setPlaceholderText(tr("Type a command"));
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(m_filter);
    layout->addWidget(m_list);
    resize(520, 380);
    m_filter->installEventFilter(this);
    connect(m_filter, &QLineEdit::textChanged, this, &CommandPalette::refill);
    connect(m_list, &QListWidget::itemActivated, this, [this] { runCurrent(); });
    refill();
}

void CommandPalette::showEvent(QShowEvent *event)
{
    QDialog::showEvent(event);
    // Typing goes to the filter the moment the palette opens.
    activateWindow();
    m_filter->setFocus(Qt::PopupFocusReason);
}

void CommandPalette::setFilter(const QString &text)
{
    m_filter->setText(text);
}

int CommandPalette::visibleCount() const
{
    return m_list->count();
}

void CommandPalette::refill()
{
    m_list->clear();
    // Every word typed must appear in the command's name, in any order.
    const QStringList words = m_filter->text().split(QLatin1Char(' '), Qt::SkipEmptyParts);
    for (QAction *action : std::as_const(m_actions)) {
        QString name = action->text();
        name.remove(QLatin1Char('&'));
        bool match = true;
        for (const QString &w : words)
            match = match && name.contains(w, Qt::CaseInsensitive);
        if (!match)
            continue;
        const QString shortcut = action->shortcut().toString(QKeySequence::NativeText);
        auto *item = new QListWidgetItem(
            shortcut.isEmpty() ? name : name + QStringLiteral("    ") + shortcut, m_list);
        item->setData(Qt::UserRole, QVariant::fromValue(static_cast<QObject *>(action)));
        if (!action->isEnabled())
            item->setFlags(item->flags() & ~Qt::ItemIsEnabled);
    }
    for (int i = 0; i < m_list->count(); ++i) {
        if (m_list->item(i)->flags() & Qt::ItemIsEnabled) {
            m_list->setCurrentRow(i);
            break;
        }
    }
}

bool CommandPalette::runCurrent()
{
    QListWidgetItem *item = m_list->currentItem();
    if (!item || !(item->flags() & Qt::ItemIsEnabled))
        return false;
    auto *action = qobject_cast<QAction *>(item->data(Qt::UserRole).value<QObject *>());
    accept();
    if (action)
        action->trigger();
    return action != nullptr;
}

bool CommandPalette::eventFilter(QObject *watched, QEvent *event)
{
    if (watched == m_filter && event->type() == QEvent::KeyPress) {
        auto *key = static_cast<QKeyEvent *>(event);
        if (key->key() == Qt::Key_Down || key->key() == Qt::Key_Up) {
            const int step = key->key() == Qt::Key_Down ? 1 : -1;
            m_list->setCurrentRow(std::clamp(m_list->currentRow() + step, 0, m_list->count() - 1));
            return true;
        }
        if (key->key() == Qt::Key_Return || key->key() == Qt::Key_Enter) {
            runCurrent();
            return true;
        }
    }
    return QDialog::eventFilter(watched, event);
}

} // namespace pw::ui
