#pragma once

#include <QWidget>

#include "core/layout/layeredlayout.h"
#include "ui/model/definitiondocument.h"

class QLineEdit;
class QLabel;
class QCompleter;
class QStringListModel;

namespace pw::ui {

class CanvasView;
class GraphScene;

// The canvas tab of one definition. Every gesture becomes one core mutation through the
// document (one version and one undo step; moves and layout change positions only); the scene
// changes only when the document reports what core now holds.
class DefinitionTab : public QWidget
{
    Q_OBJECT
public:
    explicit DefinitionTab(DefinitionDocument *document, QWidget *parent = nullptr);

    DefinitionDocument *document() const { return m_document; }
    GraphScene *scene() const { return m_scene; }
    CanvasView *view() const { return m_view; }
    QStringList selectedNodeIds() const;

    bool addNode(const QString &type, const QPointF &at);
    // Why a dependency upstream → downstream would be refused (core's answer, in words), or
    // an empty text.
    QString connectionRefusalText(const QString &upstream, const QString &downstream) const;
    bool connectNodes(const QString &upstream, const QString &downstream);
    bool deleteSelection();
    bool renameNode(const QString &id, const QString &label);
    void renameSelected();
    void copySelection();
    bool cutSelection();
    bool paste();
    void selectAll();
    void selectUpstream();
    void selectDownstream();
    bool autoLayout(core::LayoutDirection direction, bool keepSelection);
    bool exportImage(const QString &path);
    void focusSearch();
    bool findNode(const QString &text);
    void selectNode(const QString &id);

Q_SIGNALS:
    void selectionChanged();
    void statusMessage(const QString &message);
    void propertiesRequested();

private:
    void onDocumentChanged(const core::DefinitionPtr &previous, const core::DefinitionPtr &current);
    void onNodesMoved(const NodePositions &from, const NodePositions &to);
    void showContextMenu(const QPointF &scenePos, const QPoint &globalPos);
    void updateCompleter();
    QStringList reachable(bool downstream) const;

    DefinitionDocument *m_document;
    GraphScene *m_scene;
    CanvasView *m_view;
    QLineEdit *m_search;
    QLabel *m_zoomLabel;
    QStringListModel *m_completions;
    bool m_fitted = false;
};

} // namespace pw::ui
