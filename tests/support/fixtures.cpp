#include "fixtures.h"

#include <QHostAddress>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>

namespace pw::test {

Fixture::Fixture(bool serve, core::Core::Options options)
{
    if (!m_dir.isValid())
        qFatal("cannot create a temporary directory");
    m_core =
        expectOk(core::Core::open(m_dir.path().toStdString(), std::move(options)), "Core::open");
    if (serve) {
        m_server = std::make_unique<server::EmbeddedServer>(*m_core);
        m_port = expectOk(m_server->start(QHostAddress(QHostAddress::LocalHost), 0),
                          "EmbeddedServer::start");
    }
}

core::Core::Options Fixture::localRemotes()
{
    core::Core::Options options;
    options.policy.localRemotes = true;
    return options;
}

Fixture::~Fixture()
{
    if (m_server)
        m_server->stop();
}

core::Actor Fixture::local(std::string_view space)
{
    return expectOk(m_core->localActor(space), "localActor");
}

core::Actor Fixture::actor(core::Role role, const std::string &name, std::string_view space)
{
    auto created = expectOk(m_core->access().createToken(space, name, role, name), "createToken");
    return expectOk(m_core->access().actorFor(created.userId, space), "actorFor");
}

std::string Fixture::token(core::Role role, const std::string &name, std::string_view space)
{
    return expectOk(m_core->access().createToken(space, name, role, name), "createToken").token;
}

std::string Fixture::demoWorkspaceId()
{
    auto list = expectOk(m_core->workspaces().list(local(), {}), "list workspaces");
    for (const auto &w : list.items) {
        if (w.workspace->name == "Demo workspace")
            return w.workspace->id;
    }
    qFatal("no demo workspace");
}

std::string Fixture::demoDefinitionId()
{
    core::DefinitionQuery query;
    auto list = expectOk(m_core->definitions().list(local(), query), "list definitions");
    if (list.items.empty())
        qFatal("no demo definition");
    return list.items.front().id;
}

std::string Fixture::demoRepositoryId()
{
    auto repos = expectOk(m_core->registry().repositories(local().spaceId), "repositories");
    return repos.front().id;
}

std::string Fixture::base(std::string_view space)
{
    return "/api/v1.0/spaces/" + std::string(space) + "/pipeline-authoring";
}

std::string createDefinitionIn(const std::string &dataDir, const std::string &name, core::Spec spec)
{
    auto core = expectOk(core::Core::open(dataDir), "open");
    const core::Actor actor = expectOk(core->localActor(), "actor");
    core::DefinitionCreate input;
    input.meta.name = name;
    input.meta.workspaceId =
        expectOk(core->workspaces().list(actor, {}), "workspaces").items.front().workspace->id;
    input.spec = std::move(spec);
    return expectOk(core->definitions().create(actor, std::move(input)), "create").definition->id;
}

bool occupyJobThreads(Fixture &f, std::latch &release, Lanes lanes)
{
    core::JobService &jobs = f.core().jobs();
    const int work = lanes == Lanes::Requests ? 0 : jobs.threadCount(core::JobLane::Work);
    const int requests = lanes == Lanes::Work ? 0 : jobs.threadCount(core::JobLane::Requests);
    // Each holds a thread once it runs; the threads take callers in turn, so work queued before
    // all of them run could pass one. Wait until every one is running.
    struct Started
    {
        std::mutex mutex;
        std::condition_variable changed;
        int count = 0;
    };
    auto started = std::make_shared<Started>();
    auto hold = [&release, started] {
        {
            std::lock_guard lock(started->mutex);
            ++started->count;
        }
        started->changed.notify_all();
        release.wait();
    };
    for (int i = 0; i < work; ++i) {
        auto job = jobs.submit(f.local(), "test", {},
                               [hold](core::JobContext &) -> core::Result<nlohmann::json> {
                                   hold();
                                   return nlohmann::json();
                               });
        if (!job)
            return false;
    }
    for (int i = 0; i < requests; ++i) {
        if (!jobs.runTransient(
                f.local(), [hold](core::JobContext &) { hold(); }, core::JobLane::Requests))
            return false;
    }
    std::unique_lock lock(started->mutex);
    return started->changed.wait_for(lock, std::chrono::seconds(60),
                                     [&] { return started->count == work + requests; });
}

} // namespace pw::test
