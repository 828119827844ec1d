#pragma once

#include <QDialog>

class QCheckBox;
class QSpinBox;

namespace pw::ui {

// Window settings: whether the embedded API server runs, and on which port.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    SettingsDialog(bool serverEnabled, int port, QWidget *parent = nullptr);
    bool serverEnabled() const;
    int port() const;

private:
    QCheckBox *m_enabled;
    QSpinBox *m_port;
};

} // namespace pw::ui
