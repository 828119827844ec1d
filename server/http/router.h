#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include <QByteArray>
#include <QByteArrayList>

#include "apirequest.h"
#include "apiresponse.h"

namespace pw::server {

using Handler = std::function<ApiResponse(ApiRequest &)>;

// One row of a face's route table. The table is the single description of the API: the server
// dispatches from it and /api/openapi.json is generated from it.
struct Route
{
    QByteArray method; // GET, POST, PUT, PATCH, DELETE
    std::string pattern; // /api/v1.0/spaces/{space_slug}/pipeline-authoring/workspaces/{workspace_id}
    std::string summary;
    std::string tag;
    int successStatus = 200;
    bool hasBody = false;
    bool paginated = false;
    Handler handler;

    std::vector<std::string> segments; // filled by Router::add
};

class Router
{
public:
    void add(Route route);
    const std::vector<Route> &routes() const { return m_routes; }

    struct Match
    {
        const Route *route = nullptr;
        std::map<std::string, std::string, std::less<>> params;
        QByteArrayList allowed; // methods of routes whose path matched, for 405
    };
    // `segments` are the percent-decoded path segments of the request.
    Match match(const QByteArray &method, const std::vector<std::string> &segments) const;

private:
    std::vector<Route> m_routes;
};

std::vector<std::string> splitPath(std::string_view path);

} // namespace pw::server
