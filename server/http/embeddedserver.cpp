#include "embeddedserver.h"

#include "apiserver.h"

namespace pw::server {

EmbeddedServer::EmbeddedServer(core::Core &core, HttpLimits limits) : m_core(core), m_limits(limits)
{
    m_thread.setObjectName(QStringLiteral("pipewright-api"));
}

EmbeddedServer::~EmbeddedServer()
{
    stop();
}

core::Result<quint16> EmbeddedServer::start(const QHostAddress &address, quint16 port)
{
    stop();
    m_thread.start();
    m_server = new ApiServer(m_core, m_limits);
    m_server->moveToThread(&m_thread);
    quint16 bound = 0;
    QMetaObject::invokeMethod(
        m_server, [&] { bound = m_server->listen(address, port); }, Qt::BlockingQueuedConnection);
    if (bound == 0) {
        stop();
        return core::fail(core::Error{core::ErrorCode::Unavailable,
                                      "cannot listen on " + address.toString().toStdString() + ":" +
                                          std::to_string(port) + " (is the port in use?)",
                                      nlohmann::json::object()});
    }
    m_address = address;
    m_port = bound;
    return bound;
}

void EmbeddedServer::stop()
{
    if (m_server) {
        // The server and its sockets belong to the thread: they are destroyed there, at the
        // latest when the thread finishes.
        m_server->deleteLater();
        m_server = nullptr;
    }
    if (m_thread.isRunning()) {
        m_thread.quit();
        m_thread.wait();
    }
    m_port = 0;
}

QString EmbeddedServer::baseUrl() const
{
    if (!m_port)
        return {};
    const QString host = m_address.protocol() == QAbstractSocket::IPv6Protocol
                             ? QStringLiteral("[%1]").arg(m_address.toString())
                             : m_address.toString();
    return QStringLiteral("http://%1:%2/api/v1.0").arg(host).arg(m_port);
}

} // namespace pw::server
