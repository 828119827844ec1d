#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace pw::core {

struct DiffLine
{
    enum class Op
    {
        Equal,
        Delete,
        Insert
    };
    Op op = Op::Equal;
    int oldLine = 0; // 1-based; 0 for inserted lines
    int newLine = 0; // 1-based; 0 for deleted lines
    std::string_view text;
};

// A shortest line diff (Myers) of two texts. The views point into `a` and `b`. Above
// `maxEdits` differing lines the middle is reported as one delete block and one insert block,
// which keeps memory bounded on unrelated texts.
std::vector<DiffLine> diffLines(std::string_view a, std::string_view b, int maxEdits = 2000);

// The diff as unified text (`diff -u` layout) with `context` lines around each hunk; empty
// when the texts are equal.
std::string unifiedDiff(std::string_view a, std::string_view b, std::string_view nameA,
                        std::string_view nameB, int context = 3);

std::vector<std::string_view> splitLines(std::string_view text);

} // namespace pw::core
