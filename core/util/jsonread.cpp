#include "jsonread.h"

#include <cstring>
#include <vector>

namespace pw::core {

namespace {

using nlohmann::json;

// Builds the value from nlohmann's SAX events, refusing to open a container deeper than the
// limit. nlohmann's own DOM parser has no depth limit and throws out_of_range for 1e999 when
// exceptions are on; this builder turns both into a stop with a reason.
class BoundedBuilder
{
public:
    using number_integer_t = json::number_integer_t;
    using number_unsigned_t = json::number_unsigned_t;
    using number_float_t = json::number_float_t;
    using string_t = json::string_t;
    using binary_t = json::binary_t;

    BoundedBuilder(json &root, int maxDepth) : m_root(root), m_maxDepth(maxDepth) {}

    bool null() { return place(json(nullptr)); }
    bool boolean(bool value) { return place(json(value)); }
    bool number_integer(number_integer_t value) { return place(json(value)); }
    bool number_unsigned(number_unsigned_t value) { return place(json(value)); }
    bool number_float(number_float_t value, const string_t &) { return place(json(value)); }
    bool string(string_t &value) { return place(json(std::move(value))); }
    bool binary(binary_t &) { return false; } // not produced by the JSON text format

    bool start_object(std::size_t) { return open(json::object()); }
    bool start_array(std::size_t) { return open(json::array()); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(string_t &name)
    {
        m_slot = &(*m_open.back())[name];
        return true;
    }

    bool parse_error(std::size_t position, const std::string &token,
                     const nlohmann::detail::exception &ex)
    {
        m_errorPosition = position;
        m_errorId = ex.id;
        m_errorToken = token;
        m_errorText = ex.what();
        return false;
    }

    bool tooDeep() const { return m_tooDeep; }
    int errorId() const { return m_errorId; }
    std::size_t errorPosition() const { return m_errorPosition; }
    const std::string &errorToken() const { return m_errorToken; }
    const std::string &errorText() const { return m_errorText; }

private:
    json *slotFor(json &&value)
    {
        if (m_open.empty()) {
            m_root = std::move(value);
            return &m_root;
        }
        json &parent = *m_open.back();
        if (parent.is_array()) {
            parent.push_back(std::move(value));
            return &parent.back();
        }
        *m_slot = std::move(value);
        return m_slot;
    }

    bool place(json &&value)
    {
        slotFor(std::move(value));
        return true;
    }

    bool open(json &&container)
    {
        if (static_cast<int>(m_open.size()) >= m_maxDepth) {
            m_tooDeep = true;
            return false;
        }
        m_open.push_back(slotFor(std::move(container)));
        return true;
    }

    bool close()
    {
        m_open.pop_back();
        return true;
    }

    json &m_root;
    int m_maxDepth;
    std::vector<json *> m_open;
    json *m_slot = nullptr;
    bool m_tooDeep = false;
    int m_errorId = 0;
    std::size_t m_errorPosition = 0;
    std::string m_errorToken;
    std::string m_errorText;
};

// nlohmann's messages start with "[json.exception.parse_error.101] parse error at line 1,
// column 9: "; the reader wants only the reason.
// At most `max` bytes of `text`, cut at a UTF-8 character boundary, with "…" when cut: what an
// error message quotes of the input (a 4 MB number must not come back as a 4 MB message).
std::string quoted(const std::string &text, std::size_t max = 40)
{
    if (text.size() <= max)
        return text;
    std::size_t end = max;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80)
        --end;
    return text.substr(0, end) + "…";
}

std::string reasonOf(const std::string &what)
{
    std::string reason = what;
    if (const auto bracket = reason.find("] ");
        reason.starts_with("[json.exception") && bracket != std::string::npos)
        reason.erase(0, bracket + 2);
    if (const auto colon = reason.find(": ");
        reason.starts_with("parse error") && colon != std::string::npos)
        reason.erase(0, colon + 2);
    // nlohmann quotes the token it last read, which may be most of the body.
    constexpr std::string_view kLastRead = "last read: '";
    if (const auto at = reason.find(kLastRead); at != std::string::npos) {
        const std::size_t start = at + kLastRead.size();
        const std::size_t end = reason.rfind('\'');
        if (end != std::string::npos && end >= start)
            reason = reason.substr(0, start) + quoted(reason.substr(start, end - start)) +
                     reason.substr(end);
    }
    return reason;
}

Error invalidAt(std::string message, std::size_t byte)
{
    Error error = Error::invalid(std::move(message));
    error.details["byte"] = byte;
    return error;
}

} // namespace

Result<json> parseJson(std::string_view text, int maxDepth)
{
    // nlohmann's lexer reads NUL as the end of the input, so "{}\0garbage" would pass as "{}".
    // No JSON text contains a raw NUL (not even inside a string), so any NUL is an error.
    if (const void *nul = std::memchr(text.data(), '\0', text.size())) {
        const auto at = static_cast<std::size_t>(static_cast<const char *>(nul) - text.data());
        return fail(invalidAt("the JSON has a NUL byte at byte " + std::to_string(at) +
                                  "; the text must be exactly one JSON value",
                              at));
    }
    json root;
    BoundedBuilder builder(root, maxDepth);
    const bool ok = json::sax_parse(text.data(), text.data() + text.size(), &builder);
    if (ok)
        return root;
    if (builder.tooDeep()) {
        Error error = Error::invalid("the JSON nests arrays and objects deeper than " +
                                     std::to_string(maxDepth) + " levels");
        error.details["max_depth"] = maxDepth;
        return fail(std::move(error));
    }
    const std::size_t at = builder.errorPosition();
    if (builder.errorId() == 406) // number overflow
        return fail(invalidAt("the number '" + quoted(builder.errorToken()) + "' at byte " +
                                  std::to_string(at) + " is out of range",
                              at));
    return fail(invalidAt("the JSON is not valid at byte " + std::to_string(at) + ": " +
                              reasonOf(builder.errorText()),
                          at));
}

int jsonDepth(const json &value, int limit)
{
    if (!value.is_structured())
        return 0;
    struct Frame
    {
        const json *container;
        json::const_iterator next;
    };
    std::vector<Frame> stack;
    stack.push_back({&value, value.cbegin()});
    int deepest = 1;
    while (!stack.empty()) {
        Frame &top = stack.back();
        if (top.next == top.container->cend()) {
            stack.pop_back();
            continue;
        }
        const json &child = *top.next;
        ++top.next;
        if (!child.is_structured() || child.empty()) {
            if (child.is_structured())
                deepest = std::max(deepest, static_cast<int>(stack.size()) + 1);
            continue;
        }
        stack.push_back({&child, child.cbegin()});
        deepest = std::max(deepest, static_cast<int>(stack.size()));
        if (deepest > limit)
            return deepest;
    }
    return deepest;
}

std::string stringMember(const json &object, const char *key, std::string fallback)
{
    if (!object.is_object())
        return fallback;
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string())
        return fallback;
    return it->get<std::string>();
}

} // namespace pw::core
