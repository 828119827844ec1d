#include <QTest>

#include <algorithm>
#include <numeric>

#include "core/layout/layeredphases.h"

// Each phase of the layered layout on its own, on graphs small enough to know the answer.

using namespace pw::core;
using namespace pw::core::layered;

namespace {

std::vector<DagEdge> dagEdges(const std::vector<std::pair<int, int>> &pairs)
{
    std::vector<DagEdge> edges;
    for (size_t k = 0; k < pairs.size(); ++k)
        edges.push_back({pairs[k].first, pairs[k].second, false, static_cast<int>(k)});
    return edges;
}

bool acyclic(int n, const std::vector<DagEdge> &edges)
{
    std::vector<int> indegree(static_cast<size_t>(n), 0);
    for (const DagEdge &e : edges)
        ++indegree[static_cast<size_t>(e.to)];
    std::vector<int> ready;
    for (int v = 0; v < n; ++v)
        if (indegree[static_cast<size_t>(v)] == 0)
            ready.push_back(v);
    int seen = 0;
    while (!ready.empty()) {
        const int v = ready.back();
        ready.pop_back();
        ++seen;
        for (const DagEdge &e : edges)
            if (e.from == v && --indegree[static_cast<size_t>(e.to)] == 0)
                ready.push_back(e.to);
    }
    return seen == n;
}

struct Layered
{
    std::vector<DagEdge> edges;
    std::vector<std::vector<int>> chains;
    LayeredGraph g;
};

// Layers by the real phases, then the layered graph.
Layered layeredGraphOf(int n, const std::vector<std::pair<int, int>> &pairs)
{
    Layered out;
    out.edges = dagEdges(pairs);
    breakCycles(n, out.edges);
    std::vector<std::vector<int>> succ(static_cast<size_t>(n));
    std::vector<std::vector<int>> pred(static_cast<size_t>(n));
    for (const DagEdge &e : out.edges) {
        succ[static_cast<size_t>(e.from)].push_back(e.to);
        pred[static_cast<size_t>(e.to)].push_back(e.from);
    }
    const std::vector<int> layer = assignLayers(n, succ, pred, out.edges);
    out.g = buildLayeredGraph(n, out.edges, layer, out.chains);
    return out;
}

// Fills the layers in the order given (per layer, node ids).
void setOrder(LayeredGraph &g, const std::vector<std::vector<int>> &order)
{
    g.layers = order;
    for (const auto &list : g.layers)
        for (size_t i = 0; i < list.size(); ++i)
            g.pos[static_cast<size_t>(list[i])] = static_cast<int>(i);
}

bool positionsMatchLayers(const LayeredGraph &g)
{
    for (size_t l = 0; l < g.layers.size(); ++l)
        for (size_t i = 0; i < g.layers[l].size(); ++i) {
            const int v = g.layers[l][i];
            if (g.pos[static_cast<size_t>(v)] != static_cast<int>(i) ||
                g.layer[static_cast<size_t>(v)] != static_cast<int>(l))
                return false;
        }
    return true;
}

} // namespace

class tst_LayoutPhases : public QObject
{
    Q_OBJECT

private slots:
    void cyclesAreBrokenByReversingBackEdges()
    {
        // 0 → 1 → 2 → 0 and 2 → 3 → 1: two cycles sharing edges.
        std::vector<DagEdge> edges = dagEdges({{0, 1}, {1, 2}, {2, 0}, {2, 3}, {3, 1}});
        breakCycles(4, edges);
        QVERIFY(acyclic(4, edges));
        int reversed = 0;
        for (const DagEdge &e : edges)
            reversed += e.reversed ? 1 : 0;
        QCOMPARE(reversed, 2);
        // A reversed edge runs the other way round; the spec index stays with it.
        for (size_t k = 0; k < edges.size(); ++k)
            QCOMPARE(edges[k].specIndex, static_cast<int>(k));
        // An acyclic graph is left alone.
        std::vector<DagEdge> dag = dagEdges({{0, 1}, {0, 2}, {1, 2}});
        breakCycles(3, dag);
        for (const DagEdge &e : dag)
            QVERIFY(!e.reversed);
    }

    void layersKeepTheTotalEdgeLengthMinimal()
    {
        // A chain 0 → 1 → 2 → 3 and a source 4 feeding 3: the longest-path layering puts 4 in
        // layer 0 (an edge three layers long); the minimal one puts it just above 3.
        const Layered l = layeredGraphOf(5, {{0, 1}, {1, 2}, {2, 3}, {4, 3}});
        QCOMPARE(l.g.layer[0], 0);
        QCOMPARE(l.g.layer[3], 3);
        QCOMPARE(l.g.layer[4], 2);
        // A node with more out- than in-edges is drawn towards its successors.
        const Layered fan = layeredGraphOf(5, {{0, 1}, {1, 2}, {2, 3}, {4, 2}, {4, 3}});
        int length = 0;
        for (const DagEdge &e : fan.edges) {
            const int span =
                fan.g.layer[static_cast<size_t>(e.to)] - fan.g.layer[static_cast<size_t>(e.from)];
            QVERIFY(span >= 1);
            length += span;
        }
        QCOMPARE(length, 6); // 3 for the chain, 1 + 2 for node 4 placed at layer 1
        QCOMPARE(*std::min_element(fan.g.layer.begin(), fan.g.layer.begin() + 5), 0);
    }

    void longEdgesGetOneDummyPerLayer()
    {
        // 0 → 1 → 2 → 3 and 0 → 3: the long edge passes layers 1 and 2.
        const Layered l = layeredGraphOf(4, {{0, 1}, {1, 2}, {2, 3}, {0, 3}});
        QCOMPARE(l.g.realCount, 4);
        QCOMPARE(l.g.size(), 6);
        QCOMPARE(l.chains[3].size(), size_t(2));
        const int first = l.chains[3][0];
        const int second = l.chains[3][1];
        QVERIFY(l.g.isDummy(first) && l.g.isDummy(second));
        QCOMPARE(l.g.layer[static_cast<size_t>(first)], 1);
        QCOMPARE(l.g.layer[static_cast<size_t>(second)], 2);
        QCOMPARE(l.g.chainEnds[static_cast<size_t>(first - 4)], (std::pair<int, int>{0, 3}));
        // Every layered edge joins neighbouring layers.
        for (int v = 0; v < l.g.size(); ++v)
            for (int w : l.g.down[static_cast<size_t>(v)])
                QCOMPARE(l.g.layer[static_cast<size_t>(w)], l.g.layer[static_cast<size_t>(v)] + 1);
        QCOMPARE(l.g.layers.size(), size_t(4));
    }

    void orderingRemovesCrossingsThatCanGo()
    {
        // Two layers of five, each top node joined to the bottom node in mirror position: in
        // the given order every pair crosses (10); reversed, none do.
        std::vector<std::pair<int, int>> pairs;
        for (int i = 0; i < 5; ++i)
            pairs.push_back({i, 9 - i});
        Layered l = layeredGraphOf(10, pairs);
        setOrder(l.g, {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}});
        QCOMPARE(totalCrossings(l.g), int64_t(10));
        reduceCrossings(l.g, kInteractiveOrdering);
        QCOMPARE(totalCrossings(l.g), int64_t(0));
        QVERIFY(positionsMatchLayers(l.g));
        // Sifting alone, one layer: the same.
        setOrder(l.g, {{0, 1, 2, 3, 4}, {5, 6, 7, 8, 9}});
        TransposeBuffers buffers;
        for (int round = 0; round < 5 && totalCrossings(l.g) > 0; ++round)
            siftLayer(l.g, buffers, 1, SIZE_MAX);
        QCOMPARE(totalCrossings(l.g), int64_t(0));
        QVERIFY(positionsMatchLayers(l.g));
        // Sorting a layer by a key renumbers it.
        std::vector<double> key(static_cast<size_t>(l.g.size()), 0);
        for (int v = 5; v < 10; ++v)
            key[static_cast<size_t>(v)] = v;
        sortLayerBy(l.g, 1, key);
        QCOMPARE(l.g.layers[1], (std::vector<int>{5, 6, 7, 8, 9}));
        QVERIFY(positionsMatchLayers(l.g));
    }

    void coordinatesKeepOrderSeparationAndLineChainsUp()
    {
        // A chain 0 → 1 → 2 beside a fan 3 → {4, 5}.
        Layered l = layeredGraphOf(6, {{0, 1}, {1, 2}, {3, 4}, {3, 5}});
        reduceCrossings(l.g, kInteractiveOrdering);
        const double size = 72;
        const double gap = 28;
        CoordinateAssigner assigner(l.g, size, gap);
        const std::vector<double> c = assigner.assign(kInteractiveOrdering.coordinateRounds);
        QCOMPARE(c.size(), size_t(l.g.size()));
        for (const auto &list : l.g.layers)
            for (size_t i = 1; i < list.size(); ++i)
                QVERIFY(c[static_cast<size_t>(list[i])] - c[static_cast<size_t>(list[i - 1])] >=
                        size + gap - 1e-9);
        // The chain is nearly one straight line (the sweeps stop after a few rounds, within a
        // few units); the fan's source sits between its two targets.
        QVERIFY2(std::abs(c[0] - c[1]) < 5 && std::abs(c[1] - c[2]) < 5,
                 qPrintable(QStringLiteral("%1 %2 %3").arg(c[0]).arg(c[1]).arg(c[2])));
        QVERIFY(c[3] >= std::min(c[4], c[5]) && c[3] <= std::max(c[4], c[5]));
        // Assigning again starts from the wishes the last call ended with (a warm start, which
        // straightening relies on): the chain only gets straighter.
        const std::vector<double> again = assigner.assign(kInteractiveOrdering.coordinateRounds);
        QVERIFY(std::abs(again[1] - again[2]) <= std::abs(c[1] - c[2]));
        QVERIFY(std::abs(again[0] - again[1]) <= std::abs(c[0] - c[1]) + 1e-9);
    }

    void straighteningNeverEndsWorseThanItStarts()
    {
        // Long edges make straight edges differ from the layered polylines.
        std::vector<std::pair<int, int>> pairs = {{0, 1}, {1, 2}, {2, 3}, {3, 4}, {0, 4},
                                                  {5, 6}, {6, 7}, {5, 7}, {7, 4}, {1, 7},
                                                  {5, 2}, {6, 3}, {0, 6}};
        Layered l = layeredGraphOf(8, pairs);
        reduceCrossings(l.g, kThoroughOrdering);
        CoordinateAssigner assigner(l.g, 72, 28);
        const std::vector<double> start = assigner.assign(kThoroughOrdering.coordinateRounds);
        // Straight-edge crossings of a set of coordinates: the order they put each layer in.
        auto straightCrossings = [&](const std::vector<double> &coordinate) {
            LayeredGraph copy = l.g;
            orderByStraightEdges(copy, coordinate);
            return totalCrossings(copy);
        };
        const int64_t before = straightCrossings(start);
        const std::vector<double> best = straighten(l.g, assigner, kThoroughOrdering);
        QCOMPARE(best.size(), start.size());
        QVERIFY(straightCrossings(best) <= before);
    }

    void pinnedNodesStayAndOthersMakeRoom()
    {
        LayoutOptions options;
        LayoutResult result;
        result.positions = {{"a", {0, 0}}, {"b", {300, 0}}, {"c", {600, 0}}};
        result.routes = {{Position{150, 0}}};
        // a is pinned 40 to the right: everything moves with it; c is pinned onto b's place
        // too far for the mean shift to clear, so b is pushed aside.
        std::vector<std::optional<Position>> pins = {Position{40, 0}, std::nullopt,
                                                     Position{340, 0}};
        std::vector<bool> moved(3, false);
        applyPins(result, pins, options, moved);
        QCOMPARE(result.positions[0].second, (Position{40, 0}));
        QCOMPARE(result.positions[2].second, (Position{340, 0}));
        // The mean displacement is (40 - 260) / 2 = -110 along x: b would land on c.
        const Position b = result.positions[1].second;
        const bool apart =
            std::abs(b.x - 340) >= options.nodeWidth || std::abs(b.y - 0) >= options.nodeHeight;
        QVERIFY2(apart, qPrintable(QStringLiteral("b at %1,%2").arg(b.x).arg(b.y)));
        QVERIFY(moved[1]);
        QVERIFY(!moved[0] && !moved[2]);
        QCOMPARE(result.routes[0][0], (Position{40, 0})); // routes shift with the layout
    }
};

QTEST_MAIN(tst_LayoutPhases)
#include "tst_layoutphases.moc"
