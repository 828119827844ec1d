#pragma once

#include <optional>
#include <string>
#include <vector>

#include "../access/access.h"
#include "../store/store.h"

namespace pw::core {

struct Repository
{
    std::string id;
    std::string spaceId;
    std::string name;
    std::string localPath;
    std::string createdAt;
};

struct Connector
{
    std::string id;
    std::string spaceId;
    std::string name;
    std::string kind; // postgres, snowflake, airflow, ...
    std::string createdAt;
};

// Repositories (by id and local path; git operations come with RepositoryService) and
// connectors (a name registry; no credentials) of a space. Registering needs the admin role.
class Registry
{
public:
    explicit Registry(Store &store) : m_store(store) {}

    Result<Repository> registerRepository(const Actor &actor, std::string_view name,
                                          std::string_view localPath);
    Result<std::optional<Repository>> repository(const std::string &spaceId, const std::string &id);
    Result<std::vector<Repository>> repositories(const std::string &spaceId);

    Result<Connector> registerConnector(const Actor &actor, std::string_view name,
                                        std::string_view kind);
    Result<std::optional<Connector>> connector(const std::string &spaceId, const std::string &id);
    Result<std::vector<Connector>> connectors(const std::string &spaceId);

    // Fails with not_found (naming `field`) when `id` is not a repository of the space; the
    // check runs on the caller's write connection so it sees the caller's transaction.
    static Status requireRepository(Database &db, const std::string &spaceId, const std::string &id,
                                    std::string_view field);
    static Status requireConnector(Database &db, const std::string &spaceId, const std::string &id,
                                   std::string_view field);

private:
    Store &m_store;
};

} // namespace pw::core
