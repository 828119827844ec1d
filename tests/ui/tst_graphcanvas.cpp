#include <QApplication>
#include <QClipboard>
#include <QDir>
#include <QImage>
#include <QListWidget>
#include <QMimeData>
#include <QPalette>
#include <QScrollBar>
#include <QSignalSpy>
#include <QTest>

#include <Qsci/qsciscintilla.h>

#include <cmath>
#include <thread>

#include "core/spec/specio.h"
#include "support/fixtures.h"
#include "support/settle.h"
#include "ui/canvas/canvasview.h"
#include "ui/canvas/definitiontab.h"
#include "ui/canvas/graphscene.h"
#include "ui/model/definitiondocument.h"
#include "ui/source/sourcetab.h"

using namespace pw;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::settleQueuedEvents;

namespace {

int versionCount(Fixture &f, const std::string &id)
{
    return static_cast<int>(f.core().definitions().versions(f.local(), id, {0, 1})->total);
}

// The centre of a node's output handle, in view coordinates.
QPoint handleOf(ui::DefinitionTab &tab, const QString &id)
{
    ui::NodeItem *item = tab.scene()->node(id);
    return tab.view()->mapFromScene(item->pos() + item->outputPort());
}

QPoint centreOf(ui::DefinitionTab &tab, const QString &id)
{
    return tab.view()->mapFromScene(tab.scene()->node(id)->centre());
}

} // namespace

class tst_GraphCanvas : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::unique_ptr<ui::DefinitionDocument> doc;
    std::unique_ptr<ui::DefinitionTab> tab;
    std::string def;

private slots:
    void init()
    {
        f = std::make_unique<Fixture>(true);
        def = f->demoDefinitionId();
        doc = std::make_unique<ui::DefinitionDocument>(f->core(), f->local(), def);
        tab = std::make_unique<ui::DefinitionTab>(doc.get());
        tab->resize(1400, 900);
        tab->show();
        QVERIFY(QTest::qWaitForWindowExposed(tab.get()));
        tab->view()->setZoom(0.8);
    }

    void cleanup()
    {
        tab.reset();
        doc.reset();
        f.reset();
    }

    void opensWithEveryNodePlacedWithoutANewVersion()
    {
        QCOMPARE(tab->scene()->nodeCount(), 8);
        QCOMPARE(tab->scene()->edgeCount(), 7);
        // The demo has no positions: the tab laid it out and saved them as layout only.
        QCOMPARE(versionCount(*f, def), 1);
        for (const core::Node &n : doc->definition()->spec.nodes)
            QVERIFY2(n.position.has_value(), n.id.c_str());
    }

    void addConnectDeleteEachWriteOneVersion()
    {
        QVERIFY(tab->addNode(QStringLiteral("bash"), QPointF(2000, 600)));
        QCOMPARE(versionCount(*f, def), 2);
        QVERIFY(tab->scene()->node(QStringLiteral("bash")));
        QVERIFY(tab->connectNodes(QStringLiteral("notify_team"), QStringLiteral("bash")));
        QCOMPARE(versionCount(*f, def), 3);
        QCOMPARE(tab->scene()->edgeCount(), 8);
        tab->scene()->selectNodes({QStringLiteral("bash")});
        QVERIFY(tab->deleteSelection());
        QCOMPARE(versionCount(*f, def), 4);
        QVERIFY(!tab->scene()->node(QStringLiteral("bash")));
        QCOMPARE(tab->scene()->edgeCount(), 7);
    }

    void connectByDraggingFromTheOutputHandle()
    {
        tab->view()->centreOnNode(QStringLiteral("clean_accounts"));
        // The view holds still from here (nothing queued moves it), with both ends in view.
        QVERIFY(settleQueuedEvents());
        const QPoint from = handleOf(*tab, QStringLiteral("extract_crm_accounts"));
        const QPoint to = centreOf(*tab, QStringLiteral("join_renewals"));
        QVERIFY(tab->view()->viewport()->rect().contains(from));
        QVERIFY(tab->view()->viewport()->rect().contains(to));
        QTest::mousePress(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(tab->view()->viewport(), (from + to) / 2);
        QTest::mouseMove(tab->view()->viewport(), to);
        QTest::mouseRelease(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, to);
        QCOMPARE(versionCount(*f, def), 2);
        QVERIFY(doc->definition()->spec.indexOfEdge("extract_crm_accounts", "join_renewals") >= 0);
        QCOMPARE(tab->scene()->edgeCount(), 8);
    }

    void refusedConnectionSaysWhyAtTheDropPoint()
    {
        // notify_team is downstream of extract_crm_accounts: the reverse would be a cycle. The
        // reason shows beside the pointer during the drag, whole, and the drop does nothing.
        QSignalSpy failures(doc.get(), &ui::DefinitionDocument::failed);
        tab->view()->setZoom(0.45);
        tab->view()->centerOn(tab->scene()->contentRect().center());
        QVERIFY(settleQueuedEvents());
        const QPoint from = handleOf(*tab, QStringLiteral("notify_team"));
        const QPoint to = centreOf(*tab, QStringLiteral("extract_crm_accounts"));
        QVERIFY(tab->view()->viewport()->rect().contains(from));
        QVERIFY(tab->view()->viewport()->rect().contains(to));
        QTest::mousePress(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(tab->view()->viewport(), (from + to) / 2);
        QVERIFY(tab->scene()->connectionHint().isEmpty()); // over empty canvas: nothing to say
        QTest::mouseMove(tab->view()->viewport(), to);
        const QString hint = tab->scene()->connectionHint();
        QVERIFY2(hint.contains(QStringLiteral("cycle")), qPrintable(hint));
        QVERIFY2(hint.endsWith(QStringLiteral("notify_team → extract_crm_accounts")),
                 qPrintable(hint));
        QVERIFY(hint.contains(QStringLiteral("extract_crm_accounts → clean_accounts")));
        // A long loop is shortened in the middle, and the whole label stays inside the view.
        QVERIFY(hint.contains(QStringLiteral("…")) &&
                !hint.contains(QStringLiteral("join_renewals")));
        QVERIFY(tab->view()->viewport()->rect().contains(
            tab->view()->mapFromScene(tab->scene()->connectionHintRect()).boundingRect()));
        QTest::mouseRelease(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, to);
        QCOMPARE(versionCount(*f, def), 1);
        QCOMPARE(failures.count(), 0); // refused before asking core
        QCOMPARE(tab->scene()->edgeCount(), 7);
        // It stays at the drop point to be read.
        QCOMPARE(tab->scene()->connectionHint(), hint);
        // A node already downstream says so too; an allowed target clears the hint.
        const QPoint again = handleOf(*tab, QStringLiteral("load_customer_renewals"));
        QTest::mousePress(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, again);
        QVERIFY(tab->scene()->connectionHint().isEmpty());
        QTest::mouseMove(tab->view()->viewport(), centreOf(*tab, QStringLiteral("notify_team")));
        QVERIFY(tab->scene()->connectionHint().contains(QStringLiteral("already")));
        const QPoint allowed = centreOf(*tab, QStringLiteral("extract_customer_renewals"));
        QTest::mouseMove(tab->view()->viewport(), allowed);
        QVERIFY(tab->scene()->connectionHint().contains(QStringLiteral("cycle")));
        QTest::mouseRelease(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, allowed);
        QCOMPARE(versionCount(*f, def), 1);
    }

    void topToBottomLayoutPutsHandlesBelow()
    {
        QVERIFY(tab->autoLayout(core::LayoutDirection::TopToBottom, false));
        QCOMPARE(tab->scene()->flow(), core::LayoutDirection::TopToBottom);
        // The layout's fit holds: the whole graph is in view once events have run (the view's
        // "stay still" once put the old centre back over it, from a queued call).
        QVERIFY(settleQueuedEvents());
        const QRectF visible =
            tab->view()->mapToScene(tab->view()->viewport()->rect()).boundingRect();
        for (const QString &id : tab->scene()->nodeIds())
            QVERIFY2(visible.contains(tab->scene()->node(id)->sceneBoundingRect()), qPrintable(id));
        ui::NodeItem *node = tab->scene()->node(QStringLiteral("extract_crm_accounts"));
        const QPointF bottom = node->pos() + QPointF(ui::NodeItem::Width / 2, ui::NodeItem::Height);
        const QPointF right = node->pos() + QPointF(ui::NodeItem::Width, ui::NodeItem::Height / 2);
        QVERIFY(node->onOutputHandle(bottom));
        QVERIFY(!node->onOutputHandle(right));
        // Edges leave from the bottom and arrive at the top.
        for (QGraphicsItem *item : tab->scene()->items()) {
            if (item->type() != ui::EdgeItem::Type)
                continue;
            auto *edge = static_cast<ui::EdgeItem *>(item);
            const QPointF start = edge->path().elementAt(0);
            QVERIFY(
                QLineF(start, edge->upstream()->pos() + edge->upstream()->outputPort()).length() <
                1);
        }
        // Dragging from the bottom handle connects.
        tab->view()->setZoom(0.6);
        tab->view()->centreOnNode(QStringLiteral("clean_accounts"));
        QVERIFY(settleQueuedEvents());
        const QPoint from = handleOf(*tab, QStringLiteral("extract_crm_accounts"));
        QCOMPARE(from, tab->view()->mapFromScene(bottom));
        const QPoint to = centreOf(*tab, QStringLiteral("join_renewals"));
        QTest::mousePress(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, from);
        QTest::mouseMove(tab->view()->viewport(), (from + to) / 2);
        QTest::mouseMove(tab->view()->viewport(), to);
        QTest::mouseRelease(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, to);
        QVERIFY(doc->definition()->spec.indexOfEdge("extract_crm_accounts", "join_renewals") >= 0);
        // Back across: the handles go back to the right.
        QVERIFY(tab->autoLayout(core::LayoutDirection::LeftToRight, false));
        QCOMPARE(tab->scene()->flow(), core::LayoutDirection::LeftToRight);
        QVERIFY(node->onOutputHandle(node->pos() +
                                     QPointF(ui::NodeItem::Width, ui::NodeItem::Height / 2)));
    }

    void wideLayersStayLeftToRight()
    {
        // A source fanning out to 30 tasks and back into one: laid out left to right, most
        // edges are steeper than they are long, yet the graph runs left to right.
        core::GraphEdit edit;
        for (int i = 0; i < 30; ++i) {
            core::Node n;
            n.id = "fan_" + std::to_string(i);
            n.type = "empty";
            edit.addNodes.push_back(n);
            edit.addEdges.push_back({"notify_team", n.id, false});
        }
        QVERIFY(doc->applyEdit(edit, QStringLiteral("fan out")));
        QVERIFY(tab->autoLayout(core::LayoutDirection::LeftToRight, false));
        QCOMPARE(tab->scene()->flow(), core::LayoutDirection::LeftToRight);
        ui::NodeItem *source = tab->scene()->node(QStringLiteral("notify_team"));
        QVERIFY(source->onOutputHandle(source->pos() +
                                       QPointF(ui::NodeItem::Width, ui::NodeItem::Height / 2)));
        QVERIFY(tab->autoLayout(core::LayoutDirection::TopToBottom, false));
        QCOMPARE(tab->scene()->flow(), core::LayoutDirection::TopToBottom);
    }

    void movingANodeIsLayoutOnlyAndUndoable()
    {
        tab->view()->centreOnNode(QStringLiteral("validate_customer_renewals"));
        QVERIFY(settleQueuedEvents());
        const QPointF before =
            tab->scene()->node(QStringLiteral("validate_customer_renewals"))->pos();
        const QPoint start = centreOf(*tab, QStringLiteral("validate_customer_renewals"));
        QTest::mousePress(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier, start);
        QTest::mouseMove(tab->view()->viewport(), start + QPoint(30, 60));
        QTest::mouseMove(tab->view()->viewport(), start + QPoint(60, 120));
        QTest::mouseRelease(tab->view()->viewport(), Qt::LeftButton, Qt::NoModifier,
                            start + QPoint(60, 120));
        QCOMPARE(versionCount(*f, def), 1);
        const core::Node *moved = doc->definition()->spec.findNode("validate_customer_renewals");
        QVERIFY(moved->position->y > before.y() + 50);
        doc->undoStack()->undo();
        QCOMPARE(doc->definition()->spec.findNode("validate_customer_renewals")->position,
                 std::optional<core::Position>(core::Position{before.x(), before.y()}));
        QCOMPARE(tab->scene()->node(QStringLiteral("validate_customer_renewals"))->pos(), before);
        QCOMPARE(versionCount(*f, def), 1);
    }

    void multiDeleteIsOneVersionAndOneUndoStep()
    {
        const core::Spec before = doc->definition()->spec;
        tab->scene()->selectNodes({QStringLiteral("refresh_dashboard"),
                                   QStringLiteral("notify_team"),
                                   QStringLiteral("load_customer_renewals")});
        QVERIFY(tab->deleteSelection());
        QCOMPARE(versionCount(*f, def), 2);
        QCOMPARE(tab->scene()->nodeCount(), 5);
        QCOMPARE(doc->undoStack()->count(), 1);
        doc->undoStack()->undo();
        QCOMPARE(versionCount(*f, def), 3); // undo is the inverse mutation: a new version
        QCOMPARE(tab->scene()->nodeCount(), 8);
        QCOMPARE(tab->scene()->edgeCount(), 7);
        for (const core::Node &n : before.nodes) {
            const core::Node *back = doc->definition()->spec.findNode(n.id);
            QVERIFY(back && back->sameContent(n));
            QCOMPARE(back->position, n.position); // deleted nodes come back where they were
        }
        doc->undoStack()->redo();
        QCOMPARE(versionCount(*f, def), 4);
        QCOMPARE(tab->scene()->nodeCount(), 5);
    }

    void undoRedoRoundTripsEveryKindOfEdit()
    {
        const std::string original =
            core::specToText(doc->definition()->spec, {.pretty = false, .positions = false});
        QVERIFY(tab->addNode(QStringLiteral("sql"), QPointF(100, 900)));
        QVERIFY(tab->connectNodes(QStringLiteral("sql"), QStringLiteral("join_renewals")));
        QVERIFY(tab->renameNode(QStringLiteral("clean_accounts"), QStringLiteral("Clean them")));
        const std::string edited =
            core::specToText(doc->definition()->spec, {.pretty = false, .positions = false});
        QCOMPARE(doc->undoStack()->count(), 3);
        for (int i = 0; i < 3; ++i)
            doc->undoStack()->undo();
        QCOMPARE(core::specToText(doc->definition()->spec, {.pretty = false, .positions = false}),
                 original);
        QCOMPARE(tab->scene()->node(QStringLiteral("clean_accounts"))->label(),
                 QStringLiteral("Clean accounts"));
        for (int i = 0; i < 3; ++i)
            doc->undoStack()->redo();
        QCOMPARE(core::specToText(doc->definition()->spec, {.pretty = false, .positions = false}),
                 edited);
        QCOMPARE(versionCount(*f, def), 1 + 3 + 3 + 3);
    }

    void undoRestoresWhatCoreHadNotAStaleWindowCopy()
    {
        // Another face renames a node; its event has not reached the window yet (it is queued
        // from another thread) when the user deletes that node. Undo must bring back the node as
        // core had it, with the new label, not as the window's copy showed it.
        std::thread api([&] {
            core::GraphEdit rename;
            rename.updateNodes = {{"refresh_dashboard", json{{"label", "Renamed by the API"}}}};
            QVERIFY(f->core().definitions().editGraph(f->local(), def, rename, "").has_value());
        });
        api.join();
        QCOMPARE(doc->definition()->spec.findNode("refresh_dashboard")->label,
                 std::string("Refresh dashboard"));
        core::GraphEdit remove;
        remove.removeNodes = {"refresh_dashboard"};
        QVERIFY(doc->applyEdit(remove, QStringLiteral("Delete")));
        doc->undoStack()->undo();
        QCOMPARE(doc->definition()->spec.findNode("refresh_dashboard")->label,
                 std::string("Renamed by the API"));
        // Redo deletes it again; a second undo still restores the API's label.
        doc->undoStack()->redo();
        QVERIFY(!doc->definition()->spec.findNode("refresh_dashboard"));
        doc->undoStack()->undo();
        QCOMPARE(doc->definition()->spec.findNode("refresh_dashboard")->label,
                 std::string("Renamed by the API"));
    }

    void windowEditsLeaveCoreSummariesInHistory()
    {
        // The window names its undo steps in the user's language; the shared history gets core's
        // summary, one language for every reader.
        QVERIFY(tab->addNode(QStringLiteral("empty"), QPointF(100, 900)));
        const std::string added = doc->definition()->spec.nodes.back().id;
        doc->undoStack()->undo();
        auto versions = f->core().definitions().versions(f->local(), def, {0, 2});
        QCOMPARE(versions->items[1].changeSummary, "Add node " + added);
        QCOMPARE(versions->items[0].changeSummary, "Remove node " + added);
    }

    void newNodesGoToAFreePlaceNearWhereAsked()
    {
        // Asked for exactly where a node already is: the new card lands next to it, not on it.
        const core::Position occupied =
            *doc->definition()->spec.findNode("clean_accounts")->position;
        QVERIFY(tab->addNode(QStringLiteral("empty"), QPointF(occupied.x, occupied.y)));
        const core::Node &added = doc->definition()->spec.nodes.back();
        QVERIFY(added.position);
        QVERIFY(std::abs(added.position->x - occupied.x) >= ui::NodeItem::Width ||
                std::abs(added.position->y - occupied.y) >= ui::NodeItem::Height);
        QVERIFY(std::hypot(added.position->x - occupied.x, added.position->y - occupied.y) < 400);
        // A paste next to its originals does not cover them either.
        tab->scene()->selectNodes(
            {QStringLiteral("clean_accounts"), QStringLiteral("join_renewals")});
        tab->copySelection();
        QVERIFY(tab->paste());
        const core::Spec &spec = doc->definition()->spec;
        for (const core::Node &a : spec.nodes) {
            for (const core::Node &b : spec.nodes) {
                if (&a == &b || !a.position || !b.position)
                    continue;
                QVERIFY2(std::abs(a.position->x - b.position->x) >= ui::NodeItem::Width ||
                             std::abs(a.position->y - b.position->y) >= ui::NodeItem::Height,
                         (a.id + " covers " + b.id).c_str());
            }
        }
    }

    void cardsSayTheTypeOnce()
    {
        QVERIFY(tab->addNode(QStringLiteral("sql"), QPointF(100, 1400)));
        const QString id = QString::fromStdString(doc->definition()->spec.nodes.back().id);
        ui::NodeItem *item = tab->scene()->node(id);
        QVERIFY(item);
        // Titled "SQL query" by the catalog: the card adds its id, and no second type line.
        QCOMPARE(item->detailLines(), QStringList{id});
        // A labelled demo node: its id and the type's name, never the internal type twice.
        QCOMPARE(
            tab->scene()->node(QStringLiteral("clean_accounts"))->detailLines(),
            (QStringList{QStringLiteral("clean_accounts"), QStringLiteral("Python callable")}));
    }

    void minimapStaysInItsCornerSizedToTheView()
    {
        ui::CanvasView *view = tab->view();
        QTRY_VERIFY(view->minimapVisible());
        const QRect before = view->minimapGeometry();
        const QRect area = view->viewport()->geometry();
        // In the bottom-right corner of the viewport, a fifth of its width at most.
        QVERIFY(area.contains(before));
        QVERIFY(area.right() - before.right() < 20 && area.bottom() - before.bottom() < 20);
        QVERIFY(before.width() <= std::max(120, area.width() / 5));
        // Scrolling the canvas does not move it (it once scrolled away with the content).
        view->horizontalScrollBar()->setValue(view->horizontalScrollBar()->value() + 200);
        view->verticalScrollBar()->setValue(view->verticalScrollBar()->value() + 150);
        QCOMPARE(view->minimapGeometry(), before);
        // A small view has no room for it; the user can turn it off.
        tab->resize(360, 260);
        QTRY_VERIFY(!view->minimapVisible());
        tab->resize(1400, 900);
        QTRY_VERIFY(view->minimapVisible());
        view->setMinimapVisible(false);
        QVERIFY(!view->minimapVisible());
        view->setMinimapVisible(true);
        QVERIFY(view->minimapVisible());
    }

    void theViewStaysStillWhenNodesArrive()
    {
        // The view once re-centred on every added or moved node. Now what the user looks at
        // stays put (within a device pixel of rounding): a node dropped in view, one added far up
        // and left (the scene grows that way) and a moved node leave the middle of the view where
        // it was.
        tab->view()->setZoom(0.8); // the user's own zoom: no more fitting
        QVERIFY(settleQueuedEvents());
        const auto centre = [&] {
            return tab->view()->mapToScene(tab->view()->viewport()->rect().center());
        };
        const QPointF before = centre();
        QVERIFY(tab->addNode(QStringLiteral("empty"), before));
        QTRY_VERIFY2((centre() - before).manhattanLength() < 4, QStringLiteral("%1,%2 -> %3,%4")
                                                                    .arg(before.x())
                                                                    .arg(before.y())
                                                                    .arg(centre().x())
                                                                    .arg(centre().y())
                                                                    .toUtf8()
                                                                    .constData());
        core::GraphEdit far;
        far.addNodes = {core::Node{}};
        far.addNodes[0].id = "far_away";
        far.addNodes[0].type = "empty";
        far.addNodes[0].position = core::Position{-5000, -4000};
        QVERIFY(f->core().definitions().editGraph(f->local(), def, far, "").has_value());
        QTRY_VERIFY(tab->scene()->node(QStringLiteral("far_away")));
        QTRY_VERIFY2((centre() - before).manhattanLength() < 4, QStringLiteral("%1,%2 -> %3,%4")
                                                                    .arg(before.x())
                                                                    .arg(before.y())
                                                                    .arg(centre().x())
                                                                    .arg(centre().y())
                                                                    .toUtf8()
                                                                    .constData());
        QVERIFY(f->core()
                    .definitions()
                    .setPositions(f->local(), def, {{"notify_team", core::Position{6000, 5000}}})
                    .has_value());
        QTRY_COMPARE(tab->scene()->node(QStringLiteral("notify_team"))->pos(), QPointF(6000, 5000));
        QTRY_VERIFY2((centre() - before).manhattanLength() < 4, QStringLiteral("%1,%2 -> %3,%4")
                                                                    .arg(before.x())
                                                                    .arg(before.y())
                                                                    .arg(centre().x())
                                                                    .arg(centre().y())
                                                                    .toUtf8()
                                                                    .constData());
    }

    void copyPasteMakesNewIdsInOneVersion()
    {
        tab->scene()->selectNodes(
            {QStringLiteral("clean_accounts"), QStringLiteral("join_renewals")});
        tab->copySelection();
        QVERIFY(tab->paste());
        QCOMPARE(versionCount(*f, def), 2);
        const core::Spec &spec = doc->definition()->spec;
        QVERIFY(spec.findNode("clean_accounts_2"));
        QVERIFY(spec.findNode("join_renewals_2"));
        QVERIFY(spec.indexOfEdge("clean_accounts_2", "join_renewals_2") >= 0);
        QCOMPARE(spec.findNode("clean_accounts_2")->position->x,
                 spec.findNode("clean_accounts")->position->x + 40);
        QCOMPARE(tab->scene()->selectedNodeIds(), (QStringList{QStringLiteral("clean_accounts_2"),
                                                               QStringLiteral("join_renewals_2")}));
        QVERIFY(tab->paste()); // again: fresh ids again
        QVERIFY(doc->definition()->spec.findNode("clean_accounts_3"));
        QCOMPARE(versionCount(*f, def), 3);
    }

    void selectUpstreamAndDownstream()
    {
        tab->scene()->selectNodes({QStringLiteral("join_renewals")});
        tab->selectUpstream();
        QCOMPARE(
            tab->scene()->selectedNodeIds(),
            (QStringList{QStringLiteral("clean_accounts"), QStringLiteral("extract_crm_accounts"),
                         QStringLiteral("extract_customer_renewals"),
                         QStringLiteral("join_renewals")}));
        tab->scene()->selectNodes({QStringLiteral("load_customer_renewals")});
        tab->selectDownstream();
        QCOMPARE(tab->scene()->selectedNodeIds().size(), 3);
    }

    void invalidEditChangesNothing()
    {
        QSignalSpy failures(doc.get(), &ui::DefinitionDocument::failed);
        QVERIFY(!tab->connectNodes(QStringLiteral("notify_team"),
                                   QStringLiteral("extract_crm_accounts"))); // a cycle
        QCOMPARE(failures.count(), 1);
        QVERIFY(failures.at(0).at(0).toString().contains(QStringLiteral("cycle")));
        QCOMPARE(versionCount(*f, def), 1);
        QCOMPARE(doc->undoStack()->count(), 0);
        QCOMPARE(tab->scene()->edgeCount(), 7);
    }

    void apiMutationArrivesInTheOpenCanvas()
    {
        HttpClient http(f->port(), f->token(core::Role::Editor, "erin"));
        const auto r = http.post(
            Fixture::base() + "/definitions/" + def + "/nodes",
            json{{"node", {{"id", "from_api"}, {"type", "empty"}}}, {"upstream", {"notify_team"}}});
        QCOMPARE(r.status, 201);
        QTRY_VERIFY(tab->scene()->node(QStringLiteral("from_api")) != nullptr);
        QTRY_COMPARE(tab->scene()->edgeCount(), 8);
        // It arrived without a position: the window placed it (layout, no version) and the API sees
        // that.
        QTRY_VERIFY(doc->definition()->spec.findNode("from_api")->position.has_value());
        QCOMPARE(versionCount(*f, def), 2);
        const auto back =
            http.get(Fixture::base() + "/definitions/" + def + "/nodes/from_api").json();
        QVERIFY(back.contains("position"));
        // And a window edit is visible to the API at once.
        QVERIFY(tab->renameNode(QStringLiteral("from_api"), QStringLiteral("Named in the window")));
        QCOMPARE(
            http.get(Fixture::base() + "/definitions/" + def + "/nodes/from_api").json()["label"],
            json("Named in the window"));
    }

    void sourceViewAppliesValidTextAndRejectsInvalid()
    {
        ui::SourceTab source(doc.get());
        source.resize(900, 700);
        source.show();
        QVERIFY(source.editor()->text().contains(QStringLiteral("id: extract_customer_renewals")));
        QVERIFY(!source.editor()->text().contains(QStringLiteral("position")));
        // Valid: rename a label in the YAML.
        QString text = source.editor()->text();
        text.replace(QStringLiteral("label: Clean accounts"),
                     QStringLiteral("label: Clean CRM accounts"));
        source.editor()->setText(text);
        QVERIFY(source.apply());
        QCOMPARE(versionCount(*f, def), 2);
        QCOMPARE(tab->scene()->node(QStringLiteral("clean_accounts"))->label(),
                 QStringLiteral("Clean CRM accounts"));
        QVERIFY(doc->definition()->spec.findNode("clean_accounts")->position.has_value()); // layout
                                                                                           // kept
        // Invalid: a required field removed; nothing changes and the problem has a line number.
        text = source.editor()->text();
        text.replace(QStringLiteral("    callable: clean_accounts\n"), QString());
        source.editor()->setText(text);
        QVERIFY(!source.apply());
        QCOMPARE(versionCount(*f, def), 2);
        QVERIFY(!source.problems().isEmpty());
        QVERIFY2(source.problems().front().startsWith(QStringLiteral("Line ")),
                 qPrintable(source.problems().join(QLatin1Char('\n'))));
        QVERIFY(source.problems().front().contains(QStringLiteral("callable")));
        // Canvas edits flow into an unmodified source view.
        source.reload();
        QVERIFY(tab->renameNode(QStringLiteral("notify_team"), QStringLiteral("Tell the team")));
        QVERIFY(source.editor()->text().contains(QStringLiteral("label: Tell the team")));
        // JSON works the same way.
        source.setFormat(ui::SourceTab::Format::Json);
        QVERIFY(source.editor()->text().trimmed().startsWith(QLatin1Char('{')));
        QString jsonText = source.editor()->text();
        jsonText.replace(QStringLiteral("\"label\": \"Tell the team\""),
                         QStringLiteral("\"label\": \"Tell everyone\""));
        source.editor()->setText(jsonText);
        QVERIFY(source.apply());
        QCOMPARE(doc->definition()->spec.findNode("notify_team")->label,
                 std::string("Tell everyone"));
    }

    void demoCanvasRendersToAPng()
    {
        tab->view()->fitAll();
        const QString dir =
            QDir(QCoreApplication::applicationDirPath()).filePath(QStringLiteral("artifacts"));
        QDir().mkpath(dir);
        const QString path = QDir(dir).filePath(QStringLiteral("demo_canvas.png"));
        QVERIFY(tab->exportImage(path));
        QImage image(path);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() > 1000 && image.height() > 200);
        // Not blank: many pixels differ from the background and several colours appear.
        const QRgb background = image.pixel(0, 0);
        int differing = 0;
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 3)
            for (int x = 0; x < image.width(); x += 3) {
                const QRgb p = image.pixel(x, y);
                differing += p != background;
                if (colours.size() < 200)
                    colours.insert(p);
            }
        QVERIFY2(differing > 2000, qPrintable(QString::number(differing)));
        QVERIFY(colours.size() > 20);
        const QString svg = QDir(dir).filePath(QStringLiteral("demo_canvas.svg"));
        QVERIFY(tab->exportImage(svg));
        QFile file(svg);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().contains("<svg"));
    }

    void searchFindsNodesByIdOrLabel()
    {
        QVERIFY(tab->findNode(QStringLiteral("Validate renewals")));
        QCOMPARE(tab->scene()->selectedNodeIds(),
                 QStringList{QStringLiteral("validate_customer_renewals")});
        QVERIFY(tab->findNode(QStringLiteral("notify_team")));
        QCOMPARE(tab->scene()->selectedNodeIds(), QStringList{QStringLiteral("notify_team")});
        QVERIFY(!tab->findNode(QStringLiteral("nothing like it")));
    }

    void farZoomShowsAnOverviewAndKeepsSelectionWorking()
    {
        tab->view()->setZoom(0.1);
        QVERIFY(tab->scene()->overviewMode());
        tab->selectAll();
        QCOMPARE(tab->scene()->selectedNodeIds().size(), 8);
        tab->view()->setZoom(1.0);
        QVERIFY(!tab->scene()->overviewMode());
        QCOMPARE(tab->scene()->selectedNodeIds().size(), 8);
        for (const QString &id : tab->scene()->nodeIds())
            QVERIFY(tab->scene()->node(id)->isVisible());
        // Search from far away zooms in on the match.
        tab->view()->setZoom(0.1);
        QVERIFY(tab->findNode(QStringLiteral("join_renewals")));
        QVERIFY(tab->view()->zoom() >= 0.6);
        QCOMPARE(tab->scene()->selectedNodeIds(), QStringList{QStringLiteral("join_renewals")});
    }

    void followsADarkPalette()
    {
        const QPalette light = QApplication::palette();
        QPalette dark = light;
        dark.setColor(QPalette::Window, QColor(0x20, 0x22, 0x26));
        dark.setColor(QPalette::Base, QColor(0x18, 0x1a, 0x1e));
        dark.setColor(QPalette::Text, QColor(0xe6, 0xe6, 0xe6));
        QApplication::setPalette(dark);
        tab->scene()->refreshColors();
        QVERIFY(tab->scene()->colors().background.lightness() < 60);
        QVERIFY(tab->scene()->colors().nodeText.lightness() > 180);
        QApplication::setPalette(light);
        tab->scene()->refreshColors();
        QVERIFY(tab->scene()->colors().background.lightness() > 180);
    }

    void droppingACatalogTypeAddsANode()
    {
        auto *mime = new QMimeData;
        mime->setData(QString::fromLatin1(ui::CanvasView::kNodeTypeMime), "sql");
        const QPoint at = tab->view()->viewport()->rect().center();
        QDragEnterEvent enter(at, Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(tab->view()->viewport(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, mime, Qt::LeftButton, Qt::NoModifier);
        QCoreApplication::sendEvent(tab->view()->viewport(), &drop);
        QVERIFY(tab->scene()->node(QStringLiteral("sql")));
        const core::Node *node = doc->definition()->spec.findNode("sql");
        QCOMPARE(node->fields().at("query"), nlohmann::json("SELECT 1")); // the catalog's starter
        QCOMPARE(versionCount(*f, def), 2);
        delete mime;
    }

    void shiftDragDrawsARubberBandAndEmptyDragPans()
    {
        ui::CanvasView *view = tab->view();
        view->setZoom(0.6);
        view->centerOn(tab->scene()->node(QStringLiteral("clean_accounts"))->centre());
        QVERIFY(settleQueuedEvents());
        // Empty space above the two first columns, dragged down across them with Shift.
        const QRectF area =
            tab->scene()->node(QStringLiteral("extract_crm_accounts"))->sceneBoundingRect() |
            tab->scene()->node(QStringLiteral("clean_accounts"))->sceneBoundingRect();
        const QPoint from = view->mapFromScene(area.topLeft() - QPointF(30, 150));
        const QPoint to = view->mapFromScene(area.bottomRight() + QPointF(10, 10));
        QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, from);
        QTest::mouseMove(view->viewport(), (from + to) / 2);
        QTest::mouseMove(view->viewport(), to);
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::ShiftModifier, to);
        const QStringList selected = tab->scene()->selectedNodeIds();
        QVERIFY2(selected.contains(QStringLiteral("clean_accounts")) &&
                     selected.contains(QStringLiteral("extract_crm_accounts")),
                 qPrintable(selected.join(QLatin1Char(','))));
        // Ctrl+click adds a node to the selection.
        QTest::mouseClick(
            view->viewport(), Qt::LeftButton, Qt::ControlModifier,
            view->mapFromScene(tab->scene()->node(QStringLiteral("join_renewals"))->centre()));
        QVERIFY(tab->scene()->selectedNodeIds().contains(QStringLiteral("join_renewals")));
        // A plain drag on empty space pans; arrow keys pan too.
        const int before = view->horizontalScrollBar()->value();
        const QPoint empty = view->mapFromScene(area.topLeft() - QPointF(30, 150));
        QTest::mousePress(view->viewport(), Qt::LeftButton, Qt::NoModifier, empty);
        QTest::mouseMove(view->viewport(), empty + QPoint(-80, 0));
        QTest::mouseRelease(view->viewport(), Qt::LeftButton, Qt::NoModifier,
                            empty + QPoint(-80, 0));
        QCOMPARE(view->horizontalScrollBar()->value(), before + 80);
        QTest::keyClick(view, Qt::Key_Right);
        QCOMPARE(view->horizontalScrollBar()->value(), before + 140);
        QCOMPARE(versionCount(*f, def), 1); // nothing of this touched the model
    }

    void problemsAreMarkedOnTheirNodes()
    {
        core::GraphEdit edit;
        edit.updateNodes.push_back({"join_renewals", nlohmann::json{{"modul", "typo"}}});
        QVERIFY(doc->applyEdit(edit, QStringLiteral("typo")));
        ui::NodeItem *item = tab->scene()->node(QStringLiteral("join_renewals"));
        QCOMPARE(item->warningCount(), 1);
        QCOMPARE(item->errorCount(), 0);
        QCOMPARE(tab->scene()->node(QStringLiteral("clean_accounts"))->warningCount(), 0);
        doc->undoStack()->undo();
        QCOMPARE(item->warningCount(), 0);
    }

    void autoLayoutIsOneUndoStepWithoutAVersion()
    {
        const core::Position before = *doc->definition()->spec.findNode("notify_team")->position;
        QVERIFY(tab->autoLayout(core::LayoutDirection::TopToBottom, false));
        QCOMPARE(versionCount(*f, def), 1);
        QVERIFY(*doc->definition()->spec.findNode("notify_team")->position != before);
        QCOMPARE(doc->undoStack()->count(), 1);
        doc->undoStack()->undo();
        QCOMPARE(*doc->definition()->spec.findNode("notify_team")->position, before);
    }
};

QTEST_MAIN(tst_GraphCanvas)
#include "tst_graphcanvas.moc"
