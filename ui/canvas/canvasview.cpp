#include "canvasview.h"

#include <QContextMenuEvent>
#include <QMimeData>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include "graphscene.h"

namespace pw::ui {

namespace {
constexpr qreal kMinZoom = 0.03;
constexpr qreal kMaxZoom = 3.0;
// Below this a card's text is a few pixels tall: cards are blocks, drawn in batches.
constexpr qreal kOverviewZoom = 0.4;
} // namespace

CanvasView::CanvasView(GraphScene *scene, QWidget *parent)
    : QGraphicsView(scene, parent), m_scene(scene)
{
    setRenderHint(QPainter::Antialiasing, true);
    setRenderHint(QPainter::TextAntialiasing, true);
    setViewportUpdateMode(SmartViewportUpdate);
    setOptimizationFlags(DontSavePainterState | DontAdjustForAntialiasing);
    setTransformationAnchor(AnchorUnderMouse);
    setResizeAnchor(AnchorViewCenter);
    setDragMode(NoDrag);
    setRubberBandSelectionMode(Qt::IntersectsItemShape);
    setAcceptDrops(true);
    setFocusPolicy(Qt::StrongFocus);
    setFrameShape(QFrame::NoFrame);
    setCacheMode(CacheBackground);
    m_minimap = new Minimap(this, scene);
    // When the scene grows to the left or top, the scroll bars' origin moves with it: put the
    // point the user was looking at back in the middle, so nothing seems to move.
    // The view applies a new scene rect later (in its event loop turn), so the point is put
    // back after that, from what it was when the scene changed.
    connect(scene, &QGraphicsScene::sceneRectChanged, this, [this] {
        if (m_fitPending || !m_hasCentre)
            return;
        const QPointF keep = m_centre;
        const quint64 placement = m_placements;
        QMetaObject::invokeMethod(
            this,
            [this, keep, placement] {
                if (placement == m_placements)
                    centerOn(keep);
            },
            Qt::QueuedConnection);
    });
    connect(scene, &QGraphicsScene::changed, m_minimap, [this] { m_minimap->sceneChanged(); });
}

void CanvasView::setZoom(qreal zoom)
{
    m_autoFit = false; // a zoom the user chose holds across resizes
    applyZoom(zoom);
}

void CanvasView::applyZoom(qreal zoom)
{
    zoom = std::clamp(zoom, kMinZoom, kMaxZoom);
    const qreal factor = zoom / this->zoom();
    if (qFuzzyCompare(factor, 1.0))
        return;
    scale(factor, factor);
    ++m_placements;
    rememberCentre();
    m_scene->setOverviewMode(zoom < kOverviewZoom);
    m_minimap->update();
    Q_EMIT zoomChanged(zoom);
}

void CanvasView::zoomIn()
{
    m_autoFit = false;
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    setZoom(zoom() * 1.25);
    setTransformationAnchor(anchor);
}

void CanvasView::zoomOut()
{
    m_autoFit = false;
    const ViewportAnchor anchor = transformationAnchor();
    setTransformationAnchor(AnchorViewCenter);
    setZoom(zoom() / 1.25);
    setTransformationAnchor(anchor);
}

void CanvasView::fitAll()
{
    m_readableNodes = 0;
    fit();
}

void CanvasView::fitReadable(int nodeCount)
{
    m_readableNodes = nodeCount;
    fit();
}

// Fits now, or once the view has its real size; until the user zooms or pans, a resize fits
// again the same way.
void CanvasView::fit()
{
    m_autoFit = true;
    if (!isVisible() || viewport()->width() < 50) {
        m_fitPending = true;
        return;
    }
    m_fitPending = false;
    ++m_placements;
    const QRectF content = m_scene->contentRect().adjusted(300, 250, -300, -250);
    fitInView(content, Qt::KeepAspectRatio);
    if (zoom() > 1.0)
        applyZoom(1.0);
    if (zoom() < kMinZoom)
        applyZoom(kMinZoom);
    if (m_readableNodes > 0 && m_readableNodes <= kReadableUpTo && zoom() < kReadableZoom) {
        applyZoom(kReadableZoom);
        centerOn(content.center());
    }
    rememberCentre();
    m_scene->setOverviewMode(zoom() < kOverviewZoom);
    m_minimap->update();
    Q_EMIT zoomChanged(zoom());
}

void CanvasView::centreOnNode(const QString &id)
{
    m_autoFit = false;
    ++m_placements;
    if (NodeItem *item = m_scene->node(id)) {
        if (zoom() < 0.6)
            setZoom(0.9);
        centerOn(item->centre());
    }
}

void CanvasView::revealNode(const QString &id)
{
    NodeItem *item = m_scene->node(id);
    if (!item)
        return;
    const QRectF visible = mapToScene(viewport()->rect()).boundingRect();
    if (visible.contains(item->sceneBoundingRect()))
        return;
    m_autoFit = false;
    ++m_placements;
    ensureVisible(item, 40, 40);
}

QPointF CanvasView::visibleCentre() const
{
    return mapToScene(viewport()->rect().center());
}

void CanvasView::wheelEvent(QWheelEvent *event)
{
    const int delta = event->angleDelta().y();
    if (delta == 0) {
        QGraphicsView::wheelEvent(event);
        return;
    }
    m_autoFit = false;
    setZoom(zoom() * std::pow(1.0015, delta));
    event->accept();
}

void CanvasView::mousePressEvent(QMouseEvent *event)
{
    const bool onItem = itemAt(event->pos()) != nullptr;
    if (event->button() == Qt::MiddleButton ||
        (event->button() == Qt::LeftButton && !onItem &&
         !(event->modifiers() & (Qt::ShiftModifier | Qt::ControlModifier)))) {
        // Drag on empty space (or with the middle button) pans.
        m_panning = true;
        m_autoFit = false;
        m_panFrom = event->pos();
        viewport()->setCursor(Qt::ClosedHandCursor);
        if (event->button() == Qt::LeftButton && !(event->modifiers() & Qt::ControlModifier))
            scene()->clearSelection();
        event->accept();
        return;
    }
    if (event->button() == Qt::LeftButton && !onItem)
        setDragMode(RubberBandDrag); // Shift- or Ctrl-drag on empty space selects
    QGraphicsView::mousePressEvent(event);
}

void CanvasView::mouseMoveEvent(QMouseEvent *event)
{
    if (m_panning) {
        const QPoint delta = event->pos() - m_panFrom;
        m_panFrom = event->pos();
        horizontalScrollBar()->setValue(horizontalScrollBar()->value() - delta.x());
        verticalScrollBar()->setValue(verticalScrollBar()->value() - delta.y());
        event->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(event);
}

void CanvasView::mouseReleaseEvent(QMouseEvent *event)
{
    if (m_panning) {
        m_panning = false;
        viewport()->unsetCursor();
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
    setDragMode(NoDrag);
}

void CanvasView::keyPressEvent(QKeyEvent *event)
{
    const int step = 60;
    if (event->modifiers() == Qt::NoModifier) {
        switch (event->key()) {
        case Qt::Key_Left:
            horizontalScrollBar()->setValue(horizontalScrollBar()->value() - step);
            return;
        case Qt::Key_Right:
            horizontalScrollBar()->setValue(horizontalScrollBar()->value() + step);
            return;
        case Qt::Key_Up:
            verticalScrollBar()->setValue(verticalScrollBar()->value() - step);
            return;
        case Qt::Key_Down:
            verticalScrollBar()->setValue(verticalScrollBar()->value() + step);
            return;
        default:
            break;
        }
    }
    QGraphicsView::keyPressEvent(event);
}

void CanvasView::resizeEvent(QResizeEvent *event)
{
    QGraphicsView::resizeEvent(event);
    placeMinimap();
    if (m_fitPending || m_autoFit)
        fit();
}

bool CanvasView::viewportEvent(QEvent *event)
{
    // Scroll bars coming and going resize the viewport without resizing the view.
    if (event->type() == QEvent::Resize)
        placeMinimap();
    return QGraphicsView::viewportEvent(event);
}

void CanvasView::showEvent(QShowEvent *event)
{
    QGraphicsView::showEvent(event);
    if (m_fitPending)
        fitAll();
}

void CanvasView::scrollContentsBy(int dx, int dy)
{
    QGraphicsView::scrollContentsBy(dx, dy);
    rememberCentre();
    m_minimap->update();
}

void CanvasView::rememberCentre()
{
    m_centre = mapToScene(viewport()->rect().center());
    m_hasCentre = true;
}

// Fixed in the viewport's bottom-right corner, a fifth of its width (120 to 220 px) with the
// viewport's proportions; hidden when the view is too small for it to leave room to work, or
// when the user turned it off.
void CanvasView::placeMinimap()
{
    const QRect area = viewport()->geometry();
    const int width = std::clamp(area.width() / 5, 120, 220);
    const int height = std::clamp(width * area.height() / std::max(1, area.width()), 70, 160);
    const bool room = area.width() >= 3 * width && area.height() >= 2 * height;
    m_minimap->setVisible(m_minimapWanted && room);
    m_minimap->setGeometry(area.right() - width - 10, area.bottom() - height - 10, width, height);
    m_minimap->raise();
}

void CanvasView::setMinimapVisible(bool visible)
{
    m_minimapWanted = visible;
    placeMinimap();
}

bool CanvasView::minimapVisible() const
{
    return m_minimap->isVisible();
}

QRect CanvasView::minimapGeometry() const
{
    return m_minimap->geometry();
}

void CanvasView::drawBackground(QPainter *painter, const QRectF &rect)
{
    painter->fillRect(rect, m_scene->colors().background);
    if (zoom() < 0.5)
        return; // the grid would only be noise
    const qreal spacing = 40;
    painter->setPen(QPen(m_scene->colors().grid, 0));
    const qreal left = std::floor(rect.left() / spacing) * spacing;
    const qreal top = std::floor(rect.top() / spacing) * spacing;
    QVector<QPointF> dots;
    for (qreal x = left; x < rect.right(); x += spacing)
        for (qreal y = top; y < rect.bottom(); y += spacing)
            dots.append(QPointF(x, y));
    QPen dot(m_scene->colors().grid, 2.0 / zoom());
    dot.setCapStyle(Qt::SquareCap);
    painter->setRenderHint(QPainter::Antialiasing, false);
    painter->setPen(dot);
    painter->drawPoints(dots.constData(), static_cast<int>(dots.size()));
}

void CanvasView::contextMenuEvent(QContextMenuEvent *event)
{
    Q_EMIT contextMenuAt(mapToScene(event->pos()), event->globalPos());
}

void CanvasView::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasFormat(QString::fromLatin1(kNodeTypeMime)) && m_scene->isEditable())
        event->acceptProposedAction();
}

void CanvasView::dragMoveEvent(QDragMoveEvent *event)
{
    if (event->mimeData()->hasFormat(QString::fromLatin1(kNodeTypeMime)) && m_scene->isEditable())
        event->acceptProposedAction();
}

void CanvasView::dropEvent(QDropEvent *event)
{
    const QByteArray type = event->mimeData()->data(QString::fromLatin1(kNodeTypeMime));
    if (type.isEmpty())
        return;
    event->acceptProposedAction();
    Q_EMIT nodeTypeDropped(QString::fromUtf8(type), mapToScene(event->position().toPoint()));
}

Minimap::Minimap(CanvasView *view, GraphScene *scene)
    : QWidget(view), m_view(view), m_scene(scene) // on the view, not its scrolling viewport
{
    setAttribute(Qt::WA_OpaquePaintEvent, false);
    setCursor(Qt::PointingHandCursor);
    setToolTip(tr("Overview: click or drag to move the view"));
    m_timer.setSingleShot(true);
    m_timer.setInterval(250);
    connect(&m_timer, &QTimer::timeout, this, [this] {
        render();
        update();
    });
}

void Minimap::sceneChanged()
{
    if (!m_timer.isActive())
        m_timer.start();
}

void Minimap::render()
{
    m_sceneRect = m_scene->contentRect();
    const qreal dpr = devicePixelRatioF();
    QPixmap image(size() * dpr);
    image.setDevicePixelRatio(dpr);
    image.fill(Qt::transparent);
    QPainter painter(&image);
    // Tiny scale: items draw their cheapest level of detail. The target is centred by hand so it
    // matches mapped().
    m_scene->render(&painter, mapped(m_sceneRect), m_sceneRect, Qt::IgnoreAspectRatio);
    m_image = image;
}

QRectF Minimap::mapped(const QRectF &sceneRect) const
{
    if (m_sceneRect.isEmpty())
        return {};
    const qreal scale = std::min(width() / m_sceneRect.width(), height() / m_sceneRect.height());
    const QPointF offset((width() - m_sceneRect.width() * scale) / 2,
                         (height() - m_sceneRect.height() * scale) / 2);
    return QRectF(offset + (sceneRect.topLeft() - m_sceneRect.topLeft()) * scale,
                  sceneRect.size() * scale);
}

void Minimap::paintEvent(QPaintEvent *)
{
    if (m_image.isNull())
        render();
    QPainter painter(this);
    const CanvasColors &c = m_scene->colors();
    QColor panel = c.background;
    panel.setAlpha(235);
    painter.setPen(QPen(c.nodeBorder, 1));
    painter.setBrush(panel);
    painter.drawRoundedRect(rect().adjusted(0, 0, -1, -1), 6, 6);
    painter.drawPixmap(0, 0, m_image);
    const QRectF visible = m_view->mapToScene(m_view->viewport()->rect()).boundingRect();
    QColor fill = c.selection;
    fill.setAlpha(40);
    painter.setPen(QPen(c.selection, 1.5));
    painter.setBrush(fill);
    painter.drawRect(mapped(visible).intersected(QRectF(rect())));
}

void Minimap::moveViewTo(const QPoint &point)
{
    if (m_sceneRect.isEmpty())
        return;
    const qreal scale = std::min(width() / m_sceneRect.width(), height() / m_sceneRect.height());
    const QPointF offset((width() - m_sceneRect.width() * scale) / 2,
                         (height() - m_sceneRect.height() * scale) / 2);
    m_view->centerOn(m_sceneRect.topLeft() + (QPointF(point) - offset) / scale);
    update();
}

void Minimap::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    m_image = {}; // drawn again at the new size
    update();
}

void Minimap::mousePressEvent(QMouseEvent *event)
{
    moveViewTo(event->pos());
}
void Minimap::mouseMoveEvent(QMouseEvent *event)
{
    moveViewTo(event->pos());
}

} // namespace pw::ui
