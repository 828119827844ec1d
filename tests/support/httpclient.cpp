#include "httpclient.h"

#include <QByteArray>

#include <algorithm>
#include <chrono>
#include <cstring>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace pw::test {

nlohmann::json HttpResult::json() const
{
    return nlohmann::json::parse(body, nullptr, false);
}

std::string HttpResult::header(const std::string &name) const
{
    std::string lower = name;
    std::transform(lower.begin(), lower.end(), lower.begin(),
                   [](unsigned char c) { return std::tolower(c); });
    const auto it = headers.find(lower);
    return it == headers.end() ? std::string() : it->second;
}

std::string HttpResult::errorCode() const
{
    const auto j = json();
    if (!j.is_object() || !j.contains("error") || !j["error"].is_object())
        return {};
    return j["error"].value("code", std::string());
}

namespace {

int connectLoopback(uint16_t port)
{
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0)
        return -1;
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
        ::close(fd);
        return -1;
    }
    return fd;
}

bool sendAllTo(int fd, std::string_view data)
{
    size_t sent = 0;
    while (sent < data.size()) {
        const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
        if (n <= 0)
            return false;
        sent += static_cast<size_t>(n);
    }
    return true;
}

// Reads more bytes into `buffer`; false on EOF, error or timeout (timeoutMs < 0: no timeout).
bool receiveMore(int fd, std::string &buffer, int timeoutMs)
{
    if (timeoutMs >= 0) {
        pollfd p{fd, POLLIN, 0};
        if (::poll(&p, 1, timeoutMs) <= 0)
            return false;
    }
    char chunk[65536];
    const ssize_t n = ::recv(fd, chunk, sizeof chunk, 0);
    if (n <= 0)
        return false;
    buffer.append(chunk, static_cast<size_t>(n));
    return true;
}

// One response from the front of `buffer`, reading more as needed. `headOnly`: the answer to
// HEAD, whose Content-Length describes content that is not sent.
HttpResult readOneResponse(int fd, std::string &buffer, int timeoutMs, bool headOnly = false)
{
    HttpResult result;
    size_t headerEnd = std::string::npos;
    while ((headerEnd = buffer.find("\r\n\r\n")) == std::string::npos) {
        if (!receiveMore(fd, buffer, timeoutMs))
            return result;
    }
    const std::string head = buffer.substr(0, headerEnd);
    size_t lineEnd = head.find("\r\n");
    const std::string statusLine = head.substr(0, lineEnd);
    const auto space = statusLine.find(' ');
    const int status = space == std::string::npos ? 0 : std::atoi(statusLine.c_str() + space + 1);
    size_t pos = lineEnd == std::string::npos ? head.size() : lineEnd + 2;
    while (pos < head.size()) {
        size_t end = head.find("\r\n", pos);
        if (end == std::string::npos)
            end = head.size();
        const std::string line = head.substr(pos, end - pos);
        const auto colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            std::transform(name.begin(), name.end(), name.begin(),
                           [](unsigned char c) { return std::tolower(c); });
            std::string value = line.substr(colon + 1);
            value.erase(0, value.find_first_not_of(' '));
            result.headers[name] = value;
        }
        pos = end + 2;
    }
    const size_t length =
        headOnly ? 0 : std::strtoull(result.header("content-length").c_str(), nullptr, 10);
    buffer.erase(0, headerEnd + 4);
    while (buffer.size() < length) {
        if (!receiveMore(fd, buffer, timeoutMs))
            return HttpResult{};
    }
    result.status = status;
    result.body = buffer.substr(0, length);
    buffer.erase(0, length);
    return result;
}

} // namespace

RawConnection::RawConnection(uint16_t port) : m_fd(connectLoopback(port)) {}

RawConnection::~RawConnection()
{
    if (m_fd >= 0)
        ::close(m_fd);
}

bool RawConnection::send(std::string_view data)
{
    return m_fd >= 0 && sendAllTo(m_fd, data);
}

void RawConnection::shutdownWrites()
{
    if (m_fd >= 0)
        ::shutdown(m_fd, SHUT_WR);
}

HttpResult RawConnection::readResponse(int timeoutMs)
{
    if (m_fd < 0)
        return {};
    return readOneResponse(m_fd, m_buffer, timeoutMs);
}

HttpResult RawConnection::readResponseHead(int timeoutMs)
{
    if (m_fd < 0)
        return {};
    return readOneResponse(m_fd, m_buffer, timeoutMs, true);
}

std::string RawConnection::readStreamUntil(std::string_view marker, int timeoutMs)
{
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (m_decoded.find(marker) == std::string::npos) {
        // Take every whole chunk in the buffer.
        while (true) {
            const size_t lineEnd = m_buffer.find("\r\n");
            if (lineEnd == std::string::npos)
                break;
            const size_t size = std::strtoull(m_buffer.c_str(), nullptr, 16);
            if (m_buffer.size() < lineEnd + 2 + size + 2)
                break;
            m_decoded.append(m_buffer, lineEnd + 2, size);
            m_buffer.erase(0, lineEnd + 2 + size + 2);
            if (size == 0)
                return m_decoded;
        }
        if (m_decoded.find(marker) != std::string::npos)
            break;
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0 || m_fd < 0 ||
            !receiveMore(m_fd, m_buffer, static_cast<int>(left.count())))
            break;
    }
    return m_decoded;
}

bool RawConnection::closedByPeer(int timeoutMs)
{
    if (m_fd < 0)
        return true;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeoutMs);
    while (true) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        if (left.count() <= 0)
            return false;
        pollfd p{m_fd, POLLIN, 0};
        if (::poll(&p, 1, static_cast<int>(left.count())) <= 0)
            return false;
        char chunk[65536];
        if (::recv(m_fd, chunk, sizeof chunk, 0) <= 0)
            return true;
    }
}

HttpClient::HttpClient(uint16_t port, std::string token) : m_port(port), m_token(std::move(token))
{
}

HttpClient::~HttpClient()
{
    closeSocket();
}

bool HttpClient::connectSocket()
{
    m_fd = connectLoopback(m_port);
    m_buffer.clear();
    return m_fd >= 0;
}

void HttpClient::closeSocket()
{
    if (m_fd >= 0)
        ::close(m_fd);
    m_fd = -1;
}

bool HttpClient::sendAll(const std::string &data)
{
    return sendAllTo(m_fd, data);
}

HttpResult HttpClient::readResponse()
{
    HttpResult result = readOneResponse(m_fd, m_buffer, -1);
    if (result.status != 0 && result.header("connection") == "close")
        closeSocket();
    return result;
}

HttpResult HttpClient::request(const std::string &method, const std::string &path,
                               const std::string &body,
                               const std::map<std::string, std::string> &extraHeaders)
{
    std::string request =
        method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + std::to_string(m_port) + "\r\n";
    if (!m_token.empty())
        request += "Authorization: Bearer " + m_token + "\r\n";
    bool typed = false; // a caller's own Content-Type (multipart) replaces the JSON one
    for (const auto &[name, value] : extraHeaders) {
        request += name + ": " + value + "\r\n";
        typed = typed || QByteArray::fromStdString(name).toLower() == "content-type";
    }
    if (!body.empty() || method == "POST" || method == "PUT" || method == "PATCH")
        request += (typed ? std::string() : std::string("Content-Type: application/json\r\n")) +
                   "Content-Length: " + std::to_string(body.size()) + "\r\n";
    request += "\r\n";
    request += body;
    // A reused keep-alive socket may have been closed by the server while idle: then, and only
    // then, retry once on a fresh connection. A fresh connection that fails is reported.
    const bool reused = m_fd >= 0;
    if (!reused && !connectSocket())
        return {};
    if (sendAll(request)) {
        HttpResult result = readResponse();
        if (result.status != 0)
            return result;
    }
    closeSocket();
    if (!reused || !connectSocket())
        return {};
    if (!sendAll(request)) {
        closeSocket();
        return {};
    }
    HttpResult result = readResponse();
    if (result.status == 0)
        closeSocket();
    return result;
}

} // namespace pw::test
