#include "common.h"

#include "core/app/core.h"
#include "server/account/tokenjson.h"
#include "server/http/pagination.h"

namespace pw::server::authoring {

namespace {

using nlohmann::json;

ApiResponse listSpaceTokens(Context &ctx, ApiRequest &req)
{
    auto page = pageRequest(req);
    if (!page)
        return fromError(page.error());
    auto tokens = ctx.core.access().spaceTokens(req.requireActor(),
                                                req.queryValue("user_id").value_or(""), *page);
    if (!tokens)
        return fromError(tokens.error());
    json items = json::array();
    for (const core::TokenInfo &token : tokens->items)
        items.push_back(tokenJson(token, req.principal.tokenId));
    return pageResponse(req, *page, items, tokens->total);
}

ApiResponse revokeSpaceToken(Context &ctx, ApiRequest &req)
{
    auto revoked = ctx.core.access().revokeSpaceToken(req.requireActor(), req.param("token_id"));
    if (!revoked)
        return fromError(revoked.error());
    return ApiResponse::json(200, tokenJson(*revoked, req.principal.tokenId));
}

} // namespace

std::vector<Route> tokenRoutes(const ContextPtr &ctx)
{
    return {
        {.method = "GET",
         .pattern = "/tokens",
         .operationId = "listSpaceTokens",
         .summary = "Space admins: the API tokens of members whose every role is in a space the "
                    "caller administers (unrevoked, by user, newest first)",
         .tag = "Tokens",
         .paginated = true,
         .query = {{.name = "user_id", .description = "Only this member's tokens."}},
         .responseSchema = listOf("ApiToken"),
         .handler = bind(ctx, listSpaceTokens)},
        {.method = "DELETE",
         .pattern = "/tokens/{token_id}",
         .operationId = "revokeSpaceToken",
         .summary = "Space admins: revoke a token of that list; any other token is 404",
         .tag = "Tokens",
         .responseSchema = schemaRef("ApiToken"),
         .handler = bind(ctx, revokeSpaceToken)},
    };
}

} // namespace pw::server::authoring
