#include "yamljson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <optional>
#include <sstream>
#include <unordered_map>
#include <vector>

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/yaml.h>

#include "../util/jsonread.h"
#include "../util/limits.h"

namespace pw::core {

namespace {

nlohmann::json plainScalar(const std::string &text)
{
    if (text.empty() || text == "~" || text == "null" || text == "Null" || text == "NULL")
        return nullptr;
    if (text == "true" || text == "True" || text == "TRUE")
        return true;
    if (text == "false" || text == "False" || text == "FALSE")
        return false;
    int64_t integer = 0;
    const char *begin = text.data();
    const char *end = text.data() + text.size();
    if (*begin == '+')
        ++begin;
    if (auto [p, ec] = std::from_chars(begin, end, integer); ec == std::errc() && p == end)
        return integer;
    double real = 0;
    if (text.find_first_of("0123456789") != std::string::npos) {
        if (auto [p, ec] = std::from_chars(begin, end, real);
            ec == std::errc() && p == end && std::isfinite(real))
            return real;
    }
    return text;
}

// The bytes `text` takes as a JSON string in compact output (nlohmann's escapes).
uint64_t jsonStringBytes(std::string_view text)
{
    uint64_t bytes = 2;
    for (char c : text) {
        const auto byte = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\' || c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t')
            bytes += 2;
        else if (byte < 0x20)
            bytes += 6;
        else
            bytes += 1;
    }
    return bytes;
}

// A document that would expand past the size a definition may store.
struct YamlTooLarge
{
    YAML::Mark mark;
};

// A YAML document read as a graph from the parser's events: every node once, an alias a second
// reference to its anchor's node. The graph is as small as the text however large the tree it
// stands for, and each node knows the size, value count and depth of its expanded tree, so a
// document whose aliases would expand past the limits ("billion laughs") is refused before
// anything is expanded. yaml-cpp's own node tree shares aliased nodes the same way; the blow-up
// is in the conversion to JSON, which copies, and which now runs only on a document that fits.
class YamlGraph : public YAML::EventHandler
{
public:
    static constexpr uint64_t kMaxValues = 4'000'000;

    // The expanded document; a document without content is null.
    nlohmann::json toJson() const { return m_root ? expand(*m_root) : nlohmann::json(); }

    void OnDocumentStart(const YAML::Mark &) override {}
    void OnDocumentEnd() override {}

    void OnNull(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        addScalar(mark, anchor, nullptr, "null");
    }

    void OnScalar(const YAML::Mark &mark, const std::string &tag, YAML::anchor_t anchor,
                  const std::string &value) override
    {
        // yaml-cpp tags quoted scalars "!" and plain ones "?".
        addScalar(mark, anchor, tag == "!" ? nlohmann::json(value) : plainScalar(value), value);
    }

    void OnAlias(const YAML::Mark &mark, YAML::anchor_t anchor) override
    {
        const auto it = m_anchors.find(anchor);
        if (it == m_anchors.end())
            throw YAML::ParserException(mark, "an alias names an anchor that is not defined");
        if (m_nodes[it->second].open)
            throw YAML::ParserException(mark, "an alias refers to a collection that contains it");
        attach(it->second, mark);
    }

    void OnSequenceStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                         YAML::EmitterStyle::value) override
    {
        open(mark, anchor, Kind::Sequence);
    }
    void OnSequenceEnd() override { close(); }

    void OnMapStart(const YAML::Mark &mark, const std::string &, YAML::anchor_t anchor,
                    YAML::EmitterStyle::value) override
    {
        open(mark, anchor, Kind::Map);
    }
    void OnMapEnd() override { close(); }

private:
    enum class Kind
    {
        Scalar,
        Sequence,
        Map,
    };
    struct Node
    {
        Kind kind = Kind::Scalar;
        nlohmann::json scalar;       // a scalar's value
        std::string text;            // a scalar's text, as a mapping key
        std::vector<uint32_t> items; // a sequence's items; a map's keys and values in turn
        uint64_t bytes = 0;          // compact JSON of the expanded value
        uint64_t values = 0;         // JSON values in the expanded value
        int height = 0;              // levels of arrays and objects in the expanded value
        bool open = false;           // a collection whose end has not come yet
        YAML::Mark mark;
    };

    uint32_t make(Node node, YAML::anchor_t anchor)
    {
        const auto index = static_cast<uint32_t>(m_nodes.size());
        m_nodes.push_back(std::move(node));
        if (anchor)
            m_anchors[anchor] = index;
        return index;
    }

    void addScalar(const YAML::Mark &mark, YAML::anchor_t anchor, nlohmann::json value,
                   std::string text)
    {
        Node node;
        node.bytes = value.is_string() ? jsonStringBytes(value.get_ref<const std::string &>())
                                       : value.dump().size();
        node.scalar = std::move(value);
        node.text = std::move(text);
        node.values = 1;
        node.mark = mark;
        if (node.bytes > kMaxSpecBytes)
            throw YamlTooLarge{mark};
        attach(make(std::move(node), anchor), mark);
    }

    void open(const YAML::Mark &mark, YAML::anchor_t anchor, Kind kind)
    {
        if (m_open.size() >= static_cast<size_t>(kMaxJsonDepth))
            throw YAML::ParserException(mark, "sequences and maps nest deeper than " +
                                                  std::to_string(kMaxJsonDepth) + " levels");
        refuseCollectionKey(mark);
        Node node;
        node.kind = kind;
        node.bytes = 2; // [] or {}
        node.values = 1;
        node.height = 1;
        node.open = true;
        node.mark = mark;
        m_open.push_back(make(std::move(node), anchor));
    }

    void close()
    {
        const uint32_t index = m_open.back();
        m_open.pop_back();
        m_nodes[index].open = false;
        attach(index, m_nodes[index].mark);
    }

    void refuseCollectionKey(const YAML::Mark &mark) const
    {
        if (!m_open.empty()) {
            const Node &parent = m_nodes[m_open.back()];
            if (parent.kind == Kind::Map && parent.items.size() % 2 == 0)
                throw YAML::ParserException(mark, "a mapping key must be a scalar");
        }
    }

    // Adds a finished node (new, or an alias's) to the collection being read, or makes it the
    // document. The collection's expanded size grows by the node's, so this is where a
    // document is refused, before anything is expanded.
    void attach(uint32_t index, const YAML::Mark &mark)
    {
        if (m_open.empty()) {
            if (!m_root)
                m_root = index;
            return;
        }
        const Node &child = m_nodes[index];
        Node &parent = m_nodes[m_open.back()];
        const bool key = parent.kind == Kind::Map && parent.items.size() % 2 == 0;
        if (key && child.kind != Kind::Scalar)
            throw YAML::ParserException(mark, "a mapping key must be a scalar");
        if (m_open.size() + static_cast<size_t>(child.height) > static_cast<size_t>(kMaxJsonDepth))
            throw YAML::ParserException(mark, "sequences and maps nest deeper than " +
                                                  std::to_string(kMaxJsonDepth) + " levels");
        const bool first = parent.items.empty();
        if (key) {
            parent.bytes += (first ? 0 : 1) + jsonStringBytes(child.text) + 1; // , "key" :
        } else {
            parent.bytes += (parent.kind == Kind::Sequence && !first ? 1 : 0) + child.bytes;
            parent.values += child.values;
            parent.height = std::max(parent.height, child.height + 1);
        }
        parent.items.push_back(index);
        if (parent.bytes > kMaxSpecBytes)
            throw YamlTooLarge{mark};
        if (parent.values > kMaxValues)
            throw YAML::ParserException(mark, "the document expands to more than " +
                                                  std::to_string(kMaxValues) +
                                                  " values (aliases?)");
    }

    nlohmann::json expand(uint32_t index) const
    {
        const Node &node = m_nodes[index];
        switch (node.kind) {
        case Kind::Scalar:
            return node.scalar;
        case Kind::Sequence: {
            nlohmann::json out = nlohmann::json::array();
            for (uint32_t item : node.items)
                out.push_back(expand(item));
            return out;
        }
        case Kind::Map:
            break;
        }
        nlohmann::json out = nlohmann::json::object();
        for (size_t i = 0; i + 1 < node.items.size(); i += 2)
            out[m_nodes[node.items[i]].text] = expand(node.items[i + 1]);
        return out;
    }

    std::vector<Node> m_nodes;
    std::vector<uint32_t> m_open;
    std::unordered_map<YAML::anchor_t, uint32_t> m_anchors;
    std::optional<uint32_t> m_root;
};

bool needsQuotes(const std::string &text)
{
    if (text.empty())
        return true;
    const nlohmann::json reread = plainScalar(text);
    return !reread.is_string();
}

template <class Json> void writeYaml(YAML::Emitter &out, const Json &value)
{
    using Type = typename Json::value_t;
    switch (value.type()) {
    case Type::object:
        if (value.empty()) {
            out << YAML::Flow << YAML::BeginMap << YAML::EndMap;
            return;
        }
        out << YAML::BeginMap;
        for (const auto &[key, item] : value.items()) {
            out << YAML::Key << key << YAML::Value;
            writeYaml(out, item);
        }
        out << YAML::EndMap;
        return;
    case Type::array:
        if (value.empty()) {
            out << YAML::Flow << YAML::BeginSeq << YAML::EndSeq;
            return;
        }
        out << YAML::BeginSeq;
        for (const auto &item : value)
            writeYaml(out, item);
        out << YAML::EndSeq;
        return;
    case Type::string: {
        const auto &text = value.template get_ref<const std::string &>();
        if (text.find('\n') != std::string::npos)
            out << YAML::Literal << text;
        else if (needsQuotes(text))
            out << YAML::DoubleQuoted << text;
        else
            out << text;
        return;
    }
    case Type::null:
        out << YAML::Null;
        return;
    case Type::boolean:
        out << (value.template get<bool>() ? "true" : "false");
        return;
    default:
        out << value.dump();
        return;
    }
}

} // namespace

Result<nlohmann::json> yamlToJson(std::string_view yaml)
{
    try {
        std::istringstream in{std::string(yaml)};
        YAML::Parser parser(in);
        YamlGraph graph;
        parser.HandleNextDocument(graph);
        return graph.toJson();
    } catch (const YamlTooLarge &e) {
        Error error =
            Error::tooLarge("the YAML expands to more than " + std::to_string(kMaxSpecBytes >> 20) +
                            " MiB (" + std::to_string(kMaxSpecBytes) +
                            " bytes) of JSON, the most a definition stores (at line " +
                            std::to_string(e.mark.line + 1) + "; aliases repeat what they name)");
        error.details["max_bytes"] = kMaxSpecBytes;
        error.details["line"] = e.mark.line + 1;
        error.details["column"] = e.mark.column + 1;
        return fail(std::move(error));
    } catch (const YAML::Exception &e) {
        Error error =
            Error::invalid("the YAML is not valid at line " + std::to_string(e.mark.line + 1) +
                           ", column " + std::to_string(e.mark.column + 1) + ": " + e.msg);
        error.details["line"] = e.mark.line + 1;
        error.details["column"] = e.mark.column + 1;
        return fail(std::move(error));
    }
}

template <class Json> std::string toYaml(const Json &value)
{
    YAML::Emitter out;
    out.SetIndent(2);
    writeYaml(out, value);
    std::string text = out.c_str();
    if (!text.empty() && text.back() != '\n')
        text.push_back('\n');
    return text;
}

std::string jsonToYaml(const nlohmann::json &value)
{
    return toYaml(value);
}
std::string jsonToYaml(const nlohmann::ordered_json &value)
{
    return toYaml(value);
}

std::optional<int> lineOfPath(std::string_view text, std::string_view path)
{
    YAML::Node node;
    try {
        node = YAML::Load(std::string(text));
    } catch (const YAML::Exception &) {
        return std::nullopt;
    }
    int line = node.Mark().line + 1;
    size_t i = 0;
    while (i < path.size() && node) {
        YAML::Node next;
        if (path[i] == '.') {
            ++i;
            continue;
        }
        if (path[i] == '[') {
            const size_t close = path.find(']', i);
            if (close == std::string_view::npos || !node.IsSequence())
                break;
            const size_t index =
                std::strtoul(std::string(path.substr(i + 1, close - i - 1)).c_str(), nullptr, 10);
            if (index >= node.size())
                break;
            next = node[index];
            i = close + 1;
        } else {
            const size_t end = std::min(path.find_first_of(".[", i), path.size());
            if (!node.IsMap())
                break;
            const std::string key(path.substr(i, end - i));
            YAML::Node found;
            for (const auto &entry : node) {
                if (entry.first.Scalar() == key) {
                    // A missing value points at its key.
                    line = entry.first.Mark().line + 1;
                    found = entry.second;
                }
            }
            if (!found)
                break;
            next = found;
            i = end;
        }
        node = next;
        if (node.Mark().line >= 0)
            line = node.Mark().line + 1;
    }
    return line;
}

Result<nlohmann::json> parseJsonOrYaml(std::string_view text)
{
    const auto first = text.find_first_not_of(" \t\r\n");
    if (first != std::string_view::npos && (text[first] == '{' || text[first] == '[')) {
        auto parsed = parseJson(text);
        if (parsed || !parsed.error().details.contains("byte"))
            return parsed;
        // Count lines up to the failing byte so the message points somewhere useful.
        Error error = std::move(parsed.error());
        const size_t at = std::min<size_t>(error.details["byte"].get<size_t>(), text.size());
        const int line =
            1 +
            static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(at), '\n'));
        error.message = "line " + std::to_string(line) + ": " + error.message;
        error.details["line"] = line;
        return fail(std::move(error));
    }
    return yamlToJson(text);
}

} // namespace pw::core
