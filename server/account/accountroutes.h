#pragma once

namespace pw::core {
class Core;
}

namespace pw::server {

class Router;

// The caller's own account under /api/v1.0/me, outside any space (a Pipewright addition): its
// API tokens, listed and revoked by any of them.
void registerAccountRoutes(Router &router, core::Core &core);

} // namespace pw::server
