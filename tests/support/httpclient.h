#pragma once

#include <cstdint>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

namespace pw::test {

struct HttpResult
{
    int status = 0; // 0: the connection failed
    std::map<std::string, std::string> headers; // names lowercased
    std::string body;

    nlohmann::json json() const;
    std::string header(const std::string &name) const;
    // The error code of a JSON error body, or "".
    std::string errorCode() const;
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
    HttpResult request(const std::string &method, const std::string &path, const std::string &body = {},
                       const std::map<std::string, std::string> &extraHeaders = {});
    HttpResult get(const std::string &path) { return request("GET", path); }
    HttpResult post(const std::string &path, const nlohmann::json &body) { return request("POST", path, body.dump()); }
    HttpResult patch(const std::string &path, const nlohmann::json &body) { return request("PATCH", path, body.dump()); }
    HttpResult put(const std::string &path, const nlohmann::json &body) { return request("PUT", path, body.dump()); }
    HttpResult del(const std::string &path, const std::string &body = {}) { return request("DELETE", path, body); }

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
