#include "router.h"

#include <QByteArray>

namespace pw::server {

std::vector<std::string> splitPath(std::string_view path)
{
    std::vector<std::string> out;
    size_t start = 0;
    while (start < path.size()) {
        if (path[start] == '/') {
            ++start;
            continue;
        }
        const size_t end = std::min(path.find('/', start), path.size());
        const std::string_view raw = path.substr(start, end - start);
        out.push_back(QByteArray::fromPercentEncoding(
                          QByteArray(raw.data(), static_cast<qsizetype>(raw.size())))
                          .toStdString());
        start = end;
    }
    return out;
}

nlohmann::json schemaRef(const std::string &name)
{
    return {{"$ref", "#/components/schemas/" + name}};
}

void Router::addFace(FacePtr face, std::vector<Route> routes)
{
    for (Route &route : routes) {
        route.pattern = face->prefix + route.pattern;
        route.face = face.get();
        add(std::move(route));
    }
    m_faces.push_back(std::move(face));
}

void Router::add(Route route)
{
    route.segments = splitPath(route.pattern);
    m_routes.push_back(std::move(route));
}

Router::Match Router::match(const QByteArray &method,
                            const std::vector<std::string> &segments) const
{
    Match result;
    for (const Route &route : m_routes) {
        if (route.segments.size() != segments.size())
            continue;
        std::map<std::string, std::string, std::less<>> params;
        bool ok = true;
        for (size_t i = 0; i < segments.size() && ok; ++i) {
            const std::string &pattern = route.segments[i];
            if (pattern.size() > 2 && pattern.front() == '{' && pattern.back() == '}') {
                if (segments[i].empty())
                    ok = false;
                else
                    params.emplace(pattern.substr(1, pattern.size() - 2), segments[i]);
            } else {
                ok = pattern == segments[i];
            }
        }
        if (!ok)
            continue;
        if (route.method == method) {
            result.route = &route;
            result.params = std::move(params);
            return result;
        }
        result.allowed.push_back(route.method);
    }
    return result;
}

} // namespace pw::server
