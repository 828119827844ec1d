#include "apiresponse.h"

#include <QtGlobal>

namespace pw::server {

int httpStatus(core::ErrorCode code)
{
    switch (code) {
    case core::ErrorCode::Invalid:
        return 400;
    case core::ErrorCode::Unauthenticated:
        return 401;
    case core::ErrorCode::Forbidden:
        return 403;
    case core::ErrorCode::NotFound:
        return 404;
    case core::ErrorCode::Conflict:
        return 409;
    case core::ErrorCode::Unprocessable:
        return 422;
    case core::ErrorCode::Unavailable:
        return 503;
    case core::ErrorCode::TooLarge:
        return 413;
    case core::ErrorCode::TooManyRequests:
        return 429;
    case core::ErrorCode::Internal:
        return 500;
    }
    return 500;
}

void withRetryAfter(ApiResponse &response, const core::Error &error)
{
    // RFC 9110: how long to wait before asking again, when the refusal knows.
    if (error.code == core::ErrorCode::TooManyRequests && error.details.is_object()) {
        if (const auto it = error.details.find("retry_after");
            it != error.details.end() && it->is_number_integer())
            response.headers.emplace_back("Retry-After", QByteArray::number(it->get<int64_t>()));
    }
}

ApiResponse ApiResponse::json(int status, const nlohmann::json &body)
{
    return rawJson(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

ApiResponse ApiResponse::rawJson(int status, std::string body)
{
    ApiResponse r;
    r.status = status;
    r.body = std::move(body);
    return r;
}

namespace {

// An error's message names what was wrong, sometimes quoting what was sent (an id, a header):
// at most kMaxMessageBytes of it, cut at a character, so a 60 KiB header or id is not sent back.
constexpr std::size_t kMaxMessageBytes = 1024;

std::string bounded(std::string message)
{
    if (message.size() <= kMaxMessageBytes)
        return message;
    std::size_t end = kMaxMessageBytes;
    while (end > 0 && (static_cast<unsigned char>(message[end]) & 0xC0) == 0x80)
        --end;
    message.resize(end);
    return message + "…";
}

} // namespace

ApiResponse ApiResponse::error(const core::Error &error)
{
    // A 500 is never the caller's to read: core's message names what failed inside (a libgit2
    // or SQLite text, a path of the data directory). The log keeps it; the answer says nothing.
    if (error.code == core::ErrorCode::Internal) {
        qCritical("pipewright: answered 500 for an internal failure: %s", error.message.c_str());
        return ApiResponse::error(
            500, "internal",
            "the server failed while handling this request; the failure is logged");
    }
    nlohmann::json body = {
        {"error",
         {{"code", std::string(core::errorCodeName(error.code))},
          {"message", bounded(error.message)},
          {"details", error.details.is_null() ? nlohmann::json::object() : error.details}}}};
    ApiResponse response = json(httpStatus(error.code), body);
    withRetryAfter(response, error);
    return response;
}

ApiResponse ApiResponse::error(int status, std::string_view code, std::string message)
{
    nlohmann::json body = {{"error",
                            {{"code", std::string(code)},
                             {"message", bounded(std::move(message))},
                             {"details", nlohmann::json::object()}}}};
    return json(status, body);
}

ApiResponse ApiResponse::deferred(std::function<void(Deferred)> start, int timeoutMs)
{
    ApiResponse r;
    r.startDeferred = std::move(start);
    r.deferredTimeoutMs = timeoutMs;
    return r;
}

} // namespace pw::server
