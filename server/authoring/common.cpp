#include "common.h"

#include "authoringjson.h"
#include "core/spec/specio.h"
#include "server/http/fieldreader.h"

namespace pw::server::authoring {

using core::Error;
using nlohmann::json;

Handler bind(const ContextPtr &ctx, HandlerFn fn)
{
    return [ctx, fn](ApiRequest &req) { return fn(*ctx, req); };
}

json listOf(const char *schema)
{
    return json{{"type", "array"}, {"items", schemaRef(schema)}};
}

ApiResponse fromError(const Error &error)
{
    return ApiResponse::error(error);
}

core::Result<bool> boolQuery(const ApiRequest &request, const char *name)
{
    const auto value = request.queryValue(name);
    if (!value || value->empty() || *value == "false" || *value == "0")
        return false;
    if (*value == "true" || *value == "1")
        return true;
    return core::fail(
        Error::invalid(std::string("query parameter '") + name + "' must be true or false", name));
}

core::Result<core::Spec> specFromJson(json &&source, const std::string &field)
{
    core::SpecRead read = core::readSpec(std::move(source), field);
    for (const core::Problem &p : read.problems) {
        if (!p.isError())
            continue;
        Error e = Error::invalid(p.message, p.path);
        e.details["problems"] = core::problemsToJson(read.problems);
        return core::fail(std::move(e));
    }
    return std::move(read.spec);
}

core::Result<core::Node> nodeFromJson(const json &source, const std::string &field)
{
    core::NodeRead read = core::readNode(source, field);
    for (const core::Problem &p : read.problems) {
        if (p.isError())
            return core::fail(Error::invalid(p.message, p.path));
    }
    if (read.node.id.empty())
        return core::fail(Error::invalid("'" + field + ".id' is required", field + ".id"));
    return std::move(read.node);
}

core::Result<core::Edge> edgeFromJson(const json &source, const std::string &field)
{
    if (!source.is_object())
        return core::fail(Error::invalid("'" + field + "' must be an object", field));
    FieldReader in(source, field + ".");
    core::Edge edge{in.requiredString("upstream"), in.requiredString("downstream"), false};
    if (!in.ok())
        return core::fail(in.error());
    return edge;
}

core::Result<std::vector<core::Edge>> edgesFromJson(const json &array, const std::string &field)
{
    std::vector<core::Edge> out;
    out.reserve(array.size());
    for (size_t i = 0; i < array.size(); ++i) {
        auto edge = edgeFromJson(array[i], field + "[" + std::to_string(i) + "]");
        if (!edge)
            return core::fail(edge.error());
        out.push_back(std::move(*edge));
    }
    return out;
}

ApiResponse definitionResponse(int status, const core::DefinitionView &view, const ApiRequest &req)
{
    return ApiResponse::rawJson(status, definitionText(view, req.requireActor().spaceSlug));
}

std::string optionalSummary(const ApiRequest &req, core::Result<json> *bodyOut)
{
    if (auto q = req.queryValue("change_summary"))
        return *q;
    if (req.body.trimmed().isEmpty())
        return {};
    auto body = req.jsonObject();
    if (bodyOut)
        *bodyOut = body;
    if (body) {
        const auto it = body->find("change_summary");
        if (it != body->end() && it->is_string())
            return it->get<std::string>();
    }
    return {};
}

ApiResponse graphResponse(int status, const core::DefinitionView &view, const ApiRequest &req,
                          const char *key, const json &value)
{
    return ApiResponse::rawJson(
        status, wrapDefinition(definitionText(view, req.requireActor().spaceSlug), key, value));
}

} // namespace pw::server::authoring
