#pragma once

#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <QByteArray>
#include <QUrlQuery>

#include <nlohmann/json.hpp>

#include "core/access/access.h"
#include "core/access/accessservice.h"
#include "core/util/error.h"

namespace pw::server {

// Who a request's body, stream or deferred answer is counted against (HttpLimits' budgets).
struct Caller
{
    std::string userId; // empty on a route without a token (a signed webhook)
    std::string tokenId;
    bool hasToken() const { return !userId.empty(); }
};

// One request as a handler sees it: the matched path parameters, the query, the caller.
struct ApiRequest
{
    QByteArray method;
    std::string path;
    std::map<std::string, std::string, std::less<>> params;
    QUrlQuery query;
    QByteArray body;
    std::vector<std::pair<QByteArray, QByteArray>> headers; // names lowercased
    core::Principal principal;
    std::optional<core::Actor> actor; // set for routes under /spaces/{space_slug}

    const std::string &param(std::string_view name) const;
    std::optional<std::string> queryValue(const char *name) const;
    // The first value of a header (name in lowercase), or empty.
    QByteArray header(const char *name) const;
    const core::Actor &requireActor() const { return *actor; }
    Caller caller() const { return Caller{principal.userId, principal.tokenId}; }
    // The body as a JSON object; a clear `invalid` error for an empty body, malformed JSON or
    // a body that is not an object.
    core::Result<nlohmann::json> jsonObject() const;
};

} // namespace pw::server
