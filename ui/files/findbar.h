#pragma once

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QsciScintilla;

namespace pw::ui {

// Find and replace over one code editor: text or regular expression, whole words, case; next,
// previous, replace, replace all. Escape closes it and gives the editor its focus back.
class FindBar : public QWidget
{
    Q_OBJECT
public:
    FindBar(QsciScintilla *editor, QWidget *parent = nullptr);

    // Shows the bar, with the replace row when `replace`; the selection becomes the search text.
    void open(bool replace);
    bool findNext(bool forward = true);
    int replaceAll();
    void setOptions(bool regex, bool wholeWord, bool caseSensitive);
    QLineEdit *findField() const { return m_find; }
    QLineEdit *replaceField() const { return m_replace; }

protected:
    void keyPressEvent(QKeyEvent *event) override;

private:
    void replaceOne();
    void showResult(bool found);

    QsciScintilla *m_editor;
    QLineEdit *m_find;
    QLineEdit *m_replace;
    QCheckBox *m_regex;
    QCheckBox *m_word;
    QCheckBox *m_case;
    QWidget *m_replaceRow;
    QLabel *m_result;
};

} // namespace pw::ui
