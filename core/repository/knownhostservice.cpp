#include "knownhostservice.h"

#include <algorithm>

#include <QByteArray>
#include <QFile>

#include "../util/ids.h"
#include "knownhostsfile.h"

namespace pw::core {

namespace {

constexpr std::string_view kSpaceOrigin = "the space's known hosts";
constexpr std::string_view kOperatorOrigin = "the operator's known_hosts file";
// Larger operator files are refused whole rather than read in part.
constexpr qint64 kMaxOperatorFileBytes = 4 * 1024 * 1024;
constexpr size_t kFingerprintLength = 7 + 43; // "SHA256:" and 32 bytes in unpadded base64

// Statements are cached by their text's address: each is one literal.
#define PW_KNOWN_HOST_COLUMNS                                                                      \
    "SELECT id, host, port, key_type, public_key, fingerprint, state, repository_id, seen_at, "    \
    "accepted_by, accepted_at FROM known_hosts "
constexpr const char *kSelectSpace =
    PW_KNOWN_HOST_COLUMNS "WHERE space_id = ? ORDER BY host, port, key_type, seen_at, id";
constexpr const char *kSelectHost =
    PW_KNOWN_HOST_COLUMNS "WHERE space_id = ? AND host = ? AND port = ? ORDER BY seen_at, id";
constexpr const char *kSelectOne = PW_KNOWN_HOST_COLUMNS "WHERE id = ? AND space_id = ?";
#undef PW_KNOWN_HOST_COLUMNS

struct Row
{
    KnownHostEntry entry;
    std::string publicKey; // base64
};

Row rowOf(const Statement &q)
{
    Row row;
    KnownHostEntry &e = row.entry;
    e.id = q.text(0);
    e.host = q.text(1);
    e.port = static_cast<int>(q.integer(2));
    e.keyType = q.text(3);
    row.publicKey = q.text(4);
    e.fingerprint = q.text(5);
    e.state =
        q.text(6) == "trusted" ? KnownHostEntry::State::Trusted : KnownHostEntry::State::Pending;
    e.repositoryId = q.optionalText(7);
    e.seenAt = q.text(8);
    e.acceptedBy = q.optionalText(9);
    e.acceptedAt = q.optionalText(10);
    return row;
}

nlohmann::json auditDetails(const KnownHostEntry &e)
{
    return {{"host", e.host},
            {"port", e.port},
            {"key_type", e.keyType},
            {"fingerprint", e.fingerprint},
            {"state", knownHostStateName(e.state)}};
}

Status checkHostPort(const std::string &host, int port)
{
    bool bad = host.empty() || host.size() > 255;
    for (unsigned char c : host)
        bad = bad || c <= 0x20 || c == 0x7f || c == ',' || c == '*' || c == '?' || c == '!';
    if (bad)
        return fail(Error::invalid("'host' must be a host name or address (1 to 255 characters, no "
                                   "spaces or patterns)",
                                   "host"));
    if (port < 1 || port > 65535)
        return fail(Error::invalid("'port' must be from 1 to 65535", "port"));
    return {};
}

} // namespace

std::string_view knownHostStateName(KnownHostEntry::State state)
{
    switch (state) {
    case KnownHostEntry::State::Pending:
        return "pending";
    case KnownHostEntry::State::Trusted:
        return "trusted";
    case KnownHostEntry::State::Revoked:
        return "revoked";
    }
    return "pending";
}

std::string_view knownHostSourceName(KnownHostEntry::Source source)
{
    return source == KnownHostEntry::Source::Operator ? "operator" : "space";
}

KnownHostService::KnownHostService(Store &store, std::string operatorFile)
    : m_store(store), m_operatorFile(std::move(operatorFile))
{
}

KnownHostsFile KnownHostService::readOperatorFile() const
{
    QFile file(QString::fromStdString(m_operatorFile));
    if (!file.exists())
        return {};
    KnownHostsFile out;
    if (!file.open(QIODevice::ReadOnly)) {
        out.notes.push_back("the file cannot be read; no key in it is trusted");
        return out;
    }
    if (file.size() > kMaxOperatorFileBytes) {
        out.notes.push_back("the file is larger than 4 MiB; no key in it is trusted");
        return out;
    }
    const QByteArray text = file.readAll();
    return parseKnownHosts(std::string_view(text.constData(), size_t(text.size())),
                           std::string(kOperatorOrigin));
}

Result<std::vector<KnownHostEntry>> KnownHostService::spaceEntries(const std::string &spaceId,
                                                                   std::vector<HostKeyRule> *rules)
{
    return m_store.read([&](Database &db) -> Result<std::vector<KnownHostEntry>> {
        auto q = db.cached(kSelectSpace);
        q->bind(1, spaceId);
        std::vector<KnownHostEntry> out;
        while (q->step()) {
            Row row = rowOf(*q);
            if (rules && row.entry.state == KnownHostEntry::State::Trusted) {
                HostKeyRule rule;
                rule.hosts = HostPatterns::exact(row.entry.host, row.entry.port);
                rule.type = row.entry.keyType;
                rule.blob =
                    QByteArray::fromBase64(QByteArray::fromStdString(row.publicKey)).toStdString();
                rule.sha256 = QByteArray::fromBase64(
                                  QByteArray::fromStdString(row.entry.fingerprint.substr(7)))
                                  .toStdString();
                rule.origin = std::string(kSpaceOrigin);
                rules->push_back(std::move(rule));
            }
            out.push_back(std::move(row.entry));
        }
        return out;
    });
}

Result<KnownHostList> KnownHostService::list(const Actor &actor)
{
    KnownHostList out;
    auto entries = spaceEntries(actor.spaceId, nullptr);
    if (!entries)
        return fail(entries.error());
    out.entries = std::move(*entries);
    KnownHostsFile file = readOperatorFile();
    for (const HostKeyRule &rule : file.rules) {
        KnownHostEntry e;
        e.source = KnownHostEntry::Source::Operator;
        e.state = rule.kind == HostKeyRule::Kind::Revoked ? KnownHostEntry::State::Revoked
                                                          : KnownHostEntry::State::Trusted;
        e.hostPatterns = rule.hosts.text();
        e.line = rule.line;
        e.keyType = rule.type;
        e.fingerprint = fingerprintOf(rule.sha256);
        out.entries.push_back(std::move(e));
    }
    out.notes = std::move(file.notes);
    return out;
}

Result<std::shared_ptr<HostKeyCheck>> KnownHostService::checkFor(const std::string &spaceId)
{
    std::vector<HostKeyRule> rules;
    if (auto entries = spaceEntries(spaceId, &rules); !entries)
        return fail(entries.error());
    KnownHostsFile file = readOperatorFile();
    for (HostKeyRule &rule : file.rules)
        rules.push_back(std::move(rule));
    return std::make_shared<HostKeyCheck>(std::move(rules));
}

Status KnownHostService::recordPending(const Actor &actor, const SshHostKey &key,
                                       const std::optional<std::string> &repositoryId)
{
    if (key.sha256.size() != 32 || key.type.empty())
        return fail(Error::internal("a host key to record needs its type and SHA-256"));
    KnownHostEntry e;
    e.id = newUuid();
    e.host = normalHostName(key.host);
    e.port = key.port;
    e.keyType = key.type;
    e.fingerprint = fingerprintOf(key.sha256);
    e.repositoryId = repositoryId;
    e.seenAt = nowUtc();
    if (auto ok = checkHostPort(e.host, e.port); !ok)
        return ok;
    const std::string publicKey =
        QByteArray::fromStdString(key.blob).toBase64().toStdString(); // empty for an empty blob
    return m_store.write([&](WriteTx &tx) -> Status {
        Database &db = tx.db();
        auto known = db.cached("SELECT 1 FROM known_hosts WHERE space_id = ? AND host = ? AND "
                               "port = ? AND fingerprint = ?");
        known->bindAll(actor.spaceId, e.host, e.port, e.fingerprint);
        if (known->step())
            return {};
        // A space cannot collect pending keys without bound: the oldest make room.
        db.cached("DELETE FROM known_hosts WHERE id IN (SELECT id FROM known_hosts WHERE "
                  "space_id = ? AND state = 'pending' ORDER BY seen_at DESC, rowid DESC "
                  "LIMIT -1 OFFSET ?)")
            ->bindAll(actor.spaceId, kMaxPendingPerSpace - 1)
            .run();
        auto insert = db.cached(
            "INSERT INTO known_hosts (id, space_id, host, port, key_type, public_key, "
            "fingerprint, state, repository_id, seen_at) VALUES (?,?,?,?,?,?,?,'pending',?,?)");
        insert->bindAll(*e.id, actor.spaceId, e.host, e.port, e.keyType, publicKey, e.fingerprint);
        insert->bind(8, e.repositoryId).bind(9, e.seenAt).run();
        nlohmann::json details = auditDetails(e);
        details["repository_id"] = repositoryId ? nlohmann::json(*repositoryId) : nlohmann::json();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "known_host.pending",
                             "known_host",
                             *e.id,
                             {},
                             std::move(details),
                             e.seenAt});
        return {};
    });
}

Result<KnownHostEntry> KnownHostService::accept(const Actor &actor, const std::string &hostIn,
                                                int port, const std::string &fingerprint)
{
    if (actor.role != Role::Admin)
        return fail(Error::forbidden("only space admins can accept SSH host keys"));
    const std::string host = normalHostName(hostIn);
    if (auto ok = checkHostPort(host, port); !ok)
        return fail(ok.error());
    if (!fingerprint.starts_with("SHA256:") || fingerprint.size() != kFingerprintLength)
        return fail(Error::invalid("'fingerprint' must be a SHA256 fingerprint as ssh-keygen -l "
                                   "shows it (SHA256: and 43 base64 characters)",
                                   "fingerprint"));
    const std::string where = hostLabel(host, port);
    return m_store.write([&](WriteTx &tx) -> Result<KnownHostEntry> {
        Database &db = tx.db();
        auto q = db.cached(kSelectHost);
        q->bindAll(actor.spaceId, host, port);
        std::vector<KnownHostEntry> rows;
        while (q->step())
            rows.push_back(rowOf(*q).entry);
        const auto chosen = std::find_if(rows.begin(), rows.end(), [&](const KnownHostEntry &r) {
            return r.fingerprint == fingerprint;
        });
        if (chosen == rows.end()) {
            const bool pending = std::any_of(rows.begin(), rows.end(), [](const KnownHostEntry &r) {
                return r.state == KnownHostEntry::State::Pending;
            });
            if (pending)
                return fail(Error::conflict(
                    "no pending host key of " + where + " has the fingerprint " + fingerprint +
                    ": accept only the key you checked (list the known hosts to see what the "
                    "server presented)"));
            return fail(Error::notFound("no pending SSH host key of " + where +
                                        ": connect to it first, so Pipewright sees its key"));
        }
        KnownHostEntry entry = *chosen;
        if (entry.state == KnownHostEntry::State::Trusted)
            return entry; // accepted before: nothing changes
        for (const KnownHostEntry &r : rows) {
            if (r.state == KnownHostEntry::State::Trusted && r.keyType == entry.keyType)
                return fail(Error::conflict("the space already trusts another " + entry.keyType +
                                            " key of " + where + " (" + r.fingerprint +
                                            "): remove it first if the server's key was replaced"));
        }
        entry.state = KnownHostEntry::State::Trusted;
        entry.acceptedBy = actor.userId;
        entry.acceptedAt = nowUtc();
        db.cached("UPDATE known_hosts SET state = 'trusted', accepted_by = ?, accepted_at = ? "
                  "WHERE id = ?")
            ->bindAll(actor.userId, *entry.acceptedAt, *entry.id)
            .run();
        // Other keys this host presented for the type are now changed keys, not candidates.
        db.cached("DELETE FROM known_hosts WHERE space_id = ? AND host = ? AND port = ? AND "
                  "key_type = ? AND state = 'pending'")
            ->bindAll(actor.spaceId, host, port, entry.keyType)
            .run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "known_host.accepted",
                             "known_host",
                             *entry.id,
                             {},
                             auditDetails(entry),
                             *entry.acceptedAt});
        return entry;
    });
}

Status KnownHostService::remove(const Actor &actor, const std::string &id)
{
    if (actor.role != Role::Admin)
        return fail(Error::forbidden("only space admins can remove SSH host keys"));
    return m_store.write([&](WriteTx &tx) -> Status {
        auto q = tx.db().cached(kSelectOne);
        q->bindAll(id, actor.spaceId);
        if (!q->step())
            return fail(Error::notFound("known host key '" + id + "' was not found"));
        const KnownHostEntry entry = rowOf(*q).entry;
        q->reset();
        tx.db().cached("DELETE FROM known_hosts WHERE id = ?")->bind(1, id).run();
        tx.record(AuditEvent{0,
                             actor.spaceId,
                             actor.userId,
                             "known_host.removed",
                             "known_host",
                             id,
                             {},
                             auditDetails(entry),
                             nowUtc()});
        return {};
    });
}

} // namespace pw::core
