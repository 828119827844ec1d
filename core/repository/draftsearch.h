#pragma once

#include <memory>
#include <string>
#include <string_view>

#include <QRegularExpression>

#include "../util/error.h"

namespace pw::core {

struct SearchQuery;
struct SearchResult;

// How a search query matches paths and lines: a literal (a whole-text scan first, so a rare
// word costs one pass over each file) or a regular expression (PCRE2 through Qt, with a match
// limit so a pathological pattern cannot stall the caller).
class DraftMatcher
{
public:
    static Result<DraftMatcher> make(const SearchQuery &query);
    // The same matcher with a regular expression of its own, for another thread.
    DraftMatcher copy() const;

    // Adds a hit when the path matches; true when it did.
    bool matchPath(const std::string &path, SearchResult &result) const;
    // Adds a hit per matching line of a text file (binary content is skipped).
    void matchContent(const std::string &path, std::string_view content,
                      SearchResult &result) const;

private:
    // The first match in `line` at or after `from`: its offset and length, or npos.
    std::pair<size_t, size_t> find(std::string_view line, size_t from) const;
    bool containsAnywhere(std::string_view content) const;

    std::string m_needle; // literal, lowercased when case-insensitive
    bool m_caseSensitive = false;
    bool m_wholeWord = false;
    std::shared_ptr<QRegularExpression> m_regex;
    int m_limit = 200;
};

} // namespace pw::core
