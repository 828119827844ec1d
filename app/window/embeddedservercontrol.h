#pragma once

#include <memory>

#include "server/http/embeddedserver.h"
#include "ui/window/servercontrol.h"

namespace pw::app {

// The window's handle on the embedded API server: loopback only, on its own thread.
class EmbeddedServerControl : public ui::ServerControl
{
public:
    explicit EmbeddedServerControl(core::Core &core) : m_server(core) {}

    bool start(quint16 port, QString *error) override
    {
        auto started = m_server.start(QHostAddress(QHostAddress::LocalHost), port);
        if (!started && error)
            *error = QString::fromStdString(started.error().message);
        return started.has_value();
    }
    void stop() override { m_server.stop(); }
    bool isRunning() const override { return m_server.isRunning(); }
    QString baseUrl() const override { return m_server.baseUrl(); }

private:
    server::EmbeddedServer m_server;
};

} // namespace pw::app
