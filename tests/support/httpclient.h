#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pw::test {

struct HttpResult
{
    int status = 0;                             // 0: the connection failed
    std::map<std::string, std::string> headers; // names lowercased
    std::string body;

    nlohmann::json json() const;
    std::string header(const std::string &name) const;
    // The error code of a JSON error body, or "".
    std::string errorCode() const;
};

// One raw loopback TCP connection for tests that send what no well-behaved client would
// (broken heads, slow bytes, bodies that never end) and read what comes back, with timeouts.
class RawConnection
{
public:
    explicit RawConnection(uint16_t port);
    ~RawConnection();
    RawConnection(const RawConnection &) = delete;
    RawConnection &operator=(const RawConnection &) = delete;

    bool isOpen() const { return m_fd >= 0; }
    // False when the peer has closed or reset the connection.
    bool send(std::string_view data);
    // Closes the sending side (the way `printf ... | nc` does) and keeps reading.
    void shutdownWrites();
    // One response; status 0 when none arrived within the timeout or the connection ended first.
    HttpResult readResponse(int timeoutMs = 10000);
    // The status line and headers of one response that has no content (an answer to HEAD).
    HttpResult readResponseHead(int timeoutMs = 10000);
    // After readResponseHead of a chunked answer (a stream): decodes chunks as they come until the
    // decoded text holds `marker` (or the timeout); returns all decoded text so far.
    std::string readStreamUntil(std::string_view marker, int timeoutMs = 10000);
    // Whether the server closes the connection (EOF or reset) within the timeout; what it sends
    // before that is read and dropped.
    bool closedByPeer(int timeoutMs);

private:
    int m_fd = -1;
    std::string m_buffer;
    std::string m_decoded;
};

// A small blocking HTTP/1.1 client over a real loopback TCP socket, keeping its connection
// alive between requests. One per thread. Used by the API tests and the benchmarks.
class HttpClient
{
public:
    explicit HttpClient(uint16_t port, std::string token = {});
    ~HttpClient();
    HttpClient(const HttpClient &) = delete;
    HttpClient &operator=(const HttpClient &) = delete;

    void setToken(std::string token) { m_token = std::move(token); }
    HttpResult request(const std::string &method, const std::string &path,
                       const std::string &body = {},
                       const std::map<std::string, std::string> &extraHeaders = {});
    HttpResult get(const std::string &path) { return request("GET", path); }
    HttpResult post(const std::string &path, const nlohmann::json &body)
    {
        return request("POST", path, body.dump());
    }
    HttpResult patch(const std::string &path, const nlohmann::json &body)
    {
        return request("PATCH", path, body.dump());
    }
    HttpResult put(const std::string &path, const nlohmann::json &body)
    {
        return request("PUT", path, body.dump());
    }
    HttpResult del(const std::string &path, const std::string &body = {})
    {
        return request("DELETE", path, body);
    }

private:
    bool connectSocket();
    void closeSocket();
    bool sendAll(const std::string &data);
    HttpResult readResponse();

    uint16_t m_port;
    std::string m_token;
    int m_fd = -1;
    std::string m_buffer;
};

} // namespace pw::test
