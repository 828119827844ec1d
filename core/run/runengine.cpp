#include "runengine.h"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <thread>

#include <QTimer>
#include <QUrl>

#include "../compiler/codegen.h"
#include "../util/ids.h"
#include "../util/repopath.h"
#include "httpsandbox.h"
#include "taskfiles.h"
#include "template.h"

namespace pw::core {

namespace {

// Imports the module from the checkout and calls the callable with the keyword arguments it
// accepts (all of them when it takes **kwargs), as Airflow's PythonOperator does.
constexpr const char *kPythonBootstrap = R"py(
import importlib, inspect, json, sys
module_name, name, context_file = sys.argv[1], sys.argv[2], sys.argv[3]
with open(context_file, encoding="utf-8") as f:
    context = json.load(f)
sys.argv = [module_name]
function = getattr(importlib.import_module(module_name), name)
try:
    accepted = inspect.signature(function).parameters
except (TypeError, ValueError):
    accepted = None
if accepted is None or any(p.kind == p.VAR_KEYWORD for p in accepted.values()):
    arguments = context
else:
    arguments = {k: v for k, v in context.items() if k in accepted}
result = function(**arguments)
print("Done. Returned value was:", result, flush=True)
)py";

// A query file read from the checkout: the stored-spec limit is plenty for one statement file.
constexpr size_t kMaxQueryFileBytes = 16 << 20;

int intField(const nlohmann::json &fields, const char *key, int fallback)
{
    const nlohmann::json *v = fieldValue(fields, key);
    return v && v->is_number_integer() ? v->get<int>() : fallback;
}

} // namespace

struct RunEngine::Task
{
    size_t index = 0;
    const Node *node = nullptr;
    bool selected = false;
    TaskState state = TaskState::Pending;
    int attempt = 0;
    int maxAttempts = 1;
    int retryDelayMs = 0;
    int timeoutMs = 0;
    std::string rule;
    std::vector<size_t> downstream; // selected ones
    UpstreamCounts upstream;
    std::string message;
    std::optional<int> exitCode;
    std::optional<int64_t> pid;
    std::optional<std::string> startedAt;
    std::optional<std::string> finishedAt;
    std::unique_ptr<TaskLog> log;
    TaskExecution *execution = nullptr;
    QTimer *timer = nullptr; // the retry delay or the timeout
    bool timedOut = false;
    bool leaf = true;
};

RunEngine::RunEngine(RunPlan plan, RunObserver &observer, QNetworkAccessManager &network,
                     HttpSandbox *sandbox, QObject *parent)
    : QObject(parent), m_plan(std::move(plan)), m_observer(observer), m_network(network),
      m_sandbox(sandbox)
{
    const Spec &spec = m_plan.spec;
    const size_t n = spec.nodes.size();
    m_plan.selected.resize(n, false);
    m_parallelism = m_plan.parallelism > 0
                        ? m_plan.parallelism
                        : std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
    const nlohmann::json &d = spec.deployment;
    // Airflow's default retry delay is five minutes.
    const int delaySeconds = intField(d, "retry_delay_seconds", 300);
    const int timeoutSeconds = intField(d, "timeout_seconds", 0);
    m_tasks.resize(n);
    std::unordered_map<std::string_view, size_t> index;
    for (size_t i = 0; i < n; ++i) {
        Task &t = m_tasks[i];
        const Node &node = spec.nodes[i];
        index.emplace(node.id, i);
        t.index = i;
        t.node = &node;
        t.selected = m_plan.selected[i];
        t.maxAttempts = maxAttemptsOf(spec, node);
        t.retryDelayMs = std::max(0, delaySeconds) * 1000;
        t.timeoutMs =
            std::max(0, intField(node.fields(), "timeout_seconds", timeoutSeconds)) * 1000;
        t.rule = fieldText(node.fields(), "trigger_rule");
        if (t.selected)
            ++m_open;
    }
    for (const Edge &e : spec.edges) {
        auto up = index.find(e.upstream);
        auto down = index.find(e.downstream);
        if (up == index.end() || down == index.end())
            continue;
        Task &u = m_tasks[up->second];
        Task &w = m_tasks[down->second];
        // Upstream tasks outside the selection are taken as done: they are not part of this run.
        if (!u.selected || !w.selected)
            continue;
        u.downstream.push_back(w.index);
        u.leaf = false;
        ++w.upstream.total;
    }
}

RunEngine::~RunEngine()
{
    for (Task &t : m_tasks) {
        delete t.execution; // kills a process still running
        t.execution = nullptr;
    }
}

void RunEngine::report(const Task &task)
{
    TaskUpdate u;
    u.index = task.index;
    u.nodeId = task.node->id;
    u.state = task.state;
    u.attempt = task.attempt;
    u.maxAttempts = task.maxAttempts;
    u.message = task.message;
    u.exitCode = task.exitCode;
    u.pid = task.pid;
    u.startedAt = task.startedAt;
    u.finishedAt = task.finishedAt;
    m_observer.taskChanged(u);
}

void RunEngine::start()
{
    if (m_started)
        return;
    m_started = true;
    m_state = RunState::Running;
    m_observer.runChanged(RunState::Running, {});
    std::deque<size_t> work;
    for (const Task &t : m_tasks) {
        if (t.selected)
            work.push_back(t.index);
    }
    evaluate(work);
    pump();
    checkDone();
}

// Decides the pending tasks in `work` by their trigger rules; settling one can decide others.
void RunEngine::evaluate(std::deque<size_t> &work)
{
    while (!work.empty()) {
        Task &t = m_tasks[work.front()];
        work.pop_front();
        if (t.state != TaskState::Pending || m_cancelled)
            continue;
        switch (decideTrigger(t.rule, t.upstream)) {
        case TriggerDecision::Wait:
            break;
        case TriggerDecision::Skip:
            settle(t.index, TaskState::Skipped, "skipped by its trigger rule", work);
            break;
        case TriggerDecision::UpstreamFailed:
            settle(t.index, TaskState::UpstreamFailed, "an upstream task failed", work);
            break;
        case TriggerDecision::Run:
            if (t.node->type == "empty") {
                // Nothing to run: done at once, without a slot.
                const std::string now = nowUtc();
                t.attempt = 1;
                t.startedAt = now;
                settle(t.index, TaskState::Completed, {}, work);
            } else {
                t.state = TaskState::Queued;
                report(t);
                m_ready.push_back(t.index);
            }
            break;
        }
    }
}

// A task reached a final state: its downstream tasks learn of it.
void RunEngine::settle(size_t index, TaskState state, const std::string &message,
                       std::deque<size_t> &work)
{
    Task &t = m_tasks[index];
    t.state = state;
    t.message = message;
    t.finishedAt = nowUtc();
    report(t);
    --m_open;
    for (size_t d : t.downstream) {
        Task &w = m_tasks[d];
        if (state == TaskState::Completed)
            ++w.upstream.succeeded;
        else if (state == TaskState::Skipped)
            ++w.upstream.skipped;
        else
            ++w.upstream.failed;
        work.push_back(d);
    }
}

void RunEngine::pump()
{
    while (!m_cancelled && m_running < m_parallelism && !m_ready.empty()) {
        const size_t index = m_ready.front();
        m_ready.pop_front();
        launch(index);
    }
}

void RunEngine::launch(size_t index)
{
    Task &t = m_tasks[index];
    ++t.attempt;
    t.state = TaskState::Running;
    t.message.clear();
    t.exitCode.reset();
    t.pid.reset();
    t.timedOut = false;
    t.startedAt = nowUtc();
    t.finishedAt.reset();
    t.log = std::make_unique<TaskLog>(attemptLogPath(m_plan.logDir, t.node->id, t.attempt),
                                      m_plan.logCapBytes);
    t.log->note("attempt " + std::to_string(t.attempt) + " of " + std::to_string(t.maxAttempts) +
                " of " + t.node->id + " (" + t.node->type + ") in run " + m_plan.runId);
    ++m_running;
    auto execution = prepare(
        t, [this, index](const AttemptOutcome &outcome) { attemptEnded(index, outcome, true); });
    if (!execution) {
        // The task cannot run as written (a template, a connector, a node type): retrying
        // would fail the same way.
        t.log->note(execution.error().message);
        report(t);
        attemptEnded(index, {false, execution.error().message, std::nullopt}, false);
        return;
    }
    t.execution = execution->release();
    t.execution->setParent(this);
    if (t.timeoutMs > 0) {
        if (!t.timer) {
            t.timer = new QTimer(this);
            t.timer->setSingleShot(true);
        }
        t.timer->disconnect();
        QObject::connect(t.timer, &QTimer::timeout, this, [this, index] {
            Task &task = m_tasks[index];
            if (!task.execution)
                return;
            task.timedOut = true;
            task.log->note("timed out after " + std::to_string(task.timeoutMs / 1000) + " s");
            task.execution->stop();
        });
        t.timer->start(t.timeoutMs);
    }
    t.execution->start();
    if (t.execution) {
        t.pid = t.execution->pid();
        report(t);
    }
}

void RunEngine::attemptEnded(size_t index, const AttemptOutcome &outcome, bool retryable)
{
    Task &t = m_tasks[index];
    --m_running;
    if (t.timer)
        t.timer->stop();
    if (t.execution) {
        t.execution->deleteLater();
        t.execution = nullptr;
    }
    t.exitCode = outcome.exitCode;
    std::deque<size_t> work;
    if (m_cancelled) {
        t.log->note("cancelled: " + m_cancelReason);
        settle(index, TaskState::Cancelled, m_cancelReason, work);
    } else if (outcome.ok) {
        settle(index, TaskState::Completed, outcome.message, work);
    } else {
        const std::string why = t.timedOut
                                    ? "timed out after " + std::to_string(t.timeoutMs / 1000) + " s"
                                    : outcome.message;
        if (retryable && t.attempt < t.maxAttempts) {
            t.state = TaskState::Queued;
            t.message = "attempt " + std::to_string(t.attempt) + " failed (" + why +
                        "); retrying in " + std::to_string(t.retryDelayMs / 1000) + " s";
            t.finishedAt = nowUtc();
            t.log->note(t.message);
            report(t);
            if (!t.timer) {
                t.timer = new QTimer(this);
                t.timer->setSingleShot(true);
            }
            t.timer->disconnect();
            QObject::connect(t.timer, &QTimer::timeout, this, [this, index] {
                if (m_cancelled)
                    return;
                m_ready.push_back(index);
                pump();
            });
            t.timer->start(t.retryDelayMs);
        } else {
            settle(index, TaskState::Failed, why, work);
        }
    }
    evaluate(work);
    pump();
    checkDone();
}

void RunEngine::cancel(const std::string &why)
{
    if (m_finished || m_cancelled)
        return;
    m_cancelled = true;
    m_cancelReason = why.empty() ? std::string("cancelled") : why;
    m_ready.clear();
    std::deque<size_t> none;
    for (Task &t : m_tasks) {
        if (!t.selected)
            continue;
        if (t.execution) {
            t.execution->stop();
        } else if (t.state == TaskState::Pending || t.state == TaskState::Queued) {
            if (t.timer)
                t.timer->stop();
            t.state = TaskState::Cancelled;
            t.message = m_cancelReason;
            t.finishedAt = nowUtc();
            report(t);
            --m_open;
        }
    }
    checkDone();
}

void RunEngine::checkDone()
{
    if (m_finished || !m_started || m_running > 0)
        return;
    if (m_open > 0 && !m_cancelled)
        return;
    // Pending tasks that can never be decided are impossible in a DAG; anything still open
    // after a cancel has been marked above.
    m_finished = true;
    std::string message;
    if (m_cancelled) {
        m_state = RunState::Cancelled;
        message = m_cancelReason;
    } else {
        m_state = RunState::Completed;
        for (const Task &t : m_tasks) {
            if (t.selected && t.leaf &&
                (t.state == TaskState::Failed || t.state == TaskState::UpstreamFailed)) {
                m_state = RunState::Failed;
                message = "task " + t.node->id + " " +
                          (t.state == TaskState::Failed ? "failed"
                                                        : "did not run: an upstream "
                                                          "task failed");
                break;
            }
        }
    }
    m_observer.runChanged(m_state, message);
    if (m_onFinished)
        m_onFinished(m_state);
}

std::string connectionVariable(const std::string &name)
{
    std::string out = "AIRFLOW_CONN_";
    for (const char c : name)
        out += std::isalnum(static_cast<unsigned char>(c))
                   ? static_cast<char>(std::toupper(static_cast<unsigned char>(c)))
                   : '_';
    return out;
}

Result<std::unique_ptr<TaskExecution>> RunEngine::prepare(Task &task, TaskExecution::Finished done)
{
    const Node &node = *task.node;
    const nlohmann::json &f = node.fields();
    TemplateContext context{m_plan.logicalDate, m_plan.runId, m_plan.dagId, node.id, m_plan.params};
    auto render = [&](const std::string &text) { return renderTemplate(text, context); };
    const std::string outputPath = m_plan.workDir + "/" + node.id + ".json";

    // The whole environment of a task process: a few names of this process's own (never its
    // secrets), HOME in the checkout, what the task declares, and the run's own names last, so
    // a declared variable cannot hide the marker a crash recovery finds its processes by.
    auto processEnvironment =
        [&](const std::vector<std::pair<std::string, std::string>> &declared) {
            std::vector<std::pair<std::string, std::string>> env;
            for (const char *name : {"PATH", "LANG", "TZ"}) {
                if (const char *value = std::getenv(name))
                    env.emplace_back(name, value);
            }
            if (!std::getenv("PATH"))
                env.emplace_back("PATH", "/usr/local/bin:/usr/bin:/bin");
            env.insert(env.end(), {
                                      {"HOME", m_plan.codeDir},
                                      {"PYTHONPATH", m_plan.codeDir},
                                      {"PYTHONUNBUFFERED", "1"},
                                      {"PYTHONDONTWRITEBYTECODE", "1"},
                                  });
            env.insert(env.end(), declared.begin(), declared.end());
            env.insert(env.end(), {
                                      {"PIPEWRIGHT_RUN_ID", m_plan.runId},
                                      {"PIPEWRIGHT_TASK_ID", node.id},
                                      {"PIPEWRIGHT_WORK_DIR", m_plan.workDir},
                                      {"AIRFLOW_CTX_DAG_ID", m_plan.dagId},
                                      {"AIRFLOW_CTX_TASK_ID", node.id},
                                      {"AIRFLOW_CTX_DAG_RUN_ID", m_plan.runId},
                                      {"AIRFLOW_CTX_LOGICAL_DATE", m_plan.logicalDate},
                                      {"AIRFLOW_CTX_TRY_NUMBER", std::to_string(task.attempt)},
                                  });
            return env;
        };

    // The connectors the task names, each as AIRFLOW_CONN_<NAME> (Airflow's JSON connection form,
    // as Airflow itself reads connections from the environment): only those, only of the run's
    // space, and a name the space does not have stops the task before it starts.
    auto connections = [&]() -> Result<std::vector<std::pair<std::string, std::string>>> {
        std::vector<std::pair<std::string, std::string>> out;
        const nlohmann::json *names = fieldValue(f, "connections");
        if (!names || !names->is_array())
            return out;
        for (const nlohmann::json &name : *names) {
            if (!name.is_string())
                continue;
            const std::string text = name.get<std::string>();
            if (!m_plan.connection)
                return fail(Error::invalid("connection '" + text +
                                           "': this run cannot look up connectors"));
            auto connection = m_plan.connection(text);
            if (!connection)
                return fail(
                    Error::invalid("connection '" + text + "': " + connection.error().message));
            out.emplace_back(connectionVariable(text), connection->str());
        }
        return out;
    };

    if (node.type == "bash") {
        auto command = render(fieldText(f, "command"));
        if (!command)
            return fail(command.error());
        auto named = connections();
        if (!named)
            return fail(named.error());
        std::vector<std::pair<std::string, std::string>> declared = std::move(*named);
        if (const nlohmann::json *env = fieldValue(f, "env"); env && env->is_object()) {
            for (const auto &[name, value] : env->items()) {
                auto rendered = render(value.is_string() ? value.get<std::string>() : value.dump());
                if (!rendered)
                    return fail(rendered.error());
                declared.emplace_back(name, *rendered);
            }
        }
        auto c = isolate(task,
                         {"bash",
                          {"-c", *command},
                          m_plan.codeDir,
                          processEnvironment(declared),
                          m_plan.killGraceMs},
                         {});
        if (!c)
            return fail(c.error());
        task.log->note("bash -c " + *command);
        return std::unique_ptr<TaskExecution>(
            std::make_unique<ProcessExecution>(std::move(*c), *task.log, std::move(done)));
    }
    if (node.type == "python_module") {
        nlohmann::json arguments = nlohmann::json::object();
        // Airflow's context, then the node's kwargs (rendered), which win.
        for (const char *name : {"ds", "ds_nodash", "ts", "ts_nodash", "logical_date", "run_id"}) {
            auto v = render(std::string("{{ ") + name + " }}");
            if (v)
                arguments[name] = *v;
        }
        arguments["params"] = m_plan.params;
        arguments["dag_id"] = m_plan.dagId;
        arguments["task_id"] = node.id;
        if (const nlohmann::json *kwargs = fieldValue(f, "kwargs"); kwargs && kwargs->is_object()) {
            for (const auto &[name, value] : kwargs->items()) {
                if (value.is_string()) {
                    auto rendered = render(value.get<std::string>());
                    if (!rendered)
                        return fail(rendered.error());
                    arguments[name] = *rendered;
                } else {
                    arguments[name] = value;
                }
            }
        }
        const std::string contextFile =
            m_plan.logDir + "/" + node.id + "/context-" + std::to_string(task.attempt) + ".json";
        {
            std::ofstream file(contextFile, std::ios::binary | std::ios::trunc);
            file << arguments.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
            if (!file)
                return fail(Error::internal("could not write " + contextFile));
        }
        const std::string module = fieldText(f, "module");
        const std::string callable = fieldText(f, "callable");
        // The context file lies in the log folder, which a sandboxed task does not see: it is
        // bound, read-only, at a fixed place inside.
        const bool sandboxed = m_plan.isolation.mode == TaskIsolation::Mode::Bubblewrap;
        const std::string contextArgument =
            sandboxed ? std::string(kSandboxContextFile) : contextFile;
        auto named = connections();
        if (!named)
            return fail(named.error());
        auto c = isolate(task,
                         {m_plan.python,
                          {"-c", kPythonBootstrap, module, callable, contextArgument},
                          m_plan.codeDir,
                          processEnvironment(*named),
                          m_plan.killGraceMs},
                         {{contextFile, std::string(kSandboxContextFile)}});
        if (!c)
            return fail(c.error());
        task.log->note(m_plan.python + ": " + module + "." + callable + "(**context)");
        return std::unique_ptr<TaskExecution>(
            std::make_unique<ProcessExecution>(std::move(*c), *task.log, std::move(done)));
    }
    if (node.type == "sql") {
        const std::string name = fieldText(f, "connector");
        std::optional<Connector> connector =
            m_plan.connector ? m_plan.connector(name) : std::nullopt;
        if (!connector)
            return fail(Error::invalid("connector '" + name +
                                       "' is not registered in this space; local runs need it "
                                       "to know where the query runs"));
        if (connector->kind != "sqlite")
            return fail(Error::invalid(
                "connector '" + name + "' is a " + connector->kind +
                " connector; local runs run SQL through SQLite connectors only (point a sqlite "
                "connector at a copy of the data to run this task here)"));
        std::string path = connector->config.value("path", std::string());
        if (path.empty())
            return fail(Error::invalid("connector '" + name + "' has no path to a SQLite file"));
        if (!std::filesystem::path(path).is_absolute())
            path = m_plan.dataDir + "/" + path;
        if (auto why = connectorFileProblem(path))
            return fail(Error::invalid("connector '" + name + "' cannot be used: " + *why));
        std::string query = fieldText(f, "query");
        if (isSqlFilePath(query)) {
            if (auto why = repoPathProblem(query))
                return fail(
                    Error::invalid("query file '" + query + "' is not a safe path: " + *why));
            // An earlier task may have replaced the file with a link out of the checkout.
            auto text = readTaskFile(m_plan.codeDir, query, kMaxQueryFileBytes);
            if (!text)
                return fail(Error::invalid("query file '" + query +
                                           "' is not a file of the pipeline's repository (" +
                                           text.error().message + ")"));
            task.log->note("query from " + query);
            query = std::move(*text);
        }
        auto rendered = render(query);
        if (!rendered)
            return fail(rendered.error());
        task.log->append(*rendered + (rendered->ends_with('\n') ? "" : "\n"));
        return std::unique_ptr<TaskExecution>(std::make_unique<SqliteExecution>(
            path, std::move(*rendered), outputPath, *task.log, std::move(done)));
    }
    if (node.type == "http_request") {
        const std::string rawUrl = fieldText(f, "url");
        auto url = render(rawUrl);
        if (!url)
            return fail(url.error());
        HttpExecution::Request request;
        request.method = fieldText(f, "method").empty() ? "GET" : fieldText(f, "method");
        request.url = *url;
        // A connection named as Airflow would name it (http_<host>) can send the request
        // elsewhere: to its base_url, or to the local sandbox.
        const HttpTarget target = httpTarget(rawUrl);
        if (std::optional<Connector> c =
                m_plan.connector ? m_plan.connector(target.connection) : std::nullopt;
            c && c->kind == "http") {
            const std::string endpoint = httpTarget(*url).endpoint;
            if (c->config.contains("sandbox")) {
                if (!m_sandbox)
                    return fail(Error::invalid("connection " + c->name +
                                               " is a sandbox, and this process has no HTTP "
                                               "sandbox to send its requests to"));
                auto base = m_sandbox->baseUrlFor(c->name, c->config["sandbox"]);
                if (!base)
                    return fail(base.error());
                request.url = *base + endpoint;
                // Only the sandbox's own address is exempt from the space's policy, and only
                // because the engine routed the request there.
                const QUrl origin(QString::fromStdString(*base));
                request.sandboxHost = origin.host().toStdString();
                request.sandboxPort = origin.port();
                task.log->note("connection " + c->name + " is a sandbox: " + request.url);
            } else if (std::string base = c->config.value("base_url", std::string());
                       !base.empty()) {
                while (base.ends_with('/'))
                    base.pop_back();
                request.url = base + endpoint;
                task.log->note("connection " + c->name + ": " + request.url);
            }
        }
        auto body = render(fieldText(f, "body"));
        if (!body)
            return fail(body.error());
        request.body = std::move(*body);
        if (const nlohmann::json *headers = fieldValue(f, "headers");
            headers && headers->is_object()) {
            for (const auto &[name, value] : headers->items()) {
                auto rendered = render(value.is_string() ? value.get<std::string>() : value.dump());
                if (!rendered)
                    return fail(rendered.error());
                request.headers.emplace_back(name, *rendered);
            }
        }
        return std::unique_ptr<TaskExecution>(std::make_unique<HttpExecution>(
            m_network, std::move(request), m_plan.http, outputPath, *task.log, std::move(done)));
    }
    if (node.type == "source" || node.type == "transform" || node.type == "filter" ||
        node.type == "target")
        return fail(Error::invalid("a " + node.type +
                                   " step is a data-flow step: it runs on the DataFlow batch "
                                   "engine, which local runs do not include yet"));
    return fail(Error::invalid("node type '" + node.type + "' cannot run locally"));
}

Result<ProcessExecution::Command>
RunEngine::isolate(Task &task, ProcessExecution::Command command,
                   std::vector<std::pair<std::string, std::string>> readOnlyFiles)
{
    const TaskIsolation &isolation = m_plan.isolation;
    switch (isolation.mode) {
    case TaskIsolation::Mode::Refused:
        return fail(Error{ErrorCode::Unavailable,
                          isolation.why.empty() ? std::string("no sandbox was set up for this run")
                                                : isolation.why,
                          nlohmann::json::object()});
    case TaskIsolation::Mode::Unsandboxed:
        task.log->note("not sandboxed: " + isolation.why);
        return command;
    case TaskIsolation::Mode::Bubblewrap:
        break;
    }
    SandboxMounts mounts;
    mounts.writable = {m_plan.codeDir, m_plan.workDir};
    if (!m_plan.dataDir.empty())
        mounts.hidden = {m_plan.dataDir};
    mounts.readOnlyFiles = std::move(readOnlyFiles);
    task.log->note(std::string("sandboxed (bubblewrap), network ") +
                   std::string(runNetworkName(isolation.network)));
    return Bubblewrap::wrap(std::move(command), isolation.program, isolation.network, mounts);
}

// SQLite connectors run here, not in a sandbox, on a file a space admin named: never one of
// Pipewright's own (its database, whatever the path or link that leads to it; the runs' and
// repositories' folders).
std::optional<std::string> RunEngine::connectorFileProblem(const std::string &path) const
{
    if (m_plan.dataDir.empty())
        return std::nullopt;
    namespace fs = std::filesystem;
    std::error_code ec;
    const fs::path data = fs::weakly_canonical(m_plan.dataDir, ec);
    const fs::path file = fs::weakly_canonical(path, ec);
    if (ec)
        return std::nullopt; // opening it reports what is wrong
    const std::string store = (data / "pipewright.db").string();
    const std::string target = file.string();
    if (target.starts_with(store) || fs::equivalent(file, data / "pipewright.db", ec))
        return "it names Pipewright's own database, which no task may open";
    for (const char *folder : {"runs", "repositories"}) {
        const std::string inside = (data / folder).string() + "/";
        if (target.starts_with(inside) || target == (data / folder).string())
            return "it lies in Pipewright's " + std::string(folder) + " folder";
    }
    return std::nullopt;
}

} // namespace pw::core
