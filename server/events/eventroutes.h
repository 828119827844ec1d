#pragma once

#include <functional>
#include <string>

namespace pw::core {
class Core;
}

namespace pw::server {

class Router;

struct EventRouteOptions
{
    std::string prefix = "/api/v1.0/spaces/{space_slug}";
    // For tests: runs on the server thread after a stream has read where it starts and before it
    // subscribes to the notifier, the moment an event can fall between the two.
    std::function<void()> beforeSubscribe;
};

// GET /api/v1.0/spaces/{space_slug}/events: the space's change events as server-sent events,
// each with its sequence number as `id:`; a client that reconnects with Last-Event-ID (or
// ?after=) first gets what it missed from the audit log.
void registerEventRoutes(Router &router, core::Core &core, EventRouteOptions options = {});

} // namespace pw::server
