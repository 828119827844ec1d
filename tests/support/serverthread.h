#pragma once

#include <cstdint>
#include <functional>

#include <QThread>

#include "server/http/apiserver.h"

namespace pw::test {

// The API server on a thread of its own (as in the window), with the limits a case needs and
// routes a case adds before it starts (a handler that throws, a deferred answer, a stream with
// a hook). Destroyed on its thread, so a case can stop it while clients wait.
class ServerThread
{
public:
    ServerThread(core::Core &core, server::HttpLimits limits = {},
                 const std::function<void(server::Router &)> &extra = {});
    ~ServerThread();
    ServerThread(const ServerThread &) = delete;
    ServerThread &operator=(const ServerThread &) = delete;

    uint16_t port() const { return m_port; }
    // Open connections, read on the server's thread.
    int connections();
    // What the server holds (connections, streams, charged body bytes), read on its thread.
    server::ApiServer::Stats stats();
    // Runs `fn` with the server on its thread and waits for it.
    void inspect(const std::function<void(server::ApiServer &)> &fn);

private:
    QThread m_thread;
    server::ApiServer *m_server = nullptr;
    uint16_t m_port = 0;
};

} // namespace pw::test
