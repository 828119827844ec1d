#pragma once

#include <atomic>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include <QObject>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../store/store.h"

class QThread;

namespace pw::core {

enum class JobState
{
    Queued,
    Running,
    Succeeded,
    Failed,
    Cancelled
};
std::string_view jobStateName(JobState state);

// A job as its readers see it. `result` holds the work's answer once it succeeded; `error`
// (an Error's JSON: code, message, details) once it failed.
struct JobInfo
{
    std::string id;
    std::string spaceId;
    std::string kind;      // "validate", "compile", "run", "chat", ...
    std::string subjectId; // what it works on (a definition id), may be empty
    std::string createdBy;
    JobState state = JobState::Queued;
    double progress = 0; // 0..1
    std::string message;
    nlohmann::json result;
    nlohmann::json error;
    std::string createdAt;
    std::optional<std::string> startedAt;
    std::optional<std::string> finishedAt;

    bool finished() const
    {
        return state == JobState::Succeeded || state == JobState::Failed ||
               state == JobState::Cancelled;
    }
};

// Progress of a running job: emitted a few times a second at most, never stored.
struct JobProgress
{
    std::string jobId;
    std::string spaceId;
    double progress = 0;
    std::string message;
};

// What a job's work gets on its thread: whether it was asked to stop, and a way to report
// progress (coalesced: a few events a second however often it is called).
class JobContext
{
public:
    virtual ~JobContext() = default;
    virtual const std::string &jobId() const = 0;
    virtual bool cancelled() const = 0;
    virtual void progress(double fraction, const std::string &message) = 0;
};

using JobWork = std::function<Result<nlohmann::json>(JobContext &)>;

// Called on the job's thread once its final state is written (succeeded, failed or cancelled),
// with that state: how a deferred HTTP answer or a window waiting for the job learns its end.
using JobDone = std::function<void(const JobInfo &job)>;

// Short read-only work run on the job threads without a record (a content search): no row, no
// audit event, no change event, but counted against its caller's queue like any job. `cancel`
// is heard through the work's JobContext.
class TransientJob
{
public:
    void cancel() { m_cancel = true; }
    bool cancelled() const { return m_cancel.load(); }

private:
    std::atomic<bool> m_cancel = false;
};

// Whether `actor`, who did not create `job`, may see it: it may see what the job works on (a
// job's result can hold what its subject holds, such as generated code with its commands).
using JobSubjectVisible = std::function<bool(const Actor &actor, const JobInfo &job)>;

// Which threads a piece of work runs on. Long work (jobs, searches, clones, publishes) and the
// work of answering a request off the server thread (a large body's parse, a heavy read or
// write of a definition, an event replay) have threads of their own, so a few long searches
// never hold back everyone's requests, and a flood of requests never delays a job.
enum class JobLane
{
    Work,
    Requests,
};

// The one place for long work (compile and validate jobs, runs, chat, backfills): a call
// returns a job id at once, the work runs on the service's own threads (each with its event
// loop), outside the write lock, and its state changes are writes through the pipeline (one
// audit event and one `job` change event each); progress is a coalesced signal. Cancelling
// is a request the work sees through its context. Jobs left unfinished when a process ended
// are marked failed when the next one opens the data directory.
class JobService : public QObject
{
    Q_OBJECT
public:
    static constexpr int kProgressIntervalMs = 250;
    // Jobs one caller (an API token; the window or the CLI as its user) may have queued or
    // running at once; past it, submit answers too_many_requests.
    static constexpr int kMaxUnfinishedPerCaller = 16;
    static constexpr int kRetryAfterSeconds = 5;
    // Places per caller on the request threads: the server bounds a caller's requests in
    // progress itself (16 deferred answers, 16 streams per token); this only catches a caller
    // that gets past those (a request's work and the next request's start overlap briefly).
    static constexpr int kMaxRequestWorkPerCaller = 64;
    // What a member keeps of its finished jobs in a space: the newest kKeptFinishedJobs, as long
    // as their results and errors stay within kKeptOutcomeBytes (the newest is always kept).
    // Older ones are deleted when another finishes (their audit events stay), so a caller that
    // keeps compiling large specs cannot fill the disk.
    static constexpr int64_t kKeptFinishedJobs = 100;
    static constexpr int64_t kKeptOutcomeBytes = 64 << 20;

    // Four threads for work: a publish or a clone waiting on a remote must not hold back the
    // searches and validations of everyone else (the work is mostly waiting, not computing).
    // Two for requests: that work computes (parsing, diffing), and more threads than cores
    // would only share them (and hold more memory at once).
    JobService(Store &store, int threads = 4, int requestThreads = 2);
    ~JobService() override;

    Result<JobInfo> submit(const Actor &actor, std::string kind, std::string subjectId,
                           JobWork work, JobDone done = {});
    // Runs `work` on a thread of `lane` without recording it (see TransientJob). It counts
    // against the caller's places in that lane (kMaxUnfinishedPerCaller each).
    Result<std::shared_ptr<TransientJob>> runTransient(const Actor &actor,
                                                       std::function<void(JobContext &)> work,
                                                       JobLane lane = JobLane::Work);
    int threadCount(JobLane lane) const;
    // A job of the actor's space that it created, or whose subject it may see (see
    // setSubjectVisibility); any other is not_found, as an object of another space would be.
    Result<JobInfo> get(const Actor &actor, const std::string &id);
    // Whether `get` would answer, without reading the job's result (for events, per stream).
    bool canSee(const Actor &actor, const std::string &id);
    // Who besides its creator may see a job (Core sets the definitions' rule). Without it, a
    // job is its creator's alone.
    void setSubjectVisibility(JobSubjectVisible visible);
    // For tests: other bounds than kKeptFinishedJobs and kKeptOutcomeBytes.
    void setRetention(int64_t jobs, int64_t bytes);
    // Asks a queued or running job to stop: the job's creator or a space admin.
    Result<JobInfo> cancel(const Actor &actor, const std::string &id);
    // Marks jobs left queued or running by a process that has ended as failed (called at open);
    // jobs of a process that still runs (another process on this data directory) are left
    // alone.
    Status failInterrupted();
    // Cancels what is running and waits for every job thread to end.
    void shutdown();

Q_SIGNALS:
    void progressed(const pw::core::JobProgress &progress);

private:
    struct Running;
    class Context;
    class TransientContext;
    void run(const std::shared_ptr<Running> &job);
    // Takes one of the caller's places in the queue (too_many_requests when none is left).
    Status reserve(const std::string &callerKey, int limit = kMaxUnfinishedPerCaller);
    void release(const std::string &callerKey);
    struct Lane
    {
        std::vector<QObject *> workers; // one per thread: where queued calls run
        std::vector<QObject *> idle;    // workers with nothing to do; m_mutex
        // Tasks no thread has taken yet, by caller, and the callers with tasks in turn order;
        // m_mutex. A free thread takes the next caller's oldest task: callers take turns, so
        // one caller's queued tasks never stand all together before another's.
        std::unordered_map<std::string, std::deque<std::function<void()>>> queued;
        std::deque<std::string> turns;
        bool empty() const { return turns.empty(); }
        void push(const std::string &caller, std::function<void()> task);
        std::function<void()> pop();
    };
    // Queues `task` of `caller` for the first thread of `lane` that is free: no task waits
    // behind a long one while another thread is idle. False once the service is shutting down.
    bool dispatch(JobLane lane, const std::string &caller, std::function<void()> task);
    // Runs queued tasks of `lane` on `worker`'s thread until none is left, then marks it idle.
    void drain(Lane &lane, QObject *worker);
    Status setState(const std::string &jobId, const std::string &spaceId,
                    const std::string &actorUserId, JobState state, const nlohmann::json &result,
                    const nlohmann::json &error);
    Result<JobInfo> load(const std::string &id, bool outcome = true);
    Result<JobInfo> visible(const Actor &actor, const std::string &id, bool outcome);

    Store &m_store;
    std::vector<QThread *> m_threads;
    std::mutex m_mutex;
    Lane m_work;
    Lane m_requests;
    std::unordered_map<std::string, std::shared_ptr<Running>> m_running; // queued or running
    std::unordered_map<std::string, int> m_perCaller; // unfinished jobs by caller key
    bool m_shutDown = false;
    JobSubjectVisible m_subjectVisible; // guarded by m_mutex
    std::atomic<int64_t> m_keptJobs = kKeptFinishedJobs;
    std::atomic<int64_t> m_keptBytes = kKeptOutcomeBytes;
};

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::JobProgress)
