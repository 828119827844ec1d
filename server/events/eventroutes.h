#pragma once

namespace pw::core {
class Core;
}

namespace pw::server {

class Router;

// GET /api/v1.0/spaces/{space_slug}/events: the space's change events as server-sent events,
// each with its sequence number as `id:`; a client that reconnects with Last-Event-ID (or
// ?after=) first gets what it missed from the audit log.
void registerEventRoutes(Router &router, core::Core &core);

} // namespace pw::server
