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

} // namespace pw::core::layered
