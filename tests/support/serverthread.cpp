#include "serverthread.h"

namespace pw::test {

ServerThread::ServerThread(core::Core &core, server::HttpLimits limits,
                           const std::function<void(server::Router &)> &extra)
{
    m_thread.start();
    m_server = new server::ApiServer(core, limits);
    if (extra)
        extra(m_server->router());
    m_server->moveToThread(&m_thread);
    QMetaObject::invokeMethod(
        m_server, [&] { m_port = m_server->listen(QHostAddress(QHostAddress::LocalHost), 0); },
        Qt::BlockingQueuedConnection);
}

ServerThread::~ServerThread()
{
    // Destroyed in its own thread, at the latest when the thread finishes.
    m_server->deleteLater();
    m_thread.quit();
    m_thread.wait();
}

int ServerThread::connections()
{
    int n = 0;
    inspect([&](server::ApiServer &server) { n = server.connectionCount(); });
    return n;
}

server::ApiServer::Stats ServerThread::stats()
{
    server::ApiServer::Stats stats;
    inspect([&](server::ApiServer &server) { stats = server.stats(); });
    return stats;
}

void ServerThread::inspect(const std::function<void(server::ApiServer &)> &fn)
{
    QMetaObject::invokeMethod(
        m_server, [&] { fn(*m_server); }, Qt::BlockingQueuedConnection);
}

} // namespace pw::test
