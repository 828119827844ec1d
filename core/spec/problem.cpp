#include "problem.h"

namespace pw::core {

bool hasErrors(const Problems &problems)
{
    for (const Problem &p : problems) {
        if (p.isError())
            return true;
    }
    return false;
}

nlohmann::json problemsToJson(const Problems &problems)
{
    nlohmann::json out = nlohmann::json::array();
    for (const Problem &p : problems) {
        nlohmann::json item = {{"code", p.code},
                               {"message", p.message},
                               {"path", p.path},
                               {"severity", p.isError() ? "error" : "warning"}};
        if (!p.nodeId.empty())
            item["node_id"] = p.nodeId;
        if (!p.details.empty())
            item["details"] = p.details;
        out.push_back(std::move(item));
    }
    return out;
}

} // namespace pw::core
