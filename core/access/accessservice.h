#pragma once

#include <chrono>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "../store/store.h"
#include "../util/page.h"
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
    std::optional<std::string> expiresAt;
};

// An API token as lists show it: never the secret, never its hash.
struct TokenInfo
{
    std::string id;
    std::string name;
    std::string userId;
    std::string userName;
    std::string createdAt;
    std::optional<std::string> lastUsedAt; // recorded at most once a minute per token
    std::optional<std::string> expiresAt;
    std::optional<std::string> revokedAt; // set only in the answer to a revoke
    bool expired = false;                 // expiresAt has passed (it no longer authenticates)
};

// Which tokens the operator's list (`pipewright token list`) shows; empty means all.
struct TokenFilter
{
    std::string spaceSlug; // tokens of the space's members
    std::string userName;
};

// How long a token lives: none (until revoked), or between a minute and ten years.
using TokenLifetime = std::optional<std::chrono::seconds>;

struct SpaceMember
{
    std::string userId;
    std::string userName;
    Role role = Role::Viewer;
};

// Users, spaces, roles and API tokens (stored as SHA-256 hashes), and the actor a caller
// becomes inside a space. Lookups on the request path are served from memory: a miss falls
// back to the database, nothing negative is cached, and a fill lands only when no write
// changed the caches since it began (a generation counter), so a revoke or a role change can
// never be overwritten by an older read. Whether a cached token is still unrevoked is read
// from the database on every request (one primary-key lookup), so a revoke made by another
// process (`pipewright token revoke` beside `serve`) holds from the next request.
class AccessService
{
public:
    static constexpr std::chrono::seconds kLastUseInterval{60};
    static constexpr std::chrono::seconds kMinTokenLifetime{60};
    static constexpr std::chrono::seconds kMaxTokenLifetime{std::chrono::days(3650)};
    static constexpr size_t kMaxTokenNameBytes = 200;

    explicit AccessService(Store &store);
    // Writes the uses noted since the last write.
    ~AccessService();

    // The caller behind a bearer token; unauthenticated (one message for all) when the token is
    // unknown, revoked or expired. Its last use is written at most once a minute (all tokens
    // used meanwhile in one transaction, as bookkeeping: no audit event).
    Result<Principal> authenticate(std::string_view bearerToken);
    // Whether the token `tokenId` still admits its holder: not revoked (by anyone, in any
    // process), not expired. An open event stream asks before each event and each heartbeat.
    // An empty id (the window, the CLI) always does.
    bool tokenStillValid(const std::string &tokenId);
    // The actor for `user` in the space `slug`; not_found when the space does not exist or the
    // user has no role there (the two are indistinguishable to the caller).
    Result<Actor> enterSpace(const Principal &principal, std::string_view slug);
    Result<Actor> actorFor(const std::string &userId, std::string_view slug);

    Result<Space> createSpace(std::string_view slug, std::string_view name);
    Result<Space> spaceBySlug(std::string_view slug);
    Result<std::vector<Space>> spaces();
    Result<std::vector<Space>> spacesOf(const std::string &userId);

    // Creates the user if needed, gives it `role` in the space (refusing to change an existing
    // different role), and issues a token for it (named after the user when `tokenName` is
    // empty).
    Result<CreatedToken> createToken(std::string_view spaceSlug, std::string_view userName,
                                     Role role, std::string_view tokenName,
                                     TokenLifetime lifetime = {});
    // A token for an existing user (the window's session token).
    Result<CreatedToken> issueToken(const std::string &userId, std::string_view tokenName,
                                    TokenLifetime lifetime = {});

    // A caller's own tokens (any token of theirs may list and revoke the others, and itself).
    Result<Page<TokenInfo>> ownTokens(const Principal &caller, PageRequest page);
    Result<TokenInfo> revokeOwnToken(const Principal &caller, const std::string &tokenId);
    // A space admin's view: the tokens of members whose every role is in a space the admin
    // administers, so an admin can neither lock a user out of a space it does not administer
    // nor learn of one. Anyone else is forbidden; a token outside the view is not found.
    Result<Page<TokenInfo>> spaceTokens(const Actor &admin, const std::string &userId,
                                        PageRequest page);
    Result<TokenInfo> revokeSpaceToken(const Actor &admin, const std::string &tokenId);
    // The operator's (CLI) view and revoke: every token, by space or user.
    Result<std::vector<TokenInfo>> tokens(const TokenFilter &filter);
    Result<TokenInfo> revokeToken(const std::string &tokenId);
    // Whether the token still authenticates (not revoked, not expired); records no use.
    Result<bool> tokenUsable(const std::string &tokenId);

    Result<User> ensureLocalUser(std::string_view name);
    Result<User> localUser();
    Result<std::optional<User>> userById(const std::string &userId);
    Result<std::optional<Role>> roleOf(const std::string &userId, const std::string &spaceId);
    Result<std::vector<SpaceMember>> members(const std::string &spaceId);
    Status setRole(const std::string &spaceId, const std::string &userId, Role role);

    static bool isValidSlug(std::string_view slug);
    static std::string hashToken(std::string_view token);

    // For tests: runs on the filling thread between a cache fill's database read and its
    // insert, so a test can commit a write in between. Set it before other threads use the
    // service.
    void setFillPauseForTest(std::function<void()> pause) { m_fillPause = std::move(pause); }
    void clearCachesForTest();
    // For tests: the clock expiry and last use are read from.
    void setClockForTest(std::function<std::chrono::system_clock::time_point()> clock)
    {
        m_clock = std::move(clock);
    }

private:
    using TimePoint = std::chrono::system_clock::time_point;
    struct CachedToken
    {
        Principal principal;
        std::optional<TimePoint> expiresAt;
    };

    TimePoint now() const { return m_clock ? m_clock() : std::chrono::system_clock::now(); }
    void pauseFill() const
    {
        if (m_fillPause)
            m_fillPause();
    }
    // Under m_mutex: a write's cache update; fills begun before it will not land.
    void invalidated() { ++m_generation; }
    // The token behind a hash, from the cache or the database; `filled` says it was just read
    // (so it is known to be unrevoked).
    Result<CachedToken> cachedToken(const std::string &hash, bool &filled);
    Result<bool> stillUnrevoked(const std::string &tokenId);
    // Drops a revoked token from the caches (a cache update: fills begun before it will not land).
    void forgetToken(const std::string &tokenId);
    // Notes a use; every kLastUseInterval the uses noted since are written in one transaction.
    void recordUse(const std::string &tokenId);
    // Returns false when `wait` is false and another thread holds the write lock.
    bool writeLastUse(const std::unordered_map<std::string, TimePoint> &batch, bool wait);
    void flushLastUse();
    TokenInfo tokenFrom(const Statement &row) const;
    Result<CreatedToken> insertToken(WriteTx &tx, const std::string &userId,
                                     std::string_view tokenName, TokenLifetime lifetime);
    // Inside a write: revokes a token the caller may revoke (unrevoked, checked by the caller),
    // records its audit event and forgets it in the caches after commit.
    Result<TokenInfo> markRevoked(WriteTx &tx, const std::string &tokenId,
                                  const std::string &spaceId, const std::string &actorUserId);

    Store &m_store;
    std::mutex m_mutex;
    uint64_t m_generation = 0;                             // bumped by every cache update
    std::unordered_map<std::string, CachedToken> m_tokens; // hash → principal, expiry
    std::unordered_map<std::string, Space> m_spacesBySlug; // slug → space
    std::unordered_map<std::string, Role> m_roles;         // user|space → role
    // Uses not written yet (token id → latest), and when they were last written.
    std::unordered_map<std::string, TimePoint> m_pendingUse;
    TimePoint m_lastUseFlush;
    std::function<void()> m_fillPause;
    std::function<TimePoint()> m_clock;
};

} // namespace pw::core
