#include "openapi.h"

#include <QCoreApplication>

#include <set>

#include "limits.h"

namespace pw::server {

namespace {

using nlohmann::json;

json errorResponse()
{
    return {{"$ref", "#/components/responses/Error"}};
}

// Lists page the way their face says (only page/page_size with headers exists so far).
bool pagesWithHeaders(const Route &route)
{
    return route.paginated && route.face && route.face->paging == Face::Paging::PageAndHeaders;
}

json parametersOf(const Route &route)
{
    json parameters = json::array();
    for (const std::string &segment : route.segments) {
        if (segment.size() > 2 && segment.front() == '{')
            parameters.push_back({{"name", segment.substr(1, segment.size() - 2)},
                                  {"in", "path"},
                                  {"required", true},
                                  {"schema", {{"type", "string"}}}});
    }
    if (pagesWithHeaders(route)) {
        parameters.push_back({{"name", "page"},
                              {"in", "query"},
                              {"description", "Page number, from 1."},
                              {"schema", {{"type", "integer"}, {"minimum", 1}, {"default", 1}}}});
        parameters.push_back(
            {{"name", "page_size"},
             {"in", "query"},
             {"description", "Items per page."},
             {"schema",
              {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}, {"default", 100}}}});
    }
    for (const QueryParam &q : route.query) {
        json p = {
            {"name", q.name}, {"in", "query"}, {"required", q.required}, {"schema", q.schema}};
        if (!q.description.empty())
            p["description"] = q.description;
        parameters.push_back(std::move(p));
    }
    return parameters;
}

json operationOf(const Route &route)
{
    json success = {{"description", route.summary}};
    if (!route.responseSchema.is_null())
        success["content"][route.responseType.toStdString()]["schema"] = route.responseSchema;
    if (pagesWithHeaders(route)) {
        success["headers"]["X-Total-Count"] = {{"description", "Items in all pages."},
                                               {"schema", {{"type", "integer"}}}};
        success["headers"]["Link"] = {{"description", "RFC 8288 links: first, prev, next, last."},
                                      {"schema", {{"type", "string"}}}};
    }
    json responses = {{std::to_string(route.successStatus), std::move(success)},
                      {"401", errorResponse()},
                      {"404", errorResponse()},
                      {"408", errorResponse()},
                      {"431", errorResponse()},
                      {"500", errorResponse()},
                      {"503", errorResponse()}};
    if (route.body != BodyUse::None || !route.query.empty() || route.paginated)
        responses["400"] = errorResponse();
    if (route.body != BodyUse::None) {
        responses["413"] = errorResponse();
        responses["415"] = errorResponse();
    }
    if (route.method != "GET") {
        responses["403"] = errorResponse();
        responses["409"] = errorResponse();
        responses["422"] = errorResponse();
    }
    json operation = {{"operationId", route.operationId},
                      {"summary", route.summary},
                      {"tags", {route.tag}},
                      {"parameters", parametersOf(route)},
                      {"responses", std::move(responses)}};
    if (route.body != BodyUse::None) {
        json schema =
            route.requestSchema.is_null() ? json{{"type", "object"}} : route.requestSchema;
        operation["requestBody"] = {
            {"required", route.body == BodyUse::Required},
            {"content", {{"application/json", {{"schema", std::move(schema)}}}}}};
        if (route.multipart)
            operation["requestBody"]["content"]["multipart/form-data"]["schema"] = {
                {"type", "object"},
                {"properties",
                 {{"files",
                   {{"type", "array"}, {"items", {{"type", "string"}, {"format", "binary"}}}}},
                  {"directory", {{"type", "string"}}}}}};
    }
    if (route.face && route.face->auth == Face::Auth::Signature)
        operation["security"] = json::array(); // signed by the provider, no bearer token
    return operation;
}

} // namespace

nlohmann::json openApiDocument(const Router &router)
{
    json paths = json::object();
    for (const Route &route : router.routes())
        paths[route.pattern][QByteArray(route.method).toLower().toStdString()] = operationOf(route);

    json components;
    components["securitySchemes"]["bearerAuth"] = {{"type", "http"}, {"scheme", "bearer"}};
    components["schemas"] = router.schemas();
    components["schemas"]["Error"] = {
        {"type", "object"},
        {"required", {"error"}},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"required", {"code", "message", "details"}},
            {"properties",
             {{"code", {{"type", "string"}, {"example", "invalid"}}},
              {"message", {{"type", "string"}}},
              {"details", {{"type", "object"}, {"additionalProperties", true}}}}}}}}}};
    components["responses"]["Error"] = {
        {"description", "An error: {\"error\": {\"code\", \"message\", \"details\"}}"},
        {"content", {{"application/json", {{"schema", schemaRef("Error")}}}}}};

    const HttpLimits limits;
    json doc;
    doc["openapi"] = "3.0.3";
    doc["info"] = {
        {"title", "Pipewright API"},
        {"version", QCoreApplication::applicationVersion().isEmpty()
                        ? std::string("0")
                        : QCoreApplication::applicationVersion().toStdString()},
        {"description",
         "Pipeline authoring over the same core as the Pipewright window. Request bodies are JSON "
         "(Content-Type: application/json) of at most " +
             std::to_string(limits.maxBodyBytes / (1024 * 1024)) + " MiB, nested at most " +
             std::to_string(HttpLimits::maxJsonDepth) + " levels deep."}};
    doc["servers"] = json::array({{{"url", "/"}, {"description", "This Pipewright server"}}});
    json tags = json::array();
    std::set<std::string> seen;
    for (const Route &route : router.routes()) {
        if (route.face && seen.insert(route.tag).second)
            tags.push_back(
                {{"name", route.tag}, {"description", route.face->title + ": " + route.tag}});
    }
    doc["tags"] = std::move(tags);
    doc["paths"] = std::move(paths);
    doc["security"] = json::array({{{"bearerAuth", json::array()}}});
    doc["components"] = std::move(components);
    return doc;
}

void registerOpenApiRoute(Router &router)
{
    router.addSchema("OpenApiDocument", {{"type", "object"}, {"additionalProperties", true}});
    router.addSchema("Health", {{"type", "object"},
                                {"properties", {{"status", {{"type", "string"}}}}},
                                {"required", {"status"}}});
    auto face = std::make_shared<Face>(Face{
        .name = "meta",
        .title = "This API",
        .prefix = "/api",
        .space = Face::SpaceFrom::None,
        .paging = Face::Paging::None,
    });
    router.addFace(std::move(face), {Route{
                                         .method = "GET",
                                         .pattern = "/openapi.json",
                                         .operationId = "getOpenApiDocument",
                                         .summary = "This document",
                                         .tag = "Meta",
                                         .responseSchema = schemaRef("OpenApiDocument"),
                                         .handler =
                                             [&router](ApiRequest &) {
                                                 return ApiResponse::json(200,
                                                                          openApiDocument(router));
                                             },
                                     },
                                     // Whether the server answers at all: nothing is read, so a
                                     // slow answer here means the server thread is held.
                                     Route{
                                         .method = "GET",
                                         .pattern = "/health",
                                         .operationId = "getHealth",
                                         .summary = "Whether the server answers",
                                         .tag = "Meta",
                                         .responseSchema = schemaRef("Health"),
                                         .handler =
                                             [](ApiRequest &) {
                                                 return ApiResponse::json(200, {{"status", "ok"}});
                                             },
                                     }});
}

} // namespace pw::server
