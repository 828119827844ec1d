#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace pw::ui {

class DefinitionDocument;

// Search in the current definition's draft files: text or regular expression, case, whole
// words; results grouped by file, each line opening the file there.
class SearchPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SearchPanel(QWidget *parent = nullptr);

    void setDocument(DefinitionDocument *document);
    void focusQuery();
    // Runs the search; returns the number of results.
    int search(const QString &text);
    QTreeWidget *results() const { return m_results; }
    QLineEdit *query() const { return m_query; }

Q_SIGNALS:
    void openRequested(const QString &path, int line, int column);

private:
    QPointer<DefinitionDocument> m_document;
    QLineEdit *m_query;
    QCheckBox *m_regex;
    QCheckBox *m_case;
    QCheckBox *m_word;
    QLabel *m_summary;
    QTreeWidget *m_results;
};

} // namespace pw::ui
