#pragma once

namespace pw::core {
class Core;
}

namespace pw::server {

class Router;

// The DataFlow Pipeline Engine face under /api/v1 (camelCase, the `default` space): Git
// repositories, history, diff and rollback over the definitions' versions, branches and
// merges; and its webhook face, signed by the provider instead of a bearer token.
void registerDataFlowRoutes(Router &router, core::Core &core);

} // namespace pw::server
