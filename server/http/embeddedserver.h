#pragma once

#include <memory>

#include <QHostAddress>
#include <QThread>

#include "core/util/error.h"
#include "limits.h"

namespace pw::core {
class Core;
}

namespace pw::server {

class ApiServer;

// The API server on a thread of its own, so a busy window never stalls it and a slow request
// never freezes the window. The window and the tests use this; `pipewright serve` runs the
// server on its main thread.
class EmbeddedServer
{
public:
    explicit EmbeddedServer(core::Core &core, HttpLimits limits = {});
    ~EmbeddedServer();

    // Starts listening; port 0 picks a free one. Returns the bound port.
    core::Result<quint16> start(const QHostAddress &address, quint16 port);
    void stop();
    bool isRunning() const { return m_port != 0; }
    quint16 port() const { return m_port; }
    QString baseUrl() const;

private:
    core::Core &m_core;
    HttpLimits m_limits;
    QThread m_thread;
    ApiServer *m_server = nullptr;
    QHostAddress m_address;
    quint16 m_port = 0;
};

} // namespace pw::server
