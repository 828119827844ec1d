#pragma once

namespace pw::server {

class Router;

// The JSON Schemas of the authoring face's request and response bodies, registered as named
// components of the OpenAPI document; the route table refers to them by name.
void registerAuthoringSchemas(Router &router);

} // namespace pw::server
