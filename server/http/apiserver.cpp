#include "apiserver.h"

#include "multipart.h"

#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <sys/resource.h>

#include "core/app/core.h"
#include "httpconnection.h"
#include "openapi.h"
#include "server/account/accountroutes.h"
#include "server/authoring/authoringroutes.h"
#include "server/dataflow/dataflowroutes.h"
#include "server/events/eventroutes.h"

namespace pw::server {

namespace {

// Descriptors kept free for everything that is not a client connection: SQLite's database,
// journal and shared-memory files per thread, repositories, logs, the window's own files.
constexpr qint64 kReservedFiles = 128;
// Connections over the cap that still get a 503 (beyond these they are closed unanswered).
constexpr int kOverflowAnswers = 32;

std::string bearerToken(const QByteArray &authorization)
{
    const QByteArray value = authorization.trimmed();
    if (value.size() < 8 || qstrnicmp(value.constData(), "bearer ", 7) != 0)
        return {};
    return value.mid(7).trimmed().toStdString();
}

// application/json or any application/…+json, with no charset other than UTF-8 (RFC 8259).
bool isJsonMediaType(const QByteArray &contentType)
{
    const QList<QByteArray> parts = contentType.toLower().split(';');
    const QByteArray type = parts.front().trimmed();
    if (type != "application/json" && !(type.startsWith("application/") && type.endsWith("+json")))
        return false;
    for (qsizetype i = 1; i < parts.size(); ++i) {
        const QByteArray parameter = parts[i].trimmed();
        if (!parameter.startsWith("charset="))
            continue;
        QByteArray charset = parameter.mid(8);
        if (charset.size() >= 2 && charset.startsWith('"') && charset.endsWith('"'))
            charset = charset.mid(1, charset.size() - 2);
        if (charset != "utf-8" && charset != "utf8")
            return false;
    }
    return true;
}

} // namespace

qint64 raiseOpenFileLimit()
{
    rlimit limit{};
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0)
        return 1024;
    constexpr rlim_t kEnough = 1 << 20;
    const rlim_t wanted = std::min<rlim_t>(limit.rlim_max, kEnough);
    if (limit.rlim_cur < wanted) {
        rlimit raised = limit;
        raised.rlim_cur = wanted;
        if (setrlimit(RLIMIT_NOFILE, &raised) == 0)
            limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? static_cast<qint64>(kEnough)
                                           : static_cast<qint64>(limit.rlim_cur);
}

ApiServer::ApiServer(core::Core &core, HttpLimits limits, QObject *parent)
    : QObject(parent), m_core(core), m_limits(limits), m_listener(this)
{
    registerAuthoringRoutes(m_router, m_core);
    registerDataFlowRoutes(m_router, m_core);
    registerEventRoutes(m_router, m_core);
    registerAccountRoutes(m_router, m_core);
    registerOpenApiRoute(m_router);
    m_maxConnections = m_limits.maxConnections;
    connect(&m_listener, &QTcpServer::newConnection, this, &ApiServer::acceptConnections);
    connect(&m_listener, &QTcpServer::acceptError, this, [this](QAbstractSocket::SocketError) {
        // Out of descriptors (or another resource): Qt stops accepting. Free the longest-idle
        // connection and try again shortly, instead of spinning or going deaf.
        qWarning("pipewright: cannot accept a connection: %s",
                 qPrintable(m_listener.errorString()));
        makeRoom();
        QTimer::singleShot(100, this, [this] { m_listener.resumeAccepting(); });
    });
}

ApiServer::~ApiServer()
{
    for (HttpConnection *connection : m_connections) {
        disconnect(connection, nullptr, this, nullptr);
        delete connection;
    }
    m_connections.clear();
}

quint16 ApiServer::listen(const QHostAddress &address, quint16 port)
{
    const qint64 files = raiseOpenFileLimit();
    m_maxConnections =
        static_cast<int>(std::clamp<qint64>(files - kReservedFiles, 16, m_limits.maxConnections));
    m_listener.setMaxPendingConnections(1 << 16);
    m_listener.setListenBacklogSize(512);
    if (!m_listener.listen(address, port))
        return 0;
    return m_listener.serverPort();
}

void ApiServer::acceptConnections()
{
    while (QTcpSocket *socket = m_listener.nextPendingConnection()) {
        if (connectionCount() >= m_maxConnections)
            makeRoom();
        if (connectionCount() >= m_maxConnections + kOverflowAnswers) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new HttpConnection(*this, socket);
        connection->setParent(this);
        m_connections.push_back(connection);
        connect(connection, &HttpConnection::finished, this, &ApiServer::forget);
        if (connectionCount() > m_maxConnections) {
            ApiResponse busy = ApiResponse::error(
                503, "unavailable", "the server has too many open connections; retry shortly");
            busy.headers.emplace_back("Retry-After", "1");
            connection->refuse(busy);
        }
    }
}

// At the connection cap: close a connection that is done (closing), else the longest-idle
// kept-alive one, else the oldest one still sending its head (a slow client holds a slot no
// longer than a new client needs it).
void ApiServer::makeRoom()
{
    for (HttpConnection::Phase phase : {HttpConnection::Phase::Closing, HttpConnection::Phase::Idle,
                                        HttpConnection::Phase::Head}) {
        HttpConnection *oldest = nullptr;
        for (HttpConnection *c : m_connections) {
            if (c->phase() == phase && (!oldest || c->lastActivity() < oldest->lastActivity()))
                oldest = c;
        }
        if (oldest) {
            oldest->evict();
            return;
        }
    }
}

void ApiServer::forget(HttpConnection *connection)
{
    std::erase(m_connections, connection);
    connection->deleteLater();
}

bool ApiServer::reserveBodyBytes(qsizetype bytes)
{
    if (m_bufferedBodyBytes + bytes > m_limits.maxBufferedBodyBytes)
        return false;
    m_bufferedBodyBytes += bytes;
    return true;
}

void ApiServer::releaseBodyBytes(qsizetype bytes)
{
    m_bufferedBodyBytes -= bytes;
}

std::expected<PendingRequest, ApiResponse> ApiServer::admit(const HttpRequestHead &head)
{
    // Refused before anything else, and before the body is read: by size, then by caller.
    if (head.contentLength && *head.contentLength > m_limits.maxBodyBytes)
        return std::unexpected(
            ApiResponse::error(413, "payload_too_large",
                               "the request body is larger than " +
                                   std::to_string(m_limits.maxBodyBytes / (1024 * 1024)) + " MiB"));

    PendingRequest pending;
    ApiRequest &request = pending.request;
    request.method = head.method;
    request.path = head.path.toStdString();
    Router::Match match = m_router.match(head.method, splitPath(request.path));
    // Routes of a signed face (webhooks) authenticate in core by the signature of their body;
    // everything else, also an unknown path, needs a bearer token first.
    const bool signedRoute = match.route && match.route->face->auth == Face::Auth::Signature;
    if (!signedRoute) {
        auto principal = m_core.access().authenticate(bearerToken(head.header("authorization")));
        if (!principal)
            return std::unexpected(ApiResponse::error(principal.error()));
        request.principal = std::move(*principal);
    }
    if (!match.route) {
        if (!match.allowed.empty()) {
            ApiResponse r = ApiResponse::error(405, "method_not_allowed",
                                               head.method.toStdString() + " is not allowed on " +
                                                   request.path);
            r.headers.emplace_back("Allow", match.allowed.join(", "));
            return std::unexpected(std::move(r));
        }
        return std::unexpected(
            ApiResponse::error(404, "not_found", "no API route matches " + request.path));
    }
    pending.route = match.route;
    request.params = std::move(match.params);
    request.query = QUrlQuery(QString::fromUtf8(head.query));
    request.headers = head.headers;
    const Face &face = *match.route->face;
    if (face.space == Face::SpaceFrom::PathSlug || face.space == Face::SpaceFrom::Fixed) {
        const std::string slug =
            face.space == Face::SpaceFrom::Fixed ? face.fixedSpace : request.param("space_slug");
        auto actor = m_core.access().enterSpace(request.principal, slug);
        if (!actor)
            return std::unexpected(face.errorBody(actor.error()));
        request.actor = std::move(*actor);
    }
    const bool multipartAccepted =
        match.route->multipart && isMultipartFormData(head.header("content-type"));
    if (head.hasBody() && !multipartAccepted && !isJsonMediaType(head.header("content-type"))) {
        const QByteArray given = head.header("content-type");
        ApiResponse r = ApiResponse::error(
            415, "unsupported_media_type",
            std::string(match.route->multipart
                            ? "the request body must be JSON ('Content-Type: application/json') "
                              "or multipart/form-data"
                            : "the request body must be JSON sent as 'Content-Type: "
                              "application/json'") +
                (given.isEmpty() ? std::string(" (no Content-Type was sent)")
                                 : ", not '" + given.toStdString() + "'"));
        return std::unexpected(std::move(r));
    }
    return pending;
}

ApiResponse ApiServer::answer(PendingRequest &&pending, QByteArray &&body)
{
    pending.request.body = std::move(body);
    // Handlers return errors as values; anything thrown is a bug, and a bug in one request must
    // not end the server (or the window that embeds it).
    const char *failure = nullptr;
    std::string what;
    try {
        return pending.route->handler(pending.request);
    } catch (const std::exception &e) {
        failure = "an exception";
        what = e.what();
    } catch (...) {
        failure = "an unknown exception";
    }
    qCritical("pipewright: %s %s failed with %s: %s", pending.route->method.constData(),
              pending.route->pattern.c_str(), failure, what.c_str());
    return ApiResponse::error(
        500, "internal", "the server failed while handling this request; the failure is logged");
}

} // namespace pw::server
