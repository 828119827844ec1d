#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "../util/error.h"
#include "runnetwork.h"
#include "taskexecution.h"

namespace pw::core {

// What the processes of one run see besides the read-only system: the folders they may write
// (the checkout, the run's shared work folder), files they read at a fixed place inside, and
// folders that must look empty although a writable folder lies inside one (the data directory).
struct SandboxMounts
{
    std::vector<std::string> writable;
    std::vector<std::string> hidden;
    std::vector<std::pair<std::string, std::string>> readOnlyFiles; // host path → path inside
};

// How the task processes of a run are isolated, decided once when the run starts. Refused is
// the default, so a plan that nobody decided for runs no process at all.
struct TaskIsolation
{
    enum class Mode
    {
        Refused,     // process tasks fail with `why`
        Bubblewrap,  // each process in a bubblewrap sandbox (`program`)
        Unsandboxed, // an operator allowed runs without a sandbox where bubblewrap cannot start
    };
    Mode mode = Mode::Refused;
    std::string program; // bwrap, as found on PATH
    RunNetwork network = RunNetwork::None;
    std::string why; // Refused: the message; Unsandboxed: why, and who allowed it
};

// Where a task sees a file the engine writes for it (a python_module task's context).
inline constexpr std::string_view kSandboxContextFile = "/run/pipewright/context.json";

// Bubblewrap (bwrap): builds the sandbox a task process runs in. The system folders are bound
// read-only (never / as a whole, so /home, /root, /srv, /work-like mounts and the data directory
// are absent), /proc, /dev and /tmp are the sandbox's own, every namespace is unshared (the
// network too unless the space has `host`), capabilities are dropped (bwrap keeps all of root's
// otherwise), and the sandbox dies with the process that started it.
class Bubblewrap
{
public:
    // `program` is a name looked up on PATH or a path. Tries to start a sandbox like a task's,
    // once per program for the life of this process (the answer is kept): why it cannot, or
    // the program's full path.
    static Result<std::string> probe(const std::string &program);
    // The command that runs `command` in a sandbox made by `program` (a full path). The
    // working folder must be one of the writable ones.
    static ProcessExecution::Command wrap(ProcessExecution::Command command,
                                          const std::string &program, RunNetwork network,
                                          const SandboxMounts &mounts);
    // The arguments before the command (what `wrap` and `probe` start bwrap with).
    static std::vector<std::string> arguments(RunNetwork network, const SandboxMounts &mounts,
                                              const std::string &workingDirectory);
};

} // namespace pw::core
