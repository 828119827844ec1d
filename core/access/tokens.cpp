// AccessService's API tokens: issue, authenticate (with expiry and last use), list and revoke.

#include <QCryptographicHash>
#include <QDateTime>
#include <QRandomGenerator>

#include "../util/ids.h"
#include "accessservice.h"

namespace pw::core {

namespace {

using Clock = std::chrono::system_clock;

std::string newTokenSecret()
{
    // 32 bytes from the system CSPRNG; the pw_ prefix lets secret scanners recognise it.
    quint32 words[8];
    QRandomGenerator::system()->fillRange(words);
    const QByteArray bytes(reinterpret_cast<const char *>(words), sizeof words);
    return "pw_" + bytes.toHex().toStdString();
}

// One message for every token that does not authenticate (unknown, revoked, expired), so a
// caller cannot tell which tokens once existed.
std::unexpected<Error> unauthenticated()
{
    return fail(Error{ErrorCode::Unauthenticated, "a valid API token is required",
                      nlohmann::json::object()});
}

Error tokenNotFound()
{
    return Error::notFound("token was not found");
}

std::string isoUtc(Clock::time_point at)
{
    const auto ms =
        std::chrono::duration_cast<std::chrono::milliseconds>(at.time_since_epoch()).count();
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs).toStdString();
}

// A stored time; an unreadable one is the distant past, so an expiry that cannot be read has
// passed (the token fails closed).
Clock::time_point fromIsoUtc(std::string_view text)
{
    const QDateTime parsed = QDateTime::fromString(
        QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())), Qt::ISODateWithMs);
    if (!parsed.isValid())
        return Clock::time_point{};
    return Clock::time_point{std::chrono::milliseconds(parsed.toMSecsSinceEpoch())};
}

Status checkLifetime(TokenLifetime lifetime)
{
    if (lifetime && (*lifetime < AccessService::kMinTokenLifetime ||
                     *lifetime > AccessService::kMaxTokenLifetime))
        return fail(Error::invalid("a token's lifetime is 1 minute to 3650 days", "expires"));
    return {};
}

Status checkTokenName(std::string_view name)
{
    if (name.empty() || name.size() > AccessService::kMaxTokenNameBytes)
        return fail(Error::invalid("a token's name is 1 to 200 bytes", "name"));
    return {};
}

} // namespace

std::string AccessService::hashToken(std::string_view token)
{
    return QCryptographicHash::hash(
               QByteArrayView(token.data(), static_cast<qsizetype>(token.size())),
               QCryptographicHash::Sha256)
        .toHex()
        .toStdString();
}

Result<Principal> AccessService::authenticate(std::string_view bearerToken)
{
    if (bearerToken.empty() || bearerToken.size() > 256)
        return unauthenticated();
    bool filled = false;
    auto token = cachedToken(hashToken(bearerToken), filled);
    if (!token)
        return fail(token.error());
    if (token->expiresAt && *token->expiresAt <= now())
        return unauthenticated();
    if (!filled) {
        // Another process (`pipewright token revoke`) may have revoked it since it was cached.
        auto unrevoked = stillUnrevoked(token->principal.tokenId);
        if (!unrevoked)
            return fail(unrevoked.error());
        if (!*unrevoked) {
            forgetToken(token->principal.tokenId);
            return unauthenticated();
        }
    }
    recordUse(token->principal.tokenId);
    return token->principal;
}

Result<AccessService::CachedToken> AccessService::cachedToken(const std::string &hash, bool &filled)
{
    uint64_t generation = 0;
    {
        std::lock_guard lock(m_mutex);
        if (auto it = m_tokens.find(hash); it != m_tokens.end())
            return it->second;
        generation = m_generation;
    }
    auto found = m_store.read([&](Database &db) -> Result<std::optional<CachedToken>> {
        auto q =
            db.cached("SELECT t.id, u.id, u.name, t.expires_at FROM api_tokens t JOIN users u ON "
                      "u.id = t.user_id WHERE t.token_hash = ? AND t.revoked_at IS NULL");
        q->bind(1, hash);
        if (!q->step())
            return std::optional<CachedToken>();
        CachedToken token{Principal{q->text(1), q->text(2), q->text(0)}, std::nullopt};
        if (!q->isNull(3))
            token.expiresAt = fromIsoUtc(q->textView(3));
        return std::optional<CachedToken>(std::move(token));
    });
    if (!found)
        return fail(found.error());
    if (!*found)
        return unauthenticated();
    filled = true;
    pauseFill();
    std::lock_guard lock(m_mutex);
    // A revoke committed since the read began would be undone by this insert: leave it out.
    if (generation == m_generation)
        m_tokens.try_emplace(hash, **found);
    return **found;
}

void AccessService::forgetToken(const std::string &tokenId)
{
    std::lock_guard lock(m_mutex);
    invalidated();
    std::erase_if(m_tokens,
                  [&](const auto &entry) { return entry.second.principal.tokenId == tokenId; });
    m_pendingUse.erase(tokenId);
}

Result<bool> AccessService::stillUnrevoked(const std::string &tokenId)
{
    // On the path of every request: one statement is its own read transaction, without the
    // BEGIN and COMMIT Store::read parses each time (they cost four times the lookup).
    try {
        auto q =
            m_store.db().cached("SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL");
        q->bind(1, tokenId);
        return q->step();
    } catch (const StoreError &error) {
        return fail(error.error());
    }
}

bool AccessService::tokenStillValid(const std::string &tokenId)
{
    if (tokenId.empty())
        return true;
    try {
        auto q = m_store.db().cached(
            "SELECT expires_at FROM api_tokens WHERE id = ? AND revoked_at IS NULL");
        q->bind(1, tokenId);
        if (!q->step())
            return false;
        if (q->isNull(0))
            return true;
        const auto expires = fromIsoUtc(q->textView(0));
        return expires > now();
    } catch (const StoreError &) {
        return false;
    }
}

void AccessService::recordUse(const std::string &tokenId)
{
    const TimePoint at = now();
    std::unordered_map<std::string, TimePoint> batch;
    TimePoint previousFlush;
    {
        std::lock_guard lock(m_mutex);
        m_pendingUse[tokenId] = at;
        if (at >= m_lastUseFlush && at - m_lastUseFlush < kLastUseInterval)
            return;
        previousFlush = m_lastUseFlush;
        m_lastUseFlush = at;
        batch.swap(m_pendingUse);
    }
    if (writeLastUse(batch, false))
        return;
    // Another thread holds the write lock: keep the uses for the next request, which tries
    // again, instead of queueing this one behind that write.
    std::lock_guard lock(m_mutex);
    m_lastUseFlush = previousFlush;
    for (const auto &[id, used] : batch) {
        TimePoint &kept = m_pendingUse[id];
        kept = std::max(kept, used);
    }
}

bool AccessService::writeLastUse(const std::unordered_map<std::string, TimePoint> &batch, bool wait)
{
    if (batch.empty())
        return true;
    // Bookkeeping, not a change of the model: no audit event (one per token and minute would
    // flood the log), no change event; one transaction (one sync) for every token used since the
    // last one.
    const auto write = [&](Database &db) -> Status {
        auto q = db.cached("UPDATE api_tokens SET last_used_at = ? WHERE id = ?");
        for (const auto &[id, used] : batch) {
            q->bind(1, isoUtc(used)).bind(2, id).run();
            q->reset();
        }
        return {};
    };
    if (wait) {
        // Last use is best effort: a failed write is not worth failing a request over.
        [[maybe_unused]] const Status written = m_store.transaction(write);
        return true;
    }
    return m_store.tryTransaction(write).has_value();
}

void AccessService::flushLastUse()
{
    std::unordered_map<std::string, TimePoint> batch;
    {
        std::lock_guard lock(m_mutex);
        batch.swap(m_pendingUse);
    }
    writeLastUse(batch, true);
}

TokenInfo AccessService::tokenFrom(const Statement &row) const
{
    // Columns: id, name, user id, user name, created, last used, expires, revoked.
    TokenInfo token{row.text(0),         row.text(1),         row.text(2),
                    row.text(3),         row.text(4),         row.optionalText(5),
                    row.optionalText(6), row.optionalText(7), false};
    token.expired = token.expiresAt && fromIsoUtc(*token.expiresAt) <= now();
    return token;
}

Result<CreatedToken> AccessService::insertToken(WriteTx &tx, const std::string &userId,
                                                std::string_view tokenName, TokenLifetime lifetime)
{
    const TimePoint at = now();
    CreatedToken token{newUuid(), userId, newTokenSecret(), std::nullopt};
    if (lifetime)
        token.expiresAt = isoUtc(at + *lifetime);
    auto q = tx.db().cached("INSERT INTO api_tokens (id, user_id, name, token_hash, created_at, "
                            "expires_at) VALUES (?,?,?,?,?,?)");
    q->bindAll(token.tokenId, userId, tokenName, hashToken(token.token), isoUtc(at),
               token.expiresAt)
        .run();
    return token;
}

Result<CreatedToken> AccessService::createToken(std::string_view spaceSlug,
                                                std::string_view userName, Role role,
                                                std::string_view tokenName, TokenLifetime lifetime)
{
    if (userName.empty() || userName.size() > 200)
        return fail(Error::invalid("the name must be 1 to 200 characters", "name"));
    if (tokenName.empty())
        tokenName = userName;
    if (auto ok = checkTokenName(tokenName); !ok)
        return fail(ok.error());
    if (auto ok = checkLifetime(lifetime); !ok)
        return fail(ok.error());
    auto space = spaceBySlug(spaceSlug);
    if (!space)
        return fail(space.error());
    const std::string now = nowUtc();
    return m_store.write([&](WriteTx &tx) -> Result<CreatedToken> {
        Database &db = tx.db();
        std::string userId;
        {
            auto q = db.cached("SELECT id FROM users WHERE name = ?");
            q->bind(1, userName);
            if (q->step())
                userId = q->text(0);
        }
        if (userId.empty()) {
            userId = newUuid();
            auto q =
                db.cached("INSERT INTO users (id, name, is_local, created_at) VALUES (?,?,0,?)");
            q->bindAll(userId, userName, now).run();
        }
        {
            auto q = db.cached("SELECT role FROM space_roles WHERE user_id = ? AND space_id = ?");
            q->bind(1, userId).bind(2, space->id);
            if (q->step()) {
                if (q->textView(0) != roleName(role))
                    return fail(Error::conflict("user '" + std::string(userName) +
                                                "' already has the role " + q->text(0) +
                                                " in space '" + space->slug + "'"));
            } else {
                auto insert =
                    db.cached("INSERT INTO space_roles (space_id, user_id, role) VALUES (?,?,?)");
                insert->bindAll(space->id, userId, roleName(role)).run();
            }
        }
        auto token = insertToken(tx, userId, tokenName, lifetime);
        if (!token)
            return token;
        nlohmann::json details = {{"user", std::string(userName)},
                                  {"role", std::string(roleName(role))},
                                  {"name", std::string(tokenName)}};
        if (token->expiresAt)
            details["expires_at"] = *token->expiresAt;
        tx.record(AuditEvent{0,
                             space->id,
                             userId,
                             "token.created",
                             "api_token",
                             token->tokenId,
                             {},
                             std::move(details),
                             now});
        tx.afterCommit([this, key = userId + '|' + space->id, role] {
            std::lock_guard lock(m_mutex);
            invalidated();
            m_roles[key] = role;
        });
        return token;
    });
}

Result<CreatedToken> AccessService::issueToken(const std::string &userId,
                                               std::string_view tokenName, TokenLifetime lifetime)
{
    if (auto ok = checkTokenName(tokenName); !ok)
        return fail(ok.error());
    if (auto ok = checkLifetime(lifetime); !ok)
        return fail(ok.error());
    return m_store.write([&](WriteTx &tx) -> Result<CreatedToken> {
        {
            auto q = tx.db().cached("SELECT 1 FROM users WHERE id = ?");
            q->bind(1, userId);
            if (!q->step())
                return fail(Error::notFound("user was not found"));
        }
        auto token = insertToken(tx, userId, tokenName, lifetime);
        if (!token)
            return token;
        nlohmann::json details = {{"name", std::string(tokenName)}};
        if (token->expiresAt)
            details["expires_at"] = *token->expiresAt;
        // A user's own token belongs to no space.
        tx.record(AuditEvent{0,
                             {},
                             userId,
                             "token.issued",
                             "api_token",
                             token->tokenId,
                             {},
                             std::move(details),
                             nowUtc()});
        return token;
    });
}

Result<Page<TokenInfo>> AccessService::ownTokens(const Principal &caller, PageRequest page)
{
    return m_store.read([&](Database &db) -> Result<Page<TokenInfo>> {
        Page<TokenInfo> out;
        {
            auto q = db.cached(
                "SELECT COUNT(*) FROM api_tokens WHERE user_id = ? AND revoked_at IS NULL");
            q->bind(1, caller.userId);
            out.total = q->step() ? q->integer(0) : 0;
        }
        auto q = db.cached(
            "SELECT t.id, t.name, t.user_id, u.name, t.created_at, t.last_used_at, t.expires_at, "
            "t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.user_id = ? "
            "AND t.revoked_at IS NULL ORDER BY t.created_at DESC, t.id LIMIT ? OFFSET ?");
        q->bind(1, caller.userId).bind(2, page.limit).bind(3, page.offset);
        while (q->step())
            out.items.push_back(tokenFrom(*q));
        return out;
    });
}

Result<TokenInfo> AccessService::revokeOwnToken(const Principal &caller, const std::string &tokenId)
{
    return m_store.write([&](WriteTx &tx) -> Result<TokenInfo> {
        {
            auto q = tx.db().cached(
                "SELECT 1 FROM api_tokens WHERE id = ? AND user_id = ? AND revoked_at IS NULL");
            q->bind(1, tokenId).bind(2, caller.userId);
            if (!q->step())
                return fail(tokenNotFound());
        }
        return markRevoked(tx, tokenId, {}, caller.userId);
    });
}

// The tokens a space admin sees: unrevoked tokens of the space's members none of whose roles is
// in a space the admin does not administer. ?1 space, ?2 admin, ?3 one user or ''.
#define PW_SPACE_TOKENS_WHERE                                                                      \
    "t.revoked_at IS NULL AND EXISTS (SELECT 1 FROM space_roles m WHERE m.user_id = t.user_id "    \
    "AND m.space_id = ?1) AND NOT EXISTS (SELECT 1 FROM space_roles r WHERE r.user_id = "          \
    "t.user_id AND NOT EXISTS (SELECT 1 FROM space_roles a WHERE a.user_id = ?2 AND a.space_id = " \
    "r.space_id AND a.role = 'admin')) AND (?3 = '' OR t.user_id = ?3)"

Result<Page<TokenInfo>> AccessService::spaceTokens(const Actor &admin, const std::string &userId,
                                                   PageRequest page)
{
    if (admin.role != Role::Admin)
        return fail(Error::forbidden("only a space admin may list the space's API tokens"));
    return m_store.read([&](Database &db) -> Result<Page<TokenInfo>> {
        Page<TokenInfo> out;
        {
            auto q = db.cached("SELECT COUNT(*) FROM api_tokens t WHERE " PW_SPACE_TOKENS_WHERE);
            q->bind(1, admin.spaceId).bind(2, admin.userId).bind(3, userId);
            out.total = q->step() ? q->integer(0) : 0;
        }
        auto q = db.cached(
            "SELECT t.id, t.name, t.user_id, u.name, t.created_at, t.last_used_at, t.expires_at, "
            "t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id "
            "WHERE " PW_SPACE_TOKENS_WHERE
            " ORDER BY u.name, t.created_at DESC, t.id LIMIT ?4 OFFSET ?5");
        q->bind(1, admin.spaceId).bind(2, admin.userId).bind(3, userId);
        q->bind(4, page.limit).bind(5, page.offset);
        while (q->step())
            out.items.push_back(tokenFrom(*q));
        return out;
    });
}

Result<TokenInfo> AccessService::revokeSpaceToken(const Actor &admin, const std::string &tokenId)
{
    if (admin.role != Role::Admin)
        return fail(Error::forbidden("only a space admin may revoke the space's API tokens"));
    return m_store.write([&](WriteTx &tx) -> Result<TokenInfo> {
        {
            auto q = tx.db().cached(
                "SELECT 1 FROM api_tokens t WHERE t.id = ?4 AND " PW_SPACE_TOKENS_WHERE);
            q->bind(1, admin.spaceId).bind(2, admin.userId).bind(3, std::string());
            q->bind(4, tokenId);
            if (!q->step())
                return fail(tokenNotFound());
        }
        return markRevoked(tx, tokenId, admin.spaceId, admin.userId);
    });
}

#undef PW_SPACE_TOKENS_WHERE

Result<std::vector<TokenInfo>> AccessService::tokens(const TokenFilter &filter)
{
    std::string spaceId;
    if (!filter.spaceSlug.empty()) {
        auto space = spaceBySlug(filter.spaceSlug);
        if (!space)
            return fail(space.error());
        spaceId = space->id;
    }
    return m_store.read([&](Database &db) -> Result<std::vector<TokenInfo>> {
        if (!filter.userName.empty()) {
            auto q = db.cached("SELECT 1 FROM users WHERE name = ?");
            q->bind(1, filter.userName);
            if (!q->step())
                return fail(Error::notFound("user '" + filter.userName + "' was not found"));
        }
        auto q = db.cached(
            "SELECT t.id, t.name, t.user_id, u.name, t.created_at, t.last_used_at, t.expires_at, "
            "t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.revoked_at "
            "IS NULL AND (?1 = '' OR EXISTS (SELECT 1 FROM space_roles r WHERE r.user_id = "
            "t.user_id AND r.space_id = ?1)) AND (?2 = '' OR u.name = ?2) ORDER BY u.name, "
            "t.created_at DESC, t.id");
        q->bind(1, spaceId).bind(2, filter.userName);
        std::vector<TokenInfo> out;
        while (q->step())
            out.push_back(tokenFrom(*q));
        return out;
    });
}

Result<TokenInfo> AccessService::revokeToken(const std::string &tokenId)
{
    return m_store.write([&](WriteTx &tx) -> Result<TokenInfo> {
        {
            auto q = tx.db().cached("SELECT 1 FROM api_tokens WHERE id = ? AND revoked_at IS NULL");
            q->bind(1, tokenId);
            if (!q->step())
                return fail(tokenNotFound());
        }
        // The operator (`pipewright token revoke`) acts as no user.
        return markRevoked(tx, tokenId, {}, {});
    });
}

Result<bool> AccessService::tokenUsable(const std::string &tokenId)
{
    return m_store.read([&](Database &db) -> Result<bool> {
        auto q = db.cached("SELECT expires_at FROM api_tokens WHERE id = ? AND revoked_at IS NULL");
        q->bind(1, tokenId);
        if (!q->step())
            return false;
        return q->isNull(0) || fromIsoUtc(q->textView(0)) > now();
    });
}

Result<TokenInfo> AccessService::markRevoked(WriteTx &tx, const std::string &tokenId,
                                             const std::string &spaceId,
                                             const std::string &actorUserId)
{
    Database &db = tx.db();
    const std::string at = isoUtc(now());
    {
        auto q =
            db.cached("UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL");
        q->bind(1, at).bind(2, tokenId).run();
        if (db.changes() == 0)
            return fail(tokenNotFound());
    }
    std::optional<TokenInfo> token;
    {
        auto q = db.cached(
            "SELECT t.id, t.name, t.user_id, u.name, t.created_at, t.last_used_at, t.expires_at, "
            "t.revoked_at FROM api_tokens t JOIN users u ON u.id = t.user_id WHERE t.id = ?");
        q->bind(1, tokenId);
        if (!q->step())
            return fail(tokenNotFound());
        token = tokenFrom(*q);
    }
    tx.record(AuditEvent{0,
                         spaceId,
                         actorUserId,
                         "token.revoked",
                         "api_token",
                         tokenId,
                         {},
                         {{"user_id", token->userId}, {"name", token->name}},
                         at});
    tx.afterCommit([this, tokenId] { forgetToken(tokenId); });
    return *token;
}

} // namespace pw::core
