#pragma once

#include <QGraphicsItem>
#include <QHash>
#include <QPainterPath>
#include <QStaticText>
#include <QString>
#include <QVector>

namespace pw::ui {

class EdgeItem;
class GraphScene;

enum class DiffState
{
    None,
    Added,
    Removed,
    Changed
};

// A node card: a view of one model node, keyed by its id. It holds display text, never data
// that matters: the scene refreshes it from core change events.
class NodeItem : public QGraphicsItem
{
public:
    static constexpr qreal Width = 220;
    static constexpr qreal Height = 72;
    enum
    {
        Type = UserType + 1
    };

    explicit NodeItem(const QString &id);
    int type() const override { return Type; }
    const QString &id() const { return m_id; }

    // `nodeType` picks the colour; `typeLabel` (the catalog's name for it) is what the card says.
    void setContent(const QString &label, const QString &nodeType, const QString &typeLabel,
                    const QString &icon);
    void setProblems(int errors, int warnings);
    void setDiffState(DiffState state);
    // A run's state of this task (PENDING, RUNNING, COMPLETED, FAILED ... or empty: none shown)
    // and the short text beside it (attempt, duration).
    void setRunState(const QString &state, const QString &text);
    QString runState() const { return m_runState; }
    QString runText() const { return m_runText; }
    DiffState diffState() const { return m_diff; }
    QString label() const { return m_label; }
    QString nodeType() const { return m_type; }
    // The lines the card shows under its title (for tests and accessibility).
    QStringList detailLines() const;
    int errorCount() const { return m_errors; }
    int warningCount() const { return m_warnings; }

    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    // Where dependencies arrive and leave, in item coordinates: left and right when the graph
    // flows across, top and bottom when it flows down (see GraphScene::flow).
    QPointF inputPort() const;
    QPointF outputPort() const;
    bool flowsDown() const;
    bool onOutputHandle(const QPointF &scenePos) const;
    QPointF centre() const { return pos() + QPointF(Width / 2, Height / 2); }

    void addEdge(EdgeItem *edge) { m_edges.append(edge); }
    void removeEdge(EdgeItem *edge) { m_edges.removeAll(edge); }
    const QVector<EdgeItem *> &edges() const { return m_edges; }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override;

private:
    void layoutText();

    QString m_id;
    QString m_label;
    QString m_type;
    QString m_typeLabel;
    QString m_icon;
    // Laid out once per content change: painting a card draws prepared text only.
    QStaticText m_labelText;
    QStaticText m_labelTextWide; // without the icon column, for medium zoom
    QStaticText m_idText;        // empty when the title already is the id
    QStaticText m_typeText;      // empty when the title already says the type
    int m_errors = 0;
    int m_warnings = 0;
    DiffState m_diff = DiffState::None;
    QString m_runState;
    QString m_runText;
    QVector<EdgeItem *> m_edges;
};

// A dependency drawn as a curve with an arrow, from its upstream node to its downstream node,
// through the bend points of a layout route when there is one.
class EdgeItem : public QGraphicsItem
{
public:
    enum
    {
        Type = UserType + 2
    };

    EdgeItem(NodeItem *upstream, NodeItem *downstream);
    ~EdgeItem() override;
    int type() const override { return Type; }
    NodeItem *upstream() const { return m_upstream; }
    NodeItem *downstream() const { return m_downstream; }
    QString key() const;

    void setRoute(const QVector<QPointF> &points);
    void clearRoute();
    void setDiffState(DiffState state);
    DiffState diffState() const { return m_diff; }
    void updatePath();
    const QPainterPath &path() const { return m_path; }

    QRectF boundingRect() const override { return m_bounds; }
    QPainterPath shape() const override;
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;

    void detach() { m_upstream = m_downstream = nullptr; }

private:
    NodeItem *m_upstream;
    NodeItem *m_downstream;
    QVector<QPointF> m_route;
    QPainterPath m_path;
    QPolygonF m_polyline; // the path flattened once, so painting can skip what is out of view
    QPointF m_tip;
    QPointF m_tipDirection;
    QRectF m_bounds;
    DiffState m_diff = DiffState::None;
};

QString edgeKey(const QString &upstream, const QString &downstream);

// Below a zoom where cards are only coloured blocks, one item draws every node and edge in a
// few batched calls instead of twelve thousand items painting one by one.
class OverviewItem : public QGraphicsItem
{
public:
    explicit OverviewItem(GraphScene *scene);
    QRectF boundingRect() const override { return m_bounds; }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override;
    void rebuild();

private:
    GraphScene *m_graph;
    QRectF m_bounds;
    QHash<QRgb, QVector<QRectF>> m_rects; // by fill colour
    QVector<QRectF> m_selected;
    QHash<QRgb, QVector<QLineF>> m_lines; // by colour
};

} // namespace pw::ui
