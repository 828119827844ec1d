#include "accountroutes.h"

#include "core/app/core.h"
#include "server/http/pagination.h"
#include "server/http/router.h"
#include "tokenjson.h"

namespace pw::server {

namespace {

using nlohmann::json;

ApiResponse listOwnTokens(core::Core &core, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return ApiResponse::error(page.error());
    auto tokens = core.access().ownTokens(req.principal, *page);
    if (!tokens)
        return ApiResponse::error(tokens.error());
    json items = json::array();
    for (const core::TokenInfo &token : tokens->items)
        items.push_back(tokenJson(token, req.principal.tokenId));
    return pageResponse(req, *page, items, tokens->total);
}

ApiResponse revokeOwnToken(core::Core &core, ApiRequest &req)
{
    auto revoked = core.access().revokeOwnToken(req.principal, req.param("token_id"));
    if (!revoked)
        return ApiResponse::error(revoked.error());
    return ApiResponse::json(200, tokenJson(*revoked, req.principal.tokenId));
}

} // namespace

void registerAccountRoutes(Router &router, core::Core &core)
{
    registerTokenSchema(router);
    auto face = std::make_shared<Face>(Face{
        .name = "account",
        .title = "Pipewright account (the caller's own, outside any space)",
        .prefix = "/api/v1.0/me",
        .auth = Face::Auth::BearerToken,
        .space = Face::SpaceFrom::None,
        .paging = Face::Paging::PageAndHeaders,
        .naming = Face::Naming::SnakeCase,
    });
    router.addFace(
        std::move(face),
        {
            {.method = "GET",
             .pattern = "/tokens",
             .operationId = "listOwnTokens",
             .summary = "List the caller's own API tokens (unrevoked, newest first); `current` "
                        "marks the one this request used",
             .tag = "Account",
             .paginated = true,
             .responseSchema = {{"type", "array"}, {"items", schemaRef("ApiToken")}},
             .handler = [&core](ApiRequest &req) { return listOwnTokens(core, req); }},
            {.method = "DELETE",
             .pattern = "/tokens/{token_id}",
             .operationId = "revokeOwnToken",
             .summary = "Revoke one of the caller's own API tokens (the current one too: the "
                        "next request with it is 401)",
             .tag = "Account",
             .responseSchema = schemaRef("ApiToken"),
             .handler = [&core](ApiRequest &req) { return revokeOwnToken(core, req); }},
        });
}

} // namespace pw::server
