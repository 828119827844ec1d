#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include <nlohmann/json.hpp>

#include "../util/error.h"
#include "spec.h"

namespace pw::core {

enum class FieldKind
{
    String,
    Text,
    Enum,
    Object,
    Integer,
    Number,
    Boolean,
    StringList
};
enum class FieldFormat
{
    None,
    Url,
    PythonIdentifier,
    PythonDottedName,
    Connector // the name of one of the space's connectors
};

std::string_view fieldKindName(FieldKind kind);

// One type-specific field of a node type.
struct FieldSpec
{
    std::string name;
    FieldKind kind = FieldKind::String;
    bool required = false;
    std::string label;
    std::string description;
    std::vector<std::string> options; // Enum
    std::string language;             // Text: the editor's lexer
    std::string format; // String: "url", "python_identifier", "python_dotted_name", "connector"
    FieldFormat formatKind = FieldFormat::None;
    nlohmann::json defaultValue;
};

struct NodeType
{
    std::string type;
    std::string label;
    std::string category;
    std::string icon;
    std::string description;
    std::vector<FieldSpec> fields;

    const FieldSpec *field(std::string_view name) const;
};

// The node types a spec may use and the fields each requires. Loaded from resources/.
class NodeCatalog
{
public:
    static Result<NodeCatalog> fromJson(const nlohmann::json &source);
    // The catalog shipped in the binary (resources/node_catalog.json).
    static const NodeCatalog &builtin();

    const NodeType *find(std::string_view type) const;
    // A new node of `type` that validates: its label is the type's label and every required
    // field holds the catalog's default. Unknown types give a bare node (which will not validate).
    Node starterNode(std::string_view type, std::string id) const;
    const std::vector<NodeType> &types() const { return m_types; }
    // Optional fields every node type accepts (description, retries, trigger_rule, ...).
    const std::vector<FieldSpec> &commonFields() const { return m_common; }
    const FieldSpec *commonField(std::string_view name) const;
    nlohmann::json toJson() const;

private:
    std::vector<NodeType> m_types;
    std::vector<FieldSpec> m_common;
    std::unordered_map<std::string, size_t> m_index;
};

} // namespace pw::core
