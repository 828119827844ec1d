#pragma once

#include <nlohmann/json.hpp>

#include "router.h"

namespace pw::server {

// An OpenAPI 3 document generated from the route table, so it cannot miss a route.
nlohmann::json openApiDocument(const Router &router);
void registerOpenApiRoute(Router &router);

} // namespace pw::server
