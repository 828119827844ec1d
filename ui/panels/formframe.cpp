#include "formframe.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

namespace pw::ui {

FormFrame buildFormFrame(QWidget *panel, const FormFrameTexts &texts, std::function<void()> apply,
                         std::function<void()> revert)
{
    FormFrame frame;
    frame.header = new QLabel(panel);
    frame.header->setWordWrap(true);
    frame.problems = new QLabel(panel);
    frame.problems->setWordWrap(true);
    frame.problems->setTextFormat(Qt::PlainText);
    frame.formBox = new QWidget;
    frame.form = new QFormLayout(frame.formBox);
    frame.form->setFieldGrowthPolicy(QFormLayout::AllNonFixedFieldsGrow);
    frame.form->setRowWrapPolicy(QFormLayout::WrapLongRows);
    auto *scroll = new QScrollArea(panel);
    scroll->setWidget(frame.formBox);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    frame.apply = new QPushButton(texts.apply, panel);
    frame.revert = new QPushButton(texts.revert, panel);
    frame.apply->setToolTip(texts.applyToolTip);
    frame.apply->setDefault(true);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch();
    buttons->addWidget(frame.revert);
    buttons->addWidget(frame.apply);
    auto *layout = new QVBoxLayout(panel);
    layout->setContentsMargins(6, 6, 6, 6);
    layout->addWidget(frame.header);
    layout->addWidget(scroll, 1);
    layout->addWidget(frame.problems);
    layout->addLayout(buttons);
    QObject::connect(frame.apply, &QPushButton::clicked, panel, apply);
    QObject::connect(frame.revert, &QPushButton::clicked, panel, std::move(revert));
    auto *shortcut = new QShortcut(QKeySequence(Qt::CTRL | Qt::Key_Return), panel, nullptr, nullptr,
                                   Qt::WidgetWithChildrenShortcut);
    QObject::connect(shortcut, &QShortcut::activated, panel, std::move(apply));
    panel->setMinimumWidth(300);
    return frame;
}

} // namespace pw::ui
