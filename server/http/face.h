#pragma once

#include <functional>
#include <memory>
#include <string>

#include "apiresponse.h"

namespace pw::server {

// One API family over the same core (Qarion authoring today; DataFlow, Kaireon, orchestration
// and webhooks next), declared once instead of known by each route: where its routes live,
// how a caller is identified, where the space comes from, how lists page, how fields are named
// and how an error is written.
struct Face
{
    enum class Auth
    {
        BearerToken, // Authorization: Bearer <token>
        Signature,   // no token: the handler verifies a signature of the raw body (webhooks)
    };
    enum class SpaceFrom
    {
        PathSlug, // the {space_slug} path parameter
        Fixed,    // always `fixedSpace` (a face with no tenant in its paths: DataFlow)
        None,     // not space-scoped (the OpenAPI document, webhooks)
    };
    enum class Paging
    {
        PageAndHeaders, // page / page_size, X-Total-Count and Link
        None,
    };
    enum class Naming
    {
        SnakeCase,
        CamelCase
    };

    std::string name;   // "authoring"
    std::string title;  // for the OpenAPI document's tags
    std::string prefix; // "/api/v1.0/spaces/{space_slug}/pipeline-authoring"
    Auth auth = Auth::BearerToken;
    SpaceFrom space = SpaceFrom::PathSlug;
    std::string fixedSpace = "default";
    Paging paging = Paging::PageAndHeaders;
    Naming naming = Naming::SnakeCase;
    // How the face writes an error; the Qarion faces: {"error": {"code", "message", "details"}}.
    std::function<ApiResponse(const core::Error &)> errorBody = [](const core::Error &e) {
        return ApiResponse::error(e);
    };
};

using FacePtr = std::shared_ptr<const Face>;

} // namespace pw::server
