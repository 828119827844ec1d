#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "../access/access.h"
#include "../secrets/secretbox.h"
#include "../store/store.h"

namespace pw::core {

// Where a repository's merge requests are opened: GitHub (pulls) or GitLab (merge requests),
// through its REST API at `apiUrl`, for `project` (owner/name, or a GitLab path or id).
struct Forge
{
    std::string kind; // github | gitlab
    std::string apiUrl;
    std::string project;
};

struct Repository
{
    std::string id;
    std::string spaceId;
    std::string name;
    std::string localPath;
    std::string createdAt;
    std::string defaultBranch = "main";   // the base branch drafts are over
    std::optional<std::string> remoteUrl; // where it was cloned from
    std::string state = "ready";          // ready | cloning | failed
    std::string stateMessage;
    std::optional<Forge> forge; // none: merge requests are kept locally
};

class SecretStore;

// How a repository authenticates to its remote (and its forge).
enum class CredentialType
{
    None,
    Token,  // https: a token as the password; also the forge's API token
    SshKey, // ssh: a private key
};
std::string_view credentialTypeName(CredentialType type); // NONE | TOKEN | SSH_KEY
std::optional<CredentialType> credentialTypeFromName(std::string_view name);

// What a repository is registered with. The credential and webhook secret go to the
// SecretStore (sealed, never read back by anything that answers a caller); a reference
// (env://NAME, file:///path) is kept as written and resolved when used.
struct RepositoryRegistration
{
    std::string id; // empty: a new id
    std::string name;
    std::string localPath;
    std::string defaultBranch = "main";
    std::optional<std::string> remoteUrl;
    std::string state = "ready";
    CredentialType credentialType = CredentialType::None;
    std::optional<std::string> credentialRef;
    std::optional<SecretValue> credential; // the token, or the SSH private key's text
    std::optional<SecretValue> webhookSecret;
    std::optional<Forge> forge;
};

// What a repository's credentials are, without them: what listings show ("set": true).
struct RepositoryCredentials
{
    CredentialType type = CredentialType::None;
    std::optional<std::string> reference;
    bool credentialSet = false;
    bool webhookSecretSet = false;
};

// The secrets themselves, opened for core's own use (clone, fetch, push, forge calls).
struct RepositorySecrets
{
    CredentialType type = CredentialType::None;
    std::optional<std::string> reference;
    std::optional<SecretValue> credential;
};

struct Connector
{
    std::string id;
    std::string spaceId;
    std::string name;
    std::string kind; // postgres, snowflake, airflow, sqlite, http, ...
    std::string createdAt;
    // Settings without secrets, read by local runs: {"path": "warehouse.sqlite"} for sqlite,
    // {"base_url": "http://..."} or {"sandbox": {...}} for http connections.
    nlohmann::json config = nlohmann::json::object();
};

// Repositories (by id and local path; git operations come with RepositoryService) and
// connectors (a name registry; their passwords in the SecretStore) of a space. Registering needs
// the admin role.
class Registry
{
public:
    Registry(Store &store, SecretStore &secrets) : m_store(store), m_secrets(secrets) {}

    Result<Repository> registerRepository(const Actor &actor, std::string_view name,
                                          std::string_view localPath);
    Result<Repository> registerRepository(const Actor &actor, const RepositoryRegistration &input);
    // A clone's end: ready, or failed with why, and the base branch it found. Audited as the
    // actor who connected it.
    Status setRepositoryState(const Actor &actor, const std::string &id, const std::string &state,
                              const std::string &message,
                              const std::optional<std::string> &defaultBranch = std::nullopt);
    Result<RepositoryCredentials> repositoryCredentials(const std::string &id);
    // For core's own use (cloning, fetching, pushing, forge calls): never returned by a route.
    Result<RepositorySecrets> repositorySecrets(const std::string &id);
    // For verifying a webhook's signature; none when the repository has no webhook secret.
    Result<std::optional<SecretValue>> webhookSecret(const std::string &id);
    // Every repository of every space whose remote URL is `url` (webhooks find theirs by it).
    Result<std::vector<Repository>> repositoriesByRemote(const std::vector<std::string> &urls);
    Result<std::optional<Repository>> repository(const std::string &spaceId, const std::string &id);
    Result<std::vector<Repository>> repositories(const std::string &spaceId);

    Result<Connector> registerConnector(const Actor &actor, std::string_view name,
                                        std::string_view kind,
                                        nlohmann::json config = nlohmann::json::object());
    // Replaces a connector's settings (admin).
    Result<Connector> setConnectorConfig(const Actor &actor, const std::string &id,
                                         nlohmann::json config);
    Result<std::optional<Connector>> connectorByName(const std::string &spaceId,
                                                     const std::string &name);
    // The space's connectors by name, as runs and the deployment preview look them up (a
    // connector that cannot be read counts as absent). The registry must outlive it.
    std::function<std::optional<Connector>(const std::string &)>
    connectorLookup(const std::string &spaceId);
    Result<std::optional<Connector>> connector(const std::string &spaceId, const std::string &id);
    Result<std::vector<Connector>> connectors(const std::string &spaceId);
    // A connector's secret field (its password, say): sealed in the SecretStore, set or cleared
    // by a space admin, never returned; `connectorSecretFields` says which are set.
    Status setConnectorSecret(const Actor &actor, const std::string &connectorId,
                              const std::string &field, const std::optional<SecretValue> &value);
    Result<std::vector<std::string>> connectorSecretFields(const std::string &connectorId);
    // For core's own use (a run's connection environment).
    Result<std::optional<SecretValue>> connectorSecret(const std::string &connectorId,
                                                       const std::string &field);
    // A connector as a task that names it receives it (`connections` on bash and python_module
    // nodes): Airflow's JSON connection form — conn_type (its kind), host, port, login, schema,
    // password and the rest of its config in extra, with its sealed secrets (the password as
    // password, any other under extra). not_found when the space has no connector of that name;
    // unavailable when the secrets cannot be opened. The registry must outlive the lookup.
    Result<SecretValue> taskConnection(const std::string &spaceId, const std::string &name);
    std::function<Result<SecretValue>(const std::string &)>
    taskConnectionLookup(const std::string &spaceId);

    // Fails with not_found (naming `field`) when `id` is not a repository of the space; the
    // check runs on the caller's write connection so it sees the caller's transaction.
    static Status requireRepository(Database &db, const std::string &spaceId, const std::string &id,
                                    std::string_view field);
    static Status requireConnector(Database &db, const std::string &spaceId, const std::string &id,
                                   std::string_view field);

private:
    Store &m_store;
    SecretStore &m_secrets;
};

} // namespace pw::core
