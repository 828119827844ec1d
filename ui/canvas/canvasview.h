#pragma once

#include <QGraphicsView>
#include <QPixmap>
#include <QTimer>

namespace pw::ui {

class GraphScene;
class Minimap;

// The view of a canvas: wheel and Ctrl+=/- zoom, fit, pan by dragging empty space, the middle
// button or the arrow keys, Shift- or Ctrl-drag for a rubber band, a minimap, and drops of node
// types from the catalog.
class CanvasView : public QGraphicsView
{
    Q_OBJECT
public:
    static constexpr const char *kNodeTypeMime = "application/x-pipewright-node-type";
    // Labels are legible from here up; a first view of up to kReadableUpTo nodes stays at it.
    static constexpr double kReadableZoom = 0.6;
    static constexpr int kReadableUpTo = 60;

    explicit CanvasView(GraphScene *scene, QWidget *parent = nullptr);

    qreal zoom() const { return transform().m11(); }
    void setZoom(qreal zoom);
    void zoomIn();
    void zoomOut();
    void fitAll();
    // Scrolls just enough to show the node, and not at all when it is in view.
    void revealNode(const QString &id);
    // The first view of a definition: all of it when that stays readable; a small graph is never
    // shown below kReadableZoom (its labels would be a few pixels high) but centred instead.
    void fitReadable(int nodeCount);
    // View → Minimap; it also hides itself when the view is too small for it.
    void setMinimapVisible(bool visible);
    bool minimapVisible() const;
    QRect minimapGeometry() const; // in the view's coordinates
    void centreOnNode(const QString &id);
    QPointF visibleCentre() const;
    Minimap *minimap() const { return m_minimap; }

Q_SIGNALS:
    void zoomChanged(qreal zoom);
    void nodeTypeDropped(const QString &type, const QPointF &scenePos);
    void contextMenuAt(const QPointF &scenePos, const QPoint &globalPos);

protected:
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void showEvent(QShowEvent *event) override;
    bool viewportEvent(QEvent *event) override;
    void scrollContentsBy(int dx, int dy) override;
    void drawBackground(QPainter *painter, const QRectF &rect) override;
    void contextMenuEvent(QContextMenuEvent *event) override;
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dropEvent(QDropEvent *event) override;

private:
    void fit();
    void rememberCentre();
    void applyZoom(qreal zoom); // setZoom without ending the automatic fit
    void placeMinimap();

    GraphScene *m_scene;
    Minimap *m_minimap;
    bool m_panning = false;
    bool m_fitPending = false;
    bool m_autoFit = false; // refit on resize until the user zooms or pans
    bool m_minimapWanted = true;
    QPointF m_centre; // the scene point in the middle of the viewport, kept across scene growth
    bool m_hasCentre = false;
    // Counts deliberate view changes (fit, zoom, centre on a node): a centre kept across a scene
    // growth is not put back over one made after it.
    quint64 m_placements = 0;
    int m_readableNodes = 0; // set by fitReadable: a small graph is not fitted below kReadableZoom
    QPoint m_panFrom;
};

// An overview of the whole canvas in a corner of the view with the visible area marked; click
// or drag to move the view. The overview image is redrawn a moment after the scene changes.
class Minimap : public QWidget
{
    Q_OBJECT
public:
    Minimap(CanvasView *view, GraphScene *scene);
    void sceneChanged();

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;

private:
    void render();
    QRectF mapped(const QRectF &sceneRect) const;
    void moveViewTo(const QPoint &point);

    CanvasView *m_view;
    GraphScene *m_scene;
    QPixmap m_image;
    QRectF m_sceneRect;
    QTimer m_timer;
};

} // namespace pw::ui
