#pragma once

#include <functional>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>

#include <nlohmann/json.hpp>

#include "core/util/error.h"
#include "deferred.h"

namespace pw::server {

// The HTTP status for each core error code: the one place the mapping lives.
int httpStatus(core::ErrorCode code);
struct ApiResponse;
// Adds Retry-After to an answer refused as too many requests (the error's details say how long).
void withRetryAfter(ApiResponse &response, const core::Error &error);

class HttpStream;

// One response of the API. Bodies are JSON unless a route says otherwise. A response with a
// `stream` is written over time: the head goes out at once, then whatever the callback's
// HttpStream sends (text/event-stream), until it finishes or the client leaves. A `deferred`
// response is no answer yet: the connection waits (reading no further request) while the work
// it starts completes the Deferred, from any thread; the server thread goes on serving others.
struct ApiResponse
{
    int status = 200;
    std::string body;
    QByteArray contentType = "application/json";
    std::vector<std::pair<QByteArray, QByteArray>> headers;
    std::function<void(HttpStream &)> stream;
    // Called on the server thread once the connection waits for the answer.
    std::function<void(Deferred)> startDeferred;
    // How long the connection waits before it answers 503 and cancels (0: the server's
    // HttpLimits::deferredTimeoutMs).
    int deferredTimeoutMs = 0;
    // Past the caller's cap of deferred answers, wait for one of them to finish instead of
    // being refused 429: for work that is short but must not hold the server thread (a large
    // body, a heavy read or write of a definition), which a client rightly sends in parallel.
    bool waitsForTurn = false;

    static ApiResponse json(int status, const nlohmann::json &body);
    // `body` is already serialized JSON (used to splice cached spec text without re-encoding).
    static ApiResponse rawJson(int status, std::string body);
    static ApiResponse error(const core::Error &error);
    // Transport-level failures that have no core error code (413, 405, route not found).
    static ApiResponse error(int status, std::string_view code, std::string message);
    // An answer given later: `start` runs on the server thread with the Deferred to complete
    // (from any thread, exactly once), usually by handing it to core work on another thread.
    // `timeoutMs` overrides the server's ceiling for this route (0: HttpLimits').
    static ApiResponse deferred(std::function<void(Deferred)> start, int timeoutMs = 0);
};

} // namespace pw::server
