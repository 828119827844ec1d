#include "draftsearch.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#include "repositoryservice.h"

namespace pw::core {

namespace {

constexpr size_t kMaxLineTextBytes = 500;

bool isWordByte(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return std::isalnum(u) || c == '_' || u >= 0x80;
}

char lower(char c)
{
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

// Case-insensitive (ASCII) search for an already lowercased needle.
size_t findFolded(std::string_view hay, std::string_view needle, size_t from)
{
    if (needle.empty() || hay.size() < needle.size())
        return std::string_view::npos;
    const char first = needle.front();
    const char firstUpper = static_cast<char>(std::toupper(static_cast<unsigned char>(first)));
    for (size_t i = from; i + needle.size() <= hay.size();) {
        // Jump to the next byte that can start a match.
        const void *a = std::memchr(hay.data() + i, first, hay.size() - i);
        const void *b =
            first == firstUpper ? nullptr : std::memchr(hay.data() + i, firstUpper, hay.size() - i);
        const char *next = static_cast<const char *>(a && b ? std::min(a, b) : a ? a : b);
        if (!next)
            return std::string_view::npos;
        i = static_cast<size_t>(next - hay.data());
        if (i + needle.size() > hay.size())
            return std::string_view::npos;
        size_t k = 1;
        while (k < needle.size() && lower(hay[i + k]) == needle[k])
            ++k;
        if (k == needle.size())
            return i;
        ++i;
    }
    return std::string_view::npos;
}

void addHit(SearchResult &result, int limit, SearchHit hit)
{
    if (static_cast<int>(result.hits.size()) >= limit) {
        result.truncated = true;
        return;
    }
    result.hits.push_back(std::move(hit));
}

std::string cutLine(std::string_view line)
{
    if (line.size() <= kMaxLineTextBytes)
        return std::string(line);
    size_t end = kMaxLineTextBytes;
    while (end > 0 && (static_cast<unsigned char>(line[end]) & 0xC0) == 0x80)
        --end; // never cut inside a UTF-8 sequence
    return std::string(line.substr(0, end));
}

} // namespace

Result<DraftMatcher> DraftMatcher::make(const SearchQuery &query)
{
    DraftMatcher m;
    m.m_caseSensitive = query.caseSensitive;
    m.m_wholeWord = query.wholeWord;
    m.m_limit = query.limit;
    if (query.regex) {
        QRegularExpression::PatternOptions options = QRegularExpression::UseUnicodePropertiesOption;
        if (!query.caseSensitive)
            options |= QRegularExpression::CaseInsensitiveOption;
        QString pattern = QString::fromStdString(query.text);
        if (query.wholeWord)
            pattern = QStringLiteral("\\b(?:") + pattern + QStringLiteral(")\\b");
        m.m_regex = std::make_shared<QRegularExpression>(pattern, options);
        if (!m.m_regex->isValid()) {
            Error e = Error::invalid("'q' is not a valid regular expression: " +
                                         m.m_regex->errorString().toStdString(),
                                     "q");
            e.details["offset"] = m.m_regex->patternErrorOffset();
            return fail(e);
        }
        m.m_regex->optimize();
        return m;
    }
    m.m_needle = query.text;
    if (!query.caseSensitive)
        std::transform(m.m_needle.begin(), m.m_needle.end(), m.m_needle.begin(), lower);
    return m;
}

DraftMatcher DraftMatcher::copy() const
{
    DraftMatcher out = *this;
    if (m_regex)
        out.m_regex =
            std::make_shared<QRegularExpression>(m_regex->pattern(), m_regex->patternOptions());
    return out;
}

std::pair<size_t, size_t> DraftMatcher::find(std::string_view line, size_t from) const
{
    constexpr auto npos = std::string_view::npos;
    if (m_regex) {
        // Offsets in the QString are UTF-16; map them back through the UTF-8 prefix lengths.
        const QString text = QString::fromUtf8(line.data(), static_cast<qsizetype>(line.size()));
        const qsizetype start = QString::fromUtf8(line.data(), static_cast<qsizetype>(from)).size();
        const QRegularExpressionMatch match = m_regex->match(text, start);
        if (!match.hasMatch() || match.capturedLength() == 0)
            return {npos, 0};
        const size_t begin = text.left(match.capturedStart()).toUtf8().size();
        const size_t length = match.captured().toUtf8().size();
        return {begin, length};
    }
    for (size_t at = from;;) {
        const size_t hit =
            m_caseSensitive ? line.find(m_needle, at) : findFolded(line, m_needle, at);
        if (hit == npos)
            return {npos, 0};
        const size_t end = hit + m_needle.size();
        const bool bounded = !m_wholeWord || ((hit == 0 || !isWordByte(line[hit - 1])) &&
                                              (end == line.size() || !isWordByte(line[end])));
        if (bounded)
            return {hit, m_needle.size()};
        at = hit + 1;
    }
}

bool DraftMatcher::containsAnywhere(std::string_view content) const
{
    if (m_regex)
        return true; // a regular expression is tried line by line
    return (m_caseSensitive ? content.find(m_needle) : findFolded(content, m_needle, 0)) !=
           std::string_view::npos;
}

bool DraftMatcher::matchPath(const std::string &path, SearchResult &result) const
{
    const auto [at, length] = find(path, 0);
    if (at == std::string_view::npos)
        return false;
    addHit(result, m_limit,
           SearchHit{path, 0, static_cast<int>(at) + 1, static_cast<int>(length), path});
    return true;
}

void DraftMatcher::matchContent(const std::string &path, std::string_view content,
                                SearchResult &result) const
{
    if (!containsAnywhere(content) || isBinaryContent(content))
        return;
    constexpr auto npos = std::string_view::npos;
    int lineNumber = 1;
    size_t lineStart = 0; // where line `lineNumber` starts
    size_t pos = 0;
    while (pos < content.size() && !result.truncated) {
        // A literal jumps to its next occurrence; a regular expression tries each line.
        size_t next = pos;
        if (!m_regex) {
            next =
                m_caseSensitive ? content.find(m_needle, pos) : findFolded(content, m_needle, pos);
            if (next == npos)
                return;
        }
        for (const char *nl = static_cast<const char *>(
                 std::memchr(content.data() + lineStart, '\n', next - lineStart));
             nl; nl = static_cast<const char *>(std::memchr(
                     nl + 1, '\n', next - static_cast<size_t>(nl + 1 - content.data())))) {
            ++lineNumber;
            lineStart = static_cast<size_t>(nl + 1 - content.data());
        }
        size_t end = content.find('\n', next);
        if (end == npos)
            end = content.size();
        std::string_view line = content.substr(lineStart, end - lineStart);
        if (!line.empty() && line.back() == '\r')
            line.remove_suffix(1);
        const auto [at, length] = find(line, 0);
        if (at != npos)
            addHit(result, m_limit,
                   SearchHit{path, lineNumber, static_cast<int>(at) + 1, static_cast<int>(length),
                             cutLine(line)});
        pos = end + 1;
        lineStart = pos;
        ++lineNumber;
    }
}

} // namespace pw::core
