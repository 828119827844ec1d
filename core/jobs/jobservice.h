#pragma once

#include <atomic>
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

    JobService(Store &store, int threads = 2);
    ~JobService() override;

    Result<JobInfo> submit(const Actor &actor, std::string kind, std::string subjectId,
                           JobWork work);
    Result<JobInfo> get(const Actor &actor, const std::string &id);
    // Asks a queued or running job to stop: the job's creator or a space admin.
    Result<JobInfo> cancel(const Actor &actor, const std::string &id);
    // Marks jobs a previous process left queued or running as failed (called at open).
    Status failInterrupted();
    // Cancels what is running and waits for every job thread to end.
    void shutdown();

Q_SIGNALS:
    void progressed(const pw::core::JobProgress &progress);

private:
    struct Running;
    class Context;
    void run(const std::shared_ptr<Running> &job);
    Status setState(const std::string &jobId, const std::string &spaceId,
                    const std::string &actorUserId, JobState state, const nlohmann::json &result,
                    const nlohmann::json &error);
    Result<JobInfo> load(const std::string &id);

    Store &m_store;
    std::vector<QThread *> m_threads;
    std::vector<QObject *> m_workers; // one per thread, the context queued calls run in
    std::atomic<size_t> m_next = 0;
    std::mutex m_mutex;
    std::unordered_map<std::string, std::shared_ptr<Running>> m_running; // queued or running
    bool m_shutDown = false;
};

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::JobProgress)
