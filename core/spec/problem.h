#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pw::core {

// One finding about a spec. `code` is stable (clients switch on it), `path` points into the
// spec (`nodes[3].module`, `edges[5]`), `nodeId` lets the window mark the node.
struct Problem
{
    enum class Severity
    {
        Error,
        Warning
    };
    std::string code;
    std::string message;
    std::string path;
    Severity severity = Severity::Error;
    std::string nodeId;
    nlohmann::json details = nlohmann::json::object();

    bool isError() const { return severity == Severity::Error; }
};

using Problems = std::vector<Problem>;

bool hasErrors(const Problems &problems);
nlohmann::json problemsToJson(const Problems &problems);

} // namespace pw::core
