#include "secretstore.h"

#include "../util/ids.h"

namespace pw::core {

namespace {

// What the data directory seals with its key at first start, so a later open tells the right
// key from a wrong one before any secret depends on it.
constexpr std::string_view kCheckContext = "pipewright key check";
constexpr std::string_view kCheckText = "pipewright";

std::string_view viewOf(const std::vector<unsigned char> &bytes)
{
    return {reinterpret_cast<const char *>(bytes.data()), bytes.size()};
}

std::vector<unsigned char> bytesOf(std::string_view text)
{
    return {text.begin(), text.end()};
}

Error unavailable(std::string message)
{
    return Error{ErrorCode::Unavailable, std::move(message), nlohmann::json::object()};
}

struct RecordedKey
{
    std::string id;
    std::vector<unsigned char> check;
};

} // namespace

SecretStore::SecretStore(Store &store, std::shared_ptr<KeySource> keys)
    : m_store(store), m_keys(std::move(keys))
{
}

Status SecretStore::open()
{
    auto readRecorded = [this] {
        return m_store.read([](Database &db) -> Result<std::optional<RecordedKey>> {
            auto q = db.cached("SELECT id, check_value FROM secret_keys "
                               "ORDER BY created_at, id LIMIT 1");
            if (!q->step())
                return std::optional<RecordedKey>();
            return std::optional(RecordedKey{q->text(0), bytesOf(q->textView(1))});
        });
    };
    for (int attempt = 0; attempt < 2; ++attempt) {
        auto recorded = readRecorded();
        if (!recorded)
            return fail(recorded.error());
        std::lock_guard lock(m_mutex);
        m_key.reset();
        if (*recorded) {
            const RecordedKey &r = **recorded;
            m_keyId = r.id;
            auto key = m_keys->load(r.id);
            if (!key) {
                m_problem =
                    "the secret key of this data directory cannot be read: " + key.error().message;
            } else if (!*key) {
                m_problem = "the secret key of this data directory (" + r.id + ") is not in " +
                            m_keys->describe() +
                            ": stored credentials cannot be read until it is restored there";
            } else if (!unseal(**key, kCheckContext, r.check)) {
                m_problem = "the secret key found for this data directory (" + r.id +
                            ") is not the one its credentials were sealed with";
            } else {
                m_key = std::move(**key);
                m_problem.clear();
            }
            return {};
        }
        // First start: a new key, kept outside the data directory before the data directory
        // names it (a crash in between leaves an unused key file, never a missing key).
        SecretKey key = SecretKey::generate();
        const std::string id = newUuid();
        if (auto stored = m_keys->store(id, key); !stored) {
            m_problem = "no secret key could be kept (" + stored.error().message +
                        "): credentials cannot be stored";
            return {};
        }
        const auto check = seal(key, kCheckContext, kCheckText);
        auto inserted = m_store.transaction([&](Database &db) -> Result<bool> {
            auto q = db.cached("INSERT OR IGNORE INTO secret_keys (id, check_value, created_at) "
                               "SELECT ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM secret_keys)");
            q->bind(1, id).bindBlob(2, viewOf(check)).bind(3, nowUtc()).run();
            return db.changes() == 1;
        });
        if (!inserted)
            return fail(inserted.error());
        if (*inserted) {
            m_key = std::move(key);
            m_keyId = id;
            m_problem.clear();
            return {};
        }
        // Another process opening the same data directory recorded its key first: use that.
    }
    return fail(Error::internal("the data directory's secret key could not be settled"));
}

bool SecretStore::ready() const
{
    std::lock_guard lock(m_mutex);
    return m_key.has_value();
}

std::string SecretStore::problem() const
{
    std::lock_guard lock(m_mutex);
    return m_problem;
}

Status SecretStore::put(WriteTx &tx, const std::string &spaceId, const std::string &name,
                        std::string_view value)
{
    std::vector<unsigned char> sealed;
    std::string keyId;
    {
        std::lock_guard lock(m_mutex);
        if (!m_key)
            return fail(unavailable(m_problem));
        sealed = seal(*m_key, name, value);
        keyId = m_keyId;
    }
    auto q = tx.db().cached("INSERT INTO secrets (name, space_id, key_id, sealed, updated_at) "
                            "VALUES (?,?,?,?,?) ON CONFLICT (name) DO UPDATE SET "
                            "space_id = excluded.space_id, key_id = excluded.key_id, "
                            "sealed = excluded.sealed, updated_at = excluded.updated_at");
    q->bind(1, name);
    if (spaceId.empty())
        q->bindNull(2);
    else
        q->bind(2, spaceId);
    q->bind(3, keyId).bindBlob(4, viewOf(sealed)).bind(5, nowUtc()).run();
    return {};
}

void SecretStore::remove(WriteTx &tx, const std::string &name)
{
    auto q = tx.db().cached("DELETE FROM secrets WHERE name = ?");
    q->bind(1, name).run();
}

void SecretStore::removePrefix(WriteTx &tx, const std::string &prefix)
{
    // A range rather than LIKE: names may hold '%' or '_'.
    auto q = tx.db().cached("DELETE FROM secrets WHERE name >= ? AND name < ?");
    std::string end = prefix;
    end.push_back('\xff');
    q->bind(1, prefix).bind(2, end).run();
}

Result<std::optional<SecretValue>> SecretStore::get(const std::string &name)
{
    auto sealed =
        m_store.read([&](Database &db) -> Result<std::optional<std::vector<unsigned char>>> {
            auto q = db.cached("SELECT sealed FROM secrets WHERE name = ?");
            q->bind(1, name);
            if (!q->step())
                return std::optional<std::vector<unsigned char>>();
            return std::optional(bytesOf(q->textView(0)));
        });
    if (!sealed)
        return fail(sealed.error());
    if (!*sealed)
        return std::optional<SecretValue>();
    std::lock_guard lock(m_mutex);
    if (!m_key)
        return fail(unavailable(m_problem));
    auto value = unseal(*m_key, name, **sealed);
    if (!value)
        return fail(value.error());
    return std::optional<SecretValue>(std::move(*value));
}

Result<bool> SecretStore::has(const std::string &name)
{
    return m_store.read([&](Database &db) -> Result<bool> {
        auto q = db.cached("SELECT 1 FROM secrets WHERE name = ?");
        q->bind(1, name);
        return q->step();
    });
}

Result<int> SecretStore::migratePlaintext()
{
    struct Plain
    {
        std::string repositoryId;
        std::string spaceId;
        std::optional<std::string> credential;
        std::optional<std::string> webhook;
    };
    auto found = m_store.read([](Database &db) -> Result<std::vector<Plain>> {
        auto q = db.cached("SELECT s.repository_id, r.space_id, s.credential, s.webhook_secret "
                           "FROM repository_secrets s JOIN repositories r ON r.id = "
                           "s.repository_id WHERE s.credential IS NOT NULL OR "
                           "s.webhook_secret IS NOT NULL");
        std::vector<Plain> out;
        while (q->step())
            out.push_back({q->text(0), q->text(1), q->optionalText(2), q->optionalText(3)});
        return out;
    });
    if (!found)
        return fail(found.error());
    if (found->empty())
        return 0;
    if (!ready())
        return fail(unavailable("plain-text credentials from an older version cannot be sealed: " +
                                problem()));
    int moved = 0;
    auto written = m_store.write([&](WriteTx &tx) -> Status {
        for (Plain &p : *found) {
            SecretValue credential(p.credential.value_or(std::string()));
            SecretValue webhook(p.webhook.value_or(std::string()));
            std::optional<std::string> reference;
            // An older version stored "secret:<value>" or "ref:<env://…|file://…>".
            if (credential.view().starts_with("ref:")) {
                reference = std::string(credential.view().substr(4));
            } else if (credential.view().starts_with("secret:")) {
                if (auto ok = put(tx, p.spaceId, "repository/" + p.repositoryId + "/credential",
                                  credential.view().substr(7));
                    !ok)
                    return ok;
                ++moved;
            }
            if (!webhook.empty()) {
                if (auto ok = put(tx, p.spaceId, "repository/" + p.repositoryId + "/webhook",
                                  webhook.view());
                    !ok)
                    return ok;
                ++moved;
            }
            auto q = tx.db().cached("UPDATE repository_secrets SET credential = NULL, "
                                    "webhook_secret = NULL, credential_ref = "
                                    "COALESCE(?, credential_ref) WHERE repository_id = ?");
            q->bindAll(reference, p.repositoryId).run();
        }
        tx.audit(AuditEvent{
            0, {}, {}, "secrets.migrated", "secrets", {}, {}, {{"values", moved}}, nowUtc()});
        return {};
    });
    if (!written)
        return fail(written.error());
    // The old values are overwritten in place (secure_delete), but pages freed by earlier
    // versions may still hold them, and so may the write-ahead log: rewrite the file and empty
    // the log.
    auto compacted = m_store.compact();
    if (!compacted)
        return fail(compacted.error());
    return moved;
}

} // namespace pw::core
