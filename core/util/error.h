#pragma once

#include <expected>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace pw::core {

// The closed set of failure kinds; each maps to exactly one HTTP status and one window message.
enum class ErrorCode
{
    Invalid,         // malformed payload, bad path, bad field
    Unauthenticated, // no or bad credentials
    Forbidden,       // known caller without the right
    NotFound,        // also for objects the caller may not see
    Conflict,        // state conflict: archived object, duplicate, stale base
    Unprocessable,   // validation / compile gate failed
    Unavailable,     // an outside dependency cannot be reached
    TooLarge,        // content over a documented size limit (a draft file over 5 MiB)
    TooManyRequests, // the caller has too much under way (details.retry_after: seconds)
    Internal,        // storage failure; never the caller's fault
};

std::string_view errorCodeName(ErrorCode code);

// A recoverable failure: a value, never an exception across a layer.
struct Error
{
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    nlohmann::json details = nlohmann::json::object();

    static Error invalid(std::string message, std::string_view field = {});
    static Error notFound(std::string message);
    static Error forbidden(std::string message);
    static Error conflict(std::string message);
    static Error unprocessable(std::string message,
                               nlohmann::json details = nlohmann::json::object());
    static Error internal(std::string message);
    static Error tooLarge(std::string message);
    static Error tooManyRequests(std::string message, int retryAfterSeconds);
};

template <class T> using Result = std::expected<T, Error>;
using Status = std::expected<void, Error>;

inline std::unexpected<Error> fail(Error error)
{
    return std::unexpected<Error>(std::move(error));
}

} // namespace pw::core
