#include "graphscene.h"

#include <QDateTime>

#include <QApplication>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsSceneMouseEvent>
#include <QGraphicsSimpleTextItem>
#include <QGraphicsView>
#include <QSet>

#include "core/spec/specdiff.h"

namespace pw::ui {

GraphScene::GraphScene(const core::NodeCatalog &catalog, QObject *parent)
    : QGraphicsScene(parent), m_catalog(catalog)
{
    qRegisterMetaType<pw::ui::NodePositions>();
    setItemIndexMethod(BspTreeIndex);
    refreshColors();
    // A refusal stays at the drop point a moment after the drop, long enough to read.
    m_connectHintTimer.setSingleShot(true);
    m_connectHintTimer.setInterval(4000);
    connect(&m_connectHintTimer, &QTimer::timeout, this, [this] { showConnectionHint({}, {}); });
}

GraphScene::~GraphScene()
{
    // Deleting selected items would report selection changes to listeners half torn down.
    blockSignals(true);
    clearItems();
    delete m_overview;
}

void GraphScene::setOverviewMode(bool on)
{
    if (on == m_overviewOn)
        return;
    m_overviewOn = on;
    if (!m_overview) {
        m_overview = new OverviewItem(this);
        addItem(m_overview);
        // Keep the overview current while it shows: rebuilt a moment after the scene changes.
        connect(this, &QGraphicsScene::changed, this, [this] {
            if (m_overviewOn && !m_overviewTimer.isActive())
                m_overviewTimer.start();
        });
        connect(this, &QGraphicsScene::selectionChanged, this, [this] {
            if (m_overviewOn)
                m_overview->rebuild();
        });
        m_overviewTimer.setSingleShot(true);
        m_overviewTimer.setInterval(100);
        connect(&m_overviewTimer, &QTimer::timeout, this, [this] {
            if (m_overviewOn)
                m_overview->rebuild();
        });
    }
    // Hidden items leave the view's per-frame traversal altogether (contentless ones would
    // still be visited). Selection and hit tests are not needed at this distance.
    // Selected nodes stay (hidden items cannot be selected in Qt).
    for (NodeItem *item : std::as_const(m_nodes))
        item->setVisible(!on || item->isSelected());
    for (EdgeItem *item : std::as_const(m_edges))
        item->setVisible(!on);
    if (on)
        m_overview->rebuild();
    m_overview->setVisible(on);
}

// Edges unlink themselves from their nodes when deleted, so they must go first.
void GraphScene::clearItems()
{
    qDeleteAll(m_edges);
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
}

void GraphScene::refreshColors()
{
    setPalette(QApplication::palette());
    m_colors = canvasColors(palette());
    setBackgroundBrush(m_colors.background);
    update();
}

void GraphScene::setEditable(bool editable)
{
    m_editable = editable;
    for (NodeItem *item : std::as_const(m_nodes))
        item->setFlag(QGraphicsItem::ItemIsMovable, editable);
}

NodeItem *GraphScene::ensureNode(const core::Node &node)
{
    const QString id = QString::fromStdString(node.id);
    NodeItem *item = m_nodes.value(id);
    if (!item) {
        item = new NodeItem(id);
        item->setFlag(QGraphicsItem::ItemIsMovable, m_editable);
        item->setVisible(!m_overviewOn);
        addItem(item);
        m_nodes.insert(id, item);
    }
    const core::NodeType *type = m_catalog.find(node.type);
    item->setContent(QString::fromStdString(node.label), QString::fromStdString(node.type),
                     type ? QString::fromStdString(type->label) : QString(),
                     type ? QString::fromStdString(type->icon) : QStringLiteral("task"));
    return item;
}

void GraphScene::removeNode(const QString &id)
{
    NodeItem *item = m_nodes.take(id);
    if (!item)
        return;
    const QVector<EdgeItem *> edges = item->edges();
    for (EdgeItem *edge : edges)
        removeEdge(edge->key());
    delete item;
}

void GraphScene::removeEdge(const QString &key)
{
    delete m_edges.take(key);
}

void GraphScene::showRun(const core::RunInfo *run)
{
    QHash<QString, const core::TaskRunInfo *> tasks;
    if (run) {
        for (const core::TaskRunInfo &t : run->tasks)
            tasks.insert(QString::fromStdString(t.nodeId), &t);
    }
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
        const core::TaskRunInfo *t = tasks.value(it.key());
        if (!t) {
            it.value()->setRunState({}, {});
            continue;
        }
        QString text;
        const QDateTime from =
            t->startedAt
                ? QDateTime::fromString(QString::fromStdString(*t->startedAt), Qt::ISODateWithMs)
                : QDateTime();
        const QDateTime to =
            t->finishedAt
                ? QDateTime::fromString(QString::fromStdString(*t->finishedAt), Qt::ISODateWithMs)
                : QDateTime::currentDateTimeUtc();
        const QString seconds =
            from.isValid() ? tr("%1 s").arg(from.msecsTo(to) / 1000.0, 0, 'f', 1) : QString();
        const QString attempt = t->maxAttempts > 1 && t->attempt > 0
                                    ? tr("try %1/%2").arg(t->attempt).arg(t->maxAttempts)
                                    : QString();
        switch (t->state) {
        case core::TaskState::Completed:
            text = QStringLiteral("✓ ") + seconds;
            break;
        case core::TaskState::Failed:
            text = QStringLiteral("✗ ") + (attempt.isEmpty() ? seconds : attempt);
            break;
        case core::TaskState::Running:
            text = QStringLiteral("▶ ") + (attempt.isEmpty() ? tr("running") : attempt);
            break;
        case core::TaskState::Queued:
            text = attempt.isEmpty() ? tr("queued") : tr("retry after %1").arg(attempt);
            break;
        case core::TaskState::UpstreamFailed:
            text = tr("upstream failed");
            break;
        case core::TaskState::Skipped:
            text = tr("skipped");
            break;
        case core::TaskState::Cancelled:
            text = tr("cancelled");
            break;
        case core::TaskState::Pending:
            text = tr("pending");
            break;
        }
        it.value()->setRunState(QString::fromUtf8(core::taskStateName(t->state)), text);
    }
}

void GraphScene::showSpec(const core::Spec &spec, const core::Problems &problems)
{
    QSet<QString> present;
    present.reserve(static_cast<qsizetype>(spec.nodes.size()));
    for (const core::Node &node : spec.nodes) {
        if (node.malformed || node.id.empty())
            continue;
        NodeItem *item = ensureNode(node);
        present.insert(item->id());
        if (node.position && !m_pressPositions.contains(item->id())) {
            const QPointF at(node.position->x, node.position->y);
            if (item->pos() != at)
                item->setPos(at);
        }
        item->setDiffState(DiffState::None);
    }
    const QList<QString> ids = m_nodes.keys();
    for (const QString &id : ids) {
        if (!present.contains(id))
            removeNode(id);
    }
    QSet<QString> edgeKeys;
    for (const core::Edge &e : spec.edges) {
        const QString up = QString::fromStdString(e.upstream);
        const QString down = QString::fromStdString(e.downstream);
        const QString key = edgeKey(up, down);
        edgeKeys.insert(key);
        if (m_edges.contains(key))
            continue;
        NodeItem *a = m_nodes.value(up);
        NodeItem *b = m_nodes.value(down);
        if (!a || !b)
            continue;
        auto *edge = new EdgeItem(a, b);
        edge->setVisible(!m_overviewOn);
        addItem(edge);
        m_edges.insert(key, edge);
    }
    const QList<QString> keys = m_edges.keys();
    for (const QString &key : keys) {
        if (!edgeKeys.contains(key))
            removeEdge(key);
    }
    QHash<QString, QPair<int, int>> counts;
    for (const core::Problem &p : problems) {
        if (p.nodeId.empty())
            continue;
        auto &c = counts[QString::fromStdString(p.nodeId)];
        (p.isError() ? c.first : c.second)++;
    }
    for (NodeItem *item : std::as_const(m_nodes)) {
        const auto c = counts.value(item->id());
        item->setProblems(c.first, c.second);
    }
    updateFlow();
    growSceneRect();
}

void GraphScene::updateFlow()
{
    // The axis along which dependencies keep going forward: in a left-to-right layout every
    // edge goes right (by a layer or more) while it may go up or down by any amount (a wide
    // layer makes most edges steeper than they are long); top to bottom, the other way round.
    int right = 0;
    int down = 0;
    for (const EdgeItem *edge : std::as_const(m_edges)) {
        if (!edge->upstream() || !edge->downstream())
            continue;
        const QPointF delta = edge->downstream()->centre() - edge->upstream()->centre();
        right += delta.x() >= NodeItem::Width / 2 ? 1 : 0;
        down += delta.y() >= NodeItem::Height / 2 ? 1 : 0;
    }
    const core::LayoutDirection flow =
        down > right ? core::LayoutDirection::TopToBottom : core::LayoutDirection::LeftToRight;
    if (flow == m_flow)
        return;
    m_flow = flow;
    for (NodeItem *item : std::as_const(m_nodes))
        item->update();
    for (EdgeItem *edge : std::as_const(m_edges))
        edge->updatePath();
}

QString GraphScene::connectionHint() const
{
    return m_connectHint && m_connectHint->isVisible() ? m_connectHintText->text() : QString();
}

QRectF GraphScene::connectionHintRect() const
{
    if (!m_connectHint || !m_connectHint->isVisible() || views().isEmpty())
        return {};
    // The label ignores the view's scale: its size is in view pixels.
    const QGraphicsView *view = views().front();
    const QPoint origin = view->mapFromScene(m_connectHint->pos());
    return view->mapToScene(QRect(origin, m_connectHint->boundingRect().size().toSize()))
        .boundingRect();
}

void GraphScene::showConnectionHint(const QString &text, const QPointF &at)
{
    if (text.isEmpty()) {
        if (m_connectHint)
            m_connectHint->hide();
        return;
    }
    if (!m_connectHint) {
        // A label beside the pointer, the same size at every zoom.
        auto *box = new QGraphicsRectItem();
        box->setFlag(QGraphicsItem::ItemIgnoresTransformations);
        box->setZValue(20);
        m_connectHintText = new QGraphicsSimpleTextItem(box);
        m_connectHintText->setPos(8, 5);
        addItem(box);
        m_connectHint = box;
    }
    auto *box = static_cast<QGraphicsRectItem *>(m_connectHint);
    m_connectHintText->setText(text);
    m_connectHintText->setBrush(palette().color(QPalette::ToolTipText));
    m_connectHintText->setFont(QApplication::font());
    box->setRect(QRectF(QPointF(0, 0), m_connectHintText->boundingRect().size() + QSizeF(16, 10)));
    box->setBrush(palette().color(QPalette::ToolTipBase));
    box->setPen(QPen(m_colors.error, 1.5));
    // Beside the pointer, flipped to its other side where the viewport would cut it.
    if (QGraphicsView *view = views().isEmpty() ? nullptr : views().front()) {
        const QPoint pointer = view->mapFromScene(at);
        const QSize size = box->rect().size().toSize();
        const QRect area = view->viewport()->rect().adjusted(4, 4, -4, -4);
        int x = pointer.x() + 14;
        if (x + size.width() > area.right())
            x = std::max(area.left(), pointer.x() - 14 - size.width());
        int y = pointer.y() + 14;
        if (y + size.height() > area.bottom())
            y = std::max(area.top(), pointer.y() - 14 - size.height());
        box->setPos(view->mapToScene(QPoint(x, y)));
    } else {
        box->setPos(at);
    }
    box->show();
}

void GraphScene::showRoutes(const core::Spec &spec, const core::LayoutResult &layout)
{
    for (size_t i = 0; i < spec.edges.size() && i < layout.routes.size(); ++i) {
        EdgeItem *edge = m_edges.value(edgeKey(QString::fromStdString(spec.edges[i].upstream),
                                               QString::fromStdString(spec.edges[i].downstream)));
        if (!edge)
            continue;
        QVector<QPointF> points;
        for (const core::Position &p : layout.routes[i])
            points.append(QPointF(p.x, p.y));
        edge->setRoute(points);
    }
}

void GraphScene::showComparison(const core::Spec &from, const core::Spec &to,
                                const core::SpecComparison &diff,
                                const std::map<std::string, core::Position> &positions)
{
    setEditable(false);
    m_comparison = true;
    clearItems();
    QSet<QString> added;
    QSet<QString> removed;
    QSet<QString> changed;
    for (const auto &id : diff.nodesAdded)
        added.insert(QString::fromStdString(id));
    for (const auto &id : diff.nodesRemoved)
        removed.insert(QString::fromStdString(id));
    for (const auto &c : diff.nodesChanged)
        changed.insert(QString::fromStdString(c.id));
    auto place = [&](const core::Node &node) {
        NodeItem *item = ensureNode(node);
        const auto at = positions.find(node.id);
        if (at != positions.end())
            item->setPos(at->second.x, at->second.y);
        item->setDiffState(added.contains(item->id())     ? DiffState::Added
                           : removed.contains(item->id()) ? DiffState::Removed
                           : changed.contains(item->id()) ? DiffState::Changed
                                                          : DiffState::None);
    };
    for (const core::Node &node : to.nodes)
        place(node);
    for (const core::Node &node : from.nodes) {
        if (removed.contains(QString::fromStdString(node.id)))
            place(node);
    }
    auto addEdge = [&](const core::Edge &e, DiffState state) {
        const QString up = QString::fromStdString(e.upstream);
        const QString down = QString::fromStdString(e.downstream);
        NodeItem *a = m_nodes.value(up);
        NodeItem *b = m_nodes.value(down);
        const QString key = edgeKey(up, down);
        if (!a || !b || m_edges.contains(key))
            return;
        auto *edge = new EdgeItem(a, b);
        edge->setDiffState(state);
        addItem(edge);
        m_edges.insert(key, edge);
    };
    QSet<QString> addedEdges;
    for (const auto &e : diff.edgesAdded)
        addedEdges.insert(
            edgeKey(QString::fromStdString(e.upstream), QString::fromStdString(e.downstream)));
    for (const core::Edge &e : to.edges)
        addEdge(e, addedEdges.contains(edgeKey(QString::fromStdString(e.upstream),
                                               QString::fromStdString(e.downstream)))
                       ? DiffState::Added
                       : DiffState::None);
    for (const core::Edge &e : diff.edgesRemoved)
        addEdge(e, DiffState::Removed);
    growSceneRect();
}

// The scene rect only grows while it is shown: one that shrank or moved would shift what the
// user is looking at when a node is added, moved or removed.
void GraphScene::growSceneRect()
{
    // Room around the graph, so the view can always scroll (a scene smaller than the viewport
    // is centred by Qt, and moves whenever it grows).
    constexpr qreal kRoom = 3000;
    const QRectF content = contentRect().adjusted(-kRoom, -kRoom, kRoom, kRoom);
    if (!m_sceneRectSet || !sceneRect().contains(content))
        setSceneRect(m_sceneRectSet ? sceneRect().united(content) : content);
    m_sceneRectSet = true;
}

QRectF GraphScene::contentRect() const
{
    QRectF rect;
    for (NodeItem *item : std::as_const(m_nodes))
        rect |= QRectF(item->pos(), QSizeF(NodeItem::Width, NodeItem::Height));
    if (rect.isNull())
        rect = QRectF(0, 0, 800, 600);
    return rect.adjusted(-400, -300, 400, 300);
}

QStringList GraphScene::selectedNodeIds() const
{
    QStringList ids;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == NodeItem::Type)
            ids.append(static_cast<NodeItem *>(item)->id());
    }
    ids.sort();
    return ids;
}

QList<EdgeItem *> GraphScene::selectedEdges() const
{
    QList<EdgeItem *> edges;
    for (QGraphicsItem *item : selectedItems()) {
        if (item->type() == EdgeItem::Type)
            edges.append(static_cast<EdgeItem *>(item));
    }
    return edges;
}

void GraphScene::selectNodes(const QStringList &ids)
{
    clearSelection();
    for (const QString &id : ids) {
        if (NodeItem *item = m_nodes.value(id)) {
            item->setVisible(true); // in overview mode only selected cards show
            item->setSelected(true);
        }
    }
}

QStringList GraphScene::nodeIds() const
{
    QStringList ids = m_nodes.keys();
    ids.sort();
    return ids;
}

NodeItem *GraphScene::nodeAt(const QPointF &scenePos) const
{
    const QList<QGraphicsItem *> under = items(scenePos);
    for (QGraphicsItem *item : under) {
        if (item->type() == NodeItem::Type)
            return static_cast<NodeItem *>(item);
    }
    return nullptr;
}

void GraphScene::mousePressEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_editable && event->button() == Qt::LeftButton) {
        NodeItem *item = nodeAt(event->scenePos());
        if (item && item->onOutputHandle(event->scenePos())) {
            // Dragging from the output handle draws a new dependency.
            m_connectHintTimer.stop();
            showConnectionHint({}, {});
            m_connectFrom = item;
            m_connectLine = new QGraphicsPathItem();
            m_connectLine->setPen(QPen(m_colors.selection, 2, Qt::DashLine));
            m_connectLine->setZValue(10);
            addItem(m_connectLine);
            event->accept();
            return;
        }
    }
    QGraphicsScene::mousePressEvent(event);
    m_pressPositions.clear();
    if (m_editable && event->button() == Qt::LeftButton) {
        for (QGraphicsItem *selected : selectedItems()) {
            if (selected->type() == NodeItem::Type)
                m_pressPositions.insert(static_cast<NodeItem *>(selected)->id(), selected->pos());
        }
    }
}

void GraphScene::mouseMoveEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connectFrom) {
        const QPointF start = m_connectFrom->pos() + m_connectFrom->outputPort();
        const QPointF end = event->scenePos();
        QPainterPath path(start);
        const bool down = m_flow == core::LayoutDirection::TopToBottom;
        const qreal reach =
            std::max<qreal>(40, std::abs(down ? end.y() - start.y() : end.x() - start.x()) / 2);
        const QPointF tangent = down ? QPointF(0, reach) : QPointF(reach, 0);
        path.cubicTo(start + tangent, end - tangent, end);
        m_connectLine->setPath(path);
        // Over a node that cannot take the dependency: say why, here, while the user drags.
        NodeItem *target = nodeAt(end);
        const QString refusal = target && target != m_connectFrom && m_connectionCheck
                                    ? m_connectionCheck(m_connectFrom->id(), target->id())
                                    : QString();
        showConnectionHint(refusal, end);
        m_connectLine->setPen(
            QPen(refusal.isEmpty() ? m_colors.selection : m_colors.error, 2, Qt::DashLine));
        return;
    }
    QGraphicsScene::mouseMoveEvent(event);
}

void GraphScene::mouseReleaseEvent(QGraphicsSceneMouseEvent *event)
{
    if (m_connectFrom) {
        NodeItem *target = nodeAt(event->scenePos());
        const QString from = m_connectFrom->id();
        delete m_connectLine;
        m_connectLine = nullptr;
        m_connectFrom = nullptr;
        if (!target || target->id() == from) {
            showConnectionHint({}, {});
            return;
        }
        const QString refusal =
            m_connectionCheck ? m_connectionCheck(from, target->id()) : QString();
        if (!refusal.isEmpty()) {
            // Refused: nothing is asked of core; the reason stays at the drop point a moment.
            showConnectionHint(refusal, event->scenePos());
            m_connectHintTimer.start();
            return;
        }
        Q_EMIT connectRequested(from, target->id());
        return;
    }
    QGraphicsScene::mouseReleaseEvent(event);
    if (m_pressPositions.isEmpty())
        return;
    NodePositions from;
    NodePositions to;
    for (auto it = m_pressPositions.begin(); it != m_pressPositions.end(); ++it) {
        NodeItem *item = m_nodes.value(it.key());
        if (!item || item->pos() == it.value())
            continue;
        const QPointF snapped(std::round(item->pos().x()), std::round(item->pos().y()));
        from.push_back({it.key().toStdString(), core::Position{it.value().x(), it.value().y()}});
        to.push_back({it.key().toStdString(), core::Position{snapped.x(), snapped.y()}});
    }
    m_pressPositions.clear();
    if (!to.empty())
        Q_EMIT nodesMoved(from, to);
}

void GraphScene::mouseDoubleClickEvent(QGraphicsSceneMouseEvent *event)
{
    if (NodeItem *item = nodeAt(event->scenePos())) {
        Q_EMIT nodeDoubleClicked(item->id());
        return;
    }
    QGraphicsScene::mouseDoubleClickEvent(event);
}

} // namespace pw::ui
