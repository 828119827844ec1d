#pragma once

#include <deque>
#include <expected>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <QHostAddress>
#include <QObject>
#include <QTcpServer>

#include "httphead.h"
#include "limits.h"
#include "router.h"

namespace pw::core {
class Core;
}

namespace pw::server {

class HttpConnection;

// A request whose head was accepted: authenticated, routed, in its space; waiting for its body.
struct PendingRequest
{
    ApiRequest request;
    const Route *route = nullptr;
};

// The API server: accepts connections on loopback (or where told), reads HTTP/1.1 within
// HttpLimits, authenticates every request, dispatches it through the route table and writes
// JSON. Lives in the thread whose event loop serves it.
//
// It owns the HTTP transport instead of using QAbstractHttpServer: Qt 6.4's server reads a
// whole request, body included, before the application sees it, with no limit on size, header
// count or time, so none of the limits above could be kept there (docs/architecture.md).
class ApiServer : public QObject
{
    Q_OBJECT
public:
    explicit ApiServer(core::Core &core, HttpLimits limits = {}, QObject *parent = nullptr);
    ~ApiServer() override;

    // Starts listening; port 0 picks a free one. Returns the bound port, or 0 on failure.
    quint16 listen(const QHostAddress &address, quint16 port);
    const Router &router() const { return m_router; }
    // For tests that need a route the face does not have (a handler that throws, say).
    Router &router() { return m_router; }
    const HttpLimits &limits() const { return m_limits; }
    // Open connections, streams included.
    int connectionCount() const { return static_cast<int>(m_connections.size()); }
    // The connection cap (streams apart) after fitting it to the open-files limit.
    int maxConnections() const { return m_maxConnections; }
    int maxStreams() const { return m_maxStreams; }

    // What the server holds at the moment, for tests and diagnostics.
    struct Stats
    {
        int connections = 0; // streams included
        int streams = 0;
        int deferred = 0;        // answers being waited for
        qsizetype bodyBytes = 0; // of callers with a token
        qsizetype unauthenticatedBodyBytes = 0;
        int heldBack = 0;       // connections not read because their clients do not read answers
        qint64 unsentBytes = 0; // answers queued and not yet taken by the kernel
    };
    Stats stats() const;

    // The head is complete: either a request waiting for its body, or the answer to send now
    // without reading the body (413 by Content-Length, 401, 404, 405, 415).
    std::expected<PendingRequest, ApiResponse> admit(const HttpRequestHead &head);
    // The body has arrived: run the handler. Nothing thrown escapes: an exception is a JSON 500.
    ApiResponse answer(PendingRequest &&pending, QByteArray &&body);

    // Body bytes being received, charged as they arrive to the caller's budget (HttpLimits).
    // False when they do not fit: the request is then refused.
    bool chargeBody(const Caller &caller, qsizetype bytes);
    void releaseBody(const Caller &caller, qsizetype bytes);
    // A stream or a deferred answer is about to start for `caller`: nothing when it may, else
    // the answer to give instead (429 past the caller's cap, 503 past the stream budget).
    std::optional<ApiResponse> openStream(const Caller &caller);
    void closeStream(const Caller &caller);
    // A body is about to be received for `caller` (with a token): nothing when it may, else
    // the 429 to give instead (HttpLimits::maxBodiesPerToken).
    std::optional<ApiResponse> beginBody(const Caller &caller);
    void endBody(const Caller &caller);
    std::optional<ApiResponse> beginDeferred(const Caller &caller);
    void endDeferred(const Caller &caller);
    // A connection whose deferred answer waits for the caller's turn (ApiResponse::waitsForTurn):
    // resumed, in order, as the caller's other deferred answers end; forgotten when it goes.
    // False when the caller already has HttpLimits::maxWaitingForTurnPerToken waiting: then it
    // is refused as before.
    bool waitForTurn(const Caller &caller, HttpConnection *connection);
    void leaveTurn(const Caller &caller, HttpConnection *connection);

private:
    void acceptConnections();
    void makeRoom();
    void forget(HttpConnection *connection);
    int ordinaryConnections() const { return connectionCount() - m_streams; }

    core::Core &m_core;
    HttpLimits m_limits;
    Router m_router;
    QTcpServer m_listener;
    std::vector<HttpConnection *> m_connections;
    int m_maxConnections = 0;
    int m_maxStreams = 0;
    qsizetype m_bodyBytes = 0;
    qsizetype m_unauthenticatedBodyBytes = 0;
    std::unordered_map<std::string, qsizetype> m_bodyBytesByUser;
    int m_streams = 0;
    std::unordered_map<std::string, int> m_streamsByToken;
    int m_deferred = 0;
    std::unordered_map<std::string, int> m_deferredByToken;
    std::unordered_map<std::string, int> m_bodiesByToken;                  // bodies being received
    std::unordered_map<std::string, std::deque<HttpConnection *>> m_turns; // by token
};

// Raises this process's soft limit of open files to its hard limit (a server with the common
// default of 1,024 runs out of descriptors long before it runs out of anything else) and
// returns the soft limit now in force.
qint64 raiseOpenFileLimit();

} // namespace pw::server
