#pragma once

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../compiler/compilerservice.h"

namespace pw::core {

// One check a publish passes or fails, as the validation report shows it.
struct GateResult
{
    std::string name; // spec_valid | compiles | python_parses | review_current
    bool passed = false;
    std::string message;
    nlohmann::json details = nlohmann::json::object();
};

struct PublishReport
{
    std::vector<GateResult> gates;
    CompileResult compiled; // the generated files when the spec compiled
    bool passed() const;
    nlohmann::json toJson() const;
};

// Syntax errors of generated Python files ("path:line: message"), found by python3 parsing
// each in a child process; an error when python3 cannot be run. `cancelled` is asked while
// python3 runs: when it says so, python3 is killed and the answer is a conflict.
Result<std::vector<std::string>> pythonSyntaxErrors(const std::vector<GeneratedFile> &files,
                                                    const std::function<bool()> &cancelled = {});

// The code gates of a publish, in order: the spec validates, it compiles for `target`, and the
// generated Python parses. A gate after a failed one is reported failed with why.
// `onGate` hears each gate as it finishes; answering false stops before the next one (the
// report then holds the gates run so far).
PublishReport runPublishGates(const CompilerService &compiler, const Spec &spec,
                              const std::string &target, const std::string &name,
                              const std::string &definitionId,
                              const std::function<bool(const GateResult &)> &onGate = {},
                              const std::function<bool()> &cancelled = {});

} // namespace pw::core
