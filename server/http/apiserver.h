#pragma once

#include <expected>
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
    int connectionCount() const { return static_cast<int>(m_connections.size()); }
    // The connection cap after fitting it to the open-files limit.
    int maxConnections() const { return m_maxConnections; }

    // The head is complete: either a request waiting for its body, or the answer to send now
    // without reading the body (413 by Content-Length, 401, 404, 405, 415).
    std::expected<PendingRequest, ApiResponse> admit(const HttpRequestHead &head);
    // The body has arrived: run the handler. Nothing thrown escapes: an exception is a JSON 500.
    ApiResponse answer(PendingRequest &&pending, QByteArray &&body);

    // The budget of body bytes being received at once, across connections.
    bool reserveBodyBytes(qsizetype bytes);
    void releaseBodyBytes(qsizetype bytes);

private:
    void acceptConnections();
    void makeRoom();
    void forget(HttpConnection *connection);

    core::Core &m_core;
    HttpLimits m_limits;
    Router m_router;
    QTcpServer m_listener;
    std::vector<HttpConnection *> m_connections;
    int m_maxConnections = 0;
    qsizetype m_bufferedBodyBytes = 0;
};

// Raises this process's soft limit of open files to its hard limit (a server with the common
// default of 1,024 runs out of descriptors long before it runs out of anything else) and
// returns the soft limit now in force.
qint64 raiseOpenFileLimit();

} // namespace pw::server
