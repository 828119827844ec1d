#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>
#include <atomic>
#include <latch>
#include <mutex>
#include <thread>

#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::expectOk;
using pw::test::Fixture;

namespace {

// Waits (processing events) until the job has finished, at most ten seconds.
JobInfo finished(Fixture &f, const Actor &actor, const std::string &id)
{
    JobInfo info = *f.core().jobs().get(actor, id);
    for (int i = 0; i < 1000 && !info.finished(); ++i) {
        QTest::qWait(10);
        info = *f.core().jobs().get(actor, id);
    }
    return info;
}

} // namespace

class tst_Jobs : public QObject
{
    Q_OBJECT

private slots:
    void submitAnswersAtOnceAndTheWorkRunsElsewhere()
    {
        Fixture f;
        const Actor actor = f.local();
        std::latch release(1);
        std::atomic<bool> onCallerThread = true;
        const auto caller = std::this_thread::get_id();
        auto job =
            f.core().jobs().submit(actor, "test", "subject", [&](JobContext &) -> Result<json> {
                onCallerThread = std::this_thread::get_id() == caller;
                release.wait();
                return json{{"answer", 42}};
            });
        QVERIFY(job.has_value());
        QVERIFY(!job->finished()); // the work is waiting on the latch
        QCOMPARE(job->kind, std::string("test"));
        release.count_down();
        const JobInfo done = finished(f, actor, job->id);
        QCOMPARE(done.state, JobState::Succeeded);
        QCOMPARE(done.result, json({{"answer", 42}}));
        QCOMPARE(done.progress, 1.0);
        QVERIFY(done.startedAt && done.finishedAt);
        QVERIFY(!onCallerThread);
    }

    void stateChangesAreWritesWithEvents()
    {
        Fixture f;
        const Actor actor = f.local();
        std::vector<std::string> actions;
        std::vector<int64_t> sequences;
        QObject receiver;
        QObject::connect(&f.core().notifier(), &ChangeNotifier::changed, &receiver,
                         [&](const ChangeEvent &e) {
                             if (e.kind == ChangeEvent::Kind::Job) {
                                 actions.push_back(e.action);
                                 sequences.push_back(e.sequence);
                             }
                         });
        auto job = f.core().jobs().submit(actor, "test", {}, [](JobContext &) -> Result<json> {
            return fail(Error::unprocessable("the spec has problems", json{{"count", 2}}));
        });
        QVERIFY(job.has_value());
        const JobInfo done = finished(f, actor, job->id);
        QCOMPARE(done.state, JobState::Failed);
        QCOMPARE(done.error["code"], json("unprocessable"));
        QCOMPARE(done.error["details"]["count"], json(2));
        QTRY_COMPARE(actions.size(), size_t(3));
        QCOMPARE(actions, (std::vector<std::string>{"job.queued", "job.running", "job.failed"}));
        QVERIFY(std::is_sorted(sequences.begin(), sequences.end()));
    }

    void progressIsCoalesced()
    {
        Fixture f;
        QSignalSpy progress(&f.core().jobs(), &JobService::progressed);
        auto job =
            f.core().jobs().submit(f.local(), "test", {}, [](JobContext &context) -> Result<json> {
                // A hundred thousand reports in well under a second: a handful of events.
                for (int i = 0; i < 100000; ++i)
                    context.progress(i / 100000.0, "step " + std::to_string(i));
                return json();
            });
        finished(f, f.local(), job->id);
        QTRY_VERIFY(!progress.isEmpty());
        QVERIFY2(progress.count() < 20, std::to_string(progress.count()).c_str());
        QCOMPARE(progress.last().at(0).value<JobProgress>().progress, 1.0);
    }

    void cancelIsSeenByTheWork()
    {
        Fixture f;
        const Actor actor = f.local();
        std::atomic<bool> started = false;
        auto job = f.core().jobs().submit(
            actor, "test", f.demoDefinitionId(), [&](JobContext &context) -> Result<json> {
                started = true;
                while (!context.cancelled())
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return json();
            });
        QTRY_VERIFY(started.load());
        // Another member who sees its subject may not cancel it; its creator may.
        const Actor editor = f.actor(Role::Editor, "erin");
        QCOMPARE(f.core().jobs().cancel(editor, job->id).error().code, ErrorCode::Forbidden);
        QVERIFY(f.core().jobs().cancel(actor, job->id).has_value());
        QCOMPARE(finished(f, actor, job->id).state, JobState::Cancelled);
        QCOMPARE(f.core().jobs().cancel(actor, job->id).error().code, ErrorCode::Conflict);
        // Jobs of another space are not found.
        QVERIFY(f.core().access().createSpace("other", "Other").has_value());
        QCOMPARE(f.core().jobs().get(f.actor(Role::Admin, "olga", "other"), job->id).error().code,
                 ErrorCode::NotFound);
    }

    void anExceptionFailsTheJobNotTheProcess()
    {
        Fixture f;
        auto job = f.core().jobs().submit(f.local(), "test", {}, [](JobContext &) -> Result<json> {
            throw std::runtime_error("boom");
        });
        const JobInfo done = finished(f, f.local(), job->id);
        QCOMPARE(done.state, JobState::Failed);
        QCOMPARE(done.error["code"], json("internal"));
    }

    void unfinishedJobsOfAnEndedProcessAreFailedAtOpen()
    {
        Fixture f;
        const Actor actor = f.local();
        auto job =
            f.core().jobs().submit(actor, "test", {}, [&](JobContext &context) -> Result<json> {
                while (!context.cancelled())
                    std::this_thread::sleep_for(std::chrono::milliseconds(1));
                return json();
            });
        QTRY_COMPARE(f.core().jobs().get(actor, job->id)->state, JobState::Running);
        // A job of a live process (this one) is left alone by another process opening the
        // directory: `pipewright token create` during a clone must not fail the clone.
        {
            auto other = Core::open(f.dataDir().toStdString());
            QVERIFY(other.has_value());
            QCOMPARE((*other)->jobs().get(*(*other)->localActor(), job->id)->state,
                     JobState::Running);
        }
        // The process that ran it ended ("crashed" with the job running: its start time no
        // longer matches a running process).
        QVERIFY(f.core()
                    .store()
                    .transaction([&](Database &db) -> Status {
                        auto q = db.cached("UPDATE jobs SET state = 'running', "
                                           "owner_start = owner_start + 1 WHERE id = ?");
                        q->bind(1, job->id).run();
                        return {};
                    })
                    .has_value());
        auto other = Core::open(f.dataDir().toStdString());
        QVERIFY(other.has_value());
        auto info = (*other)->jobs().get(*(*other)->localActor(), job->id);
        QCOMPARE(info->state, JobState::Failed);
        QVERIFY(info->error["message"].get<std::string>().find("ended") != std::string::npos);
        f.core().jobs().cancel(actor, job->id);
    }

    void aJobIsSeenByItsCreatorAndByThoseWhoSeeItsSubject()
    {
        Fixture f;
        const Actor admin = f.local();
        const Actor viewer = f.actor(Role::Viewer, "vera");
        const Actor editor = f.actor(Role::Editor, "ed");
        auto quick = [](JobContext &) -> Result<json> { return json{{"code", "echo pw=s3cret"}}; };
        // Work on nothing stored (a spec sent in a request): the creator's alone, not even a
        // space admin's.
        auto own = f.core().jobs().submit(editor, "compile", {}, quick);
        QCOMPARE(finished(f, editor, own->id).result["code"], json("echo pw=s3cret"));
        QCOMPARE(f.core().jobs().get(viewer, own->id).error().code, ErrorCode::NotFound);
        QCOMPARE(f.core().jobs().get(admin, own->id).error().code, ErrorCode::NotFound);
        QCOMPARE(f.core().jobs().cancel(viewer, own->id).error().code, ErrorCode::NotFound);
        // Work on the demo definition, which every member sees.
        auto shared = f.core().jobs().submit(admin, "validate", f.demoDefinitionId(), quick);
        QCOMPARE(finished(f, admin, shared->id).state, JobState::Succeeded);
        QVERIFY(f.core().jobs().get(viewer, shared->id).has_value());
        // Work on a definition of a private workspace the viewer is not granted.
        WorkspaceCreate privateWorkspace;
        privateWorkspace.name = "Private";
        privateWorkspace.visibility = Visibility::Private;
        const std::string ws =
            expectOk(f.core().workspaces().create(admin, privateWorkspace), "ws").workspace->id;
        DefinitionCreate create;
        create.meta.name = "Hidden";
        create.meta.workspaceId = ws;
        create.spec = f.core().definitions().get(admin, f.demoDefinitionId())->definition->spec;
        const std::string hidden =
            expectOk(f.core().definitions().create(admin, std::move(create)), "create")
                .definition->id;
        auto secret = f.core().jobs().submit(admin, "validate", hidden, quick);
        QCOMPARE(finished(f, admin, secret->id).state, JobState::Succeeded);
        QCOMPARE(f.core().jobs().get(viewer, secret->id).error().code, ErrorCode::NotFound);
        // The same rule decides who hears of it.
        ChangeEvent event;
        event.kind = ChangeEvent::Kind::Job;
        event.spaceId = admin.spaceId;
        event.objectId = secret->id;
        QVERIFY(f.core().canSee(admin, event));
        QVERIFY(!f.core().canSee(viewer, event));
        event.objectId = own->id;
        QVERIFY(f.core().canSee(editor, event));
        QVERIFY(!f.core().canSee(admin, event));
    }

    void aCallerMayHaveOnlySoManyJobsUnderWay()
    {
        Fixture f;
        Actor first = f.actor(Role::Viewer, "vera");
        first.tokenId = "token-1";
        Actor second = first;
        second.tokenId = "token-2";
        std::latch release(1);
        auto blocking = [&](JobContext &) -> Result<json> {
            release.wait();
            return json();
        };
        std::vector<std::string> ids;
        for (int i = 0; i < JobService::kMaxUnfinishedPerCaller; ++i)
            ids.push_back(
                expectOk(f.core().jobs().submit(first, "validate", {}, blocking), "job").id);
        auto refused = f.core().jobs().submit(first, "validate", {}, blocking);
        QVERIFY(!refused);
        QCOMPARE(refused.error().code, ErrorCode::TooManyRequests);
        QCOMPARE(refused.error().details["retry_after"], json(JobService::kRetryAfterSeconds));
        // Nothing was written for it, and another caller is not held back.
        auto count = f.core().store().read([](Database &db) -> Result<int64_t> {
            auto q = db.cached("SELECT COUNT(*) FROM jobs");
            q->step();
            return q->integer(0);
        });
        QCOMPARE(*count, int64_t(JobService::kMaxUnfinishedPerCaller));
        auto other = f.core().jobs().submit(second, "validate", {}, blocking);
        QVERIFY(other.has_value());
        release.count_down();
        for (const std::string &id : ids)
            QCOMPARE(finished(f, first, id).state, JobState::Succeeded);
        // Finished jobs free their places.
        QVERIFY(f.core().jobs().submit(first, "validate", {}, blocking).has_value());
    }

    void aMemberKeepsOnlySoManyFinishedJobs()
    {
        Fixture f;
        f.core().jobs().setRetention(3, 2500);
        const Actor vera = f.actor(Role::Viewer, "vera");
        const Actor otto = f.actor(Role::Viewer, "otto");
        auto runOne = [&](const Actor &who, size_t resultBytes) {
            const std::string id =
                expectOk(f.core().jobs().submit(who, "compile", {},
                                                [resultBytes](JobContext &) -> Result<json> {
                                                    return json(std::string(resultBytes, 'x'));
                                                }),
                         "job")
                    .id;
            // An id that names nothing when the job did not succeed: the checks below fail.
            return finished(f, who, id).state == JobState::Succeeded ? id : std::string("none");
        };
        const std::string others = runOne(otto, 10);
        std::vector<std::string> ids;
        for (int i = 0; i < 5; ++i)
            ids.push_back(runOne(vera, 10));
        auto exists = [&](const Actor &who, const std::string &id) {
            return f.core().jobs().get(who, id).has_value();
        };
        // By count: the newest three of vera's; otto's own is not hers to lose.
        QVERIFY(!exists(vera, ids[0]));
        QVERIFY(!exists(vera, ids[1]));
        QVERIFY(exists(vera, ids[2]) && exists(vera, ids[3]) && exists(vera, ids[4]));
        QVERIFY(exists(otto, others));
        // By size: a large result pushes older ones out, but the newest is always kept.
        const std::string large = runOne(vera, 2000);
        QVERIFY(exists(vera, large));
        QVERIFY(exists(vera, ids[4]) && exists(vera, ids[3])); // within 2,500 bytes
        QVERIFY(!exists(vera, ids[2]));                        // the fourth newest
        const std::string huge = runOne(vera, 5000);
        QVERIFY(exists(vera, huge));
        QVERIFY(!exists(vera, large));
        QVERIFY(!exists(vera, ids[4]));
    }

    void noJobWaitsBehindALongOneWhileAThreadIsFree()
    {
        // One long job (a clone from a silent remote, a 5 s search) holds one thread; everything
        // submitted after it runs on the others. Jobs once went to the threads in turn, so every
        // fourth waited for the long one while three threads were idle.
        Fixture f;
        std::latch release(1);
        auto slow =
            f.core().jobs().submit(f.local(), "test", {}, [&release](JobContext &) -> Result<json> {
                release.wait();
                return json();
            });
        QVERIFY(slow.has_value());
        auto letGo = qScopeGuard([&release] { release.count_down(); }); // also when a check fails
        for (int i = 0; i < 12; ++i) {
            auto ran = std::make_shared<std::atomic<bool>>(false);
            auto quick =
                f.core().jobs().runTransient(f.local(), [ran](JobContext &) { *ran = true; });
            QVERIFY(quick.has_value());
            QTRY_VERIFY2_WITH_TIMEOUT(ran->load(), std::to_string(i).c_str(), 10000);
        }
        letGo.dismiss();
        release.count_down();
        QCOMPARE(finished(f, f.local(), slow->id).state, JobState::Succeeded);
    }

    void longWorkDoesNotHoldBackRequests()
    {
        // Every work thread held by a long job (searches, clones): work for a request (a large
        // body's parse, an event replay) runs on the request threads meanwhile, and a caller
        // whose work queue is full still has its places there.
        Fixture f;
        std::latch release(1);
        auto letGo = qScopeGuard([&release] { release.count_down(); });
        auto &jobs = f.core().jobs();
        for (int i = 0; i < JobService::kMaxUnfinishedPerCaller; ++i) {
            QVERIFY(jobs.submit(f.local(), "test", {}, [&release](JobContext &) -> Result<json> {
                release.wait();
                return json();
            }));
        }
        QCOMPARE(jobs.runTransient(f.local(), [](JobContext &) {}).error().code,
                 ErrorCode::TooManyRequests);
        auto ran = std::make_shared<std::atomic<bool>>(false);
        QVERIFY(jobs.runTransient(
            f.local(), [ran](JobContext &) { *ran = true; }, JobLane::Requests));
        QTRY_VERIFY_WITH_TIMEOUT(ran->load(), 10000);
    }

    void callersTakeTurnsForTheThreads()
    {
        // One caller with many tasks queued does not stand all of them before another caller's
        // one: a free thread takes the next caller's oldest task (a viewer's sixteen compares
        // once delayed another member's read by seconds).
        Fixture f;
        auto &jobs = f.core().jobs();
        std::latch release(1);
        auto letGo = qScopeGuard([&release] { release.count_down(); });
        const Actor busy = f.local();
        Actor other = f.local();
        other.tokenId = "another-caller";
        for (int i = 0; i < jobs.threadCount(JobLane::Requests); ++i)
            QVERIFY(jobs.runTransient(
                busy, [&release](JobContext &) { release.wait(); }, JobLane::Requests));
        auto order = std::make_shared<std::vector<std::string>>();
        auto mutex = std::make_shared<std::mutex>();
        auto record = [order, mutex](std::string who) {
            return [order, mutex, who](JobContext &) {
                std::lock_guard lock(*mutex);
                order->push_back(who);
            };
        };
        for (int i = 0; i < 10; ++i)
            QVERIFY(jobs.runTransient(busy, record("busy"), JobLane::Requests));
        QVERIFY(jobs.runTransient(other, record("other"), JobLane::Requests));
        letGo.dismiss();
        release.count_down();
        QTRY_COMPARE_WITH_TIMEOUT(([&] {
                                      std::lock_guard lock(*mutex);
                                      return order->size();
                                  }()),
                                  size_t(11), 10000);
        std::lock_guard lock(*mutex);
        const auto at = std::find(order->begin(), order->end(), "other") - order->begin();
        QVERIFY2(at <= 1, std::to_string(at).c_str());
    }

    void jobThreadsLetGoOfTheirConnections()
    {
        auto f = std::make_unique<Fixture>();
        for (int i = 0; i < 4; ++i) {
            auto job = f->core().jobs().submit(f->local(), "test", {},
                                               [](JobContext &) -> Result<json> { return json(); });
            finished(*f, f->local(), job->id);
        }
        const size_t before = f->core().store().connectionCount();
        f->core().jobs().shutdown();
        QVERIFY(f->core().store().connectionCount() < before);
    }
};

QTEST_GUILESS_MAIN(tst_Jobs)
#include "tst_jobs.moc"
