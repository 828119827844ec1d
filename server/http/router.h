#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <QByteArray>
#include <QByteArrayList>

#include <nlohmann/json.hpp>

#include "apirequest.h"
#include "apiresponse.h"
#include "face.h"

namespace pw::server {

using Handler = std::function<ApiResponse(ApiRequest &)>;

// A query parameter a route reads, for the OpenAPI document.
struct QueryParam
{
    std::string name;
    std::string description;
    nlohmann::json schema = {{"type", "string"}};
    bool required = false;
};

// Whether a route reads a JSON body.
enum class BodyUse
{
    None,
    Optional,
    Required
};

// One row of a face's route table. The table is the single description of the API: the server
// dispatches from it and /api/openapi.json is generated from it. Rows are written with
// designated initialisers.
struct Route
{
    QByteArray method; // GET, POST, PUT, PATCH, DELETE
    std::string
        pattern; // /api/v1.0/spaces/{space_slug}/pipeline-authoring/workspaces/{workspace_id}
    std::string operationId; // unique across the API: listWorkspaces, createDefinition, ...
    std::string summary;
    std::string tag;
    int successStatus = 200;
    BodyUse body = BodyUse::None;
    bool paginated = false;
    bool multipart = false; // also takes multipart/form-data (uploads as browsers and curl send)
    // The handler's cost grows with what it reads or writes (a definition's whole spec, a
    // version's diff): it runs on a request thread, as a large body's does, never on the
    // server thread.
    bool offServerThread = false;
    std::vector<QueryParam> query;
    nlohmann::json requestSchema;  // JSON Schema of the body (usually a $ref); null without one
    nlohmann::json responseSchema; // JSON Schema of the success body
    QByteArray responseType = "application/json"; // text/event-stream for streams
    Handler handler;

    std::vector<std::string> segments; // filled by Router::add
    const Face *face = nullptr;        // filled by Router::addFace
};

class Router
{
public:
    // A face's routes: their patterns are relative to the face's prefix.
    // Every route belongs to a face.
    void addFace(FacePtr face, std::vector<Route> routes);
    const std::vector<FacePtr> &faces() const { return m_faces; }
    const std::vector<Route> &routes() const { return m_routes; }
    // Named schemas the routes refer to as {"$ref": "#/components/schemas/<name>"}.
    void addSchema(const std::string &name, nlohmann::json schema)
    {
        m_schemas[name] = std::move(schema);
    }
    const nlohmann::json &schemas() const { return m_schemas; }

    struct Match
    {
        const Route *route = nullptr;
        std::map<std::string, std::string, std::less<>> params;
        QByteArrayList allowed; // methods of routes whose path matched, for 405
    };
    // `segments` are the percent-decoded path segments of the request.
    Match match(const QByteArray &method, const std::vector<std::string> &segments) const;

private:
    void add(Route route);

    std::vector<Route> m_routes;
    std::vector<FacePtr> m_faces;
    nlohmann::json m_schemas = nlohmann::json::object();
};

// {"$ref": "#/components/schemas/<name>"}
nlohmann::json schemaRef(const std::string &name);

std::vector<std::string> splitPath(std::string_view path);

} // namespace pw::server
