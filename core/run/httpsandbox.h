#pragma once

#include <functional>
#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "../util/error.h"

namespace pw::core {

// Where local runs send the requests of http connections in sandbox mode, so a pipeline that
// calls services this machine cannot reach still runs here: a loopback responder that answers
// with what the connection's config lists ({"sandbox": {"responses": [{"method", "path",
// "status", "body"}]}}), or echoes a request no answer matches. Core only knows this interface
// (it runs no servers); the process that opens the core provides one (server/sandbox).
class HttpSandbox
{
public:
    virtual ~HttpSandbox() = default;
    // The base URL standing for `connection`, answering as `sandbox` says.
    virtual Result<std::string> baseUrlFor(const std::string &connection,
                                           const nlohmann::json &sandbox) = 0;
};

// Makes the sandbox on the runner's thread, where it then lives.
using HttpSandboxFactory = std::function<std::unique_ptr<HttpSandbox>()>;

} // namespace pw::core
