#pragma once

#include <memory>
#include <optional>

#include <QPointer>
#include <QWidget>

#include "core/repository/repositoryservice.h"

class QCheckBox;
class QLabel;
class QLineEdit;
class QTreeWidget;

namespace pw::ui {

class DefinitionDocument;

// Search in the current definition's draft files: text or regular expression, case, whole
// words; results grouped by file, each line opening the file there. The search runs on core's
// job threads (the window never waits on it); a new one cancels the one still running.
class SearchPanel : public QWidget
{
    Q_OBJECT
public:
    explicit SearchPanel(QWidget *parent = nullptr);

    void setDocument(DefinitionDocument *document);
    void focusQuery();
    // Starts the search; `searched` follows with the number of results.
    void search(const QString &text);
    bool searching() const { return m_running != nullptr; }
    int resultCount() const { return m_count; }
    QTreeWidget *results() const { return m_results; }
    QLineEdit *query() const { return m_query; }

Q_SIGNALS:
    void openRequested(const QString &path, int line, int column);
    void searched(int count);

private:
    void start(const QString &text);
    void show(const core::Result<core::SearchResult> &found);

    QPointer<DefinitionDocument> m_document;
    QLineEdit *m_query;
    QCheckBox *m_regex;
    QCheckBox *m_case;
    QCheckBox *m_word;
    QLabel *m_summary;
    QTreeWidget *m_results;
    std::shared_ptr<core::TransientJob> m_running; // the search under way
    std::optional<QString> m_next;                 // asked for while another one ran
    int m_count = 0;
};

} // namespace pw::ui
