#include "items.h"

#include <QApplication>
#include <QFontMetricsF>
#include <QPainter>
#include <QPainterPathStroker>
#include <QPalette>
#include <QStyleOptionGraphicsItem>
#include <QtMath>

#include "graphscene.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

constexpr qreal kHandleRadius = 6;
constexpr qreal kCorner = 8;

const CanvasColors &colorsOf(const QGraphicsItem *item)
{
    static const CanvasColors fallback = canvasColors(QApplication::palette());
    if (auto *s = qobject_cast<GraphScene *>(item->scene()))
        return s->colors();
    return fallback;
}

QColor diffColor(DiffState state, const CanvasColors &c)
{
    switch (state) {
    case DiffState::Added: return c.added;
    case DiffState::Removed: return c.removed;
    case DiffState::Changed: return c.changed;
    case DiffState::None: break;
    }
    return {};
}

} // namespace

QString edgeKey(const QString &upstream, const QString &downstream)
{
    return upstream + QStringLiteral("->") + downstream;
}

NodeItem::NodeItem(const QString &id) : m_id(id)
{
    setFlags(ItemIsSelectable | ItemIsMovable | ItemSendsGeometryChanges);
    setCacheMode(NoCache);
    setZValue(1);
}

void NodeItem::setContent(const QString &label, const QString &nodeType, const QString &icon)
{
    if (label == m_label && nodeType == m_type && icon == m_icon)
        return;
    m_label = label;
    m_type = nodeType;
    m_icon = icon;
    update();
}

void NodeItem::setProblems(int errors, int warnings)
{
    if (errors == m_errors && warnings == m_warnings)
        return;
    m_errors = errors;
    m_warnings = warnings;
    update();
}

void NodeItem::setDiffState(DiffState state)
{
    if (state == m_diff)
        return;
    m_diff = state;
    update();
}

QRectF NodeItem::boundingRect() const
{
    return QRectF(-kHandleRadius - 2, -10, Width + 2 * kHandleRadius + 4, Height + 14);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRect(QRectF(0, 0, Width + kHandleRadius, Height));
    return path;
}

bool NodeItem::onOutputHandle(const QPointF &scenePos) const
{
    const QPointF local = mapFromScene(scenePos);
    return QLineF(local, QPointF(Width, Height / 2)).length() <= kHandleRadius + 4;
}

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasColors &c = colorsOf(this);
    const QPalette palette = scene() ? scene()->palette() : QApplication::palette();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF card(0, 0, Width, Height);
    const QColor accent = typeColor(m_type, palette);
    const QColor diff = diffColor(m_diff, c);

    if (lod < 0.3) {
        // Far away: a block in the type's colour is all the eye can use.
        painter->fillRect(card, isSelected() ? c.selection : (diff.isValid() ? diff : accent));
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPen border(isSelected() ? c.selection : (diff.isValid() ? diff : c.nodeBorder), isSelected() || diff.isValid() ? 2.5 : 1.2);
    if (m_diff == DiffState::Removed)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    painter->setBrush(m_diff == DiffState::Removed ? c.nodeFill.darker(isDark(palette) ? 110 : 103) : c.nodeFill);
    painter->drawRoundedRect(card, kCorner, kCorner);
    // The type's colour as a strip on the left edge.
    QPainterPath strip;
    strip.addRoundedRect(QRectF(0, 0, 10, Height), kCorner, kCorner);
    QPainterPath clip;
    clip.addRect(QRectF(0, 0, 5, Height));
    painter->fillPath(strip.intersected(clip), accent);

    const qreal left = 14;
    if (lod >= 0.42) {
        const QRectF iconRect(left, 10, 22, 22);
        typeIcon(m_icon).paint(painter, iconRect.toRect());
    }
    QFont font = painter->font();
    font.setBold(true);
    font.setPointSizeF(10);
    painter->setFont(font);
    painter->setPen(c.nodeText);
    const qreal textLeft = lod >= 0.42 ? left + 30 : left;
    const QRectF labelRect(textLeft, 8, Width - textLeft - 24, 24);
    painter->drawText(labelRect, Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetricsF(font).elidedText(m_label.isEmpty() ? m_id : m_label, Qt::ElideRight, labelRect.width()));
    if (lod >= 0.42) {
        QFont small = painter->font();
        small.setBold(false);
        small.setPointSizeF(8);
        small.setFamily(QStringLiteral("monospace"));
        painter->setFont(small);
        painter->setPen(c.nodeSubtext);
        const QRectF idRect(left, 38, Width - left - 12, 14);
        painter->drawText(idRect, Qt::AlignVCenter | Qt::AlignLeft, QFontMetricsF(small).elidedText(m_id, Qt::ElideMiddle, idRect.width()));
        const QRectF typeRect(left, 52, Width - left - 12, 14);
        painter->drawText(typeRect, Qt::AlignVCenter | Qt::AlignLeft, m_type);
    }
    // Problem marker: a badge on the top right corner.
    if (m_errors || m_warnings) {
        const QColor badge = m_errors ? c.error : c.warning;
        const QRectF mark(Width - 18, -8, 22, 18);
        painter->setPen(Qt::NoPen);
        painter->setBrush(badge);
        painter->drawRoundedRect(mark, 9, 9);
        QFont bold = painter->font();
        bold.setBold(true);
        bold.setPointSizeF(8);
        bold.setFamily(QString());
        painter->setFont(bold);
        painter->setPen(Qt::white);
        painter->drawText(mark, Qt::AlignCenter, QString::number(m_errors ? m_errors : m_warnings));
    }
    // Ports: an input on the left, the output handle to drag connections from on the right.
    if (lod >= 0.45) {
        painter->setPen(QPen(c.nodeBorder, 1.2));
        painter->setBrush(c.nodeFill);
        painter->drawEllipse(QPointF(0, Height / 2), 4, 4);
        painter->setPen(QPen(c.handle, 1.5));
        painter->setBrush(isSelected() ? c.handle : c.nodeFill);
        painter->drawEllipse(QPointF(Width, Height / 2), kHandleRadius, kHandleRadius);
    }
}

QVariant NodeItem::itemChange(GraphicsItemChange change, const QVariant &value)
{
    if (change == ItemPositionHasChanged) {
        for (EdgeItem *edge : std::as_const(m_edges)) {
            edge->clearRoute();
            edge->updatePath();
        }
    }
    return QGraphicsItem::itemChange(change, value);
}

EdgeItem::EdgeItem(NodeItem *upstream, NodeItem *downstream) : m_upstream(upstream), m_downstream(downstream)
{
    setFlags(ItemIsSelectable);
    setZValue(0);
    upstream->addEdge(this);
    downstream->addEdge(this);
    updatePath();
}

EdgeItem::~EdgeItem()
{
    if (m_upstream)
        m_upstream->removeEdge(this);
    if (m_downstream)
        m_downstream->removeEdge(this);
}

QString EdgeItem::key() const { return edgeKey(m_upstream->id(), m_downstream->id()); }

void EdgeItem::setRoute(const QVector<QPointF> &points)
{
    m_route = points;
    updatePath();
}

void EdgeItem::clearRoute()
{
    m_route.clear();
}

void EdgeItem::setDiffState(DiffState state)
{
    m_diff = state;
    update();
}

void EdgeItem::updatePath()
{
    if (!m_upstream || !m_downstream)
        return;
    prepareGeometryChange();
    const QPointF up = m_upstream->pos();
    const QPointF down = m_downstream->pos();
    // Leave from the side facing the other node: right to left when the flow runs across,
    // bottom to top when it runs down.
    const QPointF delta = m_downstream->centre() - m_upstream->centre();
    const bool across = std::abs(delta.x()) >= std::abs(delta.y()) * 0.6 || !m_route.isEmpty();
    QPointF start;
    QPointF end;
    QPointF outward;
    if (across) {
        start = up + QPointF(NodeItem::Width, NodeItem::Height / 2);
        end = down + QPointF(0, NodeItem::Height / 2);
        outward = QPointF(1, 0);
    } else {
        start = up + QPointF(NodeItem::Width / 2, delta.y() >= 0 ? NodeItem::Height : 0);
        end = down + QPointF(NodeItem::Width / 2, delta.y() >= 0 ? 0 : NodeItem::Height);
        outward = QPointF(0, delta.y() >= 0 ? 1 : -1);
    }
    QPainterPath path(start);
    QVector<QPointF> points;
    points.reserve(m_route.size() + 2);
    points.append(start);
    points.append(m_route);
    points.append(end);
    // Smooth curves between consecutive points: horizontal (or vertical) tangents at each one.
    for (int i = 0; i + 1 < points.size(); ++i) {
        const QPointF a = points[i];
        const QPointF b = points[i + 1];
        const qreal reach = across ? std::max<qreal>(40, std::abs(b.x() - a.x()) / 2)
                                   : std::max<qreal>(40, std::abs(b.y() - a.y()) / 2);
        const QPointF c1 = a + outward * reach;
        const QPointF c2 = b - outward * reach;
        path.cubicTo(c1, c2, b);
    }
    m_path = path;
    m_tip = end;
    m_tipDirection = outward;
    m_bounds = path.boundingRect().adjusted(-8, -8, 8, 8);
    update();
}

QPainterPath EdgeItem::shape() const
{
    QPainterPathStroker stroker;
    stroker.setWidth(10);
    return stroker.createStroke(m_path);
}

void EdgeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasColors &c = colorsOf(this);
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    QColor colour = isSelected() ? c.selection : c.edge;
    if (m_diff != DiffState::None)
        colour = m_diff == DiffState::Added ? c.added : (m_diff == DiffState::Removed ? c.removed : c.changed);
    if (lod < 0.3) {
        painter->setPen(QPen(colour, 0));
        painter->drawLine(m_path.elementAt(0), m_tip);
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPen pen(colour, isSelected() || m_diff != DiffState::None ? 2.6 : 1.6);
    if (m_diff == DiffState::Removed)
        pen.setStyle(Qt::DashLine);
    painter->setPen(pen);
    painter->setBrush(Qt::NoBrush);
    painter->drawPath(m_path);
    // Arrowhead at the downstream end.
    const QPointF back = -m_tipDirection * 10;
    const QPointF side(-m_tipDirection.y() * 5, m_tipDirection.x() * 5);
    QPolygonF head;
    head << m_tip << m_tip + back + side << m_tip + back - side;
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawPolygon(head);
}

} // namespace pw::ui
