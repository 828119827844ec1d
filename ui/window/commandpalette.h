#pragma once

#include <QDialog>

class QLineEdit;
class QListWidget;
class QAction;

namespace pw::ui {

// Ctrl+Shift+P: every action of the window by name, filtered as you type; Enter runs it.
class CommandPalette : public QDialog
{
    Q_OBJECT
public:
    CommandPalette(const QList<QAction *> &actions, QWidget *parent = nullptr);
    void setFilter(const QString &text);
    int visibleCount() const;
    bool runCurrent();

protected:
    void showEvent(QShowEvent *event) override;
    bool eventFilter(QObject *watched, QEvent *event) override;

private:
    void refill();

    QList<QAction *> m_actions;
    QLineEdit *m_filter;
    QListWidget *m_list;
};

} // namespace pw::ui
