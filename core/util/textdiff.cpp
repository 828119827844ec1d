#include "textdiff.h"

#include <algorithm>
#include <unordered_map>

namespace pw::core {

std::vector<std::string_view> splitLines(std::string_view text)
{
    std::vector<std::string_view> lines;
    size_t start = 0;
    while (start < text.size()) {
        const size_t end = text.find('\n', start);
        if (end == std::string_view::npos) {
            lines.push_back(text.substr(start));
            break;
        }
        lines.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return lines;
}

namespace {

// Edit script of the middle part (after the common prefix and suffix are removed), as ops over
// line indexes of a and b.
void myers(const std::vector<int> &a, const std::vector<int> &b, int maxEdits,
           std::vector<DiffLine::Op> &script)
{
    const int n = static_cast<int>(a.size());
    const int m = static_cast<int>(b.size());
    const int max = n + m;
    const int limit = std::min(max, maxEdits);
    // Round d reads diagonals -d-1..d+1, so the array spans -(limit+1)..limit+1.
    std::vector<int> v(static_cast<size_t>(2 * limit + 3), 0);
    std::vector<std::vector<int>> trace;
    const int offset = limit + 1;
    int found = -1;
    for (int d = 0; d <= limit && found < 0; ++d) {
        // Keep only the diagonals this round can reach: memory grows with d², not d·(n+m).
        trace.emplace_back(v.begin() + (offset - d), v.begin() + (offset + d + 1));
        for (int k = -d; k <= d; k += 2) {
            int x;
            if (k == -d || (k != d && v[offset + k - 1] < v[offset + k + 1]))
                x = v[offset + k + 1];
            else
                x = v[offset + k - 1] + 1;
            int y = x - k;
            while (x < n && y < m && a[x] == b[y]) {
                ++x;
                ++y;
            }
            v[offset + k] = x;
            if (x >= n && y >= m) {
                found = d;
                break;
            }
        }
    }
    if (found < 0) {
        script.assign(static_cast<size_t>(n), DiffLine::Op::Delete);
        script.insert(script.end(), static_cast<size_t>(m), DiffLine::Op::Insert);
        return;
    }
    // Walk back through the stored rounds. trace[d] was taken at the start of round d, so it
    // holds the furthest x of round d-1 for diagonals -d..d at index k + d.
    std::vector<DiffLine::Op> reversed;
    int x = n;
    int y = m;
    for (int d = found; d > 0; --d) {
        const std::vector<int> &before = trace[static_cast<size_t>(d)];
        auto furthest = [&](int k) { return before[static_cast<size_t>(k + d)]; };
        const int k = x - y;
        const int prevK =
            (k == -d || (k != d && furthest(k - 1) < furthest(k + 1))) ? k + 1 : k - 1;
        const int prevX = furthest(prevK);
        const int prevY = prevX - prevK;
        while (x > prevX && y > prevY) {
            reversed.push_back(DiffLine::Op::Equal);
            --x;
            --y;
        }
        if (x == prevX) {
            reversed.push_back(DiffLine::Op::Insert);
            --y;
        } else {
            reversed.push_back(DiffLine::Op::Delete);
            --x;
        }
    }
    while (x > 0 && y > 0) {
        reversed.push_back(DiffLine::Op::Equal);
        --x;
        --y;
    }
    script.assign(reversed.rbegin(), reversed.rend());
}

} // namespace

std::vector<DiffLine> diffLines(std::string_view textA, std::string_view textB, int maxEdits)
{
    const auto a = splitLines(textA);
    const auto b = splitLines(textB);
    size_t prefix = 0;
    while (prefix < a.size() && prefix < b.size() && a[prefix] == b[prefix])
        ++prefix;
    size_t suffix = 0;
    while (suffix < a.size() - prefix && suffix < b.size() - prefix &&
           a[a.size() - 1 - suffix] == b[b.size() - 1 - suffix])
        ++suffix;

    // Lines become small integers so the inner loop compares ints, not strings.
    std::unordered_map<std::string_view, int> ids;
    std::vector<int> midA;
    std::vector<int> midB;
    for (size_t i = prefix; i < a.size() - suffix; ++i)
        midA.push_back(ids.try_emplace(a[i], static_cast<int>(ids.size())).first->second);
    for (size_t i = prefix; i < b.size() - suffix; ++i)
        midB.push_back(ids.try_emplace(b[i], static_cast<int>(ids.size())).first->second);
    std::vector<DiffLine::Op> script;
    myers(midA, midB, maxEdits, script);

    std::vector<DiffLine> out;
    out.reserve(prefix + script.size() + suffix);
    int oldLine = 0;
    int newLine = 0;
    for (size_t i = 0; i < prefix; ++i)
        out.push_back({DiffLine::Op::Equal, ++oldLine, ++newLine, a[i]});
    for (DiffLine::Op op : script) {
        switch (op) {
        case DiffLine::Op::Equal:
            out.push_back({op, oldLine + 1, newLine + 1, a[static_cast<size_t>(oldLine)]});
            ++oldLine;
            ++newLine;
            break;
        case DiffLine::Op::Delete:
            out.push_back({op, oldLine + 1, 0, a[static_cast<size_t>(oldLine)]});
            ++oldLine;
            break;
        case DiffLine::Op::Insert:
            out.push_back({op, 0, newLine + 1, b[static_cast<size_t>(newLine)]});
            ++newLine;
            break;
        }
    }
    for (size_t i = 0; i < suffix; ++i) {
        out.push_back(
            {DiffLine::Op::Equal, oldLine + 1, newLine + 1, a[static_cast<size_t>(oldLine)]});
        ++oldLine;
        ++newLine;
    }
    return out;
}

std::string unifiedDiff(std::string_view a, std::string_view b, std::string_view nameA,
                        std::string_view nameB, int context)
{
    const std::vector<DiffLine> lines = diffLines(a, b);
    std::string out;
    const size_t count = lines.size();
    size_t i = 0;
    bool header = false;
    while (i < count) {
        while (i < count && lines[i].op == DiffLine::Op::Equal)
            ++i;
        if (i == count)
            break;
        // A hunk: from `context` lines before this change to `context` lines after the last
        // change that is at most 2*context equal lines away from the next.
        const size_t start =
            i >= static_cast<size_t>(context) ? i - static_cast<size_t>(context) : 0;
        size_t end = i;
        size_t lastChange = i;
        while (end < count) {
            if (lines[end].op != DiffLine::Op::Equal) {
                lastChange = end;
            } else if (end - lastChange > static_cast<size_t>(2 * context)) {
                break;
            }
            ++end;
        }
        end = std::min(count, lastChange + 1 + static_cast<size_t>(context));
        int oldStart = 0, newStart = 0, oldCount = 0, newCount = 0;
        // Line numbers of the hunk start: the first line's own, or the line before an insert.
        for (size_t k = start; k < end; ++k) {
            const DiffLine &l = lines[k];
            if (l.op != DiffLine::Op::Insert) {
                if (!oldStart)
                    oldStart = l.oldLine;
                ++oldCount;
            }
            if (l.op != DiffLine::Op::Delete) {
                if (!newStart)
                    newStart = l.newLine;
                ++newCount;
            }
        }
        if (!oldStart) {
            int before = 0;
            for (size_t k = start; k-- > 0;) {
                if (lines[k].oldLine) {
                    before = lines[k].oldLine;
                    break;
                }
            }
            oldStart = before;
        }
        if (!newStart) {
            int before = 0;
            for (size_t k = start; k-- > 0;) {
                if (lines[k].newLine) {
                    before = lines[k].newLine;
                    break;
                }
            }
            newStart = before;
        }
        if (!header) {
            out += "--- " + std::string(nameA) + "\n+++ " + std::string(nameB) + "\n";
            header = true;
        }
        out += "@@ -" + std::to_string(oldStart) +
               (oldCount == 1 ? "" : "," + std::to_string(oldCount)) + " +" +
               std::to_string(newStart) + (newCount == 1 ? "" : "," + std::to_string(newCount)) +
               " @@\n";
        for (size_t k = start; k < end; ++k) {
            const DiffLine &l = lines[k];
            out.push_back(l.op == DiffLine::Op::Equal    ? ' '
                          : l.op == DiffLine::Op::Delete ? '-'
                                                         : '+');
            out.append(l.text);
            out.push_back('\n');
        }
        i = end;
    }
    return out;
}

} // namespace pw::core
