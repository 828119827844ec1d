#include "jobservice.h"

#include <QThread>

#include <chrono>

#include <unistd.h>

#include "../util/ids.h"
#include "../util/process.h"

namespace pw::core {

namespace {

std::optional<JobState> jobStateFromName(std::string_view name)
{
    for (JobState s : {JobState::Queued, JobState::Running, JobState::Succeeded, JobState::Failed,
                       JobState::Cancelled}) {
        if (jobStateName(s) == name)
            return s;
    }
    return std::nullopt;
}

nlohmann::json errorJson(const Error &error)
{
    return {{"code", std::string(errorCodeName(error.code))},
            {"message", error.message},
            {"details", error.details}};
}

using Clock = std::chrono::steady_clock;

// Who the queue limit counts a job against: the token that asked, else the user (the window and
// the CLI have no token).
std::string callerKeyOf(const Actor &actor)
{
    return actor.tokenId.empty() ? "user:" + actor.userId : "token:" + actor.tokenId;
}

} // namespace

std::string_view jobStateName(JobState state)
{
    switch (state) {
    case JobState::Queued:
        return "queued";
    case JobState::Running:
        return "running";
    case JobState::Succeeded:
        return "succeeded";
    case JobState::Failed:
        return "failed";
    case JobState::Cancelled:
        return "cancelled";
    }
    return "queued";
}

struct JobService::Running
{
    std::string id;
    std::string spaceId;
    std::string createdBy;
    std::string callerKey;
    JobWork work;
    JobDone done;
    std::atomic<bool> cancel = false;
    std::mutex mutex; // guards the progress fields
    double progress = 0;
    std::string message;
    Clock::time_point lastEmit{};
};

class JobService::TransientContext : public JobContext
{
public:
    TransientContext(std::string id, const TransientJob &job) : m_id(std::move(id)), m_job(job) {}
    const std::string &jobId() const override { return m_id; }
    bool cancelled() const override { return m_job.cancelled(); }
    void progress(double, const std::string &) override {}

private:
    std::string m_id;
    const TransientJob &m_job;
};

class JobService::Context : public JobContext
{
public:
    Context(JobService &service, Running &job) : m_service(service), m_job(job) {}
    const std::string &jobId() const override { return m_job.id; }
    bool cancelled() const override { return m_job.cancel.load(); }
    void progress(double fraction, const std::string &message) override
    {
        JobProgress event;
        {
            std::lock_guard lock(m_job.mutex);
            m_job.progress = std::clamp(fraction, 0.0, 1.0);
            m_job.message = message;
            const auto now = Clock::now();
            if (now - m_job.lastEmit < std::chrono::milliseconds(kProgressIntervalMs))
                return;
            m_job.lastEmit = now;
            event = JobProgress{m_job.id, m_job.spaceId, m_job.progress, m_job.message};
        }
        Q_EMIT m_service.progressed(event);
    }

private:
    JobService &m_service;
    Running &m_job;
};

JobService::JobService(Store &store, int threads, int requestThreads) : m_store(store)
{
    qRegisterMetaType<pw::core::JobProgress>();
    auto addThreads = [this](Lane &lane, int count, const QString &name) {
        for (int i = 0; i < std::max(1, count); ++i) {
            auto *thread = new QThread;
            thread->setObjectName(QStringLiteral("pipewright-%1-%2").arg(name).arg(i));
            auto *worker = new QObject;
            worker->moveToThread(thread);
            // The thread's SQLite connection goes with the thread.
            QObject::connect(
                thread, &QThread::finished, worker, [this] { m_store.releaseThreadConnection(); },
                Qt::DirectConnection);
            thread->start();
            m_threads.push_back(thread);
            lane.workers.push_back(worker);
            lane.idle.push_back(worker);
        }
    };
    addThreads(m_work, threads, QStringLiteral("jobs"));
    addThreads(m_requests, requestThreads, QStringLiteral("requests"));
}

JobService::~JobService()
{
    shutdown();
}

void JobService::shutdown()
{
    std::vector<std::shared_ptr<Running>> left;
    {
        std::lock_guard lock(m_mutex);
        if (m_shutDown)
            return;
        m_shutDown = true;
        for (auto &[id, job] : m_running)
            job->cancel = true;
    }
    for (QThread *thread : m_threads) {
        thread->quit();
        thread->wait();
    }
    std::unordered_map<std::string, std::deque<std::function<void()>>> untaken[2];
    {
        std::lock_guard lock(m_mutex);
        untaken[0].swap(m_work.queued); // destroyed below, outside the lock
        untaken[1].swap(m_requests.queued);
        m_work.turns.clear();
        m_requests.turns.clear();
        m_work.idle.clear();
        m_requests.idle.clear();
    }
    untaken[0].clear();
    untaken[1].clear();
    for (Lane *lane : {&m_work, &m_requests}) {
        for (QObject *worker : lane->workers)
            delete worker;
        lane->workers.clear();
    }
    for (QThread *thread : m_threads)
        delete thread;
    m_threads.clear();
    {
        std::lock_guard lock(m_mutex);
        for (auto &[id, job] : m_running)
            left.push_back(job);
        m_running.clear();
    }
    // Jobs that never started: cancelled, not left "queued" for the next process to find.
    for (const auto &job : left) {
        (void)setState(job->id, job->spaceId, job->createdBy, JobState::Cancelled, nullptr,
                       nullptr);
        if (job->done) {
            if (auto info = load(job->id))
                job->done(*info);
        }
    }
}

Result<JobInfo> JobService::submit(const Actor &actor, std::string kind, std::string subjectId,
                                   JobWork work, JobDone done)
{
    auto job = std::make_shared<Running>();
    job->id = newUuid();
    job->spaceId = actor.spaceId;
    job->createdBy = actor.userId;
    job->callerKey = callerKeyOf(actor);
    job->work = std::move(work);
    job->done = std::move(done);
    // A place in the caller's queue is taken before anything is written, so callers racing each
    // other cannot pass the limit together.
    if (auto reserved = reserve(job->callerKey); !reserved)
        return fail(reserved.error());
    const std::string now = nowUtc();
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        auto q = tx.db().cached(
            "INSERT INTO jobs (id, space_id, kind, subject_id, created_by, state, created_at, "
            "owner_pid, owner_start, token_id) VALUES (?,?,?,?,?,?,?,?,?,?)");
        q->bind(1, job->id)
            .bind(2, actor.spaceId)
            .bind(3, kind)
            .bind(4, subjectId)
            .bind(5, actor.userId);
        q->bind(6, jobStateName(JobState::Queued)).bind(7, now);
        q->bind(8, static_cast<int64_t>(::getpid())).bind(9, ownProcessStart());
        if (actor.tokenId.empty())
            q->bindNull(10);
        else
            q->bind(10, actor.tokenId);
        q->run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "job.queued",
                             "job",
                             job->id,
                             {},
                             {{"kind", kind}, {"subject_id", subjectId}},
                             now});
        return {};
    });
    if (!written) {
        release(job->callerKey);
        return fail(written.error());
    }
    bool accepted = false;
    {
        std::lock_guard lock(m_mutex);
        if (!m_shutDown) {
            m_running.emplace(job->id, job);
            accepted = true;
        }
    }
    if (!accepted || !dispatch(JobLane::Work, job->callerKey, [this, job] { run(job); })) {
        {
            std::lock_guard lock(m_mutex);
            m_running.erase(job->id);
        }
        release(job->callerKey);
        (void)setState(job->id, job->spaceId, job->createdBy, JobState::Cancelled, nullptr,
                       nullptr);
        return fail(Error{ErrorCode::Unavailable, "the job service is shutting down",
                          nlohmann::json::object()});
    }
    return load(job->id);
}

Status JobService::reserve(const std::string &callerKey, int limit)
{
    std::lock_guard lock(m_mutex);
    if (m_shutDown)
        return fail(Error{ErrorCode::Unavailable, "the job service is shutting down",
                          nlohmann::json::object()});
    int &count = m_perCaller[callerKey];
    if (count >= limit)
        return fail(Error::tooManyRequests(
            "you have " + std::to_string(count) +
                " jobs queued or running; wait for one to finish before starting another",
            kRetryAfterSeconds));
    ++count;
    return {};
}

void JobService::release(const std::string &callerKey)
{
    std::lock_guard lock(m_mutex);
    if (auto it = m_perCaller.find(callerKey); it != m_perCaller.end() && --it->second <= 0)
        m_perCaller.erase(it);
}

void JobService::Lane::push(const std::string &caller, std::function<void()> task)
{
    auto &tasks = queued[caller];
    if (tasks.empty())
        turns.push_back(caller);
    tasks.push_back(std::move(task));
}

std::function<void()> JobService::Lane::pop()
{
    const std::string caller = std::move(turns.front());
    turns.pop_front();
    auto it = queued.find(caller);
    std::function<void()> task = std::move(it->second.front());
    it->second.pop_front();
    if (it->second.empty())
        queued.erase(it);
    else
        turns.push_back(caller); // its next task waits for the others' turns
    return task;
}

bool JobService::dispatch(JobLane which, const std::string &caller, std::function<void()> task)
{
    Lane &lane = which == JobLane::Requests ? m_requests : m_work;
    QObject *wake = nullptr;
    {
        std::lock_guard lock(m_mutex);
        if (m_shutDown)
            return false;
        lane.push(caller, std::move(task));
        if (!lane.idle.empty()) {
            wake = lane.idle.back();
            lane.idle.pop_back();
        }
    }
    if (wake)
        QMetaObject::invokeMethod(
            wake, [this, &lane, wake] { drain(lane, wake); }, Qt::QueuedConnection);
    return true;
}

void JobService::drain(Lane &lane, QObject *worker)
{
    for (;;) {
        std::function<void()> task;
        {
            std::lock_guard lock(m_mutex);
            if (lane.empty() || m_shutDown) {
                lane.idle.push_back(worker);
                return;
            }
            task = lane.pop();
        }
        task();
    }
}

int JobService::threadCount(JobLane lane) const
{
    return static_cast<int>((lane == JobLane::Requests ? m_requests : m_work).workers.size());
}

Result<std::shared_ptr<TransientJob>>
JobService::runTransient(const Actor &actor, std::function<void(JobContext &)> work, JobLane lane)
{
    // Each lane has its own places per caller: a caller's queued jobs never refuse its requests.
    const std::string callerKey =
        (lane == JobLane::Requests ? "requests/" : "") + callerKeyOf(actor);
    const int limit =
        lane == JobLane::Requests ? kMaxRequestWorkPerCaller : kMaxUnfinishedPerCaller;
    if (auto reserved = reserve(callerKey, limit); !reserved)
        return fail(reserved.error());
    auto job = std::make_shared<TransientJob>();
    const bool queued = dispatch(lane, callerKey, [this, job, callerKey, work = std::move(work)] {
        TransientContext context(newUuid(), *job);
        try {
            work(context);
        } catch (...) {
            // The work reports its own outcome; an exception must not end the thread.
        }
        release(callerKey);
    });
    if (!queued) {
        release(callerKey);
        return fail(Error{ErrorCode::Unavailable, "the job service is shutting down",
                          nlohmann::json::object()});
    }
    return job;
}

void JobService::run(const std::shared_ptr<Running> &job)
{
    auto finish = [&](JobState state, const nlohmann::json &result, const nlohmann::json &error) {
        (void)setState(job->id, job->spaceId, job->createdBy, state, result, error);
        {
            std::lock_guard lock(m_mutex);
            m_running.erase(job->id);
        }
        release(job->callerKey);
        if (job->done) {
            if (auto info = load(job->id))
                job->done(*info);
        }
    };
    if (job->cancel) {
        finish(JobState::Cancelled, nullptr, nullptr);
        return;
    }
    (void)setState(job->id, job->spaceId, job->createdBy, JobState::Running, nullptr, nullptr);
    Context context(*this, *job);
    Result<nlohmann::json> outcome = nlohmann::json();
    try {
        outcome = job->work(context);
    } catch (const std::exception &e) {
        outcome = fail(Error::internal(std::string("the job failed: ") + e.what()));
    } catch (...) {
        outcome = fail(Error::internal("the job failed"));
    }
    // The last progress report goes out before the final state is written, so whoever sees
    // the job finished has already been sent its final progress.
    const bool cancelled = job->cancel.load();
    Q_EMIT progressed(JobProgress{job->id, job->spaceId, cancelled ? job->progress : 1.0,
                                  outcome && !cancelled ? std::string("done") : job->message});
    if (cancelled)
        finish(JobState::Cancelled, nullptr, nullptr);
    else if (outcome)
        finish(JobState::Succeeded, *outcome, nullptr);
    else
        finish(JobState::Failed, nullptr, errorJson(outcome.error()));
}

Status JobService::setState(const std::string &jobId, const std::string &spaceId,
                            const std::string &actorUserId, JobState state,
                            const nlohmann::json &result, const nlohmann::json &error)
{
    const std::string now = nowUtc();
    return m_store.write([&](WriteTx &tx) -> Status {
        const bool done = state != JobState::Queued && state != JobState::Running;
        auto q = tx.db().cached(
            "UPDATE jobs SET state = ?, result = ?, error = ?, "
            "started_at = CASE WHEN ? AND started_at IS NULL THEN ? ELSE started_at END, "
            "finished_at = CASE WHEN ? THEN ? ELSE finished_at END, "
            "progress = CASE WHEN ? = 'succeeded' THEN 1 ELSE progress END WHERE id = ?");
        q->bind(1, jobStateName(state));
        if (result.is_null())
            q->bindNull(2);
        else
            q->bind(2, result.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        if (error.is_null())
            q->bindNull(3);
        else
            q->bind(3, error.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
        q->bind(4, state == JobState::Running ? 1 : 0).bind(5, now);
        q->bind(6, done ? 1 : 0).bind(7, now).bind(8, jobStateName(state)).bind(9, jobId).run();
        if (done) {
            // The member's older finished jobs beyond what it keeps (see kKeptFinishedJobs).
            auto prune = tx.db().cached(
                "DELETE FROM jobs WHERE id IN (SELECT id FROM (SELECT id, "
                "ROW_NUMBER() OVER w AS n, "
                "SUM(COALESCE(length(result), 0) + COALESCE(length(error), 0)) OVER w AS kept "
                "FROM jobs WHERE space_id = ? AND created_by = "
                "(SELECT created_by FROM jobs WHERE id = ?) "
                "AND state IN ('succeeded', 'failed', 'cancelled') "
                "WINDOW w AS (ORDER BY finished_at DESC, rowid DESC)) "
                "WHERE n > 1 AND (n > ? OR kept > ?))");
            prune->bind(1, spaceId).bind(2, jobId);
            prune->bind(3, m_keptJobs.load()).bind(4, m_keptBytes.load()).run();
        }
        tx.record(AuditEvent{0,
                             spaceId,
                             actorUserId,
                             "job." + std::string(jobStateName(state)),
                             "job",
                             jobId,
                             {},
                             {{"state", std::string(jobStateName(state))}},
                             now});
        return {};
    });
}

Result<JobInfo> JobService::load(const std::string &id, bool outcome)
{
    auto loaded = m_store.read([&](Database &db) -> Result<std::optional<JobInfo>> {
        // Without its outcome when only who may see it matters: a result may be megabytes.
        auto q = outcome
                     ? db.cached("SELECT id, space_id, kind, COALESCE(subject_id, ''), created_by, "
                                 "state, progress, message, result, error, created_at, started_at, "
                                 "finished_at FROM jobs WHERE id = ?")
                     : db.cached("SELECT id, space_id, kind, COALESCE(subject_id, ''), created_by, "
                                 "state, progress, message, NULL, NULL, created_at, started_at, "
                                 "finished_at FROM jobs WHERE id = ?");
        q->bind(1, id);
        if (!q->step())
            return std::optional<JobInfo>();
        JobInfo info;
        info.id = q->text(0);
        info.spaceId = q->text(1);
        info.kind = q->text(2);
        info.subjectId = q->text(3);
        info.createdBy = q->text(4);
        info.state = jobStateFromName(q->textView(5)).value_or(JobState::Failed);
        info.progress = q->real(6);
        info.message = q->text(7);
        info.result =
            q->isNull(8) ? nlohmann::json() : nlohmann::json::parse(q->textView(8), nullptr, false);
        info.error =
            q->isNull(9) ? nlohmann::json() : nlohmann::json::parse(q->textView(9), nullptr, false);
        info.createdAt = q->text(10);
        info.startedAt = q->optionalText(11);
        info.finishedAt = q->optionalText(12);
        return std::optional<JobInfo>(std::move(info));
    });
    if (!loaded)
        return fail(loaded.error());
    if (!*loaded)
        return fail(Error::notFound("job '" + id + "' was not found"));
    JobInfo info = std::move(**loaded);
    // A running job's progress lives in memory; the row has the last stored state.
    std::lock_guard lock(m_mutex);
    if (auto it = m_running.find(id); it != m_running.end()) {
        std::lock_guard progressLock(it->second->mutex);
        info.progress = it->second->progress;
        info.message = it->second->message;
    }
    return info;
}

void JobService::setRetention(int64_t jobs, int64_t bytes)
{
    m_keptJobs = jobs;
    m_keptBytes = bytes;
}

void JobService::setSubjectVisibility(JobSubjectVisible visible)
{
    std::lock_guard lock(m_mutex);
    m_subjectVisible = std::move(visible);
}

Result<JobInfo> JobService::get(const Actor &actor, const std::string &id)
{
    return visible(actor, id, true);
}

bool JobService::canSee(const Actor &actor, const std::string &id)
{
    return visible(actor, id, false).has_value();
}

Result<JobInfo> JobService::visible(const Actor &actor, const std::string &id, bool outcome)
{
    auto info = load(id, outcome);
    auto hidden = [&] { return fail(Error::notFound("job '" + id + "' was not found")); };
    if (!info || info->spaceId != actor.spaceId)
        return hidden();
    if (info->createdBy == actor.userId)
        return info;
    JobSubjectVisible visible;
    {
        std::lock_guard lock(m_mutex);
        visible = m_subjectVisible;
    }
    if (info->subjectId.empty() || !visible || !visible(actor, *info))
        return hidden();
    return info;
}

Result<JobInfo> JobService::cancel(const Actor &actor, const std::string &id)
{
    auto info = get(actor, id);
    if (!info)
        return info;
    if (info->createdBy != actor.userId && actor.role != Role::Admin)
        return fail(Error::forbidden("only the job's creator or a space admin can cancel it"));
    if (info->finished())
        return fail(Error::conflict("job '" + id + "' has already " +
                                    std::string(jobStateName(info->state))));
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_running.find(id); it != m_running.end())
            it->second->cancel = true;
    }
    return load(id);
}

Status JobService::failInterrupted()
{
    const std::string now = nowUtc();
    // One write per job: each gets its own audit event and change event.
    auto left =
        m_store.read([&](Database &db) -> Result<std::vector<std::pair<std::string, std::string>>> {
            auto q = db.cached("SELECT id, space_id, owner_pid, owner_start FROM jobs "
                               "WHERE state IN ('queued', 'running')");
            std::vector<std::pair<std::string, std::string>> out;
            while (q->step()) {
                // A job of a process that still runs (`pipewright token create` while the
                // window clones) is not interrupted. Jobs of older versions have no owner.
                if (!q->isNull(2) && !q->isNull(3) && processIsAlive(q->integer(2), q->integer(3)))
                    continue;
                out.emplace_back(q->text(0), q->text(1));
            }
            return out;
        });
    if (!left)
        return fail(left.error());
    for (const auto &[id, space] : *left) {
        const nlohmann::json error =
            errorJson(Error::internal("the process running this job ended before it finished"));
        if (auto ok = setState(id, space, {}, JobState::Failed, nullptr, error); !ok)
            return ok;
    }
    return {};
}

} // namespace pw::core
