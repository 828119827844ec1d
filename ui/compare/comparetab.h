#pragma once

#include <optional>

#include <QWidget>

#include "ui/model/definitiondocument.h"

class QsciScintilla;
class QLabel;

namespace pw::ui {

class GraphScene;
class CanvasView;

// Two versions of a definition side by side: the graph with added nodes and edges green,
// removed red and changed amber (positions are ignored), and the canonical text of each, with
// the differing lines marked.
class CompareTab : public QWidget
{
    Q_OBJECT
public:
    CompareTab(DefinitionDocument *document, const std::string &fromVersionId,
               const std::optional<std::string> &toVersionId, QWidget *parent = nullptr);

    bool isValid() const { return m_valid; }
    QString title() const { return m_title; }
    GraphScene *scene() const { return m_scene; }
    QString summary() const;

private:
    GraphScene *m_scene;
    CanvasView *m_view;
    QsciScintilla *m_left;
    QsciScintilla *m_right;
    QLabel *m_summary;
    QString m_title;
    bool m_valid = false;
};

} // namespace pw::ui
