#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "../util/error.h"

namespace pw::core {

struct SearchQuery;
struct SearchResult;

// How a search query matches paths and lines: a literal (a whole-text scan first, so a rare
// word costs one pass over each file) or a regular expression (PCRE2, UTF-8, with match, depth
// and heap limits so that a catastrophic pattern such as (a+)+$ fails one line in milliseconds
// instead of backtracking for seconds). Matching stops when `stop` says so (asked every few
// hundred lines and after each costly match: the search's deadline and cancel), and when a
// line needs more than the limits allow (the pattern is then too costly to go on).
class DraftMatcher
{
public:
    static Result<DraftMatcher> make(const SearchQuery &query);

    // Adds a hit when the path matches; true when it did.
    bool matchPath(const std::string &path, SearchResult &result) const;
    // Adds a hit per matching line of a text file (binary content is skipped). False when it
    // stopped early: `stop` held, or the pattern hit its limits (`tooCostly()`).
    bool matchContent(const std::string &path, std::string_view content, SearchResult &result,
                      const std::function<bool()> &stop) const;
    bool tooCostly() const { return m_tooCostly; }

    // Backtracking steps one line's match may take (PCRE2's match limit).
    static constexpr uint32_t kMatchLimit = 1'000'000;

private:
    struct Regex;
    // The first match in `line` at or after `from`: its offset and length, or npos.
    std::pair<size_t, size_t> find(std::string_view line, size_t from) const;
    bool containsAnywhere(std::string_view content) const;

    std::string m_needle; // literal, lowercased when case-insensitive
    bool m_caseSensitive = false;
    bool m_wholeWord = false;
    std::shared_ptr<Regex> m_regex;
    int m_limit = 200;
    mutable bool m_tooCostly = false;
};

} // namespace pw::core
