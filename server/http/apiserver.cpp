#include "apiserver.h"

#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QTcpSocket>

#include "core/app/core.h"
#include "server/authoring/authoringroutes.h"
#include "openapi.h"

namespace pw::server {

namespace {

QByteArray methodName(QHttpServerRequest::Method method)
{
    switch (method) {
    case QHttpServerRequest::Method::Get: return "GET";
    case QHttpServerRequest::Method::Put: return "PUT";
    case QHttpServerRequest::Method::Delete: return "DELETE";
    case QHttpServerRequest::Method::Post: return "POST";
    case QHttpServerRequest::Method::Head: return "HEAD";
    case QHttpServerRequest::Method::Options: return "OPTIONS";
    case QHttpServerRequest::Method::Patch: return "PATCH";
    case QHttpServerRequest::Method::Connect: return "CONNECT";
    case QHttpServerRequest::Method::Trace: return "TRACE";
    default: return "UNKNOWN";
    }
}

std::string bearerToken(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    if (value.size() < 8 || qstrnicmp(value.constData(), "bearer ", 7) != 0)
        return {};
    return value.mid(7).trimmed().toStdString();
}

} // namespace

ApiServer::ApiServer(core::Core &core, QObject *parent) : QAbstractHttpServer(parent), m_core(core)
{
    registerAuthoringRoutes(m_router, m_core);
    registerOpenApiRoute(m_router);
}

ApiResponse ApiServer::dispatch(const QByteArray &method, const QUrl &url, const QByteArray &authorization,
                                const QByteArray &body)
{
    if (body.size() > kMaxBodyBytes)
        return ApiResponse::error(413, "payload_too_large", "the request body is larger than 10 MiB");

    auto principal = m_core.access().authenticate(bearerToken(authorization));
    if (!principal)
        return ApiResponse::error(principal.error());

    ApiRequest request;
    request.method = method;
    request.path = url.path(QUrl::FullyEncoded).toStdString();
    const auto segments = splitPath(request.path);
    Router::Match match = m_router.match(method, segments);
    if (!match.route) {
        if (!match.allowed.empty()) {
            ApiResponse r = ApiResponse::error(405, "method_not_allowed",
                                               method.toStdString() + " is not allowed on " + request.path);
            r.headers.emplace_back("Allow", match.allowed.join(", "));
            return r;
        }
        return ApiResponse::error(404, "not_found", "no API route matches " + request.path);
    }
    request.params = std::move(match.params);
    request.query = QUrlQuery(url);
    request.body = body;
    request.principal = std::move(*principal);
    if (const auto slug = request.params.find("space_slug"); slug != request.params.end()) {
        auto actor = m_core.access().enterSpace(request.principal, slug->second);
        if (!actor)
            return ApiResponse::error(actor.error());
        request.actor = std::move(*actor);
    }
    return match.route->handler(request);
}

bool ApiServer::handleRequest(const QHttpServerRequest &request, QTcpSocket *socket)
{
    const ApiResponse response =
        dispatch(methodName(request.method()), request.url(), request.value("Authorization"), request.body());
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.writeStatusLine(static_cast<QHttpServerResponder::StatusCode>(response.status));
    responder.writeHeader("Content-Type", response.contentType);
    responder.writeHeader("Content-Length", QByteArray::number(static_cast<qsizetype>(response.body.size())));
    responder.writeHeader("Cache-Control", "no-store");
    responder.writeHeader("X-Content-Type-Options", "nosniff");
    for (const auto &[name, value] : response.headers)
        responder.writeHeader(name, value);
    responder.writeBody(response.body.data(), static_cast<qint64>(response.body.size()));
    return true;
}

void ApiServer::missingHandler(const QHttpServerRequest &request, QTcpSocket *socket)
{
    // handleRequest answers every request; this only runs if that ever changes.
    const ApiResponse response = ApiResponse::error(404, "not_found", "no API route matches the request");
    QHttpServerResponder responder = makeResponder(request, socket);
    responder.write(QByteArray::fromStdString(response.body), "application/json",
                    QHttpServerResponder::StatusCode::NotFound);
}

} // namespace pw::server
