#pragma once

#include <optional>

#include <QWidget>

#include "core/spec/specdiff.h"
#include "ui/model/definitiondocument.h"

class QsciScintilla;
class QLabel;
class QSplitter;

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
    CanvasView *view() const { return m_view; }
    QsciScintilla *fromText() const { return m_left; }
    QsciScintilla *toText() const { return m_right; }
    QSplitter *splitter() const { return m_split; }
    QString summary() const;
    // What the selected node's change is: added, removed, unchanged, or the fields that changed.
    QString selectionDetail() const;

    // The window's zoom keys: the texts when one of them has focus, else the graph.
    void zoomIn();
    void zoomOut();
    void resetZoom();

protected:
    void changeEvent(QEvent *event) override;

private:
    void applyPalette();
    void showSelection();
    bool textHasFocus() const;

    GraphScene *m_scene;
    CanvasView *m_view;
    QsciScintilla *m_left;
    QsciScintilla *m_right;
    QLabel *m_summary;
    QLabel *m_detail;
    QSplitter *m_split = nullptr;
    core::SpecComparison m_changes;
    int m_fromNumber = 0;
    QString m_title;
    bool m_valid = false;
};

} // namespace pw::ui
