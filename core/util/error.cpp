#include "error.h"

namespace pw::core {

std::string_view errorCodeName(ErrorCode code)
{
    switch (code) {
    case ErrorCode::Invalid:
        return "invalid";
    case ErrorCode::Unauthenticated:
        return "unauthenticated";
    case ErrorCode::Forbidden:
        return "forbidden";
    case ErrorCode::NotFound:
        return "not_found";
    case ErrorCode::Conflict:
        return "conflict";
    case ErrorCode::Unprocessable:
        return "unprocessable";
    case ErrorCode::Unavailable:
        return "unavailable";
    case ErrorCode::TooLarge:
        return "payload_too_large";
    case ErrorCode::TooManyRequests:
        return "too_many_requests";
    case ErrorCode::Internal:
        return "internal";
    }
    return "internal";
}

Error Error::invalid(std::string message, std::string_view field)
{
    Error e{ErrorCode::Invalid, std::move(message), nlohmann::json::object()};
    if (!field.empty())
        e.details["field"] = std::string(field);
    return e;
}

Error Error::notFound(std::string message)
{
    return {ErrorCode::NotFound, std::move(message), nlohmann::json::object()};
}
Error Error::forbidden(std::string message)
{
    return {ErrorCode::Forbidden, std::move(message), nlohmann::json::object()};
}
Error Error::conflict(std::string message)
{
    return {ErrorCode::Conflict, std::move(message), nlohmann::json::object()};
}
Error Error::unprocessable(std::string message, nlohmann::json details)
{
    return {ErrorCode::Unprocessable, std::move(message), std::move(details)};
}
Error Error::internal(std::string message)
{
    return {ErrorCode::Internal, std::move(message), nlohmann::json::object()};
}

Error Error::tooLarge(std::string message)
{
    return {ErrorCode::TooLarge, std::move(message), nlohmann::json::object()};
}

Error Error::tooManyRequests(std::string message, int retryAfterSeconds)
{
    return {ErrorCode::TooManyRequests, std::move(message), {{"retry_after", retryAfterSeconds}}};
}

} // namespace pw::core
