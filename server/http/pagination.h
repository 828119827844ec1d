#pragma once

#include "apirequest.h"
#include "apiresponse.h"
#include "core/util/page.h"

namespace pw::server {

// `page` (from 1) and `page_size` (1..1000, default 100) from the query, or a 400 naming the
// parameter.
core::Result<core::PageRequest> pageRequest(const ApiRequest &request);
// A 200 list response: the page's `items` with X-Total-Count and an RFC 8288 Link header
// (first, prev, next, last).
ApiResponse pageResponse(const ApiRequest &request, core::PageRequest page,
                         const nlohmann::json &items, int64_t total);

} // namespace pw::server
