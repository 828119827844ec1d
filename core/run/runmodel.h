#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "../spec/spec.h"
#include "../util/error.h"

namespace pw::core {

// A task's state in a run (seed 002's task states).
enum class TaskState
{
    Pending,
    Queued,
    Running,
    Completed,
    Failed,
    UpstreamFailed,
    Skipped,
    Cancelled
};
std::string_view taskStateName(TaskState state);
std::optional<TaskState> taskStateFromName(std::string_view name);
bool isFinished(TaskState state);

// A run's state (seed 002's overallStatus).
enum class RunState
{
    Pending,
    Running,
    Completed,
    Failed,
    Cancelled
};
std::string_view runStateName(RunState state);
std::optional<RunState> runStateFromName(std::string_view name);
inline bool isFinished(RunState state)
{
    return state == RunState::Completed || state == RunState::Failed ||
           state == RunState::Cancelled;
}

// Which nodes a run executes.
struct RunSelection
{
    enum class Mode
    {
        All,
        From, // the nodes and everything downstream of them
        UpTo, // the nodes and everything upstream of them
        Only  // exactly the nodes
    };
    Mode mode = Mode::All;
    std::vector<std::string> nodes;

    nlohmann::json toJson() const;
    static Result<RunSelection> fromJson(const nlohmann::json &json);
};
std::string_view selectionModeName(RunSelection::Mode mode);

// The selected node indexes of `spec`, as a mask; an unknown or missing node is an error naming
// it.
Result<std::vector<bool>> selectNodes(const Spec &spec, const RunSelection &selection);

// How many attempts a task gets: 1 + its retries (the node's, else the deployment's).
int maxAttemptsOf(const Spec &spec, const Node &node);

// What a task's trigger rule says, given its upstream tasks' states, in Airflow's terms.
enum class TriggerDecision
{
    Wait,           // not yet: an upstream task that matters has not finished
    Run,            // start it
    Skip,           // SKIPPED
    UpstreamFailed, // UPSTREAM_FAILED
};

struct UpstreamCounts
{
    int total = 0;
    int succeeded = 0;
    int failed = 0; // FAILED and UPSTREAM_FAILED
    int skipped = 0;
    int done() const { return succeeded + failed + skipped; }
};

// The known rules: all_success (the default), all_failed, all_done, one_success, one_failed,
// none_failed, none_skipped, always. An unknown rule is reported by validation before a run.
TriggerDecision decideTrigger(std::string_view rule, const UpstreamCounts &upstream);
bool isTriggerRule(std::string_view rule);

} // namespace pw::core
