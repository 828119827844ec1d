#include "specio.h"

#include "yamljson.h"

#include <charconv>
#include <type_traits>

namespace pw::core {

namespace {

Problem typeProblem(std::string path, const char *expected)
{
    Problem p;
    p.code = "field_type";
    p.message = path + " must be " + expected;
    p.path = std::move(path);
    return p;
}

std::string indexed(const std::string &array, size_t index)
{
    return array + "[" + std::to_string(index) + "]";
}

// `name` under `prefix`: "nodes" under "spec" is "spec.nodes".
std::string under(std::string_view prefix, std::string_view name)
{
    if (prefix.empty())
        return std::string(name);
    if (name.empty())
        return std::string(prefix);
    return std::string(prefix) + "." + std::string(name);
}

// One node read from `source`; problems name it by `path` ("nodes[3]", "node").
template <class Json> Node readNodeAt(Json &&source, const std::string &path, Problems &problems)
{
    Node node;
    if (!source.is_object()) {
        node.malformed = true;
        problems.push_back(typeProblem(path, "an object"));
        return node;
    }
    nlohmann::json fields = nlohmann::json::object();
    for (auto &&[key, value] : source.items()) {
        if (key == "id") {
            if (value.is_string()) {
                node.id = value.template get<std::string>();
            } else {
                node.malformed = true;
                problems.push_back(typeProblem(path + ".id", "a string"));
            }
        } else if (key == "type") {
            if (value.is_string()) {
                node.type = value.template get<std::string>();
            } else {
                node.malformed = true;
                problems.push_back(typeProblem(path + ".type", "a string"));
            }
        } else if (key == "label") {
            if (value.is_string())
                node.label = value.template get<std::string>();
            else if (!value.is_null())
                problems.push_back(typeProblem(path + ".label", "a string"));
        } else if (key == "position") {
            if (value.is_null())
                continue;
            const auto x = value.is_object() ? value.find("x") : value.end();
            const auto y = value.is_object() ? value.find("y") : value.end();
            if (!value.is_object() || x == value.end() || y == value.end() || !x->is_number() ||
                !y->is_number()) {
                problems.push_back(
                    typeProblem(path + ".position", "an object with numbers x and y"));
                continue;
            }
            node.position = Position{x->template get<double>(), y->template get<double>()};
        } else {
            if constexpr (std::is_const_v<std::remove_reference_t<Json>>)
                fields[key] = value;
            else
                fields[key] = std::move(value);
        }
    }
    node.setFields(std::move(fields));
    return node;
}

void readEdge(const nlohmann::json &source, const std::string &path, SpecRead &out)
{
    Edge edge;
    if (!source.is_object()) {
        edge.malformed = true;
        out.problems.push_back(typeProblem(path, "an object"));
        out.spec.edges.push_back(std::move(edge));
        return;
    }
    for (const auto &[key, value] : source.items()) {
        if (key == "upstream" || key == "downstream") {
            if (value.is_string()) {
                (key == "upstream" ? edge.upstream : edge.downstream) = value.get<std::string>();
            } else {
                edge.malformed = true;
                out.problems.push_back(typeProblem(path + "." + key, "a string"));
            }
        } else {
            Problem p;
            p.code = "edge_field_unknown";
            p.message =
                path + " has an unknown field '" + key + "'; only upstream and downstream are kept";
            p.path = path + "." + key;
            p.severity = Problem::Severity::Warning;
            out.problems.push_back(std::move(p));
        }
    }
    out.spec.edges.push_back(std::move(edge));
}

bool needsEscape(unsigned char c)
{
    return c < 0x20 || c == '"' || c == '\\';
}

void appendIndent(std::string &out, int depth)
{
    out.push_back('\n');
    out.append(static_cast<size_t>(depth) * 2, ' ');
}

void appendKey(std::string &out, std::string_view key, bool pretty)
{
    appendJsonString(out, key);
    out.append(pretty ? ": " : ":");
}

void appendNumber(std::string &out, double value)
{
    // Shortest text that reads back to the same double.
    char buffer[32];
    auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
    out.append(buffer, end);
}

// Compact node text up to, not including, its position and closing brace.
void appendNodeContent(std::string &out, const Node &node)
{
    out.append("{\"id\":");
    appendJsonString(out, node.id);
    out.append(",\"type\":");
    appendJsonString(out, node.type);
    if (!node.label.empty()) {
        out.append(",\"label\":");
        appendJsonString(out, node.label);
    }
    for (const auto &[key, value] : node.fields().items()) {
        out.push_back(',');
        appendJsonString(out, key);
        out.push_back(':');
        appendJson(out, value, false, 0);
    }
}

void appendNode(std::string &out, const Node &node, bool pretty, bool positions, int depth,
                size_t limit)
{
    out.push_back('{');
    bool first = true;
    auto member = [&](std::string_view key) {
        if (!first)
            out.push_back(',');
        first = false;
        if (pretty)
            appendIndent(out, depth + 1);
        appendKey(out, key, pretty);
    };
    member("id");
    appendJsonString(out, node.id);
    member("type");
    appendJsonString(out, node.type);
    if (!node.label.empty()) {
        member("label");
        appendJsonString(out, node.label);
    }
    for (const auto &[key, value] : node.fields().items()) {
        if (out.size() > limit)
            return;
        member(key);
        appendJson(out, value, pretty, depth + 1, limit);
    }
    if (positions && node.position) {
        member("position");
        out.append(pretty ? "{\"x\": " : "{\"x\":");
        appendNumber(out, node.position->x);
        out.append(pretty ? ", \"y\": " : ",\"y\":");
        appendNumber(out, node.position->y);
        out.push_back('}');
    }
    if (pretty)
        appendIndent(out, depth);
    out.push_back('}');
}

} // namespace

template <class Json> SpecRead readSpecImpl(Json &&source, std::string_view prefix)
{
    SpecRead out;
    if (!source.is_object()) {
        Problem p;
        p.code = "spec_not_object";
        p.message = prefix.empty() ? std::string("the spec must be a JSON object")
                                   : under(prefix, "") + " must be an object";
        p.path = std::string(prefix);
        out.problems.push_back(std::move(p));
        return out;
    }
    const std::string nodesPath = under(prefix, "nodes");
    const std::string edgesPath = under(prefix, "edges");
    for (auto &&[key, value] : source.items()) {
        if (key == "nodes") {
            if (value.is_null())
                continue;
            if (!value.is_array()) {
                out.problems.push_back(typeProblem(nodesPath, "an array"));
                continue;
            }
            out.spec.nodes.reserve(value.size());
            for (size_t i = 0; i < value.size(); ++i) {
                if constexpr (std::is_const_v<std::remove_reference_t<Json>>)
                    out.spec.nodes.push_back(
                        readNodeAt(value[i], indexed(nodesPath, i), out.problems));
                else
                    out.spec.nodes.push_back(
                        readNodeAt(std::move(value[i]), indexed(nodesPath, i), out.problems));
            }
        } else if (key == "edges") {
            if (value.is_null())
                continue;
            if (!value.is_array()) {
                out.problems.push_back(typeProblem(edgesPath, "an array"));
                continue;
            }
            out.spec.edges.reserve(value.size());
            for (size_t i = 0; i < value.size(); ++i)
                readEdge(value[i], indexed(edgesPath, i), out);
        } else if (key == "deployment" || key == "params") {
            if (value.is_null())
                continue;
            if (!value.is_object()) {
                out.problems.push_back(typeProblem(under(prefix, key), "an object"));
                continue;
            }
            (key == "deployment" ? out.spec.deployment : out.spec.params) = value;
        } else {
            out.spec.extra[key] = value;
            Problem p;
            p.code = "spec_field_unknown";
            p.message = "the spec has an unknown top-level field '" + key + "'";
            p.path = under(prefix, key);
            p.severity = Problem::Severity::Warning;
            out.problems.push_back(std::move(p));
        }
    }
    return out;
}

SpecRead readSpec(const nlohmann::json &source, std::string_view pathPrefix)
{
    return readSpecImpl(source, pathPrefix);
}
SpecRead readSpec(nlohmann::json &&source, std::string_view pathPrefix)
{
    return readSpecImpl(source, pathPrefix);
}

NodeRead readNode(const nlohmann::json &source, std::string_view path)
{
    NodeRead out;
    out.node = readNodeAt(source, std::string(path), out.problems);
    return out;
}

void appendJsonString(std::string &out, std::string_view text)
{
    // Most strings need no escaping: find the first byte that does, copy the run in one go.
    const auto *data = reinterpret_cast<const unsigned char *>(text.data());
    const size_t size = text.size();
    size_t i = 0;
    while (i < size && !needsEscape(data[i]))
        ++i;
    out.push_back('"');
    if (i == size) {
        out.append(text);
        out.push_back('"');
        return;
    }
    size_t start = 0;
    for (; i < size; ++i) {
        const unsigned char c = data[i];
        if (!needsEscape(c))
            continue;
        out.append(text.substr(start, i - start));
        switch (c) {
        case '"':
            out.append("\\\"");
            break;
        case '\\':
            out.append("\\\\");
            break;
        case '\n':
            out.append("\\n");
            break;
        case '\r':
            out.append("\\r");
            break;
        case '\t':
            out.append("\\t");
            break;
        case '\b':
            out.append("\\b");
            break;
        case '\f':
            out.append("\\f");
            break;
        default: {
            static constexpr char hex[] = "0123456789abcdef";
            out.append("\\u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 0xf]);
        }
        }
        start = i + 1;
    }
    out.append(text.substr(start));
    out.push_back('"');
}

void appendJson(std::string &out, const nlohmann::json &value, bool pretty, int depth, size_t limit)
{
    switch (value.type()) {
    case nlohmann::json::value_t::object: {
        if (value.empty()) {
            out.append("{}");
            return;
        }
        out.push_back('{');
        bool first = true;
        for (const auto &[key, item] : value.items()) {
            if (out.size() > limit)
                return;
            if (!first)
                out.push_back(',');
            first = false;
            if (pretty)
                appendIndent(out, depth + 1);
            appendKey(out, key, pretty);
            appendJson(out, item, pretty, depth + 1, limit);
        }
        if (pretty)
            appendIndent(out, depth);
        out.push_back('}');
        return;
    }
    case nlohmann::json::value_t::array: {
        if (value.empty()) {
            out.append("[]");
            return;
        }
        out.push_back('[');
        bool first = true;
        for (const auto &item : value) {
            if (out.size() > limit)
                return;
            if (!first)
                out.push_back(',');
            first = false;
            if (pretty)
                appendIndent(out, depth + 1);
            appendJson(out, item, pretty, depth + 1, limit);
        }
        if (pretty)
            appendIndent(out, depth);
        out.push_back(']');
        return;
    }
    case nlohmann::json::value_t::string:
        appendJsonString(out, value.get_ref<const std::string &>());
        return;
    case nlohmann::json::value_t::number_integer: {
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.get<int64_t>());
        out.append(buffer, end);
        return;
    }
    case nlohmann::json::value_t::number_unsigned: {
        char buffer[24];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value.get<uint64_t>());
        out.append(buffer, end);
        return;
    }
    default:
        out += value.dump();
        return;
    }
}

std::string specToText(const Spec &spec, SpecTextOptions options)
{
    const bool pretty = options.pretty;
    const size_t limit = options.maxBytes;
    std::string out;
    out.reserve(64 + spec.nodes.size() * 160 + spec.edges.size() * 48);
    out.push_back('{');
    if (pretty)
        appendIndent(out, 1);
    appendKey(out, "nodes", pretty);
    if (spec.nodes.empty()) {
        out.append("[]");
    } else {
        out.push_back('[');
        for (size_t i = 0; i < spec.nodes.size() && out.size() <= limit; ++i) {
            if (i)
                out.push_back(',');
            if (pretty)
                appendIndent(out, 2);
            appendNode(out, spec.nodes[i], pretty, options.positions, 2, limit);
        }
        if (pretty)
            appendIndent(out, 1);
        out.push_back(']');
    }
    out.push_back(',');
    if (pretty)
        appendIndent(out, 1);
    appendKey(out, "edges", pretty);
    if (spec.edges.empty()) {
        out.append("[]");
    } else {
        out.push_back('[');
        for (size_t i = 0; i < spec.edges.size(); ++i) {
            if (i)
                out.push_back(',');
            if (pretty)
                appendIndent(out, 2);
            out.append(pretty ? "{\"upstream\": " : "{\"upstream\":");
            appendJsonString(out, spec.edges[i].upstream);
            out.append(pretty ? ", \"downstream\": " : ",\"downstream\":");
            appendJsonString(out, spec.edges[i].downstream);
            out.push_back('}');
        }
        if (pretty)
            appendIndent(out, 1);
        out.push_back(']');
    }
    out.push_back(',');
    if (pretty)
        appendIndent(out, 1);
    appendKey(out, "deployment", pretty);
    appendJson(out, spec.deployment, pretty, 1, limit);
    out.push_back(',');
    if (pretty)
        appendIndent(out, 1);
    appendKey(out, "params", pretty);
    appendJson(out, spec.params, pretty, 1, limit);
    for (const auto &[key, value] : spec.extra.items()) {
        out.push_back(',');
        if (pretty)
            appendIndent(out, 1);
        appendKey(out, key, pretty);
        appendJson(out, value, pretty, 1, limit);
    }
    if (pretty)
        out.push_back('\n');
    out.push_back('}');
    if (pretty)
        out.push_back('\n');
    return out;
}

SpecTexts specTexts(const Spec &spec, const NodeTextReuse &reuse)
{
    SpecTexts out;
    out.nodeTexts.reserve(spec.nodes.size());
    const size_t estimate = 64 + spec.nodes.size() * 160 + spec.edges.size() * 48;
    out.withPositions.reserve(estimate + spec.nodes.size() * 32);
    out.withoutPositions.reserve(estimate);
    auto both = [&](std::string_view text) {
        out.withPositions.append(text);
        out.withoutPositions.append(text);
    };
    both("{\"nodes\":[");
    std::string scratch;
    for (size_t i = 0; i < spec.nodes.size(); ++i) {
        const Node &node = spec.nodes[i];
        if (i)
            both(",");
        // The node without its position and closing brace, shared by both texts.
        std::shared_ptr<const std::string> text = reuse ? reuse(i) : nullptr;
        if (!text) {
            scratch.clear();
            appendNodeContent(scratch, node);
            text = std::make_shared<const std::string>(scratch);
        }
        both(*text);
        out.nodeTexts.push_back(std::move(text));
        if (node.position) {
            out.withPositions.append(",\"position\":{\"x\":");
            appendNumber(out.withPositions, node.position->x);
            out.withPositions.append(",\"y\":");
            appendNumber(out.withPositions, node.position->y);
            out.withPositions.push_back('}');
        }
        both("}");
    }
    both("],\"edges\":[");
    scratch.clear();
    for (size_t i = 0; i < spec.edges.size(); ++i) {
        if (i)
            scratch.push_back(',');
        scratch.append("{\"upstream\":");
        appendJsonString(scratch, spec.edges[i].upstream);
        scratch.append(",\"downstream\":");
        appendJsonString(scratch, spec.edges[i].downstream);
        scratch.push_back('}');
    }
    scratch.append("],\"deployment\":");
    appendJson(scratch, spec.deployment, false, 1);
    scratch.append(",\"params\":");
    appendJson(scratch, spec.params, false, 1);
    for (const auto &[key, value] : spec.extra.items()) {
        scratch.push_back(',');
        appendJsonString(scratch, key);
        scratch.push_back(':');
        appendJson(scratch, value, false, 1);
    }
    scratch.push_back('}');
    both(scratch);
    return out;
}

std::string specToYaml(const Spec &spec)
{
    return jsonToYaml(
        nlohmann::ordered_json::parse(specToText(spec, {.pretty = false, .positions = false})));
}

nlohmann::json nodeToJson(const Node &node, bool positions)
{
    nlohmann::json out = node.fields();
    out["id"] = node.id;
    out["type"] = node.type;
    if (!node.label.empty())
        out["label"] = node.label;
    if (positions && node.position)
        out["position"] = {{"x", node.position->x}, {"y", node.position->y}};
    return out;
}

nlohmann::json specToJson(const Spec &spec, bool positions)
{
    nlohmann::json nodes = nlohmann::json::array();
    for (const Node &node : spec.nodes)
        nodes.push_back(nodeToJson(node, positions));
    nlohmann::json edges = nlohmann::json::array();
    for (const Edge &edge : spec.edges)
        edges.push_back({{"upstream", edge.upstream}, {"downstream", edge.downstream}});
    nlohmann::json out = spec.extra;
    out["nodes"] = std::move(nodes);
    out["edges"] = std::move(edges);
    out["deployment"] = spec.deployment;
    out["params"] = spec.params;
    return out;
}

} // namespace pw::core
