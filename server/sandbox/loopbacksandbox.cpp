#include "loopbacksandbox.h"

#include <QHostAddress>
#include <QTcpServer>
#include <QTcpSocket>

namespace pw::server {

using core::Error;
using core::ErrorCode;

namespace {

constexpr qsizetype kMaxRequestBytes = 1 << 20;

std::string reasonOf(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 201:
        return "Created";
    case 204:
        return "No Content";
    case 400:
        return "Bad Request";
    case 404:
        return "Not Found";
    case 500:
        return "Internal Server Error";
    case 503:
        return "Service Unavailable";
    default:
        return "Status";
    }
}

} // namespace

LoopbackSandbox::LoopbackSandbox() = default;

LoopbackSandbox::~LoopbackSandbox() = default;

core::Result<std::string> LoopbackSandbox::baseUrlFor(const std::string &connection,
                                                      const nlohmann::json &sandbox)
{
    if (!m_server) {
        m_server = new QTcpServer(this);
        if (!m_server->listen(QHostAddress::LocalHost, 0)) {
            const std::string why = m_server->errorString().toStdString();
            delete m_server;
            m_server = nullptr;
            return core::fail(Error{ErrorCode::Unavailable,
                                    "the local HTTP sandbox could not listen: " + why,
                                    nlohmann::json::object()});
        }
        QObject::connect(m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = m_server->nextPendingConnection())
                serve(socket);
        });
    }
    m_sandboxes[connection] = sandbox.is_object() ? sandbox : nlohmann::json::object();
    return "http://127.0.0.1:" + std::to_string(m_server->serverPort()) + "/" + connection;
}

void LoopbackSandbox::serve(QTcpSocket *socket)
{
    QObject::connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    QObject::connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
        QByteArray buffer = socket->property("pw_buffer").toByteArray() + socket->readAll();
        socket->setProperty("pw_buffer", buffer);
        const qsizetype headerEnd = buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0) {
            if (buffer.size() > kMaxRequestBytes)
                socket->abort();
            return;
        }
        const QList<QByteArray> lines = buffer.left(headerEnd).split('\n');
        qsizetype length = 0;
        for (const QByteArray &line : lines) {
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        }
        if (length < 0 || length > kMaxRequestBytes) {
            socket->abort();
            return;
        }
        if (buffer.size() < headerEnd + 4 + length)
            return;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        const std::string method = requestLine.value(0).toStdString();
        const std::string target = requestLine.value(1).toStdString();
        const std::string body = buffer.mid(headerEnd + 4, length).toStdString();
        // /<connection>/<path>?<query>
        const size_t slash = target.find('/', 1);
        const std::string connection =
            target.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
        std::string path = slash == std::string::npos ? "/" : target.substr(slash);
        std::string query;
        if (const size_t q = path.find('?'); q != std::string::npos) {
            query = path.substr(q + 1);
            path.resize(q);
        }
        int status = 200;
        std::string contentType = "application/json";
        std::string answer;
        auto sandbox = m_sandboxes.find(connection);
        bool matched = false;
        if (sandbox != m_sandboxes.end()) {
            const nlohmann::json responses = sandbox->second.value("responses", nlohmann::json());
            for (const auto &r : responses.is_array() ? responses : nlohmann::json::array()) {
                if (!r.is_object() || r.value("path", std::string()) != path)
                    continue;
                const std::string m = r.value("method", std::string("GET"));
                if (m != method && m != "*")
                    continue;
                matched = true;
                status = r.value("status", 200);
                const nlohmann::json b = r.value("body", nlohmann::json());
                if (b.is_string()) {
                    answer = b.get<std::string>();
                    contentType = "text/plain; charset=utf-8";
                } else if (!b.is_null()) {
                    answer = b.dump();
                }
                break;
            }
        } else {
            status = 404;
            answer = nlohmann::json{{"error", "no sandbox connection '" + connection + "'"}}.dump();
        }
        if (sandbox != m_sandboxes.end() && !matched) {
            answer = nlohmann::json{
                {"sandbox", connection},
                {"method", method},
                {"path", path},
                {"query", query},
                {"body",
                 body}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
        }
        const std::string head = "HTTP/1.1 " + std::to_string(status) + " " + reasonOf(status) +
                                 "\r\nContent-Type: " + contentType +
                                 "\r\nContent-Length: " + std::to_string(answer.size()) +
                                 "\r\nConnection: close\r\n\r\n";
        socket->write(QByteArray::fromStdString(head + answer));
        socket->disconnectFromHost();
    });
}

} // namespace pw::server
