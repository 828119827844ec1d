#include "runservice.h"

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

#include <QNetworkAccessManager>
#include <QThread>
#include <QTimer>

#include "../compiler/codegen.h"
#include "../compiler/compilerservice.h"
#include "../definition/definitionservice.h"
#include "../registry/registry.h"
#include "../repository/repositoryservice.h"
#include "../util/ids.h"
#include "../util/process.h"
#include "runengine.h"
#include "runsettings.h"
#include "tasksandbox.h"

namespace pw::core {

namespace {

constexpr int64_t kMaxLogRead = 1 << 20;
constexpr size_t kAuditTaskStates = 100; // task states named in one audit event at most

// "2026-11-30" or "2026-11-30T06:00:00Z" (seconds optional) → "2026-11-30T06:00:00Z".
std::optional<std::string> normalLogicalDate(const std::string &text)
{
    auto digits = [&](size_t from, size_t count) {
        for (size_t i = from; i < from + count; ++i) {
            if (i >= text.size() || !std::isdigit(static_cast<unsigned char>(text[i])))
                return false;
        }
        return true;
    };
    if (text.size() < 10 || !digits(0, 4) || text[4] != '-' || !digits(5, 2) || text[7] != '-' ||
        !digits(8, 2))
        return std::nullopt;
    std::string out = text.substr(0, 10);
    if (text.size() == 10)
        return out + "T00:00:00Z";
    if ((text[10] != 'T' && text[10] != ' ') || !digits(11, 2) || text.size() < 16 ||
        text[13] != ':' || !digits(14, 2))
        return std::nullopt;
    std::string seconds = "00";
    size_t at = 16;
    if (text.size() >= 19 && text[16] == ':' && digits(17, 2)) {
        seconds = text.substr(17, 2);
        at = 19;
    }
    while (at < text.size() &&
           (text[at] == '.' || std::isdigit(static_cast<unsigned char>(text[at]))))
        ++at; // fractions of a second are dropped
    const std::string zone = text.substr(at);
    if (!zone.empty() && zone != "Z" && zone != "+00:00")
        return std::nullopt;
    return out + "T" + text.substr(11, 5) + ":" + seconds + "Z";
}

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// Kills the processes a run left behind (a crashed program's tasks and what they started): they
// carry the run's id in their environment.
int killLeftovers(const std::string &runId)
{
    const std::string marker = "PIPEWRIGHT_RUN_ID=" + runId;
    int killed = 0;
    std::error_code ec;
    for (const auto &entry : std::filesystem::directory_iterator("/proc", ec)) {
        const std::string name = entry.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit))
            continue;
        const pid_t pid = static_cast<pid_t>(std::stol(name));
        if (pid == ::getpid())
            continue;
        std::ifstream environ(entry.path() / "environ", std::ios::binary);
        if (!environ)
            continue;
        std::string variable;
        while (std::getline(environ, variable, '\0')) {
            if (variable == marker) {
                if (::kill(pid, SIGKILL) == 0)
                    ++killed;
                break;
            }
        }
    }
    return killed;
}

std::string isolationName(TaskIsolation::Mode mode)
{
    switch (mode) {
    case TaskIsolation::Mode::Bubblewrap:
        return "bubblewrap";
    case TaskIsolation::Mode::Unsandboxed:
        return "none";
    case TaskIsolation::Mode::Refused:
        break;
    }
    return "refused";
}

TaskRunInfo taskRunFrom(const Statement &q)
{
    TaskRunInfo t;
    t.nodeId = q.text(0);
    t.position = static_cast<int>(q.integer(1));
    t.state = taskStateFromName(q.textView(2)).value_or(TaskState::Failed);
    t.attempt = static_cast<int>(q.integer(3));
    t.maxAttempts = static_cast<int>(q.integer(4));
    t.message = q.text(5);
    if (!q.isNull(6))
        t.exitCode = static_cast<int>(q.integer(6));
    t.startedAt = q.optionalText(7);
    t.finishedAt = q.optionalText(8);
    return t;
}

} // namespace

struct RunService::RunnerParts
{
    QNetworkAccessManager *network = nullptr;
    std::unique_ptr<HttpSandbox> sandbox;
};

struct RunService::Active
{
    std::string runId;
    std::string spaceId;
    std::string definitionId;
    std::string actorUserId;
    RunPlan plan; // moved into the engine when it starts
    std::atomic<bool> cancelRequested = false;
    std::string cancelReason; // guarded by RunService::m_mutex
    // On the runner thread only:
    std::unique_ptr<Recorder> recorder;
    std::unique_ptr<RunEngine> engine;
    std::map<size_t, TaskUpdate> pendingTasks;
    std::optional<std::pair<RunState, std::string>> pendingRun;
    bool flushScheduled = false;
    std::atomic<bool> done = false; // the run has ended (its engine may not be gone yet)
    // Runner thread: called once the run's final state is written (whenEnded).
    std::vector<std::function<void()>> endWaiters;
};

class RunService::Recorder : public RunObserver
{
public:
    Recorder(RunService &service, std::weak_ptr<Active> active)
        : m_service(service), m_active(std::move(active))
    {
    }
    void taskChanged(const TaskUpdate &update) override
    {
        auto active = m_active.lock();
        if (!active)
            return;
        active->pendingTasks[update.index] = update;
        m_service.scheduleFlush(active);
    }
    void runChanged(RunState state, const std::string &message) override
    {
        auto active = m_active.lock();
        if (!active)
            return;
        active->pendingRun = {state, message};
        // The run's own changes are written at once: a client waiting for the end sees it.
        m_service.flush(active);
    }

private:
    RunService &m_service;
    std::weak_ptr<Active> m_active;
};

RunService::RunService(Store &store, Registry &registry, DefinitionService &definitions,
                       RepositoryService &repositories, const CompilerService &compiler,
                       RunSettingsService &runSettings, std::string dataDir)
    : m_store(store), m_registry(registry), m_definitions(definitions),
      m_repositories(repositories), m_compiler(compiler), m_runSettings(runSettings),
      m_dataDir(std::move(dataDir)), m_parts(std::make_unique<RunnerParts>()),
      m_ownStart(ownProcessStart())
{
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("pipewright-runner"));
    m_worker = new QObject;
    m_worker->moveToThread(m_thread);
    QObject::connect(
        m_thread, &QThread::finished, m_worker, [this] { m_store.releaseThreadConnection(); },
        Qt::DirectConnection);
    m_thread->start();
    // Bubblewrap is tried once, off the caller's thread, so the first run's start (on the
    // server thread) finds the answer ready.
    QMetaObject::invokeMethod(
        m_worker, [program = sandboxProgram()] { (void)Bubblewrap::probe(program); },
        Qt::QueuedConnection);
}

void RunService::setSandboxProgram(std::string program)
{
    std::lock_guard lock(m_mutex);
    m_sandboxProgram = std::move(program);
}

std::string RunService::sandboxProgram()
{
    std::lock_guard lock(m_mutex);
    return m_sandboxProgram;
}

Result<std::string> RunService::sandboxCheck()
{
    return Bubblewrap::probe(sandboxProgram());
}

bool RunService::unsandboxedRunsAllowed()
{
    std::lock_guard lock(m_mutex);
    return m_unsandboxedAllowed;
}

Status RunService::allowUnsandboxedRuns(bool allow, const OperatorChange &change)
{
    std::lock_guard order(m_policyMutex);
    {
        std::lock_guard lock(m_mutex);
        if (m_unsandboxedAllowed == allow)
            return {};
    }
    // Recorded before it takes effect: an operator's decision to run tasks unconfined is never
    // silent.
    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        tx.record(AuditEvent{0,
                             {},
                             change.actorUserId,
                             allow ? "runs.unsandboxed_allowed" : "runs.unsandboxed_disallowed",
                             "run_policy",
                             "unsandboxed_runs",
                             {},
                             {{"via", change.via}},
                             now});
        return {};
    });
    if (!written)
        return written;
    std::lock_guard lock(m_mutex);
    m_unsandboxedAllowed = allow;
    m_unsandboxedVia = change.via;
    return {};
}

Result<TaskIsolation>
RunService::isolationForRun(const Spec &spec, const std::vector<bool> &selected, RunNetwork network)
{
    bool startsProcesses = false;
    for (size_t i = 0; i < spec.nodes.size() && i < selected.size(); ++i) {
        const std::string &type = spec.nodes[i].type;
        startsProcesses =
            startsProcesses || (selected[i] && (type == "bash" || type == "python_module"));
    }
    auto decided = isolationFor(network);
    if (decided || startsProcesses)
        return decided;
    TaskIsolation none;
    none.network = network;
    none.why = decided.error().message;
    return none;
}

Result<TaskIsolation> RunService::isolationFor(RunNetwork network)
{
    auto probed = sandboxCheck();
    if (probed)
        return TaskIsolation{TaskIsolation::Mode::Bubblewrap, *probed, network, {}};
    std::string via;
    {
        std::lock_guard lock(m_mutex);
        if (m_unsandboxedAllowed)
            via = m_unsandboxedVia;
    }
    if (!via.empty()) {
        std::string why = probed.error().message + "; runs without a sandbox are allowed (" + via +
                          "): the task sees this machine as Pipewright does";
        if (network == RunNetwork::None)
            why += ", and the space's network setting (none) cannot be kept";
        return TaskIsolation{TaskIsolation::Mode::Unsandboxed, {}, network, std::move(why)};
    }
    return fail(Error{
        ErrorCode::Unavailable,
        "runs are refused: their tasks cannot be sandboxed, " + probed.error().message +
            ". Install bubblewrap (Debian: apt install bubblewrap) or allow runs without a "
            "sandbox, in which a task sees this machine as Pipewright does: start the server "
            "with `pipewright serve --unsandboxed-runs` (`pipewright run --unsandboxed-runs` for "
            "the command line), or in the window turn on Settings, Local runs, \"Allow runs "
            "without a sandbox\"",
        nlohmann::json::object()});
}

RunService::~RunService()
{
    shutdown();
}

void RunService::setHttpSandboxFactory(HttpSandboxFactory factory)
{
    std::lock_guard lock(m_mutex);
    m_sandboxFactory = std::move(factory);
}

std::string RunService::runDir(const std::string &runId) const
{
    return m_dataDir + "/runs/" + runId;
}

Result<RunInfo> RunService::start(const Actor &actor, RunRequest request)
{
    auto view = m_definitions.manageable(actor, request.definitionId);
    if (!view)
        return fail(view.error());
    const Definition &definition = *view->definition;
    Spec spec;
    int version = definition.currentVersion;
    if (request.version && *request.version != definition.currentVersion) {
        auto pinned = m_definitions.versionByNumber(actor, definition.id, *request.version);
        if (!pinned)
            return fail(pinned.error());
        spec = std::move(pinned->spec);
        version = *request.version;
    } else {
        spec = definition.spec;
    }
    const ValidationReport report = m_compiler.validate(spec);
    if (!report.valid)
        return fail(Error::unprocessable(
            "the pipeline has problems; fix them before running it",
            {{"problems", report.toJson().value("problems", nlohmann::json())}}));
    auto selected = selectNodes(spec, request.selection);
    if (!selected)
        return fail(selected.error());
    if (!request.params.is_object())
        return fail(Error::invalid("params must be an object", "params"));
    if (request.parallelism < 0 || request.parallelism > 256)
        return fail(Error::invalid("parallelism must be from 1 to 256", "parallelism"));
    std::string logicalDate;
    if (request.logicalDate) {
        auto normal = normalLogicalDate(*request.logicalDate);
        if (!normal)
            return fail(Error::invalid("logical_date must be a UTC date or date-time such as "
                                       "2026-11-30 or 2026-11-30T06:00:00Z",
                                       "logical_date"));
        logicalDate = *normal;
    } else {
        logicalDate = nowUtc().substr(0, 19) + "Z";
    }

    // How its processes are isolated, decided now: a run that cannot be sandboxed is refused
    // here, with the reason and how an operator allows it, never run unsandboxed unasked.
    auto settings = m_runSettings.get(actor.spaceId);
    if (!settings)
        return fail(settings.error());
    auto decided = isolationForRun(spec, *selected, settings->network);
    if (!decided)
        return fail(decided.error());
    TaskIsolation isolation = std::move(*decided);

    // A place among the member's runs under way, taken before anything is written so that
    // starts racing each other cannot pass the limit together.
    const std::string member = actor.spaceId + "/" + actor.userId;
    {
        std::lock_guard lock(m_mutex);
        int under = m_starting[member];
        for (const auto &[id, other] : m_active)
            under += other->spaceId == actor.spaceId && other->actorUserId == actor.userId &&
                             !other->done
                         ? 1
                         : 0;
        if (under >= kMaxActiveRunsPerMember)
            return fail(Error::tooManyRequests(
                "you have " + std::to_string(under) +
                    " runs under way in this space; wait for one to end or cancel one",
                kRunRetryAfterSeconds));
        ++m_starting[member];
    }
    struct Release
    {
        RunService &service;
        const std::string &member;
        ~Release()
        {
            std::lock_guard lock(service.m_mutex);
            if (--service.m_starting[member] <= 0)
                service.m_starting.erase(member);
        }
    } release{*this, member};

    auto active = std::make_shared<Active>();
    active->runId = newUuid();
    active->spaceId = actor.spaceId;
    active->definitionId = definition.id;
    active->actorUserId = actor.userId;
    nlohmann::json params = spec.params.is_object() ? spec.params : nlohmann::json::object();
    params.update(request.params);
    int taskCount = 0;
    for (bool s : *selected)
        taskCount += s ? 1 : 0;

    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        auto q = db.cached("INSERT INTO runs (id, space_id, definition_id, version, state, "
                           "trigger, selection, params, logical_date, task_count, owner_pid, "
                           "owner_start, created_by, created_at) "
                           "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)");
        q->bindAll(active->runId, actor.spaceId, definition.id, version,
                   std::string(runStateName(RunState::Pending)), request.trigger,
                   request.selection.toJson().dump(), request.params.dump(), logicalDate, taskCount,
                   static_cast<int64_t>(::getpid()), m_ownStart, actor.userId, now)
            .run();
        auto t = db.cached("INSERT INTO task_runs (run_id, node_id, position, state, "
                           "max_attempts) VALUES (?,?,?,?,?)");
        for (size_t i = 0; i < spec.nodes.size(); ++i) {
            if (!(*selected)[i])
                continue;
            t->bindAll(active->runId, spec.nodes[i].id, static_cast<int>(i),
                       std::string(taskStateName(TaskState::Pending)),
                       maxAttemptsOf(spec, spec.nodes[i]))
                .run();
            t->reset();
        }
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "run.created",
                             "run",
                             active->runId,
                             definition.id,
                             {{"version", version},
                              {"trigger", request.trigger},
                              {"task_count", taskCount},
                              {"selection", std::string(selectionModeName(request.selection.mode))},
                              {"sandbox", isolationName(isolation.mode)},
                              {"network", std::string(runNetworkName(settings->network))}},
                             now});
        return {};
    });
    if (!written)
        return fail(written.error());

    RunPlan &plan = active->plan;
    plan.runId = active->runId;
    plan.dagId = dagIdOf(spec, definition.id);
    plan.selected = std::move(*selected);
    plan.spec = std::move(spec);
    plan.params = std::move(params);
    plan.logicalDate = logicalDate;
    const RunFolders dirs = folders(active->runId);
    plan.codeDir = dirs.code;
    plan.workDir = dirs.work;
    plan.logDir = dirs.logs;
    plan.dataDir = m_dataDir;
    plan.parallelism = request.parallelism;
    plan.killGraceMs = m_killGraceMs;
    plan.logCapBytes = m_logCapBytes;
    plan.isolation = std::move(isolation);
    plan.http = HttpPolicy{settings->network, settings->httpAllowHosts, actor.spaceSlug};
    {
        std::lock_guard lock(m_mutex);
        if (m_shutDown)
            return fail(Error{ErrorCode::Unavailable, "the runner is shutting down",
                              nlohmann::json::object()});
        m_active.emplace(active->runId, active);
    }
    QMetaObject::invokeMethod(
        m_worker, [this, active, actor] { begin(active, actor); }, Qt::QueuedConnection);
    return load(active->runId, true);
}

// On the runner thread: the checkout, then the engine.
void RunService::begin(const std::shared_ptr<Active> &active, Actor actor)
{
    if (!m_parts->network) {
        m_parts->network = new QNetworkAccessManager(m_worker);
        HttpSandboxFactory factory;
        {
            std::lock_guard lock(m_mutex);
            factory = m_sandboxFactory;
        }
        if (factory)
            m_parts->sandbox = factory();
    }
    active->recorder = std::make_unique<Recorder>(*this, active);
    auto end = [this, active](RunState state, const std::string &message) {
        // Nothing ran: every task is cancelled with the reason.
        for (size_t i = 0; i < active->plan.spec.nodes.size(); ++i) {
            if (!active->plan.selected[i])
                continue;
            TaskUpdate u;
            u.index = i;
            u.nodeId = active->plan.spec.nodes[i].id;
            u.state = TaskState::Cancelled;
            u.maxAttempts = maxAttemptsOf(active->plan.spec, active->plan.spec.nodes[i]);
            u.message = message;
            u.finishedAt = nowUtc();
            active->pendingTasks[i] = u;
        }
        active->pendingRun = {state, message};
        flush(active);
        active->done = true;
        std::lock_guard lock(m_mutex);
        m_active.erase(active->runId);
    };
    if (active->cancelRequested) {
        std::string why;
        {
            std::lock_guard lock(m_mutex);
            why = active->cancelReason;
        }
        end(RunState::Cancelled, why);
        return;
    }
    RunPlan &plan = active->plan;
    std::error_code ec;
    for (const std::string *d : {&plan.codeDir, &plan.workDir, &plan.logDir})
        std::filesystem::create_directories(*d, ec);
    if (ec) {
        end(RunState::Failed, "could not create the run's folders: " + ec.message());
        return;
    }
    auto view = m_definitions.get(actor, active->definitionId);
    if (view && view->definition->meta.repositoryId) {
        auto written = m_repositories.checkout(actor, active->definitionId, plan.codeDir);
        if (!written) {
            end(RunState::Failed,
                "could not write the draft files to run: " + written.error().message);
            return;
        }
    }
    const std::string spaceId = active->spaceId;
    plan.connector = m_registry.connectorLookup(spaceId);
    plan.connection = m_registry.taskConnectionLookup(spaceId);
    active->engine = std::make_unique<RunEngine>(std::move(plan), *active->recorder,
                                                 *m_parts->network, m_parts->sandbox.get());
    std::weak_ptr<Active> weak = active;
    active->engine->onFinished([this, weak](RunState) {
        if (auto ended = weak.lock())
            ended->done = true;
        // After the engine's own call stack has unwound: the engine goes, the checkout too.
        QMetaObject::invokeMethod(
            m_worker,
            [this, weak] {
                auto ended = weak.lock();
                if (!ended)
                    return;
                ended->done = true;
                const std::string codeDir = ended->engine->plan().codeDir;
                ended->engine.reset();
                std::error_code removeError;
                std::filesystem::remove_all(codeDir, removeError);
                std::lock_guard lock(m_mutex);
                m_active.erase(ended->runId);
            },
            Qt::QueuedConnection);
    });
    if (active->cancelRequested) {
        std::string why;
        {
            std::lock_guard lock(m_mutex);
            why = active->cancelReason;
        }
        active->engine.reset();
        end(RunState::Cancelled, why);
        return;
    }
    active->engine->start();
}

void RunService::scheduleFlush(const std::shared_ptr<Active> &active)
{
    if (active->flushScheduled)
        return;
    active->flushScheduled = true;
    std::weak_ptr<Active> weak = active;
    QTimer::singleShot(kFlushIntervalMs, m_worker, [this, weak] {
        if (auto a = weak.lock())
            flush(a);
    });
}

// Writes what changed since the last flush: one write, one audit event, one change event.
void RunService::flush(const std::shared_ptr<Active> &active)
{
    active->flushScheduled = false;
    if (active->pendingTasks.empty() && !active->pendingRun)
        return;
    auto tasks = std::move(active->pendingTasks);
    active->pendingTasks.clear();
    auto run = std::move(active->pendingRun);
    active->pendingRun.reset();
    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        auto q = db.cached("UPDATE task_runs SET state = ?, attempt = ?, max_attempts = ?, "
                           "message = ?, exit_code = ?, pid = ?, started_at = ?, finished_at = ? "
                           "WHERE run_id = ? AND node_id = ?");
        nlohmann::json states = nlohmann::json::object();
        for (const auto &[index, u] : tasks) {
            q->bind(1, taskStateName(u.state)).bind(2, u.attempt).bind(3, u.maxAttempts);
            q->bind(4, u.message);
            if (u.exitCode)
                q->bind(5, *u.exitCode);
            else
                q->bindNull(5);
            if (u.pid)
                q->bind(6, *u.pid);
            else
                q->bindNull(6);
            q->bind(7, u.startedAt).bind(8, u.finishedAt).bind(9, active->runId).bind(10, u.nodeId);
            q->run();
            q->reset();
            if (states.size() < kAuditTaskStates)
                states[u.nodeId] = std::string(taskStateName(u.state));
        }
        std::string action = "run.progressed";
        if (run) {
            const bool finished = isFinished(run->first);
            auto r = db.cached(
                "UPDATE runs SET state = ?, message = ?, "
                "started_at = CASE WHEN started_at IS NULL AND ? THEN ? ELSE started_at END, "
                "finished_at = CASE WHEN ? THEN ? ELSE finished_at END WHERE id = ?");
            r->bind(1, runStateName(run->first)).bind(2, run->second);
            r->bind(3, run->first == RunState::Running ? 1 : 0).bind(4, now);
            r->bind(5, finished ? 1 : 0).bind(6, now).bind(7, active->runId).run();
            // Ended for everyone from the moment another thread can read the final state (the
            // commit below): a client told "cancelled" may delete the definition or start
            // another run at once, before the engine has unwound. Undone if the write fails.
            if (finished)
                active->done = true;
            action = run->first == RunState::Running ? "run.started"
                                                     : "run." + lower(runStateName(run->first));
        }
        nlohmann::json details{{"tasks", std::move(states)}};
        if (run)
            details["state"] = std::string(runStateName(run->first));
        tx.record(AuditEvent{0, active->spaceId, active->actorUserId, action, "run", active->runId,
                             active->definitionId, std::move(details), now});
        return {};
    });
    if (written) {
        if (run && isFinished(run->first)) {
            auto waiters = std::move(active->endWaiters);
            active->endWaiters.clear();
            for (auto &waiter : waiters)
                waiter();
        }
        return;
    }
    // Nothing was written (a busy or full disk): keep what was to be written, unless a newer
    // state came meanwhile, and try again with the next flush.
    qWarning("run %s: could not record its progress: %s", active->runId.c_str(),
             written.error().message.c_str());
    if (run && isFinished(run->first))
        active->done = false;
    for (auto &[index, update] : tasks)
        active->pendingTasks.try_emplace(index, std::move(update));
    if (run && !active->pendingRun)
        active->pendingRun = std::move(run);
    scheduleFlush(active);
}

Result<RunInfo> RunService::load(const std::string &runId, bool withTasks)
{
    auto loaded = m_store.read([&](Database &db) -> Result<std::optional<RunInfo>> {
        auto q = db.cached("SELECT id, space_id, definition_id, version, state, trigger, "
                           "selection, params, logical_date, message, task_count, created_by, "
                           "created_at, started_at, finished_at FROM runs WHERE id = ?");
        q->bind(1, runId);
        if (!q->step())
            return std::optional<RunInfo>();
        RunInfo r;
        r.id = q->text(0);
        r.spaceId = q->text(1);
        r.definitionId = q->text(2);
        r.version = static_cast<int>(q->integer(3));
        r.state = runStateFromName(q->textView(4)).value_or(RunState::Failed);
        r.trigger = q->text(5);
        r.selection = RunSelection::fromJson(nlohmann::json::parse(q->textView(6), nullptr, false))
                          .value_or(RunSelection{});
        r.params = nlohmann::json::parse(q->textView(7), nullptr, false);
        if (!r.params.is_object())
            r.params = nlohmann::json::object();
        r.logicalDate = q->text(8);
        r.message = q->text(9);
        r.taskCount = static_cast<int>(q->integer(10));
        r.createdBy = q->text(11);
        r.createdAt = q->text(12);
        r.startedAt = q->optionalText(13);
        r.finishedAt = q->optionalText(14);
        if (withTasks) {
            auto t = db.cached("SELECT node_id, position, state, attempt, max_attempts, message, "
                               "exit_code, started_at, finished_at FROM task_runs WHERE run_id = ? "
                               "ORDER BY position");
            t->bind(1, runId);
            while (t->step())
                r.tasks.push_back(taskRunFrom(*t));
        }
        return std::optional<RunInfo>(std::move(r));
    });
    if (!loaded)
        return fail(loaded.error());
    if (!*loaded)
        return fail(Error::notFound("run '" + runId + "' was not found"));
    return std::move(**loaded);
}

Result<RunInfo> RunService::visible(const Actor &actor, const std::string &runId, bool withTasks)
{
    auto run = load(runId, withTasks);
    if (!run || run->spaceId != actor.spaceId ||
        !m_definitions.get(actor, run->definitionId).has_value())
        return fail(Error::notFound("run '" + runId + "' was not found"));
    return run;
}

Result<RunInfo> RunService::get(const Actor &actor, const std::string &runId)
{
    return visible(actor, runId, true);
}

Result<Page<RunInfo>> RunService::list(const Actor &actor, const std::string &definitionId,
                                       PageRequest page)
{
    if (auto view = m_definitions.get(actor, definitionId); !view)
        return fail(view.error());
    auto ids =
        m_store.read([&](Database &db) -> Result<std::pair<std::vector<std::string>, int64_t>> {
            auto c = db.cached("SELECT COUNT(*) FROM runs WHERE definition_id = ?");
            c->bind(1, definitionId);
            c->step();
            const int64_t total = c->integer(0);
            auto q =
                db.cached("SELECT id FROM runs WHERE definition_id = ? ORDER BY created_at DESC, "
                          "rowid DESC LIMIT ? OFFSET ?");
            q->bind(1, definitionId).bind(2, page.limit).bind(3, page.offset);
            std::vector<std::string> out;
            while (q->step())
                out.push_back(q->text(0));
            return std::pair{std::move(out), total};
        });
    if (!ids)
        return fail(ids.error());
    Page<RunInfo> out;
    out.total = ids->second;
    for (const std::string &id : ids->first) {
        auto run = load(id, false);
        if (run)
            out.items.push_back(std::move(*run));
    }
    return out;
}

Result<RunInfo> RunService::cancel(const Actor &actor, const std::string &runId)
{
    auto run = visible(actor, runId, false);
    if (!run)
        return run;
    if (auto view = m_definitions.manageable(actor, run->definitionId); !view)
        return fail(view.error());
    if (isFinished(run->state))
        return fail(Error::conflict("run '" + runId + "' has already ended (" +
                                    std::string(runStateName(run->state)) + ")"));
    std::shared_ptr<Active> active;
    {
        std::lock_guard lock(m_mutex);
        auto it = m_active.find(runId);
        if (it != m_active.end()) {
            active = it->second;
            active->cancelReason = "cancelled by " + actor.userName;
            active->cancelRequested = true;
        }
    }
    if (active) {
        const std::string why = "cancelled by " + actor.userName;
        QMetaObject::invokeMethod(
            m_worker,
            [active, why] {
                if (active->engine)
                    active->engine->cancel(why);
            },
            Qt::QueuedConnection);
    }
    return load(runId, true);
}

void RunService::whenEnded(const Actor &actor, const std::string &runId, int timeoutMs,
                           std::function<void(Result<RunInfo>)> done)
{
    // One call of `done`, whichever comes first: the end, or the time.
    auto once = std::make_shared<std::function<void(Result<RunInfo>)>>(std::move(done));
    auto answer = [this, actor, runId, once] {
        if (!*once)
            return;
        auto callback = std::move(*once);
        *once = nullptr;
        callback(visible(actor, runId, true));
    };
    QMetaObject::invokeMethod(
        m_worker,
        [this, runId, timeoutMs, answer] {
            std::shared_ptr<Active> active;
            {
                std::lock_guard lock(m_mutex);
                if (auto it = m_active.find(runId); it != m_active.end())
                    active = it->second;
            }
            if (!active || active->done) {
                answer();
                return;
            }
            active->endWaiters.push_back(answer);
            QTimer::singleShot(timeoutMs, m_worker, answer);
        },
        Qt::QueuedConnection);
}

Result<RunInfo> RunService::rerunFailed(const Actor &actor, const std::string &runId)
{
    auto run = visible(actor, runId, true);
    if (!run)
        return run;
    if (!isFinished(run->state))
        return fail(Error::conflict("run '" + runId + "' is still running"));
    RunRequest request;
    request.definitionId = run->definitionId;
    request.version = run->version;
    request.params = run->params;
    request.trigger = "rerun";
    request.logicalDate = run->logicalDate;
    request.selection.mode = RunSelection::Mode::Only;
    for (const TaskRunInfo &t : run->tasks) {
        if (t.state != TaskState::Completed && t.state != TaskState::Skipped)
            request.selection.nodes.push_back(t.nodeId);
    }
    if (request.selection.nodes.empty())
        return fail(Error::conflict("every task of run '" + runId +
                                    "' completed: nothing to "
                                    "run again"));
    return start(actor, std::move(request));
}

Result<RunLog> RunService::log(const Actor &actor, const std::string &runId,
                               const std::string &nodeId, int attempt, int64_t offset,
                               int64_t limit)
{
    auto run = visible(actor, runId, true);
    if (!run)
        return fail(run.error());
    const TaskRunInfo *task = nullptr;
    for (const TaskRunInfo &t : run->tasks) {
        if (t.nodeId == nodeId)
            task = &t;
    }
    if (!task)
        return fail(Error::notFound("task '" + nodeId + "' is not part of run '" + runId + "'"));
    if (attempt < 0 || attempt > task->attempt)
        return fail(
            Error::notFound("task '" + nodeId + "' has no attempt " + std::to_string(attempt)));
    if (offset < 0)
        return fail(Error::invalid("offset must not be negative", "offset"));
    RunLog out;
    out.nodeId = nodeId;
    out.attempt = attempt == 0 ? task->attempt : attempt;
    out.complete = isFinished(task->state) || out.attempt < task->attempt ||
                   (task->state == TaskState::Queued && out.attempt == task->attempt);
    if (out.attempt == 0) {
        out.complete = isFinished(task->state);
        return out;
    }
    auto chunk = readLogFile(attemptLogPath(folders(runId).logs, nodeId, out.attempt), offset,
                             std::clamp<int64_t>(limit, 0, kMaxLogRead));
    if (!chunk)
        return fail(chunk.error());
    out.chunk = std::move(*chunk);
    return out;
}

Status RunService::deleteDefinition(const Actor &actor, const std::string &definitionId)
{
    {
        std::lock_guard lock(m_mutex);
        for (const auto &[id, active] : m_active) {
            if (active->definitionId == definitionId && !active->done)
                return fail(Error::conflict(
                    "run '" + id + "' of this definition is still going; cancel it first"));
        }
    }
    auto runs = m_store.read([&](Database &db) -> Result<std::vector<std::string>> {
        auto q = db.cached("SELECT id FROM runs WHERE definition_id = ?");
        q->bind(1, definitionId);
        std::vector<std::string> out;
        while (q->step())
            out.push_back(q->text(0));
        return out;
    });
    if (!runs)
        return fail(runs.error());
    if (auto removed = m_definitions.remove(actor, definitionId); !removed)
        return removed;
    for (const std::string &runId : *runs) {
        std::error_code ec;
        std::filesystem::remove_all(runDir(runId), ec);
    }
    return {};
}

Result<std::optional<RunInfo>> RunService::latest(const Actor &actor,
                                                  const std::string &definitionId)
{
    auto page = list(actor, definitionId, {0, 1});
    if (!page)
        return fail(page.error());
    if (page->items.empty())
        return std::optional<RunInfo>();
    return std::optional<RunInfo>(std::move(page->items.front()));
}

Status RunService::recoverInterrupted()
{
    auto left = m_store.read(
        [&](Database &db)
            -> Result<std::vector<std::tuple<std::string, std::string, std::string, std::string>>> {
            auto q = db.cached("SELECT id, space_id, definition_id, created_by, owner_pid, "
                               "owner_start FROM runs WHERE state IN ('PENDING', 'RUNNING')");
            std::vector<std::tuple<std::string, std::string, std::string, std::string>> out;
            while (q->step()) {
                // A run whose process still runs (another process on this data directory) is
                // not interrupted.
                const auto ownerPid = static_cast<pid_t>(q->integer(4));
                if (!q->isNull(4) && !q->isNull(5) && ownerPid != ::getpid() &&
                    processIsAlive(ownerPid, q->integer(5)))
                    continue;
                out.emplace_back(q->text(0), q->text(1), q->text(2), q->text(3));
            }
            return out;
        });
    if (!left)
        return fail(left.error());
    for (const auto &[runId, spaceId, definitionId, createdBy] : *left) {
        const int killed = killLeftovers(runId);
        const std::string now = nowUtc();
        const std::string message = "interrupted: Pipewright stopped during the run";
        auto written = m_store.write([&](WriteTx &tx) -> Status {
            Database &db = tx.db();
            db.cached("UPDATE task_runs SET state = CASE WHEN state IN ('RUNNING', 'QUEUED') "
                      "THEN 'FAILED' ELSE 'CANCELLED' END, message = ?, finished_at = ? "
                      "WHERE run_id = ? AND state IN ('PENDING', 'QUEUED', 'RUNNING')")
                ->bindAll(message, now, runId)
                .run();
            db.cached("UPDATE runs SET state = 'FAILED', message = ?, finished_at = ? WHERE id = ?")
                ->bindAll(message, now, runId)
                .run();
            tx.record(AuditEvent{0,
                                 spaceId,
                                 createdBy,
                                 "run.interrupted",
                                 "run",
                                 runId,
                                 definitionId,
                                 {{"state", "FAILED"}, {"processes_killed", killed}},
                                 now});
            return {};
        });
        if (!written)
            return fail(written.error());
        std::error_code ec;
        std::filesystem::remove_all(folders(runId).code, ec);
    }
    return {};
}

void RunService::shutdown()
{
    std::vector<std::shared_ptr<Active>> running;
    {
        std::lock_guard lock(m_mutex);
        if (m_shutDown)
            return;
        m_shutDown = true;
        for (auto &[id, active] : m_active) {
            active->cancelReason = "Pipewright was closed";
            active->cancelRequested = true;
            running.push_back(active);
        }
    }
    for (const auto &active : running) {
        QMetaObject::invokeMethod(
            m_worker,
            [active] {
                if (active->engine)
                    active->engine->cancel("Pipewright was closed");
            },
            Qt::QueuedConnection);
    }
    // Stopped tasks get their grace period, then SIGKILL; wait a little longer than that.
    const auto deadline =
        std::chrono::steady_clock::now() + std::chrono::milliseconds(m_killGraceMs.load() + 3000);
    for (;;) {
        {
            std::lock_guard lock(m_mutex);
            if (m_active.empty())
                break;
        }
        if (std::chrono::steady_clock::now() > deadline)
            break;
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    // What is left (and the network parts) goes on the runner thread, where it lives.
    QMetaObject::invokeMethod(
        m_worker,
        [this] {
            std::map<std::string, std::shared_ptr<Active>> left;
            {
                std::lock_guard lock(m_mutex);
                left.swap(m_active);
            }
            for (auto &[id, active] : left) {
                if (active->engine)
                    active->engine.reset();
                active->pendingRun = {RunState::Cancelled, "Pipewright was closed"};
                flush(active);
            }
            m_parts->sandbox.reset();
            delete m_parts->network;
            m_parts->network = nullptr;
        },
        Qt::BlockingQueuedConnection);
    m_thread->quit();
    m_thread->wait();
    delete m_worker;
    delete m_thread;
    m_worker = nullptr;
    m_thread = nullptr;
}

} // namespace pw::core
