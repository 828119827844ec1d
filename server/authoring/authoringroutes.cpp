#include "authoringroutes.h"

#include "authoringschemas.h"
#include "common.h"

namespace pw::server {

void registerAuthoringRoutes(Router &router, core::Core &core)
{
    registerAuthoringSchemas(router);
    auto face = std::make_shared<Face>(Face{
        .name = "authoring",
        .title = "Qarion Pipeline Authoring",
        .prefix = "/api/v1.0/spaces/{space_slug}/pipeline-authoring",
        .auth = Face::Auth::BearerToken,
        .space = Face::SpaceFrom::PathSlug,
        .paging = Face::Paging::PageAndHeaders,
        .naming = Face::Naming::SnakeCase,
    });
    auto ctx = std::make_shared<authoring::Context>(authoring::Context{core});
    std::vector<Route> routes;
    for (auto part : {authoring::workspaceRoutes, authoring::definitionRoutes,
                      authoring::graphRoutes, authoring::fileRoutes, authoring::compilerRoutes,
                      authoring::jobRoutes, authoring::tokenRoutes}) {
        for (Route &route : part(ctx))
            routes.push_back(std::move(route));
    }
    router.addFace(std::move(face), std::move(routes));
}

} // namespace pw::server
