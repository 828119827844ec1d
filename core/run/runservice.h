#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../store/store.h"
#include "../util/page.h"
#include "httpsandbox.h"
#include "runengine.h"
#include "runmodel.h"
#include "runsettings.h"
#include "tasklog.h"
#include "tasksandbox.h"

class QThread;
class QObject;

namespace pw::core {

class Registry;
class DefinitionService;
class RepositoryService;
class CompilerService;

// What a caller asks to run.
struct RunRequest
{
    std::string definitionId;
    std::optional<int> version;                       // none: the current version
    nlohmann::json params = nlohmann::json::object(); // over the spec's params
    RunSelection selection;
    std::string trigger = "manual";         // manual | api | cli | rerun | dataflow
    std::optional<std::string> logicalDate; // none: now
    int parallelism = 0;                    // 0: the number of cores
};

struct TaskRunInfo
{
    std::string nodeId;
    int position = 0; // the node's index in the pinned spec
    TaskState state = TaskState::Pending;
    int attempt = 0;
    int maxAttempts = 1;
    std::string message;
    std::optional<int> exitCode;
    std::optional<std::string> startedAt;
    std::optional<std::string> finishedAt;
};

struct RunInfo
{
    std::string id;
    std::string spaceId;
    std::string definitionId;
    int version = 0;
    RunState state = RunState::Pending;
    std::string trigger;
    RunSelection selection;
    nlohmann::json params = nlohmann::json::object();
    std::string logicalDate;
    std::string message;
    int taskCount = 0;
    std::string createdBy;
    std::string createdAt;
    std::optional<std::string> startedAt;
    std::optional<std::string> finishedAt;
    std::vector<TaskRunInfo> tasks; // in spec order (filled by get)
};

struct RunLog
{
    std::string nodeId;
    int attempt = 0;
    bool complete = false; // the attempt has ended: nothing more will be written
    LogChunk chunk;
};

// Local runs: a run pins one definition version and runs it with parameters and a selection in
// a checkout of the draft tree (repository head plus overlay), so the code being edited is the
// code that runs. Engines live on one runner thread; their state changes are written in batches
// (a few per second, one audit event and one `run` change event each) so the window and the API
// see the same run. Runs a previous process left running are marked FAILED ("interrupted") at
// open, and what they left running is stopped.
class RunService
{
public:
    static constexpr int kFlushIntervalMs = 50;
    // Runs one member may have under way in a space at once (each holds processes and a
    // checkout); the next is 429 with Retry-After.
    static constexpr int kMaxActiveRunsPerMember = 8;
    static constexpr int kRunRetryAfterSeconds = 10;

    RunService(Store &store, Registry &registry, DefinitionService &definitions,
               RepositoryService &repositories, const CompilerService &compiler,
               RunSettingsService &runSettings, std::string dataDir);
    ~RunService();

    // Starts a run and returns it at once (PENDING while its checkout is written). Needs manage
    // access; a spec with errors is 422 with its problems.
    Result<RunInfo> start(const Actor &actor, RunRequest request);
    Result<RunInfo> get(const Actor &actor, const std::string &runId);
    // Runs of a definition, newest first (without their tasks).
    Result<Page<RunInfo>> list(const Actor &actor, const std::string &definitionId,
                               PageRequest page);
    // Asks a run to stop; its tasks end CANCELLED. 409 when it has already ended.
    Result<RunInfo> cancel(const Actor &actor, const std::string &runId);
    // Calls `done` once, on the runner thread, with the run as soon as it has ended, or as it
    // stands after `timeoutMs` — so a caller can answer with the end of a cancel without waiting
    // for it (the API answers a cancel this way).
    void whenEnded(const Actor &actor, const std::string &runId, int timeoutMs,
                   std::function<void(Result<RunInfo>)> done);
    // A new run of the same version and parameters with the tasks that did not complete.
    Result<RunInfo> rerunFailed(const Actor &actor, const std::string &runId);
    // A task's log from `offset` (attempt 0: its latest attempt).
    Result<RunLog> log(const Actor &actor, const std::string &runId, const std::string &nodeId,
                       int attempt, int64_t offset, int64_t limit);
    // Deletes a definition and all its runs (their files too); 409 while one of its runs is
    // still going.
    Status deleteDefinition(const Actor &actor, const std::string &definitionId);
    // The state of the definition's newest run, if it has one.
    Result<std::optional<RunInfo>> latest(const Actor &actor, const std::string &definitionId);

    // Marks runs a previous process left PENDING or RUNNING as FAILED and stops their leftover
    // processes (called at open).
    Status recoverInterrupted();
    // Cancels what runs, waits for it to end, and stops the runner thread.
    void shutdown();
    // How long a stopped task gets between SIGTERM and SIGKILL (tests shorten it).
    void setKillGraceMs(int ms) { m_killGraceMs = ms; }
    // The size at which a task attempt's log is cut (16 MiB by default).
    void setLogCapBytes(int64_t bytes) { m_logCapBytes = bytes; }
    // How the runner thread makes its HTTP sandbox (set before the first run; without one,
    // sandboxed connections fail with a message).
    void setHttpSandboxFactory(HttpSandboxFactory factory);
    // The bubblewrap program runs are sandboxed with ("bwrap", looked up on PATH; tests name
    // a missing one to see what happens where bubblewrap cannot start).
    void setSandboxProgram(std::string program);
    std::string sandboxProgram();
    // Whether it can start a sandbox here (tried once per program): its full path, or why not.
    Result<std::string> sandboxCheck();
    // An operator's decision (`serve --unsandboxed-runs`, the window's setting): where
    // bubblewrap cannot start, run tasks without a sandbox instead of refusing the run. Each
    // change is an audit event (runs.unsandboxed_allowed / _disallowed), written before it
    // applies. A working sandbox is never given up.
    Status allowUnsandboxedRuns(bool allow, const OperatorChange &change);
    bool unsandboxedRunsAllowed();
    // How a run's processes are isolated on a space with `network`: in bubblewrap, or (allowed
    // by an operator where bubblewrap cannot start) without, or refused (503) with why and how
    // to allow it.
    Result<TaskIsolation> isolationFor(RunNetwork network);
    // The same for the selected tasks of a spec: a refusal only matters to a run that starts a
    // process (bash, python_module); one without keeps the refusal as its isolation.
    Result<TaskIsolation> isolationForRun(const Spec &spec, const std::vector<bool> &selected,
                                          RunNetwork network);
    std::string runDir(const std::string &runId) const;
    RunFolders folders(const std::string &runId) const { return RunFolders::under(runDir(runId)); }

private:
    struct Active;
    class Recorder;
    void begin(const std::shared_ptr<Active> &active, Actor actor);
    void flush(const std::shared_ptr<Active> &active);
    void scheduleFlush(const std::shared_ptr<Active> &active);
    Result<RunInfo> load(const std::string &runId, bool withTasks);
    Result<RunInfo> visible(const Actor &actor, const std::string &runId, bool withTasks);

    Store &m_store;
    Registry &m_registry;
    DefinitionService &m_definitions;
    RepositoryService &m_repositories;
    const CompilerService &m_compiler;
    RunSettingsService &m_runSettings;
    std::string m_dataDir;
    std::string m_sandboxProgram = "bwrap"; // guarded by m_mutex
    bool m_unsandboxedAllowed = false;      // guarded by m_mutex
    std::string m_unsandboxedVia;           // guarded by m_mutex
    std::mutex m_policyMutex;               // orders the operator's changes and their records
    std::atomic<int> m_killGraceMs = 5000;
    HttpSandboxFactory m_sandboxFactory; // guarded by m_mutex
    std::atomic<int64_t> m_logCapBytes = 16 << 20;

    QThread *m_thread = nullptr;
    QObject *m_worker = nullptr; // lives on m_thread: engines, network, sandbox
    struct RunnerParts;
    std::unique_ptr<RunnerParts> m_parts; // created and used on m_thread only
    int64_t m_ownStart = 0;               // this process's start time (processStart)
    std::mutex m_mutex;                   // guards m_active and m_shutDown
    std::map<std::string, std::shared_ptr<Active>> m_active;
    // Starts under way per member ("space/user"), counted with m_active against the limit.
    std::map<std::string, int> m_starting;
    bool m_shutDown = false;
};

} // namespace pw::core
