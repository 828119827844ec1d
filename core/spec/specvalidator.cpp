#include "specvalidator.h"

#include <QDate>
#include <QDateTime>
#include <QString>
#include <QTimeZone>

#include "../util/flathash.h"
#include "../util/repopath.h"
#include "cron.h"
#include "specio.h"

namespace pw::core {

namespace {

class Checker
{
public:
    Checker(const Spec &spec, const NodeCatalog &catalog, Problems &out)
        : m_spec(spec), m_catalog(catalog), m_out(out), m_index(spec.nodes.size())
    {
    }

    void run()
    {
        checkNodes();
        checkEdges();
        checkCycles();
        checkDeployment();
        checkParams();
    }

private:
    Problem &add(const char *code, std::string message, std::string path, std::string nodeId = {},
                 Problem::Severity severity = Problem::Severity::Error)
    {
        Problem p;
        p.code = code;
        p.message = std::move(message);
        p.path = std::move(path);
        p.nodeId = std::move(nodeId);
        p.severity = severity;
        m_out.push_back(std::move(p));
        return m_out.back();
    }

    static std::string nodePath(size_t i) { return "nodes[" + std::to_string(i) + "]"; }
    static std::string edgePath(size_t i) { return "edges[" + std::to_string(i) + "]"; }

    void checkNodes()
    {
        const auto &nodes = m_spec.nodes;
        for (size_t i = 0; i < nodes.size(); ++i) {
            const Node &node = nodes[i];
            if (node.malformed)
                continue;
            if (node.id.empty()) {
                add("node_id_missing", nodePath(i) + " has no id", nodePath(i) + ".id");
            } else if (!isValidNodeId(node.id)) {
                add("node_id_invalid",
                    "node id '" + node.id +
                        "' must start with a-z and contain only a-z, 0-9 and _ (at most 128 "
                        "characters)",
                    nodePath(i) + ".id", node.id);
            } else if (const uint32_t first = m_index.insert(node.id, static_cast<uint32_t>(i));
                       first != StringIndex::npos) {
                add("node_id_duplicate",
                    "node id '" + node.id + "' is already used by " + nodePath(first),
                    nodePath(i) + ".id", node.id);
            }
            if (node.type.empty()) {
                add("node_type_missing", "node '" + node.displayName() + "' has no type",
                    nodePath(i) + ".type", node.id);
                continue;
            }
            const NodeType *type = m_catalog.find(node.type);
            if (!type) {
                add("node_type_unknown",
                    "node '" + node.displayName() + "' has the unknown type '" + node.type + "'",
                    nodePath(i) + ".type", node.id);
                continue;
            }
            checkFields(node, *type, i);
        }
    }

    void checkFields(const Node &node, const NodeType &type, size_t i)
    {
        for (const FieldSpec &field : type.fields) {
            const nlohmann::json &fields = node.fields();
            const auto it = fields.find(field.name);
            if (it == fields.end() || it->is_null()) {
                if (field.required)
                    add("node_field_missing",
                        "node '" + node.displayName() + "' (" + type.type + ") needs '" +
                            field.name + "'",
                        nodePath(i) + "." + field.name, node.id)
                        .details["reason"] = "is required";
                continue;
            }
            checkValue(node, field, *it, i);
        }
        for (const auto &[key, value] : node.fields().items()) {
            if (type.field(key))
                continue;
            if (const FieldSpec *common = m_catalog.commonField(key)) {
                if (!value.is_null())
                    checkValue(node, *common, value, i);
                continue;
            }
            add("node_field_unknown",
                "node '" + node.displayName() + "' has a field '" + key + "' that " + type.type +
                    " nodes do not use",
                nodePath(i) + "." + key, node.id, Problem::Severity::Warning);
        }
    }

    void checkValue(const Node &node, const FieldSpec &field, const nlohmann::json &value, size_t i)
    {
        // Paths are built only for problems: valid values cost no allocation.
        auto path = [&] { return nodePath(i) + "." + field.name; };
        // `details.reason` is the clause about the value alone, for a message beside the field.
        auto invalid = [&](const std::string &why) {
            add("node_field_invalid",
                "node '" + node.displayName() + "': '" + field.name + "' " + why, path(), node.id)
                .details["reason"] = why;
        };
        switch (field.kind) {
        case FieldKind::String:
        case FieldKind::Text: {
            if (!value.is_string())
                return invalid("must be a string");
            const auto &text = value.get_ref<const std::string &>();
            if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
                if (field.required)
                    add("node_field_missing",
                        "node '" + node.displayName() + "' needs a non-empty '" + field.name + "'",
                        path(), node.id)
                        .details["reason"] = "must not be empty";
                return;
            }
            if (auto why = formatProblem(field.formatKind, text))
                invalid(*why);
            return;
        }
        case FieldKind::Enum: {
            if (!value.is_string())
                return invalid("must be a string");
            const auto &text = value.get_ref<const std::string &>();
            for (const std::string &option : field.options) {
                if (option == text)
                    return;
            }
            std::string allowed;
            for (const std::string &option : field.options)
                allowed += (allowed.empty() ? "" : ", ") + option;
            return invalid("must be one of " + allowed + ", not '" + text + "'");
        }
        case FieldKind::Object:
            if (!value.is_object())
                invalid("must be an object");
            return;
        case FieldKind::Integer:
            if (!value.is_number_integer())
                return invalid("must be an integer");
            if (value.get<int64_t>() < 0)
                invalid("must not be negative");
            return;
        case FieldKind::Number:
            if (!value.is_number())
                invalid("must be a number");
            return;
        case FieldKind::Boolean:
            if (!value.is_boolean())
                invalid("must be true or false");
            return;
        case FieldKind::StringList:
            if (!value.is_array())
                return invalid("must be a list of strings");
            for (const auto &item : value) {
                if (!item.is_string())
                    return invalid("must be a list of strings");
            }
            return;
        }
    }

    static bool identifier(std::string_view s)
    {
        if (s.empty() || (s[0] >= '0' && s[0] <= '9'))
            return false;
        for (char c : s) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                  c == '_'))
                return false;
        }
        return true;
    }

    static std::optional<std::string> formatProblem(FieldFormat format, const std::string &text)
    {
        switch (format) {
        case FieldFormat::None:
        case FieldFormat::Connector: // whether the space has it is the run's and publish's question
            return std::nullopt;
        case FieldFormat::Url:
            if (text.starts_with("http://") || text.starts_with("https://") ||
                text.find("{{") != std::string::npos)
                return std::nullopt;
            return "must be an http:// or https:// address";
        case FieldFormat::PythonIdentifier:
            if (identifier(text))
                return std::nullopt;
            return "must be a Python identifier";
        case FieldFormat::PythonDottedName: {
            size_t start = 0;
            while (start <= text.size()) {
                const size_t dot = std::min(text.find('.', start), text.size());
                if (!identifier(std::string_view(text).substr(start, dot - start)))
                    return "must be a dotted Python module path such as pipelines.renewals";
                start = dot + 1;
            }
            return std::nullopt;
        }
        }
        return std::nullopt;
    }

    void checkEdges()
    {
        const auto &edges = m_spec.edges;
        const size_t n = m_spec.nodes.size();
        m_outDegree.assign(n + 1, 0);
        m_resolved.reserve(edges.size());
        U64Set seen(edges.size());
        for (size_t k = 0; k < edges.size(); ++k) {
            const Edge &edge = edges[k];
            if (edge.malformed)
                continue;
            if (edge.upstream.empty() || edge.downstream.empty()) {
                add("edge_endpoint_missing", edgePath(k) + " needs both upstream and downstream",
                    edgePath(k) + (edge.upstream.empty() ? ".upstream" : ".downstream"));
                continue;
            }
            const uint32_t up = m_index.find(edge.upstream);
            const uint32_t down = m_index.find(edge.downstream);
            if (up == StringIndex::npos || down == StringIndex::npos) {
                const bool upMissing = up == StringIndex::npos;
                const std::string &missing = upMissing ? edge.upstream : edge.downstream;
                add("edge_unknown_node",
                    "dependency " + edge.id() + " refers to '" + missing + "', which is not a node",
                    edgePath(k) + (upMissing ? ".upstream" : ".downstream"));
                continue;
            }
            if (up == down) {
                add("edge_self_loop", "node '" + edge.upstream + "' cannot depend on itself",
                    edgePath(k), edge.upstream);
                continue;
            }
            const uint64_t key = (static_cast<uint64_t>(up) << 32) | down;
            if (!seen.insert(key)) {
                add("edge_duplicate", "dependency " + edge.id() + " is listed more than once",
                    edgePath(k), edge.downstream);
                continue;
            }
            m_resolved.push_back({up, down, static_cast<uint32_t>(k)});
            ++m_outDegree[up];
        }
    }

    // Kahn's algorithm finds whether a cycle exists in linear time; only then a DFS over the
    // leftover nodes names one cycle per back edge (a few at most).
    void checkCycles()
    {
        const size_t n = m_spec.nodes.size();
        if (m_resolved.empty())
            return;
        std::vector<uint32_t> start(n + 1, 0);
        for (size_t v = 0; v < n; ++v)
            start[v + 1] = start[v] + m_outDegree[v];
        std::vector<uint32_t> fill(start.begin(), start.end() - 1);
        std::vector<uint32_t> target(m_resolved.size());
        std::vector<uint32_t> edgeIndex(m_resolved.size());
        std::vector<uint32_t> inDegree(n, 0);
        for (const Resolved &r : m_resolved) {
            target[fill[r.up]] = r.down;
            edgeIndex[fill[r.up]++] = r.edge;
            ++inDegree[r.down];
        }
        std::vector<uint32_t> queue;
        queue.reserve(n);
        for (uint32_t v = 0; v < n; ++v) {
            if (inDegree[v] == 0)
                queue.push_back(v);
        }
        for (size_t head = 0; head < queue.size(); ++head) {
            const uint32_t v = queue[head];
            for (uint32_t e = start[v]; e < start[v + 1]; ++e) {
                if (--inDegree[target[e]] == 0)
                    queue.push_back(target[e]);
            }
        }
        if (queue.size() == n)
            return;

        enum : uint8_t
        {
            White,
            Grey,
            Black
        };
        std::vector<uint8_t> colour(n, White);
        for (uint32_t v = 0; v < n; ++v) {
            if (inDegree[v] == 0)
                colour[v] = Black; // not on any cycle
        }
        struct Frame
        {
            uint32_t node;
            uint32_t next;
        };
        std::vector<Frame> stack;
        int reported = 0;
        for (uint32_t root = 0; root < n && reported < 5; ++root) {
            if (colour[root] != White)
                continue;
            stack.push_back({root, start[root]});
            colour[root] = Grey;
            while (!stack.empty() && reported < 5) {
                Frame &frame = stack.back();
                if (frame.next == start[frame.node + 1]) {
                    colour[frame.node] = Black;
                    stack.pop_back();
                    continue;
                }
                const uint32_t e = frame.next++;
                const uint32_t w = target[e];
                if (colour[w] == White) {
                    colour[w] = Grey;
                    stack.push_back({w, start[w]});
                } else if (colour[w] == Grey) {
                    reportCycle(stack, w, edgeIndex[e]);
                    ++reported;
                }
            }
            stack.clear();
        }
    }

    template <class Stack> void reportCycle(const Stack &stack, uint32_t closing, uint32_t edge)
    {
        nlohmann::json ids = nlohmann::json::array();
        std::string text;
        bool inCycle = false;
        for (const auto &frame : stack) {
            inCycle = inCycle || frame.node == closing;
            if (!inCycle)
                continue;
            const std::string &id = m_spec.nodes[frame.node].id;
            ids.push_back(id);
            text += id + " → ";
        }
        const std::string &first = m_spec.nodes[closing].id;
        ids.push_back(first);
        text += first;
        Problem &p = add("cycle", "the dependencies form a cycle: " + text, edgePath(edge), first);
        p.details["cycle"] = std::move(ids);
    }

    void checkDeployment()
    {
        const nlohmann::json &d = m_spec.deployment;
        for (const auto &[key, value] : d.items()) {
            const std::string path = "deployment." + key;
            auto invalid = [&](const char *code, const std::string &why) {
                add(code, path + " " + why, path);
            };
            if (value.is_null())
                continue;
            if (key == "dag_id") {
                if (!value.is_string() || !validDagId(value.get_ref<const std::string &>()))
                    invalid("deployment_dag_id_invalid",
                            "must be 1 to 250 letters, digits, '_', '-' or '.'");
            } else if (key == "schedule") {
                if (!value.is_string()) {
                    invalid("deployment_schedule_invalid",
                            "must be a cron expression, a preset such as @daily, or null");
                } else if (auto why = scheduleProblem(value.get_ref<const std::string &>())) {
                    invalid("deployment_schedule_invalid", "is not valid: " + *why);
                }
            } else if (key == "start_date" || key == "end_date") {
                if (!value.is_string() || !validDate(value.get_ref<const std::string &>()))
                    invalid("deployment_start_date_invalid",
                            "must be an ISO-8601 date or date-time such as 2026-01-31");
            } else if (key == "tags") {
                bool ok = value.is_array();
                for (const auto &tag : value) {
                    ok = ok && tag.is_string() && !tag.get_ref<const std::string &>().empty() &&
                         tag.get_ref<const std::string &>().size() <= 100;
                }
                if (!ok)
                    invalid("deployment_field_invalid",
                            "must be a list of non-empty tags of at most 100 characters");
            } else if (key == "retries") {
                if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
                    value.get<int64_t>() > 100)
                    invalid("deployment_field_invalid", "must be an integer from 0 to 100");
            } else if (key == "retry_delay_seconds" || key == "timeout_seconds") {
                if (!value.is_number_integer() || value.get<int64_t>() < 0)
                    invalid("deployment_field_invalid", "must be a non-negative integer");
            } else if (key == "max_active_runs") {
                if (!value.is_number_integer() || value.get<int64_t>() < 1)
                    invalid("deployment_field_invalid", "must be an integer of at least 1");
            } else if (key == "catchup") {
                if (!value.is_boolean())
                    invalid("deployment_field_invalid", "must be true or false");
            } else if (key == "timezone") {
                if (!value.is_string() ||
                    !QTimeZone::isTimeZoneIdAvailable(
                        QByteArray::fromStdString(value.get_ref<const std::string &>())))
                    invalid("deployment_timezone_invalid",
                            "must be an IANA time zone such as UTC or Europe/Berlin");
            } else if (key == "owner" || key == "description") {
                if (!value.is_string())
                    invalid("deployment_field_invalid", "must be a string");
            } else if (key == "readme_path" || key == "artifact_path") {
                if (!value.is_string()) {
                    invalid("deployment_path_invalid", "must be a path inside the repository");
                } else if (auto why = repoPathProblem(value.get_ref<const std::string &>())) {
                    invalid("deployment_path_invalid", "is not a safe repository path: " + *why);
                }
            } else {
                add("deployment_field_unknown", "deployment has an unknown field '" + key + "'",
                    path, {}, Problem::Severity::Warning);
            }
        }
    }

    // Params are named: a template reads {{ params.<name> }} and a run's --param sets one.
    void checkParams()
    {
        if (m_spec.params.is_object() && m_spec.params.contains(""))
            add("params_name_invalid", "params has a parameter without a name", "params");
    }

    static bool validDagId(const std::string &id) { return isValidDagId(id); }

    static bool validDate(const std::string &text)
    {
        const QString s = QString::fromStdString(text);
        if (text.size() == 10)
            return QDate::fromString(s, Qt::ISODate).isValid();
        return QDateTime::fromString(s, Qt::ISODateWithMs).isValid();
    }

    struct Resolved
    {
        uint32_t up;
        uint32_t down;
        uint32_t edge;
    };

    const Spec &m_spec;
    const NodeCatalog &m_catalog;
    Problems &m_out;
    StringIndex m_index;
    std::vector<uint32_t> m_outDegree;
    std::vector<Resolved> m_resolved;
};

} // namespace

bool isValidDagId(std::string_view id)
{
    if (id.empty() || id.size() > 250)
        return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.'))
            return false;
    }
    return true;
}

Problems validateSpec(const Spec &spec, const NodeCatalog &catalog)
{
    Problems problems;
    Checker(spec, catalog, problems).run();
    return problems;
}

Problems validateSpecJson(const nlohmann::json &source, const NodeCatalog &catalog, Spec *out)
{
    SpecRead read = readSpec(source);
    Problems problems = std::move(read.problems);
    Problems semantic = validateSpec(read.spec, catalog);
    problems.insert(problems.end(), std::make_move_iterator(semantic.begin()),
                    std::make_move_iterator(semantic.end()));
    if (out)
        *out = std::move(read.spec);
    return problems;
}

} // namespace pw::core
