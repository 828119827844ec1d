#pragma once

namespace pw::core {
class Core;
}

namespace pw::server {

class Router;

// The Qarion Pipeline Authoring face under /api/v1.0/spaces/{space_slug}/pipeline-authoring:
// workspaces and settings, definitions and versions, graph nodes and dependencies, node
// catalog and validation. Handlers parse the request shape, call one core service, map.
void registerAuthoringRoutes(Router &router, core::Core &core);

} // namespace pw::server
