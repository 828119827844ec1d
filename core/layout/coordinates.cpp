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

// ---- coordinates ---------------------------------------------------------------------------

// In-layer coordinates for the current order: rounds of sweeps pull each node towards the
// weighted median of its neighbours, then place a layer as close as possible to those wishes
// while keeping its order and the minimum separations. Buffers are kept across calls, since
// straightening assigns coordinates several times.
class CoordinateAssigner::Impl
{
public:
    Impl(const LayeredGraph &g, double realSize, double gap)
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

CoordinateAssigner::CoordinateAssigner(const LayeredGraph &g, double realSize, double gap)
    : m_impl(std::make_unique<Impl>(g, realSize, gap))
{
}

CoordinateAssigner::~CoordinateAssigner() = default;

std::vector<double> CoordinateAssigner::assign(int rounds)
{
    return m_impl->assign(rounds);
}

} // namespace pw::core::layered
