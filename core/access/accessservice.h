#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "../store/store.h"
#include "access.h"

namespace pw::core {

struct User
{
    std::string id;
    std::string name;
    bool isLocal = false;
    std::string createdAt;
};

struct Space
{
    std::string id;
    std::string slug;
    std::string name;
    std::string createdAt;
};

// Who presented a valid token.
struct Principal
{
    std::string userId;
    std::string userName;
    std::string tokenId;
};

struct CreatedToken
{
    std::string tokenId;
    std::string userId;
    std::string token; // the secret; shown once, never stored
};

struct SpaceMember
{
    std::string userId;
    std::string userName;
    Role role = Role::Viewer;
};

// Users, spaces, roles and API tokens (stored as SHA-256 hashes), and the actor a caller
// becomes inside a space. Lookups on the request path are served from memory; entries only
// ever appear through this process or as new rows from another (CLI) process, so a miss falls
// back to the database and nothing negative is cached.
class AccessService
{
public:
    explicit AccessService(Store &store);

    Result<Principal> authenticate(std::string_view bearerToken);
    // The actor for `user` in the space `slug`; not_found when the space does not exist or the
    // user has no role there (the two are indistinguishable to the caller).
    Result<Actor> enterSpace(const Principal &principal, std::string_view slug);
    Result<Actor> actorFor(const std::string &userId, std::string_view slug);

    Result<Space> createSpace(std::string_view slug, std::string_view name);
    Result<Space> spaceBySlug(std::string_view slug);
    Result<std::vector<Space>> spaces();
    Result<std::vector<Space>> spacesOf(const std::string &userId);

    // Creates the user if needed, gives it `role` in the space (refusing to change an existing
    // different role), and issues a token for it.
    Result<CreatedToken> createToken(std::string_view spaceSlug, std::string_view userName,
                                     Role role, std::string_view tokenName);
    // A token for an existing user (the window's "copy a fresh token").
    Result<CreatedToken> issueToken(const std::string &userId, std::string_view tokenName);
    Status revokeToken(const std::string &tokenId);

    Result<User> ensureLocalUser(std::string_view name);
    Result<User> localUser();
    Result<std::optional<User>> userById(const std::string &userId);
    Result<std::optional<Role>> roleOf(const std::string &userId, const std::string &spaceId);
    Result<std::vector<SpaceMember>> members(const std::string &spaceId);
    Status setRole(const std::string &spaceId, const std::string &userId, Role role);

    static bool isValidSlug(std::string_view slug);
    static std::string hashToken(std::string_view token);

private:
    Store &m_store;
    std::mutex m_mutex;
    std::unordered_map<std::string, Principal> m_tokens;   // hash → principal
    std::unordered_map<std::string, Space> m_spacesBySlug; // slug → space
    std::unordered_map<std::string, Role> m_roles;         // user|space → role
};

} // namespace pw::core
