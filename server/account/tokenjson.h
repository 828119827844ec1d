#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/access/accessservice.h"

namespace pw::server {

class Router;

// An API token as both token faces (the caller's own, a space admin's) write it, snake_case:
// never the secret or its hash; `current` marks the token the request was made with.
nlohmann::json tokenJson(const core::TokenInfo &token, const std::string &currentTokenId);
// The `ApiToken` schema the routes refer to.
void registerTokenSchema(Router &router);

} // namespace pw::server
