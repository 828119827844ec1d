#include "definitiontab.h"

#include <QApplication>
#include <QClipboard>
#include <QCompleter>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QInputDialog>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMimeData>
#include <QPainter>
#include <QStringListModel>
#include <QSvgGenerator>
#include <QToolButton>
#include <QVBoxLayout>

#include <map>
#include <set>

#include "canvasview.h"
#include "core/app/core.h"
#include "core/definition/graphedit.h"
#include "core/definition/graphquery.h"
#include "core/layout/placement.h"
#include "core/spec/specio.h"
#include "core/util/jsonread.h"
#include "graphscene.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

constexpr const char *kNodesMime = "application/x-pipewright-nodes";

core::LayoutOptions layoutOptions()
{
    core::LayoutOptions options;
    options.nodeWidth = NodeItem::Width;
    options.nodeHeight = NodeItem::Height;
    return options;
}

} // namespace

DefinitionTab::DefinitionTab(DefinitionDocument *document, QWidget *parent)
    : QWidget(parent), m_document(document),
      m_scene(new GraphScene(document->core().definitions().catalog(), this)),
      m_view(new CanvasView(m_scene, this)), m_search(new QLineEdit(this)),
      m_zoomLabel(new QLabel(this)), m_completions(new QStringListModel(this))
{
    auto *bar = new QHBoxLayout;
    bar->setContentsMargins(6, 4, 6, 4);
    m_search->setPlaceholderText(tr("Find a node by id or label (Ctrl+F)"));
    m_search->setClearButtonEnabled(true);
    m_search->setMaximumWidth(360);
    auto *completer = new QCompleter(m_completions, this);
    completer->setCaseSensitivity(Qt::CaseInsensitive);
    completer->setFilterMode(Qt::MatchContains);
    m_search->setCompleter(completer);
    connect(m_search, &QLineEdit::returnPressed, this, [this] { findNode(m_search->text()); });
    connect(completer, qOverload<const QString &>(&QCompleter::activated), this,
            [this](const QString &text) { findNode(text); });
    bar->addWidget(m_search);
    bar->addStretch();
    auto *zoomOut = new QToolButton(this);
    zoomOut->setText(QStringLiteral("−"));
    zoomOut->setToolTip(tr("Zoom out (Ctrl+-)"));
    connect(zoomOut, &QToolButton::clicked, m_view, &CanvasView::zoomOut);
    auto *zoomIn = new QToolButton(this);
    zoomIn->setText(QStringLiteral("+"));
    zoomIn->setToolTip(tr("Zoom in (Ctrl+=)"));
    connect(zoomIn, &QToolButton::clicked, m_view, &CanvasView::zoomIn);
    auto *fit = new QToolButton(this);
    fit->setText(tr("Fit"));
    fit->setToolTip(tr("Fit the graph in the view (Ctrl+0)"));
    connect(fit, &QToolButton::clicked, m_view, &CanvasView::fitAll);
    m_zoomLabel->setMinimumWidth(48);
    m_zoomLabel->setAlignment(Qt::AlignCenter);
    bar->addWidget(zoomOut);
    bar->addWidget(m_zoomLabel);
    bar->addWidget(zoomIn);
    bar->addWidget(fit);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    connect(m_view, &CanvasView::zoomChanged, this, [this](qreal zoom) {
        m_zoomLabel->setText(QStringLiteral("%1%").arg(qRound(zoom * 100)));
    });
    connect(m_view, &CanvasView::nodeTypeDropped, this,
            [this](const QString &type, const QPointF &at) {
                addNode(type, at - QPointF(NodeItem::Width / 2, NodeItem::Height / 2));
            });
    connect(m_view, &CanvasView::contextMenuAt, this, &DefinitionTab::showContextMenu);
    connect(m_scene, &GraphScene::nodesMoved, this, &DefinitionTab::onNodesMoved);
    connect(m_scene, &GraphScene::connectRequested, this, &DefinitionTab::connectNodes);
    m_scene->setConnectionCheck([this](const QString &upstream, const QString &downstream) {
        return connectionRefusalText(upstream, downstream);
    });
    connect(m_scene, &GraphScene::nodeDoubleClicked, this, [this](const QString &id) {
        selectNode(id);
        Q_EMIT propertiesRequested();
    });
    connect(m_scene, &QGraphicsScene::selectionChanged, this, &DefinitionTab::selectionChanged);
    connect(m_document, &DefinitionDocument::changed, this, &DefinitionTab::onDocumentChanged);
    if (m_document->definition())
        onDocumentChanged(nullptr, m_document->definition());
    m_zoomLabel->setText(QStringLiteral("%1%").arg(qRound(m_view->zoom() * 100)));
}

void DefinitionTab::onDocumentChanged(const core::DefinitionPtr &previous,
                                      const core::DefinitionPtr &current)
{
    if (!current)
        return;
    m_scene->setEditable(m_document->canEdit());
    m_scene->showSpec(current->spec, m_document->problems());
    if (!previous || previous->currentVersion != current->currentVersion)
        updateCompleter();
    if (!m_fitted) {
        m_fitted = true;
        m_view->fitReadable(static_cast<int>(current->spec.nodes.size()));
    }
}

void DefinitionTab::updateCompleter()
{
    QStringList entries;
    for (const core::Node &n : m_document->definition()->spec.nodes) {
        const QString id = QString::fromStdString(n.id);
        entries.append(n.label.empty()
                           ? id
                           : QStringLiteral("%1 — %2").arg(QString::fromStdString(n.label), id));
    }
    m_completions->setStringList(entries);
}

QStringList DefinitionTab::selectedNodeIds() const
{
    return m_scene->selectedNodeIds();
}

bool DefinitionTab::addNode(const QString &type, const QPointF &at)
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition)
        return false;
    const std::string id = core::uniqueNodeId(definition->spec, type.toStdString());
    core::Node node =
        m_document->core().definitions().catalog().starterNode(type.toStdString(), id);
    // Where the user asked, or the nearest free spot: never on top of another card.
    node.position = core::freeSpotNear(
        definition->spec, core::Position{std::round(at.x()), std::round(at.y())}, layoutOptions());
    core::GraphEdit edit;
    edit.addNodes.push_back(node);
    if (!m_document->applyEdit(edit, tr("Add node %1").arg(QString::fromStdString(id))))
        return false;
    selectNode(QString::fromStdString(id));
    return true;
}

QString DefinitionTab::connectionRefusalText(const QString &upstream,
                                             const QString &downstream) const
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition)
        return {};
    const auto refusal =
        core::connectionRefusal(definition->spec, upstream.toStdString(), downstream.toStdString());
    if (!refusal)
        return {};
    using Reason = core::ConnectionRefusal::Reason;
    switch (refusal->reason) {
    case Reason::UnknownNode:
        return tr("%1 is not in this definition any more").arg(downstream);
    case Reason::SameNode:
        return tr("A task cannot depend on itself");
    case Reason::Exists:
        return tr("%1 already runs before %2").arg(upstream, downstream);
    case Reason::Cycle: {
        QStringList loop;
        for (const std::string &id : refusal->path)
            loop << QString::fromStdString(id);
        loop << downstream;  // the new dependency closes it
        if (loop.size() > 6) // long loops keep their ends, where the new dependency is
            loop = loop.mid(0, 2) + QStringList{QStringLiteral("…")} + loop.mid(loop.size() - 3);
        return tr("Would make a cycle: %1").arg(loop.join(QStringLiteral(" → ")));
    }
    }
    return {};
}

bool DefinitionTab::connectNodes(const QString &upstream, const QString &downstream)
{
    core::GraphEdit edit;
    edit.addEdges.push_back({upstream.toStdString(), downstream.toStdString(), false});
    return m_document->applyEdit(edit, tr("Connect %1 → %2").arg(upstream, downstream));
}

bool DefinitionTab::deleteSelection()
{
    const QStringList nodes = m_scene->selectedNodeIds();
    core::GraphEdit edit;
    std::set<std::string> doomed;
    for (const QString &id : nodes) {
        edit.removeNodes.push_back(id.toStdString());
        doomed.insert(id.toStdString());
    }
    for (EdgeItem *edge : m_scene->selectedEdges()) {
        const std::string up = edge->upstream()->id().toStdString();
        const std::string down = edge->downstream()->id().toStdString();
        if (!doomed.contains(up) && !doomed.contains(down))
            edit.removeEdges.push_back({up, down, false});
    }
    if (edit.empty())
        return false;
    const QString text =
        nodes.size() == 1 ? tr("Delete node %1").arg(nodes.front())
        : nodes.isEmpty()
            ? tr("Delete dependencies (%n)", nullptr, static_cast<int>(edit.removeEdges.size()))
            : tr("Delete nodes (%n)", nullptr, static_cast<int>(nodes.size()));
    return m_document->applyEdit(edit, text);
}

bool DefinitionTab::renameNode(const QString &id, const QString &label)
{
    core::GraphEdit edit;
    edit.updateNodes.push_back({id.toStdString(), nlohmann::json{{"label", label.toStdString()}}});
    return m_document->applyEdit(edit, tr("Rename %1").arg(id));
}

void DefinitionTab::renameSelected()
{
    const QStringList ids = m_scene->selectedNodeIds();
    if (ids.size() != 1)
        return;
    NodeItem *item = m_scene->node(ids.front());
    bool ok = false;
    const QString label =
        QInputDialog::getText(this, tr("Rename node"), tr("Label of %1:").arg(ids.front()),
                              QLineEdit::Normal, item ? item->label() : QString(), &ok);
    if (ok && item && label != item->label())
        renameNode(ids.front(), label);
}

void DefinitionTab::copySelection()
{
    const core::DefinitionPtr definition = m_document->definition();
    const QStringList ids = m_scene->selectedNodeIds();
    if (!definition || ids.isEmpty())
        return;
    std::set<std::string> chosen;
    for (const QString &id : ids)
        chosen.insert(id.toStdString());
    nlohmann::json nodes = nlohmann::json::array();
    for (const core::Node &n : definition->spec.nodes) {
        if (chosen.contains(n.id))
            nodes.push_back(core::nodeToJson(n));
    }
    nlohmann::json edges = nlohmann::json::array();
    for (const core::Edge &e : definition->spec.edges) {
        if (chosen.contains(e.upstream) && chosen.contains(e.downstream))
            edges.push_back({{"upstream", e.upstream}, {"downstream", e.downstream}});
    }
    const QByteArray text =
        QByteArray::fromStdString(nlohmann::json{{"nodes", nodes}, {"edges", edges}}.dump(2));
    auto *mime = new QMimeData;
    mime->setData(QString::fromLatin1(kNodesMime), text);
    mime->setText(QString::fromUtf8(text));
    QApplication::clipboard()->setMimeData(mime);
    Q_EMIT statusMessage(tr("Copied nodes: %n", nullptr, static_cast<int>(ids.size())));
}

bool DefinitionTab::cutSelection()
{
    copySelection();
    return deleteSelection();
}

bool DefinitionTab::paste()
{
    const core::DefinitionPtr definition = m_document->definition();
    const QMimeData *mime = QApplication::clipboard()->mimeData();
    if (!definition || !mime)
        return false;
    QByteArray data = mime->data(QString::fromLatin1(kNodesMime));
    if (data.isEmpty())
        data = mime->text().toUtf8();
    const auto parsed =
        core::parseJson(std::string_view(data.constData(), static_cast<size_t>(data.size())));
    if (!parsed || !parsed->is_object() || !parsed->contains("nodes"))
        return false;
    // Fresh ids, edges following them, offset so the copies do not hide the originals.
    core::PasteEdit paste =
        core::pasteEdit(definition->spec, core::readSpec(*parsed).spec, core::Position{40, 40});
    const core::GraphEdit &edit = paste.edit;
    if (edit.addNodes.empty())
        return false;
    if (!m_document->applyEdit(
            edit, tr("Paste nodes (%n)", nullptr, static_cast<int>(edit.addNodes.size()))))
        return false;
    QStringList ids;
    for (const auto &[from, to] : paste.renamed)
        ids.append(QString::fromStdString(to));
    m_scene->selectNodes(ids);
    return true;
}

void DefinitionTab::selectAll()
{
    m_scene->selectNodes(m_scene->nodeIds());
}

QStringList DefinitionTab::reachable(bool downstream) const
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition)
        return {};
    std::vector<std::string> from;
    for (const QString &id : m_scene->selectedNodeIds())
        from.push_back(id.toStdString());
    QStringList out;
    for (const std::string &id :
         core::closure(definition->spec, from,
                       downstream ? core::Direction::Downstream : core::Direction::Upstream))
        out.append(QString::fromStdString(id));
    return out;
}

void DefinitionTab::selectUpstream()
{
    m_scene->selectNodes(reachable(false));
}
void DefinitionTab::selectDownstream()
{
    m_scene->selectNodes(reachable(true));
}

bool DefinitionTab::autoLayout(core::LayoutDirection direction, bool keepSelection)
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition)
        return false;
    core::LayoutOptions options = layoutOptions();
    options.direction = direction;
    if (keepSelection) {
        for (const QString &id : m_scene->selectedNodeIds())
            options.pinned.push_back(id.toStdString());
    }
    const core::LayoutResult layout = core::layeredLayout(definition->spec, options);
    NodePositions from;
    NodePositions to;
    for (const auto &[id, position] : layout.positions) {
        const core::Node *node = definition->spec.findNode(id);
        from.push_back({id, node && node->position ? *node->position : core::Position{}});
        to.push_back({id, position});
    }
    if (!m_document->moveNodes(from, to, tr("Auto layout")))
        return false;
    m_scene->showRoutes(definition->spec, layout);
    m_view->fitAll();
    return true;
}

bool DefinitionTab::exportImage(const QString &path)
{
    const QRectF source = m_scene->contentRect().adjusted(360, 260, -360, -260);
    m_scene->clearSelection();
    if (QFileInfo(path).suffix().compare(QLatin1String("svg"), Qt::CaseInsensitive) == 0) {
        QSvgGenerator svg;
        svg.setFileName(path);
        svg.setSize(source.size().toSize());
        svg.setViewBox(QRectF(QPointF(0, 0), source.size()));
        svg.setTitle(m_document->name());
        QPainter painter(&svg);
        m_scene->render(&painter, QRectF(QPointF(0, 0), source.size()), source);
        return painter.end();
    }
    // Twice the scene size for crisp text, within what an image viewer can open.
    const qreal scale = std::min<qreal>(2.0, 16000.0 / std::max(source.width(), source.height()));
    QImage image((source.size() * scale).toSize(), QImage::Format_ARGB32_Premultiplied);
    image.fill(m_scene->colors().background);
    QPainter painter(&image);
    painter.setRenderHint(QPainter::Antialiasing);
    m_scene->render(&painter, QRectF(QPointF(0, 0), image.size()), source);
    painter.end();
    return image.save(path);
}

void DefinitionTab::focusSearch()
{
    m_search->setFocus();
    m_search->selectAll();
}

bool DefinitionTab::findNode(const QString &text)
{
    const core::DefinitionPtr definition = m_document->definition();
    if (!definition || text.trimmed().isEmpty())
        return false;
    QString needle = text.trimmed();
    if (const qsizetype dash = needle.lastIndexOf(QStringLiteral(" — ")); dash >= 0)
        needle = needle.mid(dash + 3);
    const core::Node *match = definition->spec.findNode(needle.toStdString());
    if (!match) {
        for (const core::Node &n : definition->spec.nodes) {
            if (QString::fromStdString(n.label).contains(needle, Qt::CaseInsensitive) ||
                QString::fromStdString(n.id).contains(needle, Qt::CaseInsensitive)) {
                match = &n;
                break;
            }
        }
    }
    if (!match) {
        Q_EMIT statusMessage(tr("No node matches “%1”").arg(needle));
        return false;
    }
    m_view->centreOnNode(QString::fromStdString(match->id));
    m_scene->selectNodes({QString::fromStdString(match->id)});
    return true;
}

void DefinitionTab::selectNode(const QString &id)
{
    m_view->revealNode(id); // scrolls only when the node is not in view already
    m_scene->selectNodes({id});
}

void DefinitionTab::onNodesMoved(const NodePositions &from, const NodePositions &to)
{
    m_document->moveNodes(from, to,
                          to.size() == 1
                              ? tr("Move %1").arg(QString::fromStdString(to.front().first))
                              : tr("Move nodes (%n)", nullptr, static_cast<int>(to.size())));
}

void DefinitionTab::showContextMenu(const QPointF &scenePos, const QPoint &globalPos)
{
    QMenu menu(this);
    const bool editable = m_scene->isEditable();
    QGraphicsItem *under = nullptr;
    for (QGraphicsItem *item : m_scene->items(scenePos)) {
        if (item->type() == NodeItem::Type) {
            under = item;
            break;
        }
    }
    if (under) {
        auto *node = static_cast<NodeItem *>(under);
        if (!node->isSelected())
            m_scene->selectNodes({node->id()});
        menu.addAction(tr("Properties"), this, &DefinitionTab::propertiesRequested);
        menu.addAction(tr("Rename…"), this, &DefinitionTab::renameSelected)->setEnabled(editable);
        menu.addAction(tr("Copy"), this, &DefinitionTab::copySelection);
        menu.addAction(tr("Delete"), this, &DefinitionTab::deleteSelection)->setEnabled(editable);
        menu.addSeparator();
        menu.addAction(tr("Select upstream"), this, &DefinitionTab::selectUpstream);
        menu.addAction(tr("Select downstream"), this, &DefinitionTab::selectDownstream);
    } else {
        QMenu *add = menu.addMenu(tr("Add node"));
        add->setEnabled(editable);
        QString category;
        for (const core::NodeType &type : m_document->core().definitions().catalog().types()) {
            const QString cat = QString::fromStdString(type.category);
            if (cat != category) {
                add->addSection(cat);
                category = cat;
            }
            const QString name = QString::fromStdString(type.type);
            add->addAction(typeIcon(QString::fromStdString(type.icon)),
                           QString::fromStdString(type.label), this,
                           [this, name, scenePos] { addNode(name, scenePos); });
        }
        menu.addAction(tr("Paste"), this, &DefinitionTab::paste)->setEnabled(editable);
        menu.addAction(tr("Select all"), this, &DefinitionTab::selectAll);
        menu.addSeparator();
        menu.addAction(tr("Auto layout, left to right"), this,
                       [this] { autoLayout(core::LayoutDirection::LeftToRight, false); })
            ->setEnabled(editable);
        menu.addAction(tr("Auto layout, top to bottom"), this,
                       [this] { autoLayout(core::LayoutDirection::TopToBottom, false); })
            ->setEnabled(editable);
        menu.addAction(tr("Fit to view"), m_view, &CanvasView::fitAll);
    }
    menu.exec(globalPos);
}

} // namespace pw::ui
