#include "openapi.h"

#include <QCoreApplication>

namespace pw::server {

nlohmann::json openApiDocument(const Router &router)
{
    nlohmann::json paths = nlohmann::json::object();
    for (const Route &route : router.routes()) {
        nlohmann::json parameters = nlohmann::json::array();
        for (const std::string &segment : route.segments) {
            if (segment.size() > 2 && segment.front() == '{')
                parameters.push_back({{"name", segment.substr(1, segment.size() - 2)},
                                      {"in", "path"},
                                      {"required", true},
                                      {"schema", {{"type", "string"}}}});
        }
        if (route.paginated) {
            parameters.push_back({{"name", "page"}, {"in", "query"}, {"schema", {{"type", "integer"}, {"minimum", 1}}}});
            parameters.push_back({{"name", "page_size"}, {"in", "query"},
                                  {"schema", {{"type", "integer"}, {"minimum", 1}, {"maximum", 1000}}}});
        }
        nlohmann::json responses = {
            {std::to_string(route.successStatus), {{"description", "Success"}}},
            {"401", {{"$ref", "#/components/responses/Error"}}},
            {"404", {{"$ref", "#/components/responses/Error"}}},
        };
        if (route.hasBody) {
            responses["400"] = {{"$ref", "#/components/responses/Error"}};
            responses["413"] = {{"$ref", "#/components/responses/Error"}};
        }
        if (route.method != "GET") {
            responses["403"] = {{"$ref", "#/components/responses/Error"}};
            responses["409"] = {{"$ref", "#/components/responses/Error"}};
            responses["422"] = {{"$ref", "#/components/responses/Error"}};
        }
        nlohmann::json operation = {{"summary", route.summary},
                                    {"tags", {route.tag}},
                                    {"parameters", parameters},
                                    {"responses", responses}};
        if (route.hasBody)
            operation["requestBody"] = {{"required", true},
                                        {"content", {{"application/json", {{"schema", {{"type", "object"}}}}}}}};
        paths[route.pattern][QByteArray(route.method).toLower().toStdString()] = std::move(operation);
    }
    const nlohmann::json errorSchema = {
        {"type", "object"},
        {"properties",
         {{"error",
           {{"type", "object"},
            {"properties",
             {{"code", {{"type", "string"}}}, {"message", {{"type", "string"}}}, {"details", {{"type", "object"}}}}}}}}}};
    nlohmann::json components;
    components["securitySchemes"]["bearerAuth"] = {{"type", "http"}, {"scheme", "bearer"}};
    components["responses"]["Error"]["description"] = "An error object";
    components["responses"]["Error"]["content"]["application/json"]["schema"] = errorSchema;

    nlohmann::json doc;
    doc["openapi"] = "3.0.3";
    doc["info"] = {{"title", "Pipewright API"},
                   {"version", QCoreApplication::applicationVersion().toStdString()},
                   {"description", "Pipeline authoring over the same core as the Pipewright window."}};
    doc["paths"] = std::move(paths);
    doc["security"] = nlohmann::json::array({{{"bearerAuth", nlohmann::json::array()}}});
    doc["components"] = std::move(components);
    return doc;
}

void registerOpenApiRoute(Router &router)
{
    router.add(Route{"GET", "/api/openapi.json", "This document", "Meta", 200, false, false,
                     [&router](ApiRequest &) { return ApiResponse::json(200, openApiDocument(router)); }, {}});
}

} // namespace pw::server
