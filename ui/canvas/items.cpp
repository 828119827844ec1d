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
    case DiffState::Added:
        return c.added;
    case DiffState::Removed:
        return c.removed;
    case DiffState::Changed:
        return c.changed;
    case DiffState::None:
        break;
    }
    return {};
}

// The colour that stands for a node from afar: its change in a comparison (unchanged nodes are
// neutral there, so a green task type never reads as "added"), else its type's colour.
QColor accentOf(const NodeItem *node, const QPalette &palette)
{
    const auto *scene = qobject_cast<const GraphScene *>(node->scene());
    const CanvasColors &c = colorsOf(node);
    if (const QColor diff = diffColor(node->diffState(), c); diff.isValid())
        return diff;
    if (scene && scene->isComparison())
        return c.nodeBorder;
    return typeColor(node->nodeType(), palette);
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

void NodeItem::setContent(const QString &label, const QString &nodeType, const QString &typeLabel,
                          const QString &icon)
{
    if (label == m_label && nodeType == m_type && typeLabel == m_typeLabel && icon == m_icon &&
        !m_labelText.text().isEmpty())
        return;
    m_label = label;
    m_type = nodeType;
    m_typeLabel = typeLabel;
    m_icon = icon;
    layoutText();
    update();
}

namespace {
QFont cardFont(int kind)
{
    QFont font = QApplication::font();
    if (kind == 0) {
        font.setBold(true);
        font.setPointSizeF(10);
    } else {
        font.setPointSizeF(8);
        font.setFamily(QStringLiteral("monospace"));
    }
    return font;
}
} // namespace

void NodeItem::layoutText()
{
    auto prepare = [](QStaticText &text, const QString &value, const QFont &font, qreal width,
                      Qt::TextElideMode mode) {
        text.setText(QFontMetricsF(font).elidedText(value, mode, width));
        text.setTextFormat(Qt::PlainText);
        text.setPerformanceHint(QStaticText::AggressiveCaching);
        text.prepare(QTransform(), font);
    };
    // Title, id, type: each said once (a new node titled "SQL query" of type SQL query shows
    // its id under the title and no type line; an unlabelled node's title is its id).
    const QString shown = m_label.isEmpty() ? m_id : m_label;
    const QString type = m_typeLabel.isEmpty() ? m_type : m_typeLabel;
    prepare(m_labelText, shown, cardFont(0), Width - 14 - 30 - 24, Qt::ElideRight);
    prepare(m_labelTextWide, shown, cardFont(0), Width - 14 - 24, Qt::ElideRight);
    prepare(m_idText, shown == m_id ? QString() : m_id, cardFont(1), Width - 14 - 12,
            Qt::ElideMiddle);
    prepare(m_typeText, type == shown ? QString() : type, cardFont(1), Width - 14 - 12,
            Qt::ElideRight);
}

QStringList NodeItem::detailLines() const
{
    QStringList lines;
    for (const QStaticText *text : {&m_idText, &m_typeText}) {
        if (!text->text().isEmpty())
            lines.append(text->text());
    }
    return lines;
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
    // The card, the problem badge above it and a port on any side.
    return QRectF(-kHandleRadius - 2, -10, Width + 2 * kHandleRadius + 4,
                  Height + 10 + kHandleRadius + 2);
}

QPainterPath NodeItem::shape() const
{
    QPainterPath path;
    path.addRect(flowsDown() ? QRectF(0, 0, Width, Height + kHandleRadius)
                             : QRectF(0, 0, Width + kHandleRadius, Height));
    return path;
}

bool NodeItem::flowsDown() const
{
    const auto *s = qobject_cast<const GraphScene *>(scene());
    return s && s->flow() == core::LayoutDirection::TopToBottom;
}

QPointF NodeItem::inputPort() const
{
    return flowsDown() ? QPointF(Width / 2, 0) : QPointF(0, Height / 2);
}

QPointF NodeItem::outputPort() const
{
    return flowsDown() ? QPointF(Width / 2, Height) : QPointF(Width, Height / 2);
}

bool NodeItem::onOutputHandle(const QPointF &scenePos) const
{
    const QPointF local = mapFromScene(scenePos);
    return QLineF(local, outputPort()).length() <= kHandleRadius + 4;
}

void NodeItem::setRunState(const QString &state, const QString &text)
{
    if (state == m_runState && text == m_runText)
        return;
    m_runState = state;
    m_runText = text;
    update();
}

namespace {

// A run state's colour: green done, red failed, orange not run for a failure, blue running,
// grey waiting or skipped.
QColor runStateColor(const QString &state, bool dark)
{
    if (state == QLatin1String("COMPLETED"))
        return dark ? QColor(0x4c, 0xc3, 0x6b) : QColor(0x1e, 0x8e, 0x3e);
    if (state == QLatin1String("FAILED"))
        return dark ? QColor(0xf2, 0x6b, 0x6b) : QColor(0xc6, 0x28, 0x28);
    if (state == QLatin1String("UPSTREAM_FAILED"))
        return dark ? QColor(0xf0, 0xa0, 0x50) : QColor(0xd0, 0x6b, 0x00);
    if (state == QLatin1String("RUNNING"))
        return dark ? QColor(0x5a, 0xa9, 0xf5) : QColor(0x15, 0x65, 0xc0);
    if (state == QLatin1String("QUEUED"))
        return dark ? QColor(0x8f, 0xa8, 0xc8) : QColor(0x5c, 0x7a, 0x9e);
    return dark ? QColor(0x90, 0x90, 0x90) : QColor(0x80, 0x80, 0x80);
}

} // namespace

void NodeItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *)
{
    const CanvasColors &c = colorsOf(this);
    const QPalette palette = scene() ? scene()->palette() : QApplication::palette();
    const qreal lod = option->levelOfDetailFromTransform(painter->worldTransform());
    const QRectF card(0, 0, Width, Height);
    const QColor diff = diffColor(m_diff, c);
    const QColor accent = accentOf(this, palette);

    if (lod < 0.4) {
        // Far away: a block in the type's colour (in a comparison, the change's) is all the eye
        // can use. A removed node is an outline, so it differs by shape as well as colour.
        if (isSelected()) {
            painter->fillRect(card, c.selection);
        } else if (m_diff == DiffState::Removed) {
            painter->fillRect(card, QBrush(accent, Qt::BDiagPattern));
            painter->setPen(QPen(accent, 0));
            painter->setBrush(Qt::NoBrush);
            painter->drawRect(card);
        } else {
            painter->fillRect(card, accent);
        }
        return;
    }
    painter->setRenderHint(QPainter::Antialiasing, true);
    QPen border(isSelected() ? c.selection : (diff.isValid() ? diff : c.nodeBorder),
                isSelected() || diff.isValid() ? 2.5 : 1.2);
    if (m_diff == DiffState::Removed)
        border.setStyle(Qt::DashLine);
    painter->setPen(border);
    painter->setBrush(m_diff == DiffState::Removed ? c.nodeFill.darker(isDark(palette) ? 110 : 103)
                                                   : c.nodeFill);
    painter->drawRoundedRect(card, kCorner, kCorner);
    // The type's colour as a strip on the left edge.
    QPainterPath strip;
    strip.addRoundedRect(QRectF(0, 0, 10, Height), kCorner, kCorner);
    QPainterPath clip;
    clip.addRect(QRectF(0, 0, 5, Height));
    painter->fillPath(strip.intersected(clip), accent);

    const qreal left = 14;
    const bool detailed = lod >= 0.42;
    if (detailed) {
        const QRectF iconRect(left, 10, 22, 22);
        typeIcon(m_icon).paint(painter, iconRect.toRect());
    }
    painter->setPen(c.nodeText);
    painter->setFont(cardFont(0));
    const QStaticText &label = detailed ? m_labelText : m_labelTextWide;
    painter->drawStaticText(QPointF(detailed ? left + 30 : left, 20 - label.size().height() / 2),
                            label);
    if (detailed) {
        painter->setFont(cardFont(1));
        painter->setPen(c.nodeSubtext);
        if (m_idText.text().isEmpty()) {
            painter->drawStaticText(QPointF(left, 38), m_typeText);
        } else {
            painter->drawStaticText(QPointF(left, 38), m_idText);
            painter->drawStaticText(QPointF(left, 52), m_typeText);
        }
    }
    // Run state: a bar along the bottom in the state's colour, and its text at the bottom right.
    if (!m_runState.isEmpty()) {
        const QColor color = runStateColor(m_runState, isDark(palette));
        painter->setPen(Qt::NoPen);
        painter->setBrush(color);
        painter->drawRect(QRectF(5, Height - 4, Width - 5, 4));
        if (detailed && !m_runText.isEmpty()) {
            painter->setFont(cardFont(1));
            painter->setPen(color);
            painter->drawText(QRectF(Width - 120, Height - 20, 112, 14),
                              Qt::AlignRight | Qt::AlignVCenter, m_runText);
        }
    }
    // Problem marker: a badge on the top right corner.
    if (m_errors || m_warnings) {
        const QColor badge = m_errors ? c.error : c.warning;
        const QRectF mark(Width - 18, -8, 22, 18);
        painter->setPen(Qt::NoPen);
        painter->setBrush(badge);
        painter->drawRoundedRect(mark, 9, 9);
        QFont bold = QApplication::font();
        bold.setBold(true);
        bold.setPointSizeF(8);
        painter->setFont(bold);
        painter->setPen(Qt::white);
        painter->drawText(mark, Qt::AlignCenter, QString::number(m_errors ? m_errors : m_warnings));
    }
    // Ports: an input where dependencies arrive, the output handle to drag connections from
    // where they leave.
    if (lod >= 0.45) {
        painter->setPen(QPen(c.nodeBorder, 1.2));
        painter->setBrush(c.nodeFill);
        painter->drawEllipse(inputPort(), 4, 4);
        painter->setPen(QPen(c.handle, 1.5));
        painter->setBrush(isSelected() ? c.handle : c.nodeFill);
        painter->drawEllipse(outputPort(), kHandleRadius, kHandleRadius);
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

EdgeItem::EdgeItem(NodeItem *upstream, NodeItem *downstream)
    : m_upstream(upstream), m_downstream(downstream)
{
    setFlags(ItemIsSelectable | ItemUsesExtendedStyleOption);
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

QString EdgeItem::key() const
{
    return edgeKey(m_upstream->id(), m_downstream->id());
}

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
    // Routed bends come from a layout, which ran in the scene's flow. Otherwise the flow's sides
    // unless the nodes clearly sit the other way (distances measured in card sizes when the
    // graph runs down, since cards are three times wider than tall).
    const bool flowsDown = m_upstream->flowsDown();
    const bool across =
        !m_route.isEmpty()
            ? !flowsDown
            : (flowsDown ? std::abs(delta.y()) * (NodeItem::Width / NodeItem::Height) <
                               std::abs(delta.x()) * 0.6
                         : std::abs(delta.x()) >= std::abs(delta.y()) * 0.6);
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
    m_polyline = path.toSubpathPolygons().value(0);
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
        colour = m_diff == DiffState::Added
                     ? c.added
                     : (m_diff == DiffState::Removed ? c.removed : c.changed);
    if (lod < 0.4) {
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
    // Only the part of the curve in view is stroked: an edge crossing the whole canvas would
    // otherwise cost its full length on every frame.
    const QRectF exposed = option->exposedRect.adjusted(-4, -4, 4, 4);
    if (exposed.contains(m_bounds)) {
        painter->drawPolyline(m_polyline);
    } else {
        thread_local QVector<QLineF> visible;
        visible.clear();
        for (qsizetype i = 0; i + 1 < m_polyline.size(); ++i) {
            const QLineF segment(m_polyline[i], m_polyline[i + 1]);
            if (QRectF(segment.p1(), segment.p2())
                    .normalized()
                    .adjusted(-1, -1, 1, 1)
                    .intersects(exposed))
                visible.append(segment);
        }
        painter->drawLines(visible.constData(), static_cast<int>(visible.size()));
    }
    // Arrowhead at the downstream end.
    const QPointF back = -m_tipDirection * 10;
    const QPointF side(-m_tipDirection.y() * 5, m_tipDirection.x() * 5);
    QPolygonF head;
    head << m_tip << m_tip + back + side << m_tip + back - side;
    painter->setPen(Qt::NoPen);
    painter->setBrush(colour);
    painter->drawPolygon(head);
}

OverviewItem::OverviewItem(GraphScene *scene) : m_graph(scene)
{
    setZValue(5);
    setAcceptedMouseButtons(Qt::NoButton);
    setFlag(ItemIsSelectable, false);
}

void OverviewItem::rebuild()
{
    prepareGeometryChange();
    m_rects.clear();
    m_selected.clear();
    m_lines.clear();
    const QPalette palette = m_graph->palette();
    QRectF bounds;
    for (QGraphicsItem *item : m_graph->items()) {
        if (item == this)
            continue;
        if (item->type() == NodeItem::Type) {
            auto *node = static_cast<NodeItem *>(item);
            const QRectF rect(node->pos(), QSizeF(NodeItem::Width, NodeItem::Height));
            if (node->isSelected())
                m_selected.append(rect);
            else
                m_rects[accentOf(node, palette).rgb()].append(rect);
            bounds |= rect;
        } else if (item->type() == EdgeItem::Type) {
            auto *edge = static_cast<EdgeItem *>(item);
            if (edge->upstream() && edge->downstream()) {
                const QColor diff = diffColor(edge->diffState(), m_graph->colors());
                m_lines[diff.isValid() ? diff.rgb() : m_graph->colors().edge.rgb()].append(
                    QLineF(edge->upstream()->centre(), edge->downstream()->centre()));
            }
        }
    }
    m_bounds = bounds.adjusted(-10, -10, 10, 10);
    update();
}

void OverviewItem::paint(QPainter *painter, const QStyleOptionGraphicsItem *, QWidget *)
{
    const CanvasColors &c = m_graph->colors();
    painter->setRenderHint(QPainter::Antialiasing, false);
    for (auto it = m_lines.cbegin(); it != m_lines.cend(); ++it) {
        painter->setPen(QPen(QColor::fromRgb(it.key()), 0));
        painter->drawLines(it.value().constData(), static_cast<int>(it.value().size()));
    }
    painter->setPen(Qt::NoPen);
    for (auto it = m_rects.cbegin(); it != m_rects.cend(); ++it) {
        painter->setBrush(QColor::fromRgb(it.key()));
        painter->drawRects(it.value().constData(), static_cast<int>(it.value().size()));
    }
    painter->setBrush(c.selection);
    painter->drawRects(m_selected.constData(), static_cast<int>(m_selected.size()));
}

} // namespace pw::ui
