#pragma once

#include <map>
#include <string>

#include <QObject>

#include "core/run/httpsandbox.h"

class QTcpServer;
class QTcpSocket;

namespace pw::server {

// The HTTP sandbox of local runs: a QTcpServer on 127.0.0.1 (an ephemeral port, from the first
// sandboxed request on) answering /<connection>/<path> from the connection's configured answers,
// or with the request echoed as JSON. Requests are capped at 1 MiB.
class LoopbackSandbox : public QObject, public core::HttpSandbox
{
public:
    LoopbackSandbox();
    ~LoopbackSandbox() override;

    core::Result<std::string> baseUrlFor(const std::string &connection,
                                         const nlohmann::json &sandbox) override;

private:
    void serve(QTcpSocket *socket);
    QTcpServer *m_server = nullptr;
    std::map<std::string, nlohmann::json> m_sandboxes;
};

} // namespace pw::server
