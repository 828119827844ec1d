#include "nodecatalog.h"

#include <QFile>

namespace pw::core {

namespace {

constexpr std::pair<FieldKind, std::string_view> kKinds[] = {
    {FieldKind::String, "string"},   {FieldKind::Text, "text"},
    {FieldKind::Enum, "enum"},       {FieldKind::Object, "object"},
    {FieldKind::Integer, "integer"}, {FieldKind::Number, "number"},
    {FieldKind::Boolean, "boolean"}, {FieldKind::StringList, "string_list"},
};

std::string stringOr(const nlohmann::json &object, const char *key)
{
    const auto it = object.find(key);
    return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Result<std::vector<FieldSpec>> readFields(const nlohmann::json &fields, const std::string &owner)
{
    std::vector<FieldSpec> out;
    if (!fields.is_array())
        return fail(Error::invalid("node catalog: fields of " + owner + " must be an array"));
    for (const auto &f : fields) {
        FieldSpec field;
        field.name = stringOr(f, "name");
        const std::string kind = stringOr(f, "kind");
        bool known = false;
        for (const auto &[k, name] : kKinds) {
            if (name == kind) {
                field.kind = k;
                known = true;
            }
        }
        if (field.name.empty() || !known)
            return fail(Error::invalid("node catalog: a field of " + owner +
                                       " needs a name and a known kind"));
        field.required = f.value("required", false);
        field.label = stringOr(f, "label");
        field.description = stringOr(f, "description");
        field.language = stringOr(f, "language");
        field.format = stringOr(f, "format");
        if (field.format == "url")
            field.formatKind = FieldFormat::Url;
        else if (field.format == "python_identifier")
            field.formatKind = FieldFormat::PythonIdentifier;
        else if (field.format == "python_dotted_name")
            field.formatKind = FieldFormat::PythonDottedName;
        else if (field.format == "connector")
            field.formatKind = FieldFormat::Connector;
        else if (!field.format.empty())
            return fail(Error::invalid("node catalog: unknown format '" + field.format + "'"));
        if (const auto options = f.find("options"); options != f.end() && options->is_array()) {
            for (const auto &o : *options) {
                if (o.is_string())
                    field.options.push_back(o.get<std::string>());
            }
        }
        if (const auto def = f.find("default"); def != f.end())
            field.defaultValue = *def;
        out.push_back(std::move(field));
    }
    return out;
}

nlohmann::json fieldsToJson(const std::vector<FieldSpec> &fields)
{
    nlohmann::json out = nlohmann::json::array();
    for (const FieldSpec &f : fields) {
        nlohmann::json field = {{"name", f.name},
                                {"kind", std::string(fieldKindName(f.kind))},
                                {"required", f.required},
                                {"label", f.label},
                                {"description", f.description}};
        if (!f.options.empty())
            field["options"] = f.options;
        if (!f.language.empty())
            field["language"] = f.language;
        if (!f.format.empty())
            field["format"] = f.format;
        if (!f.defaultValue.is_null())
            field["default"] = f.defaultValue;
        out.push_back(std::move(field));
    }
    return out;
}

} // namespace

std::string_view fieldKindName(FieldKind kind)
{
    for (const auto &[k, name] : kKinds) {
        if (k == kind)
            return name;
    }
    return "string";
}

const FieldSpec *NodeType::field(std::string_view name) const
{
    for (const FieldSpec &f : fields) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

Result<NodeCatalog> NodeCatalog::fromJson(const nlohmann::json &source)
{
    const auto types = source.find("node_types");
    if (!source.is_object() || types == source.end() || !types->is_array())
        return fail(Error::invalid("node catalog: node_types must be an array"));
    NodeCatalog catalog;
    if (const auto common = source.find("common_fields"); common != source.end()) {
        auto parsed = readFields(*common, "common_fields");
        if (!parsed)
            return fail(parsed.error());
        catalog.m_common = std::move(*parsed);
    }
    for (const auto &entry : *types) {
        NodeType type;
        type.type = stringOr(entry, "type");
        if (type.type.empty() || catalog.m_index.contains(type.type))
            return fail(Error::invalid("node catalog: every node type needs a unique type name"));
        type.label = stringOr(entry, "label");
        type.category = stringOr(entry, "category");
        type.icon = stringOr(entry, "icon");
        type.description = stringOr(entry, "description");
        if (const auto fields = entry.find("fields"); fields != entry.end()) {
            if (auto parsed = readFields(*fields, type.type); parsed)
                type.fields = std::move(*parsed);
            else
                return fail(parsed.error());
        }
        catalog.m_index.emplace(type.type, catalog.m_types.size());
        catalog.m_types.push_back(std::move(type));
    }
    return catalog;
}

const NodeCatalog &NodeCatalog::builtin()
{
    static const NodeCatalog catalog = [] {
        QFile file(QStringLiteral(":/pipewright/node_catalog.json"));
        const bool opened = file.open(QIODevice::ReadOnly);
        Q_ASSERT_X(opened, "NodeCatalog::builtin", "the node catalog resource is missing");
        const QByteArray bytes = file.readAll();
        auto parsed = nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(),
                                            nullptr, false);
        auto loaded = NodeCatalog::fromJson(parsed);
        Q_ASSERT_X(loaded.has_value(), "NodeCatalog::builtin",
                   "the node catalog resource is invalid");
        return loaded ? std::move(*loaded) : NodeCatalog();
    }();
    return catalog;
}

const NodeType *NodeCatalog::find(std::string_view type) const
{
    // Few types: a linear scan beats hashing a temporary std::string.
    for (const NodeType &t : m_types) {
        if (t.type == type)
            return &t;
    }
    return nullptr;
}

const FieldSpec *NodeCatalog::commonField(std::string_view name) const
{
    for (const FieldSpec &f : m_common) {
        if (f.name == name)
            return &f;
    }
    return nullptr;
}

Node NodeCatalog::starterNode(std::string_view type, std::string id) const
{
    Node node;
    node.id = std::move(id);
    node.type = std::string(type);
    const NodeType *t = find(type);
    if (!t)
        return node;
    node.label = t->label;
    nlohmann::json fields = nlohmann::json::object();
    for (const FieldSpec &f : t->fields) {
        if (f.required && !f.defaultValue.is_null())
            fields[f.name] = f.defaultValue;
    }
    node.setFields(std::move(fields));
    return node;
}

nlohmann::json NodeCatalog::toJson() const
{
    nlohmann::json types = nlohmann::json::array();
    for (const NodeType &t : m_types) {
        types.push_back({{"type", t.type},
                         {"label", t.label},
                         {"category", t.category},
                         {"icon", t.icon},
                         {"description", t.description},
                         {"fields", fieldsToJson(t.fields)}});
    }
    return {{"node_types", std::move(types)}, {"common_fields", fieldsToJson(m_common)}};
}

} // namespace pw::core
