#include "draftsearch.h"

#include <algorithm>
#include <cctype>
#include <cstring>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include "repositoryservice.h"

namespace pw::core {

// A compiled pattern with its match context (limits) and match data. One search uses it on one
// thread at a time.
struct DraftMatcher::Regex
{
    pcre2_code *code = nullptr;
    pcre2_match_context *context = nullptr;
    pcre2_match_data *data = nullptr;
    ~Regex()
    {
        pcre2_match_data_free(data);
        pcre2_match_context_free(context);
        pcre2_code_free(code);
    }
};

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
        std::string pattern = query.text;
        if (query.wholeWord)
            pattern = "\\b(?:" + pattern + ")\\b";
        uint32_t options = PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF;
        if (!query.caseSensitive)
            options |= PCRE2_CASELESS;
        auto regex = std::make_shared<Regex>();
        int code = 0;
        PCRE2_SIZE offset = 0;
        regex->code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                                    options, &code, &offset, nullptr);
        if (!regex->code) {
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(code, message, sizeof message);
            Error e = Error::invalid(std::string("'q' is not a valid regular expression: ") +
                                         reinterpret_cast<const char *>(message),
                                     "q");
            e.details["offset"] = static_cast<int64_t>(offset);
            return fail(e);
        }
        // JIT where the machine has it (the limits below hold for it too); the interpreter
        // otherwise.
        pcre2_jit_compile(regex->code, PCRE2_JIT_COMPLETE);
        regex->context = pcre2_match_context_create(nullptr);
        pcre2_set_match_limit(regex->context, kMatchLimit);
        pcre2_set_depth_limit(regex->context, 10'000);
        pcre2_set_heap_limit(regex->context, 20 * 1024); // KiB
        regex->data = pcre2_match_data_create_from_pattern(regex->code, nullptr);
        if (!regex->context || !regex->data)
            return fail(Error::internal("out of memory compiling the search pattern"));
        m.m_regex = std::move(regex);
        return m;
    }
    m.m_needle = query.text;
    if (!query.caseSensitive)
        std::transform(m.m_needle.begin(), m.m_needle.end(), m.m_needle.begin(), lower);
    return m;
}

std::pair<size_t, size_t> DraftMatcher::find(std::string_view line, size_t from) const
{
    constexpr auto npos = std::string_view::npos;
    if (m_regex) {
        if (m_tooCostly)
            return {npos, 0};
        const int rc = pcre2_match(m_regex->code, reinterpret_cast<PCRE2_SPTR>(line.data()),
                                   line.size(), from, 0, m_regex->data, m_regex->context);
        if (rc == PCRE2_ERROR_MATCHLIMIT || rc == PCRE2_ERROR_DEPTHLIMIT ||
            rc == PCRE2_ERROR_HEAPLIMIT) {
            m_tooCostly = true;
            return {npos, 0};
        }
        if (rc < 0)
            return {npos, 0};
        const PCRE2_SIZE *vector = pcre2_get_ovector_pointer(m_regex->data);
        if (vector[1] <= vector[0])
            return {npos, 0};
        return {vector[0], vector[1] - vector[0]};
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

bool DraftMatcher::matchContent(const std::string &path, std::string_view content,
                                SearchResult &result, const std::function<bool()> &stop) const
{
    if (!containsAnywhere(content) || isBinaryContent(content))
        return true;
    constexpr auto npos = std::string_view::npos;
    int lineNumber = 1;
    size_t lineStart = 0; // where line `lineNumber` starts
    size_t pos = 0;
    int linesSinceCheck = 0;
    while (pos < content.size() && !result.truncated) {
        // The deadline and a cancel are heard within a few hundred lines, however long the file.
        if (++linesSinceCheck >= 256) {
            linesSinceCheck = 0;
            if (stop && stop())
                return false;
        }
        // A literal jumps to its next occurrence; a regular expression tries each line.
        size_t next = pos;
        if (!m_regex) {
            next =
                m_caseSensitive ? content.find(m_needle, pos) : findFolded(content, m_needle, pos);
            if (next == npos)
                return true;
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
        if (m_tooCostly)
            return false;
        if (at != npos)
            addHit(result, m_limit,
                   SearchHit{path, lineNumber, static_cast<int>(at) + 1, static_cast<int>(length),
                             cutLine(line)});
        pos = end + 1;
        lineStart = pos;
        ++lineNumber;
    }
    return true;
}

} // namespace pw::core
