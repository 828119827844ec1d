#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace pw::core {

// Where a node sits on the canvas. Layout only: never part of a version.
struct Position
{
    double x = 0;
    double y = 0;
    bool operator==(const Position &) const = default;
};

// One task of a pipeline. Its fields are every key other than id, type, label and position: the
// type-specific fields the node catalog describes, and anything else the author wrote. They are
// held immutable and shared, so copying a spec of thousands of nodes copies pointers, and two
// nodes sharing them have the same fields without comparing a byte.
struct Node
{
    std::string id;
    std::string type;
    std::string label;
    std::optional<Position> position;
    // Set by the reader when the source entry was not an object; keeps indexes aligned with
    // the source so problem paths stay right.
    bool malformed = false;

    const nlohmann::json &fields() const;
    void setFields(nlohmann::json fields);
    // A private copy to change (copy-on-write).
    nlohmann::json &editFields();
    bool sharesFieldsWith(const Node &other) const { return m_fields == other.m_fields; }

    const std::string &displayName() const { return label.empty() ? id : label; }
    // Equal as content, ignoring position.
    bool sameContent(const Node &other) const
    {
        return id == other.id && type == other.type && label == other.label &&
               (m_fields == other.m_fields || fields() == other.fields());
    }

private:
    std::shared_ptr<const nlohmann::json> m_fields;
};

// A dependency: downstream runs after upstream. Its identity is the pair.
struct Edge
{
    std::string upstream;
    std::string downstream;
    bool malformed = false;

    bool operator==(const Edge &other) const
    {
        return upstream == other.upstream && downstream == other.downstream;
    }
    std::string id() const { return upstream + "->" + downstream; }
};

// PipelineAuthoringSpec: the versioned content of a definition.
struct Spec
{
    std::vector<Node> nodes;
    std::vector<Edge> edges;
    nlohmann::json deployment = nlohmann::json::object();
    nlohmann::json params = nlohmann::json::object();
    // Top-level keys other than the four above, kept so nothing an author wrote is lost.
    nlohmann::json extra = nlohmann::json::object();

    int indexOfNode(std::string_view id) const;
    const Node *findNode(std::string_view id) const;
    Node *findNode(std::string_view id);
    int indexOfEdge(std::string_view upstream, std::string_view downstream) const;
    // Equal as content, ignoring positions.
    bool sameContent(const Spec &other) const;
};

bool isValidNodeId(std::string_view id);

} // namespace pw::core
