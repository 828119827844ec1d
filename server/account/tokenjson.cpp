#include "tokenjson.h"

#include "server/http/router.h"

namespace pw::server {

using nlohmann::json;

namespace {

json nullableText(const std::optional<std::string> &text)
{
    return text ? json(*text) : json(nullptr);
}

} // namespace

json tokenJson(const core::TokenInfo &token, const std::string &currentTokenId)
{
    json out = {{"id", token.id},
                {"name", token.name},
                {"user_id", token.userId},
                {"user_name", token.userName},
                {"created_at", token.createdAt},
                {"last_used_at", nullableText(token.lastUsedAt)},
                {"expires_at", nullableText(token.expiresAt)},
                {"expired", token.expired},
                {"current", token.id == currentTokenId}};
    if (token.revokedAt)
        out["revoked_at"] = *token.revokedAt;
    return out;
}

void registerTokenSchema(Router &router)
{
    const json text = {{"type", "string"}};
    const json time = {{"type", "string"}, {"format", "date-time"}};
    const json nullableTime = {{"type", "string"}, {"format", "date-time"}, {"nullable", true}};
    const json flag = {{"type", "boolean"}};
    router.addSchema(
        "ApiToken",
        {{"type", "object"},
         {"description", "An API token; never its secret. `last_used_at` is recorded at most "
                         "once a minute; `current` marks the token of this request."},
         {"properties",
          {{"id", text},
           {"name", text},
           {"user_id", text},
           {"user_name", text},
           {"created_at", time},
           {"last_used_at", nullableTime},
           {"expires_at", nullableTime},
           {"revoked_at", time},
           {"expired", flag},
           {"current", flag}}},
         {"required", {"id", "name", "user_id", "created_at", "expired", "current"}}});
}

} // namespace pw::server
