#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pw::test {

// A valid request for each route of the authoring face that takes a JSON body, on the demo
// data: the starting points of the hostile-input tests and the mutation fuzzer.
struct SampleRequest
{
    std::string operationId;
    std::string method;
    std::string path; // absolute, ids filled in
    nlohmann::json body;
};

// `versionId` is a saved version of `definitionId` (for restore).
std::vector<SampleRequest> sampleRequests(const std::string &workspaceId,
                                          const std::string &definitionId,
                                          const std::string &versionId);

} // namespace pw::test
