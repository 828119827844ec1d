#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>

#include <nlohmann/json.hpp>

#include "core/util/error.h"

namespace pw::server {

// The HTTP status for each core error code: the one place the mapping lives.
int httpStatus(core::ErrorCode code);
struct ApiResponse;
// Adds Retry-After to an answer refused as too many requests (the error's details say how long).
void withRetryAfter(ApiResponse &response, const core::Error &error);

class HttpStream;

// One response of the API. Bodies are JSON unless a route says otherwise. A response with a
// `stream` is written over time: the head goes out at once, then whatever the callback's
// HttpStream sends (text/event-stream), until it finishes or the client leaves.
struct ApiResponse
{
    int status = 200;
    std::string body;
    QByteArray contentType = "application/json";
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    std::function<void(HttpStream &)> stream;

    static ApiResponse json(int status, const nlohmann::json &body);
    // `body` is already serialized JSON (used to splice cached spec text without re-encoding).
    static ApiResponse rawJson(int status, std::string body);
    static ApiResponse error(const core::Error &error);
    // Transport-level failures that have no core error code (413, 405, route not found).
    static ApiResponse error(int status, std::string_view code, std::string message);
};

} // namespace pw::server
