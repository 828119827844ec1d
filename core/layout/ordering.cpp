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

#include "../util/flathash.h"

namespace pw::core::layered {

namespace {

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

} // namespace

int64_t totalCrossings(const LayeredGraph &g)
{
    thread_local std::vector<int> sequence;
    thread_local std::vector<int> tree;
    int64_t total = 0;
    for (size_t l = 0; l + 1 < g.layers.size(); ++l)
        total += bilayerCrossings(g, static_cast<int>(l), sequence, tree);
    return total;
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

namespace {

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

} // namespace

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

namespace {

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

} // namespace

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

} // namespace pw::core::layered
