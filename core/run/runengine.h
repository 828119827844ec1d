#pragma once

#include <deque>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>

#include <nlohmann/json.hpp>

#include "../registry/registry.h"
#include "../spec/spec.h"
#include "httppolicy.h"
#include "runmodel.h"
#include "taskexecution.h"
#include "tasksandbox.h"

class QNetworkAccessManager;
class QTimer;

namespace pw::core {

class HttpSandbox;

// The folders of one run under its own directory: `code` (the checkout tasks run in), `work`
// (shared by its tasks, PIPEWRIGHT_WORK_DIR) and `logs`.
struct RunFolders
{
    std::string code;
    std::string work;
    std::string logs;
    static RunFolders under(const std::string &runDir)
    {
        return {runDir + "/code", runDir + "/work", runDir + "/logs"};
    }
};

// Everything one local run needs, decided before it starts: the pinned spec, what to run, with
// which parameters and logical date, where the code is, where work and logs go, and how to reach
// connectors.
struct RunPlan
{
    std::string runId;
    std::string dagId;
    Spec spec;
    std::vector<bool> selected;                       // per node index
    nlohmann::json params = nlohmann::json::object(); // the spec's params with the run's own
    std::string logicalDate;                          // "2026-11-30T06:00:00Z"
    std::string codeDir;                              // the checkout tasks run in
    std::string workDir;                              // PIPEWRIGHT_WORK_DIR: shared by the tasks
    std::string logDir;                               // <logDir>/<node>/attempt-<n>.log
    std::string dataDir;                              // SQLite connector paths are relative to it
    int parallelism = 0;                              // 0: the number of cores
    int64_t logCapBytes = 16 << 20;
    int killGraceMs = 5000;
    std::string python = "python3";
    std::function<std::optional<Connector>(const std::string &name)> connector;
    // A connector as a task that names it in `connections` receives it (Airflow's JSON
    // connection form, secrets included), for AIRFLOW_CONN_<NAME>.
    std::function<Result<SecretValue>(const std::string &name)> connection;
    // How bash and python_module processes are isolated: nothing runs until someone decides
    // (Refused by default).
    TaskIsolation isolation;
    // Where http_request tasks may connect (no network by default).
    HttpPolicy http;
};

// The environment variable a task receives a connector it names in: AIRFLOW_CONN_ and the name
// in capitals, any character but a letter or digit as '_' (as Airflow names them).
std::string connectionVariable(const std::string &name);

// One task's state as the engine reports it.
struct TaskUpdate
{
    size_t index = 0;
    std::string nodeId;
    TaskState state = TaskState::Pending;
    int attempt = 0;
    int maxAttempts = 1;
    std::string message;
    std::optional<int> exitCode;
    std::optional<int64_t> pid;
    std::optional<std::string> startedAt;
    std::optional<std::string> finishedAt;
};

// Where an engine reports to (RunService stores and publishes; the CLI prints).
class RunObserver
{
public:
    virtual ~RunObserver() = default;
    virtual void taskChanged(const TaskUpdate &update) = 0;
    virtual void runChanged(RunState state, const std::string &message) = 0;
};

// Executes one run on the thread it lives on: trigger rules, retries with their delay, per-task
// timeouts, a parallelism limit, cancel. Empty tasks end at once and take no slot; bash and
// python_module tasks are child processes, sql tasks run on SQLite connectors, http_request
// tasks go through Qt's network stack (to a sandbox for sandboxed connections). A run fails
// when one of its leaf tasks failed or could not run (Airflow's rule).
class RunEngine : public QObject
{
public:
    // `sandbox` may be null: sandboxed connections then fail with a message saying so.
    RunEngine(RunPlan plan, RunObserver &observer, QNetworkAccessManager &network,
              HttpSandbox *sandbox, QObject *parent = nullptr);
    ~RunEngine() override;

    void start();
    // Stops the run: tasks not started are CANCELLED, running ones are stopped (SIGTERM, then
    // SIGKILL after the grace period) and end CANCELLED.
    void cancel(const std::string &why);
    bool finished() const { return m_finished; }
    RunState state() const { return m_state; }
    const RunPlan &plan() const { return m_plan; }
    // Called once when the run has ended and nothing of it is running any more.
    void onFinished(std::function<void(RunState)> callback) { m_onFinished = std::move(callback); }

private:
    struct Task;
    struct Prepared;
    void evaluate(std::deque<size_t> &work);
    void settle(size_t index, TaskState state, const std::string &message,
                std::deque<size_t> &work);
    void pump();
    void launch(size_t index);
    void attemptEnded(size_t index, const AttemptOutcome &outcome, bool retryable);
    Result<std::unique_ptr<TaskExecution>> prepare(Task &task, TaskExecution::Finished done);
    Result<ProcessExecution::Command>
    isolate(Task &task, ProcessExecution::Command command,
            std::vector<std::pair<std::string, std::string>> readOnlyFiles);
    std::optional<std::string> connectorFileProblem(const std::string &path) const;
    void report(const Task &task);
    void checkDone();

    RunPlan m_plan;
    RunObserver &m_observer;
    QNetworkAccessManager &m_network;
    HttpSandbox *m_sandbox;
    std::vector<Task> m_tasks;
    std::deque<size_t> m_ready; // queued, waiting for a slot (in spec order of becoming ready)
    int m_running = 0;          // attempts holding a slot
    int m_parallelism = 1;
    int m_open = 0; // selected tasks not yet finished
    bool m_cancelled = false;
    bool m_started = false;
    bool m_finished = false;
    RunState m_state = RunState::Pending;
    std::string m_cancelReason;
    std::function<void(RunState)> m_onFinished;
};

} // namespace pw::core
