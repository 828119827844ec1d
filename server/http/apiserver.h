#pragma once

#include <QAbstractHttpServer>
#include <QHostAddress>

#include "router.h"

namespace pw::core {
class Core;
}

namespace pw::server {

// The embedded HTTP server: authenticates every request, dispatches it through the route table
// and writes JSON. Lives in the thread whose event loop serves it.
class ApiServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    static constexpr qsizetype kMaxBodyBytes = 10 * 1024 * 1024;

    explicit ApiServer(core::Core &core, QObject *parent = nullptr);
    const Router &router() const { return m_router; }

    // Everything but the socket: used by handleRequest and directly by tests of the table.
    ApiResponse dispatch(const QByteArray &method, const QUrl &url, const QByteArray &authorization,
                         const QByteArray &body);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    core::Core &m_core;
    Router m_router;
};

} // namespace pw::server
