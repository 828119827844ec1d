#include "core.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>

#include "../spec/specio.h"

namespace pw::core {

namespace {

constexpr std::string_view kDefaultSpace = "default";

Result<nlohmann::json> readResourceJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(Error::internal("missing resource " + path.toStdString()));
    const QByteArray bytes = file.readAll();
    auto json =
        nlohmann::json::parse(bytes.constData(), bytes.constData() + bytes.size(), nullptr, false);
    if (json.is_discarded())
        return fail(Error::internal("resource " + path.toStdString() + " is not valid JSON"));
    return json;
}

} // namespace

Core::~Core() = default;

Result<std::unique_ptr<Core>> Core::open(const std::string &dataDir, Options options)
{
    if (!QDir().mkpath(QString::fromStdString(dataDir)))
        return fail(Error::invalid("cannot create the data directory " + dataDir));
    std::unique_ptr<Core> core(new Core());
    core->m_dataDir = QDir(QString::fromStdString(dataDir)).absolutePath().toStdString();
    auto store = Store::open(core->m_dataDir + "/pipewright.db");
    if (!store)
        return fail(store.error());
    core->m_store = std::move(*store);
    core->m_audit = std::make_unique<AuditLog>(*core->m_store);
    core->m_notifier = std::make_unique<ChangeNotifier>();
    core->m_store->setChangeSink(
        [notifier = core->m_notifier.get()](const ChangeEvent &event) { notifier->notify(event); });
    core->m_policy = std::move(options.policy);
    std::shared_ptr<KeySource> keys = options.keys;
    if (!keys)
        keys = std::make_shared<FileKeySource>(FileKeySource::defaultDir());
    core->m_secrets = std::make_unique<SecretStore>(*core->m_store, std::move(keys));
    if (auto opened = core->m_secrets->open(); !opened)
        return fail(opened.error());
    if (core->m_secrets->ready()) {
        if (auto sealed = core->m_secrets->migratePlaintext(); !sealed)
            return fail(sealed.error());
    } else {
        // Everything but stored credentials works without the key; say why they do not.
        qWarning("%s", core->m_secrets->problem().c_str());
    }
    core->m_access = std::make_unique<AccessService>(*core->m_store);
    core->m_registry = std::make_unique<Registry>(*core->m_store, *core->m_secrets);
    core->m_workspaces = std::make_unique<WorkspaceService>(*core->m_store);
    core->m_definitions = std::make_unique<DefinitionService>(*core->m_store, *core->m_workspaces,
                                                              NodeCatalog::builtin());
    core->m_compiler = std::make_unique<CompilerService>(NodeCatalog::builtin());
    core->m_jobs = std::make_unique<JobService>(*core->m_store);
    // The operator's known_hosts file: SSH host keys every space trusts, edited only by the
    // operator (docs/architecture.md, "Repositories").
    core->m_knownHosts =
        std::make_unique<KnownHostService>(*core->m_store, core->m_dataDir + "/known_hosts");
    core->m_repositories = std::make_unique<RepositoryService>(
        *core->m_store, *core->m_registry, *core->m_workspaces, *core->m_definitions, *core->m_jobs,
        *core->m_knownHosts, core->m_dataDir, core->m_policy);
    core->m_runSettings = std::make_unique<RunSettingsService>(*core->m_store);
    core->m_runs = std::make_unique<RunService>(
        *core->m_store, *core->m_registry, *core->m_definitions, *core->m_repositories,
        *core->m_compiler, *core->m_runSettings, core->m_dataDir);
    core->m_publisher = std::make_unique<PublishService>(
        *core->m_definitions, *core->m_repositories, *core->m_compiler, *core->m_jobs);
    // A job's result can hold what its subject holds (generated code with its commands): besides
    // its creator, only those who may see the definition it works on see it. Repository jobs
    // (clone, fetch) work on what every member of the space sees.
    core->m_jobs->setSubjectVisibility(
        [definitions = core->m_definitions.get()](const Actor &actor, const JobInfo &job) {
            if (job.kind.starts_with("repository."))
                return true;
            return definitions->get(actor, job.subjectId).has_value();
        });
    if (auto interrupted = core->m_jobs->failInterrupted(); !interrupted)
        return fail(interrupted.error());
    if (auto interrupted = core->m_runs->recoverInterrupted(); !interrupted)
        return fail(interrupted.error());
    if (options.seedDemo) {
        if (auto seeded = core->seed(); !seeded)
            return fail(seeded.error());
    }
    return core;
}

bool Core::canSee(const Actor &actor, const ChangeEvent &event)
{
    if (event.spaceId != actor.spaceId)
        return false;
    switch (event.kind) {
    case ChangeEvent::Kind::Space:
    case ChangeEvent::Kind::Registry:
        return true;
    case ChangeEvent::Kind::Workspace:
        return m_workspaces->get(actor, event.objectId).has_value();
    case ChangeEvent::Kind::Definition:
    case ChangeEvent::Kind::Layout:
    case ChangeEvent::Kind::File:
        return m_definitions->get(actor, event.objectId).has_value();
    case ChangeEvent::Kind::Settings:
        return event.objectId == actor.userId;
    case ChangeEvent::Kind::Job:
        return m_jobs->canSee(actor, event.objectId);
    case ChangeEvent::Kind::Run:
    case ChangeEvent::Kind::TaskRun:
        return !event.definitionId.empty() &&
               m_definitions->get(actor, event.definitionId).has_value();
    case ChangeEvent::Kind::Access:
        return actor.role == Role::Admin || event.objectId == actor.userId ||
               event.actorUserId == actor.userId;
    default:
        return false; // kinds added later decide their rule here
    }
}

Result<Actor> Core::localActor(std::string_view spaceSlug)
{
    auto user = m_access->localUser();
    if (!user)
        return fail(user.error());
    return m_access->actorFor(user->id, spaceSlug);
}

// First start: the default space, the local admin, and a demo workspace with a repository, a
// connector and a definition that validates. Each step finds what an interrupted earlier start
// left, so a crash half-way through is repaired on the next start.
// The demo warehouse: its SQLite file, made from the demo's script when it is missing.
Status Core::seedDemoWarehouse(const nlohmann::json &warehouse)
{
    const std::string path =
        m_dataDir + "/" + warehouse.value("path", std::string("warehouse.sqlite"));
    if (QFile::exists(QString::fromStdString(path)))
        return {};
    QFile script(QStringLiteral(":/pipewright/") +
                 QString::fromStdString(warehouse.value("script", std::string())));
    if (!script.open(QIODevice::ReadOnly))
        return fail(Error::internal("the demo warehouse script is missing"));
    const std::string sql = script.readAll().toStdString();
    // Written next to its final name and renamed, so a crash never leaves half a warehouse.
    const std::string partial = path + ".partial";
    QFile::remove(QString::fromStdString(partial));
    {
        auto db = Database::open(partial);
        if (!db)
            return fail(db.error());
        try {
            (*db)->exec(sql.c_str());
        } catch (const StoreError &e) {
            return fail(e.error());
        }
    }
    if (!QFile::rename(QString::fromStdString(partial), QString::fromStdString(path)))
        return fail(Error::internal("could not create the demo warehouse " + path));
    return {};
}

Status Core::seed()
{
    auto marked = m_store->read([&](Database &db) -> Result<bool> {
        auto q = db.cached("SELECT 1 FROM meta WHERE key = 'demo_seeded'");
        return q->step();
    });
    if (!marked)
        return fail(marked.error());
    if (*marked)
        return {};

    auto space = m_access->spaceBySlug(kDefaultSpace);
    if (!space)
        space = m_access->createSpace(kDefaultSpace, "Default");
    if (!space)
        return fail(space.error());
    // The desktop's own space: its tasks get the host's network, as programs the user starts
    // do. Spaces made later start without one.
    auto runSettings = m_runSettings->get(space->id);
    if (!runSettings)
        return fail(runSettings.error());
    if (!runSettings->updatedAt) {
        SpaceRunSettings desktop;
        desktop.network = RunNetwork::Host;
        if (auto set = m_runSettings->set(space->id, desktop, {"first start", {}}); !set)
            return fail(set.error());
    }
    QString userName = qEnvironmentVariable("USER");
    if (userName.isEmpty())
        userName = QStringLiteral("admin");
    auto user = m_access->ensureLocalUser(userName.toStdString());
    if (!user)
        return fail(user.error());
    if (auto ok = m_access->setRole(space->id, user->id, Role::Admin); !ok)
        return ok;
    auto actor = m_access->actorFor(user->id, kDefaultSpace);
    if (!actor)
        return fail(actor.error());

    const QString repoPath =
        QString::fromStdString(m_dataDir) + QStringLiteral("/repositories/demo");
    QDir().mkpath(repoPath);
    auto repos = m_registry->repositories(space->id);
    if (!repos)
        return fail(repos.error());
    std::optional<Repository> repo;
    for (const Repository &r : *repos) {
        if (r.name == "demo")
            repo = r;
    }
    if (!repo) {
        auto registered = m_registry->registerRepository(*actor, "demo", repoPath.toStdString());
        if (!registered)
            return fail(registered.error());
        repo = *registered;
    }
    auto demo = readResourceJson(QStringLiteral(":/pipewright/demo/customer_renewals.json"));
    if (!demo)
        return fail(demo.error());
    // The demo's connectors work here: a SQLite warehouse in the data directory and sandboxed
    // HTTP connections, so the demo pipeline runs without a network.
    if (auto ok = seedDemoWarehouse(demo->value("warehouse", nlohmann::json::object())); !ok)
        return ok;
    auto connectors = m_registry->connectors(space->id);
    if (!connectors)
        return fail(connectors.error());
    std::optional<Connector> warehouse;
    for (const auto &wanted : demo->value("connectors", nlohmann::json::array())) {
        const std::string name = wanted.value("name", std::string());
        std::optional<Connector> found;
        for (const Connector &c : *connectors) {
            if (c.name == name)
                found = c;
        }
        if (!found) {
            auto registered =
                m_registry->registerConnector(*actor, name, wanted.value("kind", std::string()),
                                              wanted.value("config", nlohmann::json::object()));
            if (!registered)
                return fail(registered.error());
            found = *registered;
        }
        if (name == "warehouse")
            warehouse = found;
    }
    if (!warehouse)
        return fail(Error::internal("the demo names no warehouse connector"));

    auto workspaces = m_workspaces->list(*actor, WorkspaceQuery{true, {}, {0, 1000}});
    if (!workspaces)
        return fail(workspaces.error());
    std::string workspaceId;
    for (const WorkspaceView &w : workspaces->items) {
        if (w.workspace->name == "Demo workspace")
            workspaceId = w.workspace->id;
    }
    if (workspaceId.empty()) {
        WorkspaceCreate input;
        input.name = "Demo workspace";
        input.description = "Example pipelines to explore Pipewright.";
        input.defaultRepositoryId = repo->id;
        input.visibility = Visibility::Shared;
        input.queryConnectorIds = {warehouse->id};
        auto created = m_workspaces->create(*actor, input);
        if (!created)
            return fail(created.error());
        workspaceId = created->workspace->id;
    }

    DefinitionQuery query;
    query.workspaceId = workspaceId;
    query.includeArchived = true;
    auto existing = m_definitions->list(*actor, query);
    if (!existing)
        return fail(existing.error());
    const std::string demoName = demo->value("name", std::string());
    bool present = false;
    for (const DefinitionSummary &d : existing->items)
        present = present || d.meta.name == demoName;
    Spec demoSpec = readSpec(demo->value("spec", nlohmann::json::object())).spec;
    if (!present) {
        DefinitionCreate input;
        input.meta.name = demoName;
        input.meta.description = demo->value("description", std::string());
        input.meta.target = demo->value("target", std::string("airflow"));
        input.meta.workspaceId = workspaceId;
        input.meta.repositoryId = repo->id;
        input.spec = demoSpec;
        input.changeSummary = "Demo pipeline";
        auto created = m_definitions->create(*actor, std::move(input));
        if (!created)
            return fail(created.error());
    }
    // The repository's first commit: the project the demo pipeline names, and its spec file.
    std::map<std::string, std::string> files;
    const QString root = QStringLiteral(":/pipewright/demo/project");
    QDirIterator it(root, QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly))
            return fail(Error::internal("the demo file " + path.toStdString() + " is missing"));
        files[path.mid(root.size() + 1).toStdString()] = file.readAll().toStdString();
    }
    files[RepositoryService::specPathOf(demoSpec, {})] =
        RepositoryService::specFileText(demoName, demoSpec);
    if (auto ok = m_repositories->initialiseLocal(
            *repo, files, Signature{actor->userName, actor->userName + "@pipewright.local"},
            "Demo project: the code of the customer renewal pipeline");
        !ok)
        return ok;
    return m_store->transaction([&](Database &db) -> Status {
        db.exec("INSERT OR REPLACE INTO meta (key, value) VALUES ('demo_seeded', '1')");
        return {};
    });
}

} // namespace pw::core
