#pragma once

#include <memory>
#include <string>

#include "../access/accessservice.h"
#include "../app/trustpolicy.h"
#include "../audit/auditlog.h"
#include "../compiler/compilerservice.h"
#include "../definition/definitionservice.h"
#include "../events/changenotifier.h"
#include "../jobs/jobservice.h"
#include "../publish/publishservice.h"
#include "../registry/registry.h"
#include "../repository/repositoryservice.h"
#include "../run/runservice.h"
#include "../run/runsettings.h"
#include "../secrets/secretstore.h"
#include "../store/store.h"
#include "../workspace/workspaceservice.h"

namespace pw::core {

// The one object both faces hold: it opens a data directory (database, migrations, first-start
// demo data) and owns every service over it.
class Core
{
public:
    struct Options
    {
        bool seedDemo = true;
        // What the operator opened (closed by default).
        TrustPolicy policy;
        // Where the data directory's secret key is kept; none: a key file in the user's
        // configuration folder (FileKeySource::defaultDir). The window puts the desktop keyring
        // first.
        std::shared_ptr<KeySource> keys;
    };

    static Result<std::unique_ptr<Core>> open(const std::string &dataDir, Options options);
    static Result<std::unique_ptr<Core>> open(const std::string &dataDir)
    {
        return open(dataDir, Options{});
    }
    ~Core();

    const std::string &dataDir() const { return m_dataDir; }
    Store &store() { return *m_store; }
    AuditLog &audit() { return *m_audit; }
    ChangeNotifier &notifier() { return *m_notifier; }
    AccessService &access() { return *m_access; }
    Registry &registry() { return *m_registry; }
    WorkspaceService &workspaces() { return *m_workspaces; }
    DefinitionService &definitions() { return *m_definitions; }
    CompilerService &compiler() { return *m_compiler; }
    JobService &jobs() { return *m_jobs; }
    RepositoryService &repositories() { return *m_repositories; }
    KnownHostService &knownHosts() { return *m_knownHosts; }
    RunService &runs() { return *m_runs; }
    RunSettingsService &runSettings() { return *m_runSettings; }
    PublishService &publisher() { return *m_publisher; }
    SecretStore &secrets() { return *m_secrets; }
    const TrustPolicy &policy() const { return m_policy; }

    // The local user (the window's identity) acting in `spaceSlug`.
    Result<Actor> localActor(std::string_view spaceSlug = "default");

    // Whether `actor` may learn of a change (event streams): changes in its own space to objects
    // it may see — workspaces and definitions by their visibility rule, its own settings, and
    // access changes only for admins or when they concern the actor itself.
    bool canSee(const Actor &actor, const ChangeEvent &event);

private:
    Core() = default;
    Status seed();
    Status seedDemoWarehouse(const nlohmann::json &warehouse);

    std::string m_dataDir;
    TrustPolicy m_policy;
    std::unique_ptr<Store> m_store;
    std::unique_ptr<SecretStore> m_secrets;
    std::unique_ptr<AuditLog> m_audit;
    std::unique_ptr<ChangeNotifier> m_notifier;
    std::unique_ptr<AccessService> m_access;
    std::unique_ptr<Registry> m_registry;
    std::unique_ptr<WorkspaceService> m_workspaces;
    std::unique_ptr<DefinitionService> m_definitions;
    std::unique_ptr<CompilerService> m_compiler;
    std::unique_ptr<KnownHostService> m_knownHosts;
    std::unique_ptr<RepositoryService> m_repositories;
    std::unique_ptr<RunSettingsService> m_runSettings;
    // After the services its runs use, so it is stopped (its processes too) before them.
    std::unique_ptr<RunService> m_runs;
    std::unique_ptr<PublishService> m_publisher;
    // Last, so it is destroyed first: its threads end before the services they use.
    std::unique_ptr<JobService> m_jobs;
};

} // namespace pw::core
