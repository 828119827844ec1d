#pragma once

#include <QDialog>

class QCheckBox;
class QSpinBox;
class QTabWidget;

namespace pw::ui {

// Window settings: whether the embedded API server runs, and on which port (General), and the
// pages added to it (API tokens).
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(bool serverEnabled, int port, QWidget *parent = nullptr);
    bool serverEnabled() const;
    int port() const;
    // A page of its own (the dialog takes it); pages act at once, not on OK.
    void addPage(QWidget *page, const QString &title);
    QTabWidget *pages() const { return m_pages; }

private:
    QCheckBox *m_enabled;
    QSpinBox *m_port;
    QTabWidget *m_pages;
};

} // namespace pw::ui
