#include "pipelineyaml.h"

#include "specio.h"
#include "yamljson.h"

namespace pw::core {

namespace {

Error invalidAt(const std::string &path, const std::string &why)
{
    Error e = Error::invalid("yamlDefinition: " + path + " " + why, "yamlDefinition");
    e.details["path"] = path;
    return e;
}

nlohmann::json step(const std::string &id, const char *type, const std::string &label,
                    const nlohmann::json &config)
{
    return {{"id", id}, {"type", type}, {"label", label}, {"config", config}};
}

} // namespace

Result<Spec> specFromPipelineYaml(std::string_view yaml)
{
    auto parsed = parseJsonOrYaml(yaml);
    if (!parsed && parsed.error().code == ErrorCode::TooLarge) {
        Error e = std::move(parsed.error());
        e.details["field"] = "yamlDefinition";
        return fail(std::move(e));
    }
    if (!parsed)
        return fail(Error::invalid("yamlDefinition is not YAML: " + parsed.error().message,
                                   "yamlDefinition"));
    const nlohmann::json &doc = *parsed;
    if (!doc.is_object())
        return fail(Error::invalid("yamlDefinition must be a mapping", "yamlDefinition"));
    if (doc.contains("nodes") || doc.contains("edges"))
        return readSpec(doc).spec;

    for (const auto &[key, value] : doc.items()) {
        if (key != "version" && key != "source" && key != "target" && key != "transforms" &&
            key != "filter")
            return fail(invalidAt(key, "is not a field of a DataFlow pipeline (version, source, "
                                       "transforms, filter, target) nor of a spec (nodes, edges, "
                                       "deployment, params)"));
    }
    if (const auto v = doc.find("version");
        v != doc.end() && !(v->is_number_integer() && v->get<int>() == 1))
        return fail(invalidAt("version", "must be 1"));
    auto endpoint = [&](const char *key) -> Result<nlohmann::json> {
        const auto it = doc.find(key);
        if (it == doc.end() || !it->is_object())
            return fail(invalidAt(key, "must be a mapping with a connection"));
        const auto connection = it->find("connection");
        if (connection == it->end() || !connection->is_string() ||
            connection->get<std::string>().empty())
            return fail(invalidAt(std::string(key) + ".connection", "must name a connection"));
        return *it;
    };
    auto source = endpoint("source");
    if (!source)
        return fail(source.error());
    auto target = endpoint("target");
    if (!target)
        return fail(target.error());

    nlohmann::json nodes = nlohmann::json::array();
    nodes.push_back(step("source", "source",
                         "Read from " + (*source)["connection"].get<std::string>(), *source));
    if (const auto t = doc.find("transforms"); t != doc.end() && !t->is_null()) {
        if (!t->is_array())
            return fail(invalidAt("transforms", "must be a list of mappings"));
        int i = 0;
        for (const auto &transform : *t) {
            ++i;
            if (!transform.is_object())
                return fail(
                    invalidAt("transforms[" + std::to_string(i - 1) + "]", "must be a mapping"));
            nodes.push_back(step("transform_" + std::to_string(i), "transform",
                                 "Transform " + std::to_string(i), transform));
        }
    }
    if (const auto f = doc.find("filter"); f != doc.end() && !f->is_null()) {
        if (!f->is_object() && !f->is_string())
            return fail(invalidAt("filter", "must be a condition or a mapping"));
        nodes.push_back(step("filter", "filter", "Filter",
                             f->is_string() ? nlohmann::json{{"condition", *f}} : *f));
    }
    nodes.push_back(step("target", "target",
                         "Write to " + (*target)["connection"].get<std::string>(), *target));
    nlohmann::json edges = nlohmann::json::array();
    for (size_t i = 1; i < nodes.size(); ++i)
        edges.push_back({{"upstream", nodes[i - 1]["id"]}, {"downstream", nodes[i]["id"]}});
    return readSpec(nlohmann::json{{"nodes", std::move(nodes)}, {"edges", std::move(edges)}}).spec;
}

} // namespace pw::core
