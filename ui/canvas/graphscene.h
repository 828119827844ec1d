#pragma once

#include <functional>
#include <map>

#include <QGraphicsScene>
#include <QHash>
#include <QTimer>

#include "core/layout/layeredlayout.h"
#include "core/run/runservice.h"
#include "core/spec/nodecatalog.h"
#include "core/spec/problem.h"
#include "core/spec/spec.h"
#include "core/spec/specdiff.h"
#include "items.h"
#include "ui/model/definitiondocument.h"
#include "ui/theme/theme.h"

class QGraphicsPathItem;
class QGraphicsSimpleTextItem;

namespace pw::ui {

// The canvas of one definition: node and edge items keyed by node id and (upstream,
// downstream), created, updated and removed only by showSpec(), which the tab calls with each
// spec core hands out. User gestures become signals, never model changes.
class GraphScene : public QGraphicsScene
{
    Q_OBJECT
public:
    explicit GraphScene(const core::NodeCatalog &catalog, QObject *parent = nullptr);
    ~GraphScene() override;

    const CanvasColors &colors() const { return m_colors; }
    void refreshColors();
    void setEditable(bool editable);
    bool isEditable() const { return m_editable; }

    // Brings the items in line with `spec` (adds, updates, moves and removes only what
    // differs) and marks nodes with problems.
    void showSpec(const core::Spec &spec, const core::Problems &problems);
    // Shows each task's state in `run` on its node (colour, attempt, duration); nodes the run
    // does not include show none. Null clears every state.
    void showRun(const core::RunInfo *run);
    // Draws routed bends for the edges of a fresh layout.
    void showRoutes(const core::Spec &spec, const core::LayoutResult &layout);
    // A read-only comparison: the union of both specs, coloured added, removed and changed as
    // core compared them. Unchanged nodes lose their type colours there, so no type colour
    // reads as a change when zoomed out.
    void showComparison(const core::Spec &from, const core::Spec &to,
                        const core::SpecComparison &diff,
                        const std::map<std::string, core::Position> &positions);
    bool isComparison() const { return m_comparison; }

    // Which way the graph runs, read from where its nodes are (more dependencies going down
    // than going right means top to bottom): node ports and new connections follow it.
    core::LayoutDirection flow() const { return m_flow; }

    // Asked while a connection is dragged over a node: why upstream → downstream would be
    // refused (shown at the pointer, and the drop does nothing), or an empty text.
    using ConnectionCheck =
        std::function<QString(const QString &upstream, const QString &downstream)>;
    void setConnectionCheck(ConnectionCheck check) { m_connectionCheck = std::move(check); }
    // The refusal shown at the pointer, or empty.
    QString connectionHint() const;
    QRectF connectionHintRect() const; // where it shows, in scene coordinates

    NodeItem *node(const QString &id) const { return m_nodes.value(id); }
    int nodeCount() const { return static_cast<int>(m_nodes.size()); }
    int edgeCount() const { return static_cast<int>(m_edges.size()); }
    QStringList selectedNodeIds() const;
    QStringList nodeIds() const;
    QList<EdgeItem *> selectedEdges() const;
    void selectNodes(const QStringList &ids);
    QRectF contentRect() const;
    // Far out, one overview item paints everything (see OverviewItem).
    void setOverviewMode(bool on);
    bool overviewMode() const { return m_overview != nullptr && m_overviewOn; }

Q_SIGNALS:
    void nodesMoved(const pw::ui::NodePositions &from, const pw::ui::NodePositions &to);
    void connectRequested(const QString &upstream, const QString &downstream);
    void nodeDoubleClicked(const QString &id);

protected:
    void mousePressEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseMoveEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseReleaseEvent(QGraphicsSceneMouseEvent *event) override;
    void mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event) override;

private:
    void growSceneRect();
    void updateFlow();
    void showConnectionHint(const QString &text, const QPointF &at);
    NodeItem *nodeAt(const QPointF &scenePos) const;
    void clearItems();
    void removeNode(const QString &id);
    void removeEdge(const QString &key);
    NodeItem *ensureNode(const core::Node &node);

    const core::NodeCatalog &m_catalog;
    bool m_sceneRectSet = false;
    CanvasColors m_colors;
    bool m_editable = true;
    bool m_comparison = false;
    core::LayoutDirection m_flow = core::LayoutDirection::LeftToRight;
    ConnectionCheck m_connectionCheck;
    QGraphicsItem *m_connectHint = nullptr;
    QGraphicsSimpleTextItem *m_connectHintText = nullptr;
    QTimer m_connectHintTimer;
    QHash<QString, NodeItem *> m_nodes;
    QHash<QString, EdgeItem *> m_edges;
    NodeItem *m_connectFrom = nullptr;
    QGraphicsPathItem *m_connectLine = nullptr;
    QHash<QString, QPointF> m_pressPositions;
    OverviewItem *m_overview = nullptr;
    QTimer m_overviewTimer;
    bool m_overviewOn = false;
};

} // namespace pw::ui

Q_DECLARE_METATYPE(pw::ui::NodePositions)
