#include "findbar.h"

#include <QCheckBox>
#include <QGridLayout>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>

#include <Qsci/qsciscintilla.h>

namespace pw::ui {

FindBar::FindBar(QsciScintilla *editor, QWidget *parent)
    : QWidget(parent), m_editor(editor), m_find(new QLineEdit(this)),
      m_replace(new QLineEdit(this)), m_regex(new QCheckBox(tr("Regex"), this)),
      m_word(new QCheckBox(tr("Whole word"), this)), m_case(new QCheckBox(tr("Match case"), this)),
      m_replaceRow(new QWidget(this)), m_result(new QLabel(this))
{
    setObjectName(QStringLiteral("findBar"));
    m_find->setObjectName(QStringLiteral("findText"));
    m_find->setPlaceholderText(tr("Find"));
    m_replace->setObjectName(QStringLiteral("replaceText"));
    m_replace->setPlaceholderText(tr("Replace with"));
    auto *next = new QPushButton(tr("Next"), this);
    auto *previous = new QPushButton(tr("Previous"), this);
    auto *close = new QPushButton(tr("Close"), this);
    auto *replace = new QPushButton(tr("Replace"), m_replaceRow);
    auto *replaceAllButton = new QPushButton(tr("Replace All"), m_replaceRow);
    auto *top = new QHBoxLayout;
    top->addWidget(m_find, 1);
    top->addWidget(previous);
    top->addWidget(next);
    top->addWidget(m_regex);
    top->addWidget(m_word);
    top->addWidget(m_case);
    top->addWidget(m_result);
    top->addWidget(close);
    auto *bottom = new QHBoxLayout(m_replaceRow);
    bottom->setContentsMargins(0, 0, 0, 0);
    bottom->addWidget(m_replace, 1);
    bottom->addWidget(replace);
    bottom->addWidget(replaceAllButton);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(6, 2, 6, 2);
    layout->setSpacing(2);
    layout->addLayout(top);
    layout->addWidget(m_replaceRow);
    connect(m_find, &QLineEdit::returnPressed, this, [this] { findNext(true); });
    connect(next, &QPushButton::clicked, this, [this] { findNext(true); });
    connect(previous, &QPushButton::clicked, this, [this] { findNext(false); });
    connect(replace, &QPushButton::clicked, this, &FindBar::replaceOne);
    connect(m_replace, &QLineEdit::returnPressed, this, &FindBar::replaceOne);
    connect(replaceAllButton, &QPushButton::clicked, this, &FindBar::replaceAll);
    connect(close, &QPushButton::clicked, this, [this] {
        hide();
        m_editor->setFocus();
    });
    hide();
}

void FindBar::open(bool replace)
{
    if (m_editor->hasSelectedText() && !m_editor->selectedText().contains(QLatin1Char('\n')))
        m_find->setText(m_editor->selectedText());
    m_replaceRow->setVisible(replace);
    m_result->clear();
    show();
    m_find->setFocus();
    m_find->selectAll();
}

void FindBar::setOptions(bool regex, bool wholeWord, bool caseSensitive)
{
    m_regex->setChecked(regex);
    m_word->setChecked(wholeWord);
    m_case->setChecked(caseSensitive);
}

bool FindBar::findNext(bool forward)
{
    if (m_find->text().isEmpty())
        return false;
    int line = 0, index = 0;
    m_editor->getCursorPosition(&line, &index);
    // Backwards starts before the current match, not inside it.
    if (!forward && m_editor->hasSelectedText()) {
        int l1, i1, l2, i2;
        m_editor->getSelection(&l1, &i1, &l2, &i2);
        line = l1;
        index = i1;
    }
    const bool found = m_editor->findFirst(m_find->text(), m_regex->isChecked(),
                                           m_case->isChecked(), m_word->isChecked(), true, forward,
                                           line, index, true, false, m_regex->isChecked());
    showResult(found);
    return found;
}

void FindBar::replaceOne()
{
    if (!m_editor->hasSelectedText() && !findNext(true))
        return;
    m_editor->replace(m_replace->text());
    findNext(true);
}

int FindBar::replaceAll()
{
    if (m_find->text().isEmpty())
        return 0;
    int count = 0;
    m_editor->beginUndoAction(); // one undo step for the whole replacement
    bool found = m_editor->findFirst(m_find->text(), m_regex->isChecked(), m_case->isChecked(),
                                     m_word->isChecked(), false, true, 0, 0, false, false,
                                     m_regex->isChecked());
    while (found) {
        m_editor->replace(m_replace->text());
        ++count;
        found = m_editor->findNext();
    }
    m_editor->endUndoAction();
    m_result->setText(tr("%n replaced", nullptr, count));
    return count;
}

void FindBar::showResult(bool found)
{
    m_result->setText(found ? QString() : tr("Not found"));
}

void FindBar::keyPressEvent(QKeyEvent *event)
{
    if (event->key() == Qt::Key_Escape) {
        hide();
        m_editor->setFocus();
        return;
    }
    QWidget::keyPressEvent(event);
}

} // namespace pw::ui
