#include "layeredlayout.h"

#include <algorithm>
#include <array>
#include <climits>
#include <cmath>
#include <cstdint>
#include <numeric>
#include <optional>
#include <span>
#include <system_error>
#include <thread>
#include <unordered_map>

#include "../util/flathash.h"

namespace pw::core {

namespace {

// Neighbour lists of all nodes in one array (the ordering passes read them many times over).
class Adjacency
{
public:
    Adjacency() = default;
    explicit Adjacency(const std::vector<std::vector<int>> &lists)
    {
        m_start.reserve(lists.size() + 1);
        m_start.push_back(0);
        for (const auto &list : lists) {
            m_items.insert(m_items.end(), list.begin(), list.end());
            m_start.push_back(static_cast<int>(m_items.size()));
        }
    }
    std::span<const int> operator[](size_t v) const
    {
        return {m_items.data() + m_start[v], static_cast<size_t>(m_start[v + 1] - m_start[v])};
    }

private:
    std::vector<int> m_start;
    std::vector<int> m_items;
};

// The graph the layout works on: real nodes 0..n-1, then dummy nodes on long edges. Every
// layered edge joins two neighbouring layers.
struct LayeredGraph
{
    int realCount = 0;
    std::vector<int> layer;
    Adjacency up;   // neighbours one layer before
    Adjacency down; // neighbours one layer after
    std::vector<std::vector<int>> layers;
    std::vector<int> pos; // index inside its layer
    // Per dummy (index v - realCount): the real nodes its long edge joins, upper then lower.
    std::vector<std::pair<int, int>> chainEnds;

    bool isDummy(int v) const { return v >= realCount; }
    int size() const { return static_cast<int>(layer.size()); }
};

struct DagEdge
{
    int from;
    int to;
    bool reversed;
    int specIndex;
};

// Most nodes have one or two neighbours on a side: insertion sort beats std::sort there.
void sortSmall(int *first, int *last)
{
    if (last - first > 16) {
        std::sort(first, last);
        return;
    }
    for (int *i = first + 1; i < last; ++i) {
        const int value = *i;
        int *j = i;
        for (; j > first && *(j - 1) > value; --j)
            *j = *(j - 1);
        *j = value;
    }
}

// ---- crossings between two neighbouring layers ------------------------------------------------

// Inversions in `sequence` (values < bound) with a Fenwick tree: the crossings of a bilayer once
// edges are listed by upper position then lower position (Barth, Jünger, Mutzel).
int64_t inversions(const std::vector<int> &sequence, int bound, std::vector<int> &tree)
{
    tree.assign(static_cast<size_t>(bound) + 1, 0);
    int64_t count = 0;
    int seen = 0;
    for (int value : sequence) {
        // Elements seen so far that are greater than value.
        int notGreater = 0;
        for (int i = value + 1; i > 0; i -= i & -i)
            notGreater += tree[static_cast<size_t>(i)];
        count += seen - notGreater;
        for (int i = value + 1; i <= bound; i += i & -i)
            ++tree[static_cast<size_t>(i)];
        ++seen;
    }
    return count;
}

int64_t bilayerCrossings(const LayeredGraph &g, int upperLayer, std::vector<int> &sequence,
                         std::vector<int> &tree)
{
    sequence.clear();
    for (int v : g.layers[static_cast<size_t>(upperLayer)]) {
        const size_t begin = sequence.size();
        for (int w : g.down[static_cast<size_t>(v)])
            sequence.push_back(g.pos[static_cast<size_t>(w)]);
        sortSmall(sequence.data() + begin, sequence.data() + sequence.size());
    }
    return inversions(sequence,
                      static_cast<int>(g.layers[static_cast<size_t>(upperLayer) + 1].size()), tree);
}

int64_t totalCrossings(const LayeredGraph &g)
{
    thread_local std::vector<int> sequence;
    thread_local std::vector<int> tree;
    int64_t total = 0;
    for (size_t l = 0; l + 1 < g.layers.size(); ++l)
        total += bilayerCrossings(g, static_cast<int>(l), sequence, tree);
    return total;
}

// ---- building the layered graph ----------------------------------------------------------------

std::vector<int> topologicalOrder(int n, const std::vector<std::vector<int>> &succ)
{
    std::vector<int> indegree(static_cast<size_t>(n), 0);
    for (const auto &list : succ)
        for (int w : list)
            ++indegree[static_cast<size_t>(w)];
    std::vector<int> order;
    order.reserve(static_cast<size_t>(n));
    for (int v = 0; v < n; ++v)
        if (indegree[static_cast<size_t>(v)] == 0)
            order.push_back(v);
    for (size_t head = 0; head < order.size(); ++head) {
        for (int w : succ[static_cast<size_t>(order[head])])
            if (--indegree[static_cast<size_t>(w)] == 0)
                order.push_back(w);
    }
    return order;
}

// Reverses back edges found by a depth-first search so the graph becomes acyclic.
void breakCycles(int n, std::vector<DagEdge> &edges)
{
    std::vector<std::vector<int>> out(static_cast<size_t>(n));
    for (size_t e = 0; e < edges.size(); ++e)
        out[static_cast<size_t>(edges[e].from)].push_back(static_cast<int>(e));
    enum : uint8_t
    {
        White,
        Grey,
        Black
    };
    std::vector<uint8_t> colour(static_cast<size_t>(n), White);
    struct Frame
    {
        int node;
        size_t next;
    };
    std::vector<Frame> stack;
    for (int root = 0; root < n; ++root) {
        if (colour[static_cast<size_t>(root)] != White)
            continue;
        stack.push_back({root, 0});
        colour[static_cast<size_t>(root)] = Grey;
        while (!stack.empty()) {
            Frame &f = stack.back();
            const auto &list = out[static_cast<size_t>(f.node)];
            if (f.next == list.size()) {
                colour[static_cast<size_t>(f.node)] = Black;
                stack.pop_back();
                continue;
            }
            DagEdge &e = edges[static_cast<size_t>(list[f.next++])];
            const int w = e.to;
            if (colour[static_cast<size_t>(w)] == Grey) {
                std::swap(e.from, e.to);
                e.reversed = !e.reversed;
            } else if (colour[static_cast<size_t>(w)] == White) {
                colour[static_cast<size_t>(w)] = Grey;
                stack.push_back({w, 0});
            }
        }
    }
}

// Layers that minimise the total edge length (each edge at least one layer long): network
// simplex (Gansner, Koutsofios, North, Vo). The cut value of the tree edge above a subtree S is
// the sum over S of (out-degree - in-degree), signed by the edge's direction, so it is kept as a
// subtree sum. An exchange touches only what changes: the two paths to the root, the re-hung
// path, and the smaller side of the cut (searched for the entering edge and shifted).
class NetworkSimplex
{
public:
    NetworkSimplex(int n, const std::vector<DagEdge> &edges, std::vector<int> &rank)
        : m_n(n), m_edges(edges), m_rank(rank)
    {
        m_incident.resize(static_cast<size_t>(n));
        m_local.assign(static_cast<size_t>(n), 0);
        for (size_t e = 0; e < edges.size(); ++e) {
            m_incident[static_cast<size_t>(edges[e].from)].push_back(static_cast<int>(e));
            m_incident[static_cast<size_t>(edges[e].to)].push_back(static_cast<int>(e));
            ++m_local[static_cast<size_t>(edges[e].from)];
            --m_local[static_cast<size_t>(edges[e].to)];
        }
        m_stamp.assign(static_cast<size_t>(n), 0);
    }

    void run(int maxExchanges)
    {
        feasibleTree();
        rootTrees();
        m_isCandidate.assign(static_cast<size_t>(m_n), false);
        for (int v = 0; v < m_n; ++v)
            markCandidate(v);
        for (int exchange = 0; exchange < maxExchanges; ++exchange) {
            const int child = nextLeaving();
            if (child < 0)
                break;
            if (!pivot(child))
                break;
        }
    }

private:
    int slack(int e) const
    {
        const DagEdge &d = m_edges[static_cast<size_t>(e)];
        return m_rank[static_cast<size_t>(d.to)] - m_rank[static_cast<size_t>(d.from)] - 1;
    }
    int other(int e, int v) const
    {
        const DagEdge &d = m_edges[static_cast<size_t>(e)];
        return d.from == v ? d.to : d.from;
    }
    // The cut value of the tree edge above `v` (v must not be a root).
    int cutAbove(int v) const
    {
        const int e = m_parentEdge[static_cast<size_t>(v)];
        return m_edges[static_cast<size_t>(e)].from == v ? m_sum[static_cast<size_t>(v)]
                                                         : -m_sum[static_cast<size_t>(v)];
    }

    // Grows a spanning forest of tight edges, shifting a partial tree by the smallest slack of an
    // edge leaving it until that edge is tight and the tree can take the next node.
    void feasibleTree()
    {
        m_treeAdj.assign(static_cast<size_t>(m_n), {});
        std::vector<bool> inTree(static_cast<size_t>(m_n), false);
        std::vector<int> members;
        std::vector<int> stack;
        // Min-slack search over edges leaving the tree, lazily: a heap of (slack when pushed).
        for (int root = 0; root < m_n; ++root) {
            if (inTree[static_cast<size_t>(root)])
                continue;
            members.clear();
            std::vector<std::pair<int, int>> heap; // (-(slack), edge) max-heap on -slack
            int shift = 0; // ranks of members are m_rank + shift until the tree is done
            auto effective = [&](int v) {
                return m_rank[static_cast<size_t>(v)] +
                       (inTree[static_cast<size_t>(v)] ? shift : 0);
            };
            auto slackNow = [&](int e) {
                const DagEdge &d = m_edges[static_cast<size_t>(e)];
                return effective(d.to) - effective(d.from) - 1;
            };
            auto add = [&](int v) {
                inTree[static_cast<size_t>(v)] = true;
                m_rank[static_cast<size_t>(v)] -= shift; // stored relative to the running shift
                members.push_back(v);
                stack.push_back(v);
            };
            auto grow = [&] {
                while (!stack.empty()) {
                    const int v = stack.back();
                    stack.pop_back();
                    for (int e : m_incident[static_cast<size_t>(v)]) {
                        const int w = other(e, v);
                        if (inTree[static_cast<size_t>(w)])
                            continue;
                        const int s = slackNow(e);
                        if (s == 0) {
                            link(e);
                            add(w);
                        } else {
                            // Slack of an edge from the tree changes only with the shift, and in a
                            // known direction; store it relative to the shift.
                            const bool tailInTree = m_edges[static_cast<size_t>(e)].from == v;
                            heap.push_back({-(tailInTree ? s + shift : s - shift), e});
                            std::push_heap(heap.begin(), heap.end());
                        }
                    }
                }
            };
            add(root);
            grow();
            while (!heap.empty()) {
                std::pop_heap(heap.begin(), heap.end());
                const int e = heap.back().second;
                heap.pop_back();
                const DagEdge &d = m_edges[static_cast<size_t>(e)];
                const bool tailIn = inTree[static_cast<size_t>(d.from)];
                if (tailIn == inTree[static_cast<size_t>(d.to)])
                    continue; // both ends joined meanwhile
                const int s = slackNow(e);
                if (s < 0)
                    continue; // cannot happen for a feasible start; kept safe
                // Move the tree so e becomes tight: later when e leaves it, earlier otherwise.
                shift += tailIn ? s : -s;
                link(e);
                add(tailIn ? d.to : d.from);
                grow();
                // A shift can only lower slacks of edges in the heap's direction; entries whose
                // stored key went stale are re-checked when popped.
                std::vector<std::pair<int, int>> fresh;
                fresh.reserve(heap.size());
                for (const auto &[key, edge] : heap) {
                    const DagEdge &x = m_edges[static_cast<size_t>(edge)];
                    if (inTree[static_cast<size_t>(x.from)] != inTree[static_cast<size_t>(x.to)])
                        fresh.push_back({-slackNow(edge), edge});
                }
                heap.swap(fresh);
                std::make_heap(heap.begin(), heap.end());
            }
            for (int v : members)
                m_rank[static_cast<size_t>(v)] += shift;
        }
    }

    void link(int e)
    {
        const DagEdge &d = m_edges[static_cast<size_t>(e)];
        m_treeAdj[static_cast<size_t>(d.from)].push_back(e);
        m_treeAdj[static_cast<size_t>(d.to)].push_back(e);
    }

    void unlink(int e)
    {
        const DagEdge &d = m_edges[static_cast<size_t>(e)];
        for (int v : {d.from, d.to}) {
            auto &adj = m_treeAdj[static_cast<size_t>(v)];
            adj.erase(std::find(adj.begin(), adj.end(), e));
        }
    }

    // Parents, subtree sizes and subtree sums of every tree, each rooted at its first node.
    void rootTrees()
    {
        m_parent.assign(static_cast<size_t>(m_n), -1);
        m_parentEdge.assign(static_cast<size_t>(m_n), -1);
        m_size.assign(static_cast<size_t>(m_n), 1);
        m_sum.assign(m_local.begin(), m_local.end());
        std::vector<bool> seen(static_cast<size_t>(m_n), false);
        std::vector<int> order;
        order.reserve(static_cast<size_t>(m_n));
        for (int root = 0; root < m_n; ++root) {
            if (seen[static_cast<size_t>(root)])
                continue;
            seen[static_cast<size_t>(root)] = true;
            const size_t begin = order.size();
            order.push_back(root);
            for (size_t head = begin; head < order.size(); ++head) {
                const int v = order[head];
                for (int e : m_treeAdj[static_cast<size_t>(v)]) {
                    const int w = other(e, v);
                    if (seen[static_cast<size_t>(w)])
                        continue;
                    seen[static_cast<size_t>(w)] = true;
                    m_parent[static_cast<size_t>(w)] = v;
                    m_parentEdge[static_cast<size_t>(w)] = e;
                    order.push_back(w);
                }
            }
        }
        for (auto it = order.rbegin(); it != order.rend(); ++it) {
            const int v = *it;
            const int p = m_parent[static_cast<size_t>(v)];
            if (p >= 0) {
                m_size[static_cast<size_t>(p)] += m_size[static_cast<size_t>(v)];
                m_sum[static_cast<size_t>(p)] += m_sum[static_cast<size_t>(v)];
            }
        }
    }

    // Among a window of candidates (nodes whose tree edge above may have turned negative), the
    // edge with the best ratio of cut value to the square root of its smaller side: exchanges
    // that gain much for little work first. Candidates no longer negative drop out on the way.
    int nextLeaving()
    {
        int best = -1;
        double bestScore = 0;
        int seen = 0;
        size_t i = 0;
        while (i < m_candidates.size() && seen < 300) {
            const int v = m_candidates[i];
            const int value = m_parent[static_cast<size_t>(v)] >= 0 ? cutAbove(v) : 0;
            if (value >= 0) {
                m_isCandidate[static_cast<size_t>(v)] = false;
                m_candidates[i] = m_candidates.back();
                m_candidates.pop_back();
                continue;
            }
            ++seen;
            const int side =
                std::min(m_size[static_cast<size_t>(v)], m_n - m_size[static_cast<size_t>(v)]);
            const double score = value / std::sqrt(1.0 + side);
            if (score < bestScore) {
                bestScore = score;
                best = v;
            }
            ++i;
        }
        return best;
    }

    void markCandidate(int v)
    {
        if (!m_isCandidate[static_cast<size_t>(v)]) {
            m_isCandidate[static_cast<size_t>(v)] = true;
            m_candidates.push_back(v);
        }
    }

    int rootOf(int v) const
    {
        while (m_parent[static_cast<size_t>(v)] >= 0)
            v = m_parent[static_cast<size_t>(v)];
        return v;
    }

    // Visits the tree nodes reachable from `start` without crossing `blocked`, stamping them.
    template <class F> void visitSide(int start, int blocked, F &&fn)
    {
        ++m_stampValue;
        m_stack.assign(1, start);
        m_stamp[static_cast<size_t>(start)] = m_stampValue;
        while (!m_stack.empty()) {
            const int v = m_stack.back();
            m_stack.pop_back();
            fn(v);
            for (int e : m_treeAdj[static_cast<size_t>(v)]) {
                if (e == blocked)
                    continue;
                const int w = other(e, v);
                if (m_stamp[static_cast<size_t>(w)] == m_stampValue)
                    continue;
                m_stamp[static_cast<size_t>(w)] = m_stampValue;
                m_stack.push_back(w);
            }
        }
    }

    bool pivot(int child)
    {
        const int leave = m_parentEdge[static_cast<size_t>(child)];
        const int parent = m_parent[static_cast<size_t>(child)];
        const bool tailIsSubtree = m_edges[static_cast<size_t>(leave)].from == child;
        const int subtreeSize = m_size[static_cast<size_t>(child)];
        const int total = m_size[static_cast<size_t>(rootOf(child))];
        const bool searchSubtree = subtreeSize * 2 <= total;
        // Stamp the smaller side and gather the non-tree edges leaving it.
        m_side.clear();
        visitSide(searchSubtree ? child : parent, leave, [&](int v) { m_side.push_back(v); });
        const uint32_t sideStamp = m_stampValue;
        auto inSubtree = [&](int v) {
            return searchSubtree ? m_stamp[static_cast<size_t>(v)] == sideStamp
                                 : m_stamp[static_cast<size_t>(v)] != sideStamp;
        };
        int enter = -1;
        int best = INT_MAX;
        for (int v : m_side) {
            for (int e : m_incident[static_cast<size_t>(v)]) {
                if (e == leave)
                    continue;
                const DagEdge &d = m_edges[static_cast<size_t>(e)];
                const bool fromInside = inSubtree(d.from);
                const bool toInside = inSubtree(d.to);
                // From the head side to the tail side of the leaving edge.
                if (tailIsSubtree ? (!fromInside && toInside) : (fromInside && !toInside)) {
                    const int s = slack(e);
                    if (s < best) {
                        best = s;
                        enter = e;
                    }
                }
            }
        }
        if (enter < 0)
            return false;
        // Tighten the entering edge by moving the side we hold.
        if (best != 0) {
            int delta = tailIsSubtree ? -best : best; // for the subtree side
            if (!searchSubtree)
                delta = -delta;
            for (int v : m_side)
                m_rank[static_cast<size_t>(v)] += delta;
        }
        // Re-hang the subtree from the entering edge: x inside, y outside.
        const DagEdge &d = m_edges[static_cast<size_t>(enter)];
        const int x = inSubtree(d.from) ? d.from : d.to;
        const int y = other(enter, x);
        const int sizeS = subtreeSize;
        const int sumS = m_sum[static_cast<size_t>(child)];
        for (int v = parent; v >= 0; v = m_parent[static_cast<size_t>(v)]) {
            m_size[static_cast<size_t>(v)] -= sizeS;
            m_sum[static_cast<size_t>(v)] -= sumS;
            markCandidate(v);
        }
        // The path x → child reverses: each node's new subtree is S minus its old child's.
        int previous = -1;
        int previousEdge = enter;
        int previousSize = 0;
        int previousSum = 0;
        int v = x;
        int newParent = y;
        while (v >= 0) {
            const int oldParent = m_parent[static_cast<size_t>(v)];
            const int oldEdge = m_parentEdge[static_cast<size_t>(v)];
            const int oldSize = m_size[static_cast<size_t>(v)];
            const int oldSum = m_sum[static_cast<size_t>(v)];
            m_size[static_cast<size_t>(v)] = previous < 0 ? sizeS : sizeS - previousSize;
            m_sum[static_cast<size_t>(v)] = previous < 0 ? sumS : sumS - previousSum;
            m_parent[static_cast<size_t>(v)] = newParent;
            m_parentEdge[static_cast<size_t>(v)] = previousEdge;
            markCandidate(v);
            if (v == child)
                break;
            previous = v;
            previousSize = oldSize;
            previousSum = oldSum;
            previousEdge = oldEdge;
            newParent = v;
            v = oldParent;
        }
        for (int w = y; w >= 0; w = m_parent[static_cast<size_t>(w)]) {
            m_size[static_cast<size_t>(w)] += sizeS;
            m_sum[static_cast<size_t>(w)] += sumS;
            markCandidate(w);
        }
        unlink(leave);
        link(enter);
        return true;
    }

    int m_n;
    const std::vector<DagEdge> &m_edges;
    std::vector<int> &m_rank;
    std::vector<std::vector<int>> m_incident;
    std::vector<int> m_local;
    std::vector<std::vector<int>> m_treeAdj;
    std::vector<int> m_parent;
    std::vector<int> m_parentEdge;
    std::vector<int> m_size;
    std::vector<int> m_sum;
    std::vector<int> m_candidates;
    std::vector<bool> m_isCandidate;
    std::vector<uint32_t> m_stamp;
    uint32_t m_stampValue = 0;
    std::vector<int> m_stack;
    std::vector<int> m_side;
};

std::vector<int> assignLayers(int n, const std::vector<std::vector<int>> &succ,
                              const std::vector<std::vector<int>> &pred,
                              const std::vector<DagEdge> &edges)
{
    const std::vector<int> order = topologicalOrder(n, succ);
    std::vector<int> layer(static_cast<size_t>(n), 0);
    for (int v : order)
        for (int w : succ[static_cast<size_t>(v)])
            layer[static_cast<size_t>(w)] =
                std::max(layer[static_cast<size_t>(w)], layer[static_cast<size_t>(v)] + 1);
    // Free moves first (cheap, and they leave network simplex less to do): a node with more
    // out- than in-edges goes as late as its successors allow, one with more in-edges as early
    // as its predecessors allow.
    for (int round = 0; round < 50; ++round) {
        bool changed = false;
        for (size_t k = 0; k < order.size(); ++k) {
            const int v = order[round % 2 ? k : order.size() - 1 - k];
            const auto &in = pred[static_cast<size_t>(v)];
            const auto &out = succ[static_cast<size_t>(v)];
            int target = layer[static_cast<size_t>(v)];
            if (out.size() > in.size()) {
                target = INT_MAX;
                for (int s : out)
                    target = std::min(target, layer[static_cast<size_t>(s)] - 1);
            } else if (in.size() > out.size()) {
                target = INT_MIN;
                for (int p : in)
                    target = std::max(target, layer[static_cast<size_t>(p)] + 1);
            }
            if (target != layer[static_cast<size_t>(v)]) {
                layer[static_cast<size_t>(v)] = target;
                changed = true;
            }
        }
        if (!changed)
            break;
    }
    NetworkSimplex(n, edges, layer).run(std::max(1000, 20 * n));
    const int minimum = layer.empty() ? 0 : *std::min_element(layer.begin(), layer.end());
    for (int &l : layer)
        l -= minimum;
    return layer;
}

// ---- ordering ------------------------------------------------------------------------------

void sortLayerBy(LayeredGraph &g, int l, const std::vector<double> &key)
{
    auto &list = g.layers[static_cast<size_t>(l)];
    std::stable_sort(list.begin(), list.end(), [&](int a, int b) {
        return key[static_cast<size_t>(a)] < key[static_cast<size_t>(b)];
    });
    for (size_t i = 0; i < list.size(); ++i)
        g.pos[static_cast<size_t>(list[i])] = static_cast<int>(i);
}

// One weighted-median sweep over all layers, downwards (using the layer above) or upwards
// (Gansner et al.: an even count interpolates between the two middle neighbours).
void sweep(LayeredGraph &g, bool downwards, std::vector<double> &key)
{
    const int count = static_cast<int>(g.layers.size());
    thread_local std::vector<int> p;
    for (int step = 1; step < count; ++step) {
        const int l = downwards ? step : count - 1 - step;
        auto &list = g.layers[static_cast<size_t>(l)];
        bool anyFixed = false;
        for (int v : list) {
            const auto &neighbours =
                downwards ? g.up[static_cast<size_t>(v)] : g.down[static_cast<size_t>(v)];
            if (neighbours.empty()) {
                key[static_cast<size_t>(v)] = -1; // keeps its place
                anyFixed = true;
                continue;
            }
            p.clear();
            for (int w : neighbours)
                p.push_back(g.pos[static_cast<size_t>(w)]);
            std::sort(p.begin(), p.end());
            const size_t m = p.size() / 2;
            if (p.size() % 2 == 1)
                key[static_cast<size_t>(v)] = p[m];
            else if (p.size() == 2)
                key[static_cast<size_t>(v)] = (p[0] + p[1]) / 2.0;
            else {
                const double left = p[m - 1] - p[0];
                const double right = p.back() - p[m];
                key[static_cast<size_t>(v)] =
                    left + right > 0 ? (p[m - 1] * right + p[m] * left) / (left + right)
                                     : (p[m - 1] + p[m]) / 2.0;
            }
        }
        if (!anyFixed) {
            sortLayerBy(g, l, key);
            continue;
        }
        // Nodes without neighbours stay in their slots; the others are sorted into the rest.
        thread_local std::vector<int> movable;
        movable.clear();
        for (int v : list)
            if (key[static_cast<size_t>(v)] >= 0)
                movable.push_back(v);
        std::stable_sort(movable.begin(), movable.end(), [&](int a, int b) {
            return key[static_cast<size_t>(a)] < key[static_cast<size_t>(b)];
        });
        size_t next = 0;
        for (int &slot : list)
            if (key[static_cast<size_t>(slot)] >= 0)
                slot = movable[next++];
        for (size_t i = 0; i < list.size(); ++i)
            g.pos[static_cast<size_t>(list[i])] = static_cast<int>(i);
    }
}

// Crossings between the edges of two nodes towards one neighbouring layer, given their
// neighbours' positions sorted ascending: `leftFirst` when a's node is left of b's (pairs with
// y < x), `rightFirst` when it is right of it (pairs with x < y). One merge gives both.
[[gnu::always_inline]] inline void pairCrossings(const int *a, const int *aEnd, const int *b,
                                                 const int *bEnd, int64_t &leftFirst,
                                                 int64_t &rightFirst)
{
    if ((aEnd - a) * (bEnd - b) <= 16) {
        // Most nodes have one or two neighbours on a side: compare every pair, without branches.
        int left = 0;
        int right = 0;
        for (const int *x = a; x != aEnd; ++x) {
            for (const int *y = b; y != bEnd; ++y) {
                left += *y < *x;
                right += *x < *y;
            }
        }
        leftFirst += left;
        rightFirst += right;
        return;
    }
    const int *below = b; // first element not less than x
    const int *above = b; // first element greater than x
    for (; a != aEnd; ++a) {
        const int x = *a;
        while (below != bEnd && *below < x)
            ++below;
        if (above < below)
            above = below;
        while (above != bEnd && *above <= x)
            ++above;
        leftFirst += below - b;
        rightFirst += bEnd - above;
    }
}

// Scratch space of transposition and sifting, reused across layers and calls.
struct TransposeBuffers
{
    std::vector<int> positions;            // sorted neighbour positions, slot by slot
    std::vector<std::array<int, 4>> spans; // per slot: above [0,1), below [2,3) in positions
    std::vector<int> work;
    std::vector<char> queued;
    std::vector<char> candidate;
};

// Fills buffers.positions / spans with the sorted neighbour positions of each slot of layer l.
void gatherNeighbours(const LayeredGraph &g, TransposeBuffers &buffers, size_t l)
{
    const auto &list = g.layers[l];
    auto &positions = buffers.positions;
    auto &spans = buffers.spans;
    positions.clear();
    spans.resize(list.size());
    for (size_t i = 0; i < list.size(); ++i) {
        const size_t v = static_cast<size_t>(list[i]);
        auto &span = spans[i];
        span[0] = static_cast<int>(positions.size());
        for (int w : g.up[v])
            positions.push_back(g.pos[static_cast<size_t>(w)]);
        span[1] = static_cast<int>(positions.size());
        sortSmall(positions.data() + span[0], positions.data() + span[1]);
        span[2] = span[1];
        for (int w : g.down[v])
            positions.push_back(g.pos[static_cast<size_t>(w)]);
        span[3] = static_cast<int>(positions.size());
        sortSmall(positions.data() + span[2], positions.data() + span[3]);
    }
}

// Moves each node of layer l, in turn, to the place at most `window` slots away with the fewest
// crossings towards both neighbouring layers (sifting).
void siftLayer(LayeredGraph &g, TransposeBuffers &buffers, size_t l, size_t window)
{
    auto &list = g.layers[l];
    const size_t m = list.size();
    if (m < 2)
        return;
    gatherNeighbours(g, buffers, l);
    auto &spans = buffers.spans;
    const int *data = buffers.positions.data();
    auto &order = buffers.work;
    order.assign(list.begin(), list.end());
    for (const int v : order) {
        const size_t at = static_cast<size_t>(g.pos[static_cast<size_t>(v)]);
        const auto vs = spans[at];
        const size_t from = at > window ? at - window : 0;
        const size_t to = m - at > window ? at + window + 1 : m;
        // Walking v rightwards from slot `from`, past one node w at a time, changes the
        // crossings by c(w left of v) - c(v left of w); `cost` is the running total.
        int64_t cost = 0;
        int64_t best = 0;
        size_t bestPlace = from;
        int64_t current = 0; // the cost where v stands now
        size_t k = from;
        for (size_t i = from; i < to; ++i) {
            if (i == at)
                continue;
            const auto &ws = spans[i];
            int64_t vLeft = 0;
            int64_t wLeft = 0;
            pairCrossings(data + vs[0], data + vs[1], data + ws[0], data + ws[1], vLeft, wLeft);
            pairCrossings(data + vs[2], data + vs[3], data + ws[2], data + ws[3], vLeft, wLeft);
            cost += wLeft - vLeft;
            ++k;
            if (k == at)
                current = cost;
            if (cost < best) {
                best = cost;
                bestPlace = k;
            }
        }
        if (best >= current)
            continue;
        // Move v from slot `at` to slot `bestPlace` (its index once the others are in place).
        const auto span = spans[at];
        if (bestPlace < at) {
            for (size_t i = at; i > bestPlace; --i) {
                list[i] = list[i - 1];
                spans[i] = spans[i - 1];
            }
        } else {
            for (size_t i = at; i < bestPlace; ++i) {
                list[i] = list[i + 1];
                spans[i] = spans[i + 1];
            }
        }
        list[bestPlace] = v;
        spans[bestPlace] = span;
        const size_t lo = std::min(at, bestPlace);
        const size_t hi = std::max(at, bestPlace);
        for (size_t i = lo; i <= hi; ++i)
            g.pos[static_cast<size_t>(list[i])] = static_cast<int>(i);
    }
}

// Swaps neighbouring nodes of layer l while that lowers the crossings with both neighbouring
// layers (the "transpose" step of dot). A first scan visits every pair; after it only pairs next
// to a swap are looked at again, so converging costs about one visit per swap. With swapEqual,
// the first scan also swaps pairs that tie, which lets later sweeps leave a plateau. Returns
// whether the crossings went down.
bool transposeLayer(LayeredGraph &g, TransposeBuffers &buffers, size_t l, bool swapEqual)
{
    auto &list = g.layers[l];
    const size_t m = list.size();
    if (m < 2)
        return false;
    gatherNeighbours(g, buffers, l);
    auto &spans = buffers.spans;
    const int *data = buffers.positions.data();
    bool improvedStrictly = false;
    // Tries the pair in slots i, i + 1; swaps it when that removes crossings.
    auto trySwap = [&](size_t i, bool onTie) {
        const auto &x = spans[i];
        const auto &y = spans[i + 1];
        int64_t keep = 0;
        int64_t flip = 0;
        pairCrossings(data + x[0], data + x[1], data + y[0], data + y[1], keep, flip);
        pairCrossings(data + x[2], data + x[3], data + y[2], data + y[3], keep, flip);
        if (!(flip < keep || (onTie && flip == keep && keep > 0)))
            return false;
        if (flip < keep)
            improvedStrictly = true;
        std::swap(list[i], list[i + 1]);
        std::swap(spans[i], spans[i + 1]);
        g.pos[static_cast<size_t>(list[i])] = static_cast<int>(i);
        g.pos[static_cast<size_t>(list[i + 1])] = static_cast<int>(i + 1);
        return true;
    };
    auto &work = buffers.work;
    auto &queued = buffers.queued;
    work.clear();
    queued.assign(m, 0);
    for (size_t i = 0; i + 1 < m; ++i) {
        if (!trySwap(i, swapEqual))
            continue;
        // The pair on the left was looked at before this swap changed it.
        if (i > 0 && !queued[i - 1]) {
            queued[i - 1] = 1;
            work.push_back(static_cast<int>(i - 1));
        }
    }
    while (!work.empty()) {
        const size_t i = static_cast<size_t>(work.back());
        work.pop_back();
        queued[i] = 0;
        if (!trySwap(i, false))
            continue;
        if (i > 0 && !queued[i - 1]) {
            queued[i - 1] = 1;
            work.push_back(static_cast<int>(i - 1));
        }
        if (i + 2 < m && !queued[i + 1]) {
            queued[i + 1] = 1;
            work.push_back(static_cast<int>(i + 1));
        }
    }
    return improvedStrictly;
}

// Transposes every layer, then again the layers next to one whose crossings went down (ties do
// not count, so this ends), for at most maxRounds rounds.
void transpose(LayeredGraph &g, TransposeBuffers &buffers, int maxRounds, bool swapEqual = false)
{
    auto &candidate = buffers.candidate;
    candidate.assign(g.layers.size(), 1);
    for (int round = 0; round < maxRounds; ++round) {
        bool improved = false;
        for (size_t l = 0; l < g.layers.size(); ++l) {
            if (!candidate[l])
                continue;
            candidate[l] = 0;
            if (!transposeLayer(g, buffers, l, swapEqual))
                continue;
            improved = true;
            if (l > 0)
                candidate[l - 1] = 1;
            if (l + 1 < g.layers.size())
                candidate[l + 1] = 1;
        }
        if (!improved)
            break;
    }
}

// Initial order: a breadth-first walk from the sources, or from the sinks against the edges
// (dot builds its first ranks both ways).
void initialOrder(LayeredGraph &g, bool fromSinks)
{
    for (auto &list : g.layers)
        list.clear();
    std::vector<bool> placed(static_cast<size_t>(g.size()), false);
    std::vector<int> queue;
    const auto &forward = fromSinks ? g.up : g.down;
    const auto &backward = fromSinks ? g.down : g.up;
    auto walk = [&](int root) {
        queue.assign(1, root);
        for (size_t head = 0; head < queue.size(); ++head) {
            const int v = queue[head];
            if (placed[static_cast<size_t>(v)])
                continue;
            placed[static_cast<size_t>(v)] = true;
            auto &list = g.layers[static_cast<size_t>(g.layer[static_cast<size_t>(v)])];
            g.pos[static_cast<size_t>(v)] = static_cast<int>(list.size());
            list.push_back(v);
            for (int w : forward[static_cast<size_t>(v)])
                if (!placed[static_cast<size_t>(w)])
                    queue.push_back(w);
        }
    };
    for (int v = 0; v < g.realCount; ++v)
        if (backward[static_cast<size_t>(v)].empty())
            walk(v);
    for (int v = 0; v < g.size(); ++v)
        if (!placed[static_cast<size_t>(v)])
            walk(v);
}

// How hard the ordering works.
struct OrderingEffort
{
    int startIterations;     // sweeps from each of the two starting orders
    int iterations;          // sweeps from the better one
    int quitAfter;           // sweeps without real progress before giving up
    int transposeRounds;     // per transposition
    int siftRounds;          // of sifting every layer, after the sweeps
    size_t siftWindow;       // how far sifting moves a node
    int straightenRounds;    // of re-ordering for straight edges, once there are coordinates
    size_t straightenWindow; // how far those rounds move a node
    int coordinateRounds;    // sweeps of each coordinate assignment
};

// Chosen on random layered DAGs of 1,000 and 5,000 nodes (tests/bench/bench_layout, five seeds,
// crossings of straight edges against dot's): interactive fits the window's budget (about 8 ms
// and 65 ms on two cores), thorough takes about four times as long for 7-9 % fewer crossings.
// Straightening rounds buy more than sweeps, transposition or sifting of the layered order do.
constexpr OrderingEffort kInteractiveOrdering{3, 4, 6, 1, 0, 32, 4, 8, 4};
constexpr OrderingEffort kThoroughOrdering{4, 20, 10, 64, 4, SIZE_MAX, 8, 16, 10};

// One line of the ordering search on one graph: sweeps with transposition, keeping the best
// order seen by exact crossing count.
class OrderSearch
{
public:
    OrderSearch(LayeredGraph &g, const OrderingEffort &e)
        : m_g(g), m_e(e), m_key(static_cast<size_t>(g.size()), 0)
    {
    }

    int64_t bestCount() const { return m_bestCount; }
    const std::vector<std::vector<int>> &best() const { return m_best; }

    bool keepIfBetter(int64_t count)
    {
        if (m_bestCount >= 0 && count >= m_bestCount)
            return false;
        m_bestCount = count;
        m_best = m_g.layers;
        return true;
    }

    // Takes another search's best when it is strictly better (so ties keep this one's).
    void adoptIfBetter(const OrderSearch &other)
    {
        if (other.m_bestCount >= 0 && (m_bestCount < 0 || other.m_bestCount < m_bestCount)) {
            m_bestCount = other.m_bestCount;
            m_best = other.m_best;
        }
    }

    void sweeps(int iterations, int quit)
    {
        keepIfBetter(totalCrossings(m_g));
        int stale = 0;
        for (int iteration = 0; iteration < iterations && m_bestCount > 0 && stale < quit;
             ++iteration) {
            sweep(m_g, iteration % 2 == 0, m_key);
            transpose(m_g, m_buffers, m_e.transposeRounds, iteration % 4 >= 2);
            const int64_t previous = m_bestCount;
            // Progress is an improvement of more than half a percent (dot's convergence rule);
            // smaller gains are kept but do not keep the search going.
            if (keepIfBetter(totalCrossings(m_g)) && m_bestCount < previous * 0.995)
                stale = 0;
            else
                ++stale;
        }
    }

    void sift(int rounds)
    {
        for (int round = 0; round < rounds && m_bestCount > 0; ++round) {
            for (size_t l = 0; l < m_g.layers.size(); ++l)
                siftLayer(m_g, m_buffers, round % 2 == 0 ? l : m_g.layers.size() - 1 - l,
                          m_e.siftWindow);
            transpose(m_g, m_buffers, m_e.transposeRounds, false);
            if (!keepIfBetter(totalCrossings(m_g)))
                break;
        }
    }

    void restoreBest()
    {
        m_g.layers = m_best;
        for (const auto &list : m_g.layers)
            for (size_t i = 0; i < list.size(); ++i)
                m_g.pos[static_cast<size_t>(list[i])] = static_cast<int>(i);
    }

private:
    LayeredGraph &m_g;
    const OrderingEffort &m_e;
    std::vector<double> m_key;
    TransposeBuffers m_buffers;
    std::vector<std::vector<int>> m_best;
    int64_t m_bestCount = -1;
};

// Below this many nodes and dummies the second start runs on the calling thread: a thread
// costs more than it saves there.
constexpr int kParallelStartFrom = 400;

// dot's recipe, then sifting. Weighted-median sweeps, each followed by transposition, run from
// two starting orders (from the sources and from the sinks) and go on from the better one,
// keeping the best order seen. The two starts are independent, so on larger graphs the one
// from the sinks runs on a second thread, on its own copy of the order; the result is the same
// as one after the other (ties go to the start from the sources). On every other pair of
// sweeps the transposition's first scan also swaps pairs that tie, which walks across plateaus
// the strict swaps cannot leave. Then rounds of sifting move each node to its best place in
// its layer, which escapes the local optima of adjacent swaps.
void reduceCrossings(LayeredGraph &g, const OrderingEffort &e)
{
    OrderSearch search(g, e);
    LayeredGraph fromSinks = g;
    OrderSearch sinkSearch(fromSinks, e);
    auto runFromSinks = [&] {
        initialOrder(fromSinks, true);
        sinkSearch.sweeps(e.startIterations, e.startIterations);
    };
    std::optional<std::jthread> worker; // joins on the way out, also if this thread throws
    if (g.size() >= kParallelStartFrom) {
        try {
            worker.emplace(runFromSinks);
        } catch (const std::system_error &) {
            // No thread to be had: both starts run here.
        }
    }
    initialOrder(g, false);
    search.sweeps(e.startIterations, e.startIterations);
    if (worker)
        worker.reset();
    else
        runFromSinks();
    search.adoptIfBetter(sinkSearch);
    search.restoreBest();
    search.sweeps(e.iterations, e.quitAfter);
    search.restoreBest();
    search.sift(e.siftRounds);
    search.restoreBest();
}

// ---- coordinates ---------------------------------------------------------------------------

// In-layer coordinates for the current order: rounds of sweeps pull each node towards the
// weighted median of its neighbours, then place a layer as close as possible to those wishes
// while keeping its order and the minimum separations. Buffers are kept across calls, since
// straightening assigns coordinates several times.
class CoordinateAssigner
{
public:
    CoordinateAssigner(const LayeredGraph &g, double realSize, double gap)
        : m_g(g), m_realSize(realSize), m_gap(gap), m_desired(static_cast<size_t>(g.size()), 0)
    {
    }

    // `rounds` of sweeps (at least 2), alternately downwards and upwards; the last two pull
    // towards both neighbouring layers.
    std::vector<double> assign(int rounds)
    {
        const LayeredGraph &g = m_g;
        std::vector<double> coordinate(static_cast<size_t>(g.size()), 0);
        m_offsets.resize(g.layers.size());
        for (size_t l = 0; l < g.layers.size(); ++l) {
            // Offsets of each slot from the layer's first one when packed tight; layers start
            // packed and centred on the axis.
            const auto &list = g.layers[l];
            auto &offsets = m_offsets[l];
            offsets.resize(list.size());
            double at = 0;
            for (size_t i = 0; i < list.size(); ++i) {
                if (i) {
                    const int a = list[i - 1];
                    const int b = list[i];
                    const bool bothDummy = g.isDummy(a) && g.isDummy(b);
                    at += (extent(a) + extent(b)) / 2 + (bothDummy ? m_gap / 2 : m_gap);
                }
                offsets[i] = at;
            }
            for (size_t i = 0; i < list.size(); ++i)
                coordinate[static_cast<size_t>(list[i])] = offsets[i] - at / 2;
        }
        const int count = static_cast<int>(g.layers.size());
        for (int round = 0; round < rounds; ++round) {
            const bool downwards = round % 2 == 0;
            const bool both = round >= rounds - 2;
            for (int step = 0; step < count; ++step) {
                const size_t l = static_cast<size_t>(downwards ? step : count - 1 - step);
                for (int v : g.layers[l]) {
                    m_pulls.clear();
                    if (downwards || both)
                        pull(v, g.up[static_cast<size_t>(v)], coordinate);
                    if (!downwards || both)
                        pull(v, g.down[static_cast<size_t>(v)], coordinate);
                    if (!m_pulls.empty())
                        m_desired[static_cast<size_t>(v)] = weightedMedian();
                }
                placeLayer(l, coordinate);
            }
        }
        return coordinate;
    }

private:
    double extent(int v) const { return m_g.isDummy(v) ? 0.0 : m_realSize; }

    // Edges between dummies weigh most, so long edges come out straight.
    [[gnu::always_inline]] void pull(int v, std::span<const int> neighbours,
                                     const std::vector<double> &coordinate)
    {
        static constexpr double kWeight[3] = {1.0, 2.0,
                                              8.0}; // by the number of dummies on the edge
        const int self = int(m_g.isDummy(v));
        for (int w : neighbours)
            m_pulls.push_back(
                {coordinate[static_cast<size_t>(w)], kWeight[self + int(m_g.isDummy(w))]});
    }

    // Where the pulls balance: the weighted median of the neighbours (midway when it falls
    // between two). A median, unlike a mean, lines a node up exactly with one neighbour, so
    // chains come out straight instead of slightly sloped.
    double weightedMedian()
    {
        auto *first = m_pulls.data();
        auto *last = first + m_pulls.size();
        if (last - first == 1)
            return first->first;
        if (last - first == 2) {
            const auto &[a, wa] = first[0];
            const auto &[b, wb] = first[1];
            return wa == wb ? (a + b) / 2 : (wa > wb ? a : b);
        }
        double total = 0;
        for (auto *p = first; p != last; ++p) {
            total += p->second;
            for (auto *q = p; q != first && (q - 1)->first > q->first;
                 --q) // few neighbours: insertion
                std::swap(*q, *(q - 1));
        }
        double below = 0;
        for (auto *p = first; p != last; ++p) {
            below += p->second;
            if (below * 2 > total)
                return p->first;
            if (below * 2 == total)
                return (p->first + (p + 1)->first) / 2;
        }
        return (last - 1)->first;
    }

    // Weighted least squares under the order and separations: isotonic regression of the
    // wishes minus the packed offsets, by pooling adjacent violators. Dummies weigh 4.
    void placeLayer(size_t l, std::vector<double> &coordinate)
    {
        const auto &list = m_g.layers[l];
        const auto &offsets = m_offsets[l];
        m_blocks.clear();
        for (size_t i = 0; i < list.size(); ++i) {
            const int v = list[i];
            const double w = m_g.isDummy(v) ? 4.0 : 1.0;
            m_blocks.push_back({w * (m_desired[static_cast<size_t>(v)] - offsets[i]), w, 1});
            while (m_blocks.size() > 1) {
                const Block &last = m_blocks.back();
                const Block &previous = m_blocks[m_blocks.size() - 2];
                if (previous.weightedSum * last.weight <= last.weightedSum * previous.weight)
                    break;
                const Block merged{previous.weightedSum + last.weightedSum,
                                   previous.weight + last.weight, previous.count + last.count};
                m_blocks.pop_back();
                m_blocks.back() = merged;
            }
        }
        size_t i = 0;
        for (const Block &block : m_blocks) {
            const double value = block.weightedSum / block.weight;
            for (size_t k = 0; k < block.count; ++k, ++i)
                coordinate[static_cast<size_t>(list[i])] = value + offsets[i];
        }
    }

    struct Block
    {
        double weightedSum;
        double weight;
        size_t count;
    };

    const LayeredGraph &m_g;
    double m_realSize;
    double m_gap;
    std::vector<double> m_desired;
    std::vector<std::vector<double>> m_offsets;
    std::vector<Block> m_blocks;
    std::vector<std::pair<double, double>> m_pulls;
};

// ---- straight edges ------------------------------------------------------------------------

// Where each node meets its layer when edges are drawn straight from node to node: a dummy sits
// on the line between the two real nodes of its long edge.
std::vector<double> straightLineCoordinates(const LayeredGraph &g,
                                            const std::vector<double> &coordinate)
{
    std::vector<double> line = coordinate;
    for (int v = g.realCount; v < g.size(); ++v) {
        const auto [a, b] = g.chainEnds[static_cast<size_t>(v - g.realCount)];
        const double t = double(g.layer[static_cast<size_t>(v)] - g.layer[static_cast<size_t>(a)]) /
                         double(g.layer[static_cast<size_t>(b)] - g.layer[static_cast<size_t>(a)]);
        line[static_cast<size_t>(v)] =
            coordinate[static_cast<size_t>(a)] +
            (coordinate[static_cast<size_t>(b)] - coordinate[static_cast<size_t>(a)]) * t;
    }
    return line;
}

// Sorts every layer by `key` (ties keep their order).
void sortLayers(LayeredGraph &g, const std::vector<double> &key)
{
    for (size_t l = 0; l < g.layers.size(); ++l)
        sortLayerBy(g, static_cast<int>(l), key);
}

// The ordering counts crossings between polylines through dummies, but a reader sees (and
// `countCrossings` counts) straight edges, and the coordinates cannot put every dummy on its
// edge's straight line: on random DAGs the straight drawing had 8-12 % more crossings than the
// order. Each round re-orders the layers as the straight edges meet them (dummies on their
// lines), sifts that order, and assigns coordinates again; the coordinates with the fewest
// straight-edge crossings win. Returns them.
std::vector<double> straighten(LayeredGraph &g, CoordinateAssigner &assigner,
                               const OrderingEffort &e)
{
    std::vector<double> coordinate = assigner.assign(e.coordinateRounds);
    if (e.straightenRounds == 0 || g.realCount == g.size())
        return coordinate; // without long edges the order is already what a reader sees
    TransposeBuffers buffers;
    sortLayers(g, straightLineCoordinates(g, coordinate));
    int64_t bestCount = totalCrossings(g);
    std::vector<double> best = coordinate;
    for (int round = 0; round < e.straightenRounds && bestCount > 0; ++round) {
        for (size_t l = 0; l < g.layers.size(); ++l)
            siftLayer(g, buffers, round % 2 == 0 ? l : g.layers.size() - 1 - l, e.straightenWindow);
        coordinate = assigner.assign(e.coordinateRounds);
        sortLayers(g, straightLineCoordinates(g, coordinate));
        const int64_t count = totalCrossings(g);
        if (count < bestCount) {
            bestCount = count;
            best = coordinate;
        }
    }
    return best;
}

// ---- pinned nodes ---------------------------------------------------------------------------

// Keeps pinned nodes where they are: the rest of the layout is shifted by their mean
// displacement, then unpinned nodes that overlap something are pushed along the layer axis.
void applyPins(LayoutResult &result, const std::vector<std::optional<Position>> &pins,
               const LayoutOptions &options, std::vector<bool> &moved)
{
    double dx = 0;
    double dy = 0;
    int count = 0;
    for (size_t i = 0; i < result.positions.size(); ++i) {
        if (!pins[i])
            continue;
        dx += pins[i]->x - result.positions[i].second.x;
        dy += pins[i]->y - result.positions[i].second.y;
        ++count;
    }
    if (count == 0)
        return;
    dx /= count;
    dy /= count;
    for (auto &[id, p] : result.positions) {
        p.x += dx;
        p.y += dy;
    }
    for (auto &route : result.routes)
        for (Position &p : route) {
            p.x += dx;
            p.y += dy;
        }
    const double w = options.nodeWidth;
    const double h = options.nodeHeight;
    const double cell = std::max(w, h) * 2;
    std::unordered_map<int64_t, std::vector<size_t>> grid;
    auto cellKey = [&](int64_t cx, int64_t cy) { return (cx << 32) ^ (cy & 0xffffffff); };
    auto insert = [&](size_t i) {
        const Position &p = result.positions[i].second;
        for (int64_t cx = static_cast<int64_t>(std::floor(p.x / cell));
             cx <= static_cast<int64_t>(std::floor((p.x + w) / cell)); ++cx)
            for (int64_t cy = static_cast<int64_t>(std::floor(p.y / cell));
                 cy <= static_cast<int64_t>(std::floor((p.y + h) / cell)); ++cy)
                grid[cellKey(cx, cy)].push_back(i);
    };
    auto overlapping = [&](size_t i) -> std::optional<size_t> {
        const Position &p = result.positions[i].second;
        for (int64_t cx = static_cast<int64_t>(std::floor(p.x / cell));
             cx <= static_cast<int64_t>(std::floor((p.x + w) / cell)); ++cx)
            for (int64_t cy = static_cast<int64_t>(std::floor(p.y / cell));
                 cy <= static_cast<int64_t>(std::floor((p.y + h) / cell)); ++cy) {
                const auto it = grid.find(cellKey(cx, cy));
                if (it == grid.end())
                    continue;
                for (size_t j : it->second) {
                    const Position &q = result.positions[j].second;
                    if (p.x < q.x + w && q.x < p.x + w && p.y < q.y + h && q.y < p.y + h)
                        return j;
                }
            }
        return std::nullopt;
    };
    std::vector<size_t> order;
    for (size_t i = 0; i < result.positions.size(); ++i) {
        if (pins[i]) {
            result.positions[i].second = *pins[i];
            insert(i);
        } else {
            order.push_back(i);
        }
    }
    const bool lr = options.direction == LayoutDirection::LeftToRight;
    std::sort(order.begin(), order.end(), [&](size_t a, size_t b) {
        const Position &p = result.positions[a].second;
        const Position &q = result.positions[b].second;
        return lr ? std::tie(p.x, p.y) < std::tie(q.x, q.y)
                  : std::tie(p.y, p.x) < std::tie(q.y, q.x);
    });
    for (size_t i : order) {
        while (auto other = overlapping(i)) {
            const Position &q = result.positions[*other].second;
            Position &p = result.positions[i].second;
            if (lr)
                p.y = q.y + h + options.nodeGap;
            else
                p.x = q.x + w + options.nodeGap;
            moved[i] = true;
        }
        insert(i);
    }
}

} // namespace

LayoutResult layeredLayout(const Spec &spec, const LayoutOptions &options)
{
    LayoutResult result;
    // Real nodes: every node with a usable, first-seen id.
    StringIndex index(spec.nodes.size());
    std::vector<size_t> specIndexOf;
    for (size_t i = 0; i < spec.nodes.size(); ++i) {
        const Node &node = spec.nodes[i];
        if (node.malformed || node.id.empty())
            continue;
        if (index.insert(node.id, static_cast<uint32_t>(specIndexOf.size())) != StringIndex::npos)
            continue;
        specIndexOf.push_back(i);
    }
    const int n = static_cast<int>(specIndexOf.size());
    std::vector<DagEdge> edges;
    U64Set seen(spec.edges.size());
    for (size_t k = 0; k < spec.edges.size(); ++k) {
        const Edge &e = spec.edges[k];
        const uint32_t u = index.find(e.upstream);
        const uint32_t v = index.find(e.downstream);
        if (u == StringIndex::npos || v == StringIndex::npos || u == v)
            continue;
        if (!seen.insert((static_cast<uint64_t>(u) << 32) | v))
            continue;
        edges.push_back({static_cast<int>(u), static_cast<int>(v), false, static_cast<int>(k)});
    }
    breakCycles(n, edges);

    std::vector<std::vector<int>> succ(static_cast<size_t>(n));
    std::vector<std::vector<int>> pred(static_cast<size_t>(n));
    for (const DagEdge &e : edges) {
        succ[static_cast<size_t>(e.from)].push_back(e.to);
        pred[static_cast<size_t>(e.to)].push_back(e.from);
    }
    const std::vector<int> realLayer = assignLayers(n, succ, pred, edges);

    LayeredGraph g;
    g.realCount = n;
    g.layer = realLayer;
    std::vector<std::vector<int>> up(static_cast<size_t>(n));
    std::vector<std::vector<int>> down(static_cast<size_t>(n));
    std::vector<std::vector<int>> chains(edges.size());
    for (size_t e = 0; e < edges.size(); ++e) {
        int previous = edges[e].from;
        const int target = edges[e].to;
        for (int l = g.layer[static_cast<size_t>(previous)] + 1;
             l < g.layer[static_cast<size_t>(target)]; ++l) {
            const int dummy = g.size();
            g.layer.push_back(l);
            g.chainEnds.push_back({edges[e].from, target});
            up.push_back({previous});
            down.emplace_back();
            down[static_cast<size_t>(previous)].push_back(dummy);
            chains[e].push_back(dummy);
            previous = dummy;
        }
        down[static_cast<size_t>(previous)].push_back(target);
        up[static_cast<size_t>(target)].push_back(previous);
    }
    g.up = Adjacency(up);
    g.down = Adjacency(down);
    const int layerCount = n == 0 ? 0 : *std::max_element(g.layer.begin(), g.layer.end()) + 1;
    result.layerCount = layerCount;
    g.layers.assign(static_cast<size_t>(layerCount), {});
    g.pos.assign(static_cast<size_t>(g.size()), 0);

    LayoutEffort effort = options.effort;
    if (effort == LayoutEffort::Auto)
        effort = static_cast<size_t>(n) <= kThoroughUpTo ? LayoutEffort::Thorough
                                                         : LayoutEffort::Interactive;
    const OrderingEffort &ordering =
        effort == LayoutEffort::Thorough ? kThoroughOrdering : kInteractiveOrdering;
    reduceCrossings(g, ordering);

    const bool lr = options.direction == LayoutDirection::LeftToRight;
    const double across = lr ? options.nodeHeight : options.nodeWidth;
    const double along = lr ? options.nodeWidth : options.nodeHeight;
    CoordinateAssigner assigner(g, across, options.nodeGap);
    const std::vector<double> coordinate = straighten(g, assigner, ordering);
    auto centre = [&](int v) {
        const double flow =
            g.layer[static_cast<size_t>(v)] * (along + options.layerGap) + along / 2;
        const double side = coordinate[static_cast<size_t>(v)];
        return lr ? Position{flow, side} : Position{side, flow};
    };
    double minX = 0;
    double minY = 0;
    bool first = true;
    for (int v = 0; v < n; ++v) {
        const Position c = centre(v);
        const double x = c.x - options.nodeWidth / 2;
        const double y = c.y - options.nodeHeight / 2;
        minX = first ? x : std::min(minX, x);
        minY = first ? y : std::min(minY, y);
        first = false;
    }
    result.positions.reserve(static_cast<size_t>(n));
    for (int v = 0; v < n; ++v) {
        const Position c = centre(v);
        result.positions.push_back({spec.nodes[specIndexOf[static_cast<size_t>(v)]].id,
                                    Position{std::round(c.x - options.nodeWidth / 2 - minX),
                                             std::round(c.y - options.nodeHeight / 2 - minY)}});
    }
    result.routes.assign(spec.edges.size(), {});
    for (size_t e = 0; e < edges.size(); ++e) {
        auto &route = result.routes[static_cast<size_t>(edges[e].specIndex)];
        for (int dummy : chains[e]) {
            const Position c = centre(dummy);
            route.push_back(Position{std::round(c.x - minX), std::round(c.y - minY)});
        }
        if (edges[e].reversed)
            std::reverse(route.begin(), route.end());
    }

    if (!options.pinned.empty()) {
        std::vector<std::optional<Position>> pins(result.positions.size());
        StringIndex pinned(options.pinned.size());
        for (size_t i = 0; i < options.pinned.size(); ++i)
            pinned.insert(options.pinned[i], static_cast<uint32_t>(i));
        for (size_t v = 0; v < result.positions.size(); ++v) {
            const Node &node = spec.nodes[specIndexOf[v]];
            if (node.position && pinned.find(node.id) != StringIndex::npos)
                pins[v] = node.position;
        }
        std::vector<bool> moved(result.positions.size(), false);
        applyPins(result, pins, options, moved);
        // A route is only clean while both of its nodes stay where the layout put them.
        for (const DagEdge &e : edges) {
            if (pins[static_cast<size_t>(e.from)] || pins[static_cast<size_t>(e.to)] ||
                moved[static_cast<size_t>(e.from)] || moved[static_cast<size_t>(e.to)])
                result.routes[static_cast<size_t>(e.specIndex)].clear();
        }
    }
    return result;
}

int64_t countCrossings(const std::vector<std::pair<std::string, Position>> &positions,
                       const std::vector<Edge> &edges, double nodeWidth, double nodeHeight)
{
    std::unordered_map<std::string_view, size_t> index;
    index.reserve(positions.size() * 2);
    for (size_t i = 0; i < positions.size(); ++i)
        index.emplace(positions[i].first, i);
    struct Segment
    {
        double x1, y1, x2, y2;
        size_t a, b;
    };
    std::vector<Segment> segments;
    segments.reserve(edges.size());
    for (const Edge &e : edges) {
        const auto u = index.find(e.upstream);
        const auto v = index.find(e.downstream);
        if (u == index.end() || v == index.end() || u->second == v->second)
            continue;
        const Position &p = positions[u->second].second;
        const Position &q = positions[v->second].second;
        Segment s{p.x + nodeWidth / 2, p.y + nodeHeight / 2,
                  q.x + nodeWidth / 2, q.y + nodeHeight / 2,
                  u->second,           v->second};
        if (s.x1 > s.x2 || (s.x1 == s.x2 && s.y1 > s.y2)) {
            std::swap(s.x1, s.x2);
            std::swap(s.y1, s.y2);
        }
        segments.push_back(s);
    }
    std::sort(segments.begin(), segments.end(),
              [](const Segment &a, const Segment &b) { return a.x1 < b.x1; });
    auto orientation = [](double ax, double ay, double bx, double by, double cx, double cy) {
        const double value = (bx - ax) * (cy - ay) - (by - ay) * (cx - ax);
        return value > 1e-9 ? 1 : (value < -1e-9 ? -1 : 0);
    };
    int64_t crossings = 0;
    for (size_t i = 0; i < segments.size(); ++i) {
        const Segment &s = segments[i];
        const double sMinY = std::min(s.y1, s.y2);
        const double sMaxY = std::max(s.y1, s.y2);
        // Sweep: only segments starting before this one ends can meet it.
        for (size_t j = i + 1; j < segments.size() && segments[j].x1 <= s.x2; ++j) {
            const Segment &t = segments[j];
            if (s.a == t.a || s.a == t.b || s.b == t.a || s.b == t.b)
                continue;
            if (std::max(t.y1, t.y2) < sMinY || std::min(t.y1, t.y2) > sMaxY)
                continue;
            const int o1 = orientation(s.x1, s.y1, s.x2, s.y2, t.x1, t.y1);
            const int o2 = orientation(s.x1, s.y1, s.x2, s.y2, t.x2, t.y2);
            const int o3 = orientation(t.x1, t.y1, t.x2, t.y2, s.x1, s.y1);
            const int o4 = orientation(t.x1, t.y1, t.x2, t.y2, s.x2, s.y2);
            if (o1 * o2 < 0 && o3 * o4 < 0)
                ++crossings;
        }
    }
    return crossings;
}

} // namespace pw::core
