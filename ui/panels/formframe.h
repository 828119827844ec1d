#pragma once

#include <functional>

#include <QString>

class QFormLayout;
class QLabel;
class QPushButton;
class QWidget;

namespace pw::ui {

// The frame the form panels (properties, deployment) share: a header, the form in a scroll
// area, a problems line and Revert / Apply, with Ctrl+Return applying while focus is in the
// panel. Built into `panel`'s own layout.
struct FormFrame
{
    QLabel *header = nullptr;
    QWidget *formBox = nullptr;
    QFormLayout *form = nullptr;
    QLabel *problems = nullptr;
    QPushButton *apply = nullptr;
    QPushButton *revert = nullptr;
};

// `texts`: the Apply button, its tooltip and the Revert button, translated by the panel.
struct FormFrameTexts
{
    QString apply;
    QString applyToolTip;
    QString revert;
};
FormFrame buildFormFrame(QWidget *panel, const FormFrameTexts &texts, std::function<void()> apply,
                         std::function<void()> revert);

} // namespace pw::ui
