#include "apiserver.h"

#include "multipart.h"

#include <QCoreApplication>
#include <QTcpSocket>
#include <QTimer>
#include <QUrlQuery>

#include <cctype>

#include <malloc.h>

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
// Of the descriptors left for clients, the share event streams may use at most.
constexpr qint64 kStreamShareDivisor = 4;
// Seconds a caller refused at a cap (streams, deferred answers) is asked to wait.
constexpr const char *kRetryAfterSeconds = "10";

ApiResponse tooMany(int status, std::string_view code, std::string message)
{
    ApiResponse r = ApiResponse::error(status, code, std::move(message));
    r.headers.emplace_back("Retry-After", kRetryAfterSeconds);
    return r;
}

// Adds `delta` to a per-key count, dropping the key at zero so the map holds only live callers.
template <class Map, class T> void adjust(Map &map, const std::string &key, T delta)
{
    auto it = map.try_emplace(key, T{}).first;
    it->second += delta;
    if (it->second <= 0)
        map.erase(it);
}

template <class Map> auto countOf(const Map &map, const std::string &key)
{
    const auto it = map.find(key);
    return it == map.end() ? typename Map::mapped_type{} : it->second;
}

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

// The offset of the first '%' in `path` not followed by two hexadecimal digits, or -1.
qsizetype badPercentEscape(const QByteArray &path)
{
    auto hex = [](char c) { return std::isxdigit(static_cast<unsigned char>(c)) != 0; };
    for (qsizetype i = 0; i < path.size(); ++i) {
        if (path[i] == '%' && (i + 2 >= path.size() || !hex(path[i + 1]) || !hex(path[i + 2])))
            return i;
    }
    return -1;
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
    m_maxStreams = m_limits.maxStreams;
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
        // Answers completed just before the stop are written (a finishing thread would drop the
        // queued calls carrying them); those still pending are answered 503.
        QCoreApplication::sendPostedEvents(connection, QEvent::MetaCall);
        connection->serverStopping();
        delete connection;
    }
    m_connections.clear();
}

quint16 ApiServer::listen(const QHostAddress &address, quint16 port)
{
    // Client descriptors are split between ordinary connections and streams, so neither can
    // take the other's.
    const qint64 files = raiseOpenFileLimit() - kReservedFiles;
    m_maxStreams = static_cast<int>(std::clamp<qint64>(
        files / kStreamShareDivisor, std::min(m_limits.maxStreams, 4), m_limits.maxStreams));
    m_maxConnections =
        static_cast<int>(std::clamp<qint64>(files - m_maxStreams, 16, m_limits.maxConnections));
    m_listener.setMaxPendingConnections(1 << 16);
    m_listener.setListenBacklogSize(512);
    if (!m_listener.listen(address, port))
        return 0;
    return m_listener.serverPort();
}

void ApiServer::acceptConnections()
{
    while (QTcpSocket *socket = m_listener.nextPendingConnection()) {
        if (ordinaryConnections() >= m_maxConnections)
            makeRoom();
        if (ordinaryConnections() >= m_maxConnections + kOverflowAnswers) {
            socket->abort();
            socket->deleteLater();
            continue;
        }
        auto *connection = new HttpConnection(*this, socket);
        connection->setParent(this);
        m_connections.push_back(connection);
        connect(connection, &HttpConnection::finished, this, &ApiServer::forget);
        if (ordinaryConnections() > m_maxConnections) {
            ApiResponse busy = ApiResponse::error(
                503, "unavailable", "the server has too many open connections; retry shortly");
            busy.headers.emplace_back("Retry-After", "1");
            connection->refuse(busy);
        }
    }
}

// At the connection cap: close a connection that is done (closing), else the longest-idle
// kept-alive one, else the oldest one still sending its head (a slow client holds a slot no
// longer than a new client needs it), else the one receiving a body without a token (a signed
// webhook) that sent nothing for longest: no caller without a token holds a slot a caller with
// one needs.
void ApiServer::makeRoom()
{
    auto rank = [](const HttpConnection *c) {
        switch (c->phase()) {
        case HttpConnection::Phase::Closing:
            return 0;
        case HttpConnection::Phase::Idle:
            return 1;
        case HttpConnection::Phase::Head:
            return 2;
        case HttpConnection::Phase::Body:
            return c->caller().hasToken() ? -1 : 3;
        default:
            return -1;
        }
    };
    HttpConnection *victim = nullptr;
    for (HttpConnection *c : m_connections) {
        const int r = rank(c);
        if (r < 0)
            continue;
        if (!victim || r < rank(victim) ||
            (r == rank(victim) && c->lastActivity() < victim->lastActivity()))
            victim = c;
    }
    if (victim)
        victim->evict();
}

void ApiServer::forget(HttpConnection *connection)
{
    std::erase(m_connections, connection);
    connection->deleteLater();
}

bool ApiServer::chargeBody(const Caller &caller, qsizetype bytes)
{
    if (!caller.hasToken()) {
        if (m_unauthenticatedBodyBytes + bytes > m_limits.maxUnauthenticatedBodyBytes)
            return false;
        m_unauthenticatedBodyBytes += bytes;
        return true;
    }
    if (m_bodyBytes + bytes > m_limits.maxBufferedBodyBytes ||
        countOf(m_bodyBytesByUser, caller.userId) + bytes > m_limits.maxBufferedBodyBytesPerCaller)
        return false;
    m_bodyBytes += bytes;
    adjust(m_bodyBytesByUser, caller.userId, bytes);
    return true;
}

void ApiServer::releaseBody(const Caller &caller, qsizetype bytes)
{
    if (!caller.hasToken()) {
        m_unauthenticatedBodyBytes -= bytes;
        return;
    }
    m_bodyBytes -= bytes;
    adjust(m_bodyBytesByUser, caller.userId, -bytes);
}

std::optional<ApiResponse> ApiServer::openStream(const Caller &caller)
{
    if (countOf(m_streamsByToken, caller.tokenId) >= m_limits.maxStreamsPerToken)
        return tooMany(429, "too_many_requests",
                       "this token already has " + std::to_string(m_limits.maxStreamsPerToken) +
                           " streams open; close one or retry later");
    if (m_streams >= m_maxStreams)
        return tooMany(503, "unavailable", "the server has too many streams open; retry later");
    ++m_streams;
    adjust(m_streamsByToken, caller.tokenId, 1);
    return std::nullopt;
}

void ApiServer::closeStream(const Caller &caller)
{
    --m_streams;
    adjust(m_streamsByToken, caller.tokenId, -1);
}

std::optional<ApiResponse> ApiServer::beginBody(const Caller &caller)
{
    if (!caller.hasToken())
        return std::nullopt; // their own budget, and the first to make room at the cap
    if (countOf(m_bodiesByToken, caller.tokenId) >= m_limits.maxBodiesPerToken) {
        ApiResponse r = ApiResponse::error(
            429, "too_many_requests",
            "this token is already sending " + std::to_string(m_limits.maxBodiesPerToken) +
                " request bodies; send this one when one of them has arrived");
        r.headers.emplace_back("Retry-After", "1");
        return r;
    }
    adjust(m_bodiesByToken, caller.tokenId, 1);
    return std::nullopt;
}

void ApiServer::endBody(const Caller &caller)
{
    if (caller.hasToken())
        adjust(m_bodiesByToken, caller.tokenId, -1);
}

std::optional<ApiResponse> ApiServer::beginDeferred(const Caller &caller)
{
    if (countOf(m_deferredByToken, caller.tokenId) >= m_limits.maxDeferredPerToken)
        return tooMany(429, "too_many_requests",
                       caller.hasToken()
                           ? "this token already has " +
                                 std::to_string(m_limits.maxDeferredPerToken) +
                                 " requests in progress; retry when one has finished"
                           : "too many requests without a token are in progress; retry later");
    ++m_deferred;
    adjust(m_deferredByToken, caller.tokenId, 1);
    return std::nullopt;
}

void ApiServer::endDeferred(const Caller &caller)
{
    --m_deferred;
    adjust(m_deferredByToken, caller.tokenId, -1);
    const auto waiting = m_turns.find(caller.tokenId);
    if (waiting == m_turns.end())
        return;
    HttpConnection *next = waiting->second.front();
    waiting->second.pop_front();
    if (waiting->second.empty())
        m_turns.erase(waiting);
    // Later, not inside the end of another connection's answer; dropped if `next` goes first.
    QMetaObject::invokeMethod(
        next, [next] { next->resumeTurn(); }, Qt::QueuedConnection);
}

bool ApiServer::waitForTurn(const Caller &caller, HttpConnection *connection)
{
    auto &waiting = m_turns[caller.tokenId];
    if (std::ssize(waiting) >= m_limits.maxWaitingForTurnPerToken) {
        if (waiting.empty())
            m_turns.erase(caller.tokenId);
        return false;
    }
    waiting.push_back(connection);
    return true;
}

void ApiServer::leaveTurn(const Caller &caller, HttpConnection *connection)
{
    const auto waiting = m_turns.find(caller.tokenId);
    if (waiting == m_turns.end())
        return;
    std::erase(waiting->second, connection);
    if (waiting->second.empty())
        m_turns.erase(waiting);
}

ApiServer::Stats ApiServer::stats() const
{
    Stats stats{.connections = connectionCount(),
                .streams = m_streams,
                .deferred = m_deferred,
                .bodyBytes = m_bodyBytes,
                .unauthenticatedBodyBytes = m_unauthenticatedBodyBytes};
    for (const HttpConnection *c : m_connections) {
        stats.heldBack += c->heldBack() ? 1 : 0;
        stats.unsentBytes += c->unsentBytes();
    }
    return stats;
}

std::expected<PendingRequest, ApiResponse> ApiServer::admit(const HttpRequestHead &head)
{
    // A path or query that cannot be decoded is malformed (RFC 3986 §2.1): it names no resource,
    // and a parameter read from it would not be what was sent.
    for (const auto &[part, text] : {std::pair{"path", &head.path}, {"query", &head.query}}) {
        if (const qsizetype at = badPercentEscape(*text); at >= 0) {
            core::Error error = core::Error::invalid(
                std::string("the ") + part + " has a malformed percent-escape at byte " +
                    std::to_string(at) + ": '%' must be followed by two hexadecimal digits",
                part);
            error.details["byte"] = at;
            return std::unexpected(ApiResponse::error(error));
        }
    }
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
    // HEAD is answered wherever GET is, by GET's handler; the connection leaves out the content
    // (RFC 9110 §9.3.2).
    const bool isHead = head.method == "HEAD";
    Router::Match match =
        m_router.match(isHead ? QByteArray("GET") : head.method, splitPath(request.path));
    if (const qsizetype get = match.allowed.indexOf("GET");
        get >= 0 && !match.allowed.contains("HEAD"))
        match.allowed.insert(get + 1, "HEAD");
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
    // '+' in a query is a space, as HTML forms and `curl --data-urlencode` send it (a plus
    // itself comes as %2B).
    request.query = QUrlQuery(QString::fromUtf8(QByteArray(head.query).replace('+', "%20")));
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

namespace {

// A request thread returns freed memory to the system after a body larger than this.
constexpr qsizetype kTrimAfterBodyBytes = 1024 * 1024;

// Calls a route's handler. Handlers return errors as values; anything thrown is a bug, and a bug
// in one request must not end the server (or the window that embeds it). Safe on any thread:
// it holds no reference to the router.
ApiResponse callHandler(const Handler &handler, const QByteArray &method,
                        const std::string &pattern, ApiRequest &request)
{
    auto internalError = [method, pattern](const char *failure, const std::string &what) {
        qCritical("pipewright: %s %s failed with %s: %s", method.constData(), pattern.c_str(),
                  failure, what.c_str());
        return ApiResponse::error(
            500, "internal",
            "the server failed while handling this request; the failure is logged");
    };
    ApiResponse response;
    try {
        response = handler(request);
    } catch (const std::exception &e) {
        return internalError("an exception", e.what());
    } catch (...) {
        return internalError("an unknown exception", {});
    }
    if (response.startDeferred) {
        // The same catch for the start of a deferred answer, which runs after the handler.
        response.startDeferred = [start = std::move(response.startDeferred),
                                  internalError](Deferred deferred) {
            try {
                start(deferred);
            } catch (const std::exception &e) {
                deferred.complete(internalError("an exception", e.what()));
            } catch (...) {
                deferred.complete(internalError("an unknown exception", {}));
            }
        };
    }
    return response;
}

} // namespace

ApiResponse ApiServer::answer(PendingRequest &&pending, QByteArray &&body)
{
    pending.request.body = std::move(body);
    const Route *route = pending.route;
    if (!route->offServerThread && pending.request.body.size() <= m_limits.maxInlineBodyBytes)
        return callHandler(route->handler, route->method, route->pattern, pending.request);
    // A large body is parsed, and the request handled, on a request thread (as is every request
    // of a route marked offServerThread): the server thread goes on serving everyone else. The job
    // is the caller's (its queue bounds how many it has at once; callers without a token share
    // one), and the handler's own answer (an error, a stream, a deferred answer of its own) is
    // written as if it had been given at once.
    core::Actor owner;
    if (pending.request.actor)
        owner = *pending.request.actor;
    owner.userId = pending.request.principal.userId;
    owner.tokenId = pending.request.principal.tokenId;
    if (owner.userId.empty() && owner.tokenId.empty())
        owner.tokenId = "without-token";
    ApiResponse deferred = ApiResponse::deferred(
        [&jobs = m_core.jobs(), face = route->face, owner, handler = route->handler,
         method = route->method, pattern = route->pattern,
         request = std::move(pending.request)](Deferred reply) mutable {
            auto job = jobs.runTransient(
                owner,
                [reply, handler = std::move(handler), method = std::move(method),
                 pattern = std::move(pattern),
                 request = std::move(request)](core::JobContext &) mutable {
                    if (!reply.isCancelled())
                        reply.complete(callHandler(handler, method, pattern, request));
                    // Parsing megabytes of JSON takes up to eighty times their size at its
                    // peak; give what was freed back to the system rather than keep it.
                    const bool large = request.body.size() > kTrimAfterBodyBytes;
                    request = ApiRequest{};
                    if (large)
                        malloc_trim(0);
                },
                core::JobLane::Requests);
            if (!job) {
                reply.complete(face->errorBody(job.error()));
                return;
            }
            reply.onCancel([job = *job] { job->cancel(); });
        });
    deferred.waitsForTurn = true;
    return deferred;
}

} // namespace pw::server
