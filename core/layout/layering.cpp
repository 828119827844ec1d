#include "layeredphases.h"

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

namespace pw::core::layered {

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

LayeredGraph buildLayeredGraph(int n, const std::vector<DagEdge> &edges,
                               const std::vector<int> &realLayer,
                               std::vector<std::vector<int>> &chains)
{
    LayeredGraph g;
    g.realCount = n;
    g.layer = realLayer;
    std::vector<std::vector<int>> up(static_cast<size_t>(n));
    std::vector<std::vector<int>> down(static_cast<size_t>(n));
    chains.assign(edges.size(), {});
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
    g.layers.assign(static_cast<size_t>(layerCount), {});
    g.pos.assign(static_cast<size_t>(g.size()), 0);
    return g;
}

} // namespace pw::core::layered
