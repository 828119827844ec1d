#include "yamljson.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdlib>

#include <yaml-cpp/yaml.h>

#include "../util/jsonread.h"

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

// Converts a loaded YAML document. Aliases make a small text expand to a huge tree ("billion
// laughs"), so the conversion counts the values it makes and stops at a budget, and refuses
// nesting deeper than JSON may nest.
class YamlConverter
{
public:
    static constexpr int64_t kMaxValues = 4'000'000;

    nlohmann::json convert(const YAML::Node &node, int depth)
    {
        if (++m_values > kMaxValues)
            throw YAML::ParserException(node.Mark(), "the document expands to more than " +
                                                         std::to_string(kMaxValues) +
                                                         " values (aliases?)");
        switch (node.Type()) {
        case YAML::NodeType::Null:
        case YAML::NodeType::Undefined:
            return nullptr;
        case YAML::NodeType::Scalar:
            // yaml-cpp tags quoted scalars "!" and plain ones "?".
            if (node.Tag() == "!")
                return node.Scalar();
            return plainScalar(node.Scalar());
        case YAML::NodeType::Sequence:
        case YAML::NodeType::Map:
            break;
        }
        if (depth >= kMaxJsonDepth)
            throw YAML::ParserException(node.Mark(), "sequences and maps nest deeper than " +
                                                         std::to_string(kMaxJsonDepth) + " levels");
        if (node.IsSequence()) {
            nlohmann::json out = nlohmann::json::array();
            for (const auto &item : node)
                out.push_back(convert(item, depth + 1));
            return out;
        }
        nlohmann::json out = nlohmann::json::object();
        for (const auto &item : node)
            out[item.first.as<std::string>()] = convert(item.second, depth + 1);
        return out;
    }

private:
    int64_t m_values = 0;
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
        const YAML::Node root = YAML::Load(std::string(yaml));
        return YamlConverter().convert(root, 0);
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
