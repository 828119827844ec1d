#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../access/access.h"
#include "../store/store.h"
#include "knownhostsfile.h"

namespace pw::core {

// One SSH host key as the known hosts list shows it: a space's (trusted, or pending until an admin
// accepts it) or a line of the operator's file (trusted or revoked, in every space).
struct KnownHostEntry
{
    enum class State
    {
        Pending,
        Trusted,
        Revoked,
    };
    enum class Source
    {
        Space,
        Operator,
    };
    std::optional<std::string> id; // a space's entry; none for a line of the operator's file
    State state = State::Pending;
    Source source = Source::Space;
    std::string host; // a space's entry: the host and port it was met at
    int port = 22;
    std::string hostPatterns; // the operator's file: the line's host patterns
    int line = 0;             // the operator's file: the line
    std::string keyType;
    std::string fingerprint;                 // SHA256:…, as ssh-keygen -l shows it
    std::optional<std::string> repositoryId; // the repository whose connection met it
    std::string seenAt;                      // when a connection first met it
    std::optional<std::string> acceptedBy;   // user id
    std::optional<std::string> acceptedAt;
};
std::string_view knownHostStateName(KnownHostEntry::State state);
std::string_view knownHostSourceName(KnownHostEntry::Source source);

struct KnownHostList
{
    std::vector<KnownHostEntry> entries; // the space's, by host, port and type; then the file's
    std::vector<std::string> notes;      // lines of the operator's file that were skipped
};

// The SSH host keys each space trusts. A space's keys are its own (an admin of one space accepting
// a key for a host never makes another space trust it); the operator's OpenSSH known_hosts file in
// the data directory applies to every space and only the operator edits it. Connections to an
// unknown host are refused and the key they met is recorded as pending, for a space admin to
// accept by its fingerprint.
class KnownHostService
{
public:
    // At most this many pending keys per space; recording another drops the oldest.
    static constexpr int kMaxPendingPerSpace = 100;

    KnownHostService(Store &store, std::string operatorFile);

    const std::string &operatorFile() const { return m_operatorFile; }

    // The space's keys and the operator's: any member (nothing in it is a secret).
    Result<KnownHostList> list(const Actor &actor);
    // Trusts the pending key of `host`:`port` whose fingerprint is `fingerprint` (exactly, so an
    // admin accepts the key they checked). Space admins only. Other pending keys of that host, port
    // and type are dropped; a trusted key of that type must be removed first (conflict).
    Result<KnownHostEntry> accept(const Actor &actor, const std::string &host, int port,
                                  const std::string &fingerprint);
    // Forgets a space's key, trusted or pending. Space admins only.
    Status remove(const Actor &actor, const std::string &id);

    // What a connection of the space may trust, read now (the operator's file too).
    Result<std::shared_ptr<HostKeyCheck>> checkFor(const std::string &spaceId);
    // Records a key a connection of the actor's space refused as unknown (nothing when it is
    // already pending or known).
    Status recordPending(const Actor &actor, const SshHostKey &key,
                         const std::optional<std::string> &repositoryId);

private:
    KnownHostsFile readOperatorFile() const;
    Result<std::vector<KnownHostEntry>> spaceEntries(const std::string &spaceId,
                                                     std::vector<HostKeyRule> *rules);

    Store &m_store;
    std::string m_operatorFile;
};

} // namespace pw::core
