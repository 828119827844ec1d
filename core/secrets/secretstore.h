#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "../store/store.h"
#include "keysource.h"
#include "secretbox.h"

namespace pw::core {

// The one store for every credential Pipewright holds — repository credentials, webhook
// secrets, forge tokens, connector passwords, assistant provider keys: each sealed
// (XChaCha20-Poly1305) under its name with the data directory's key, which lives outside the
// data directory (the desktop keyring or a private key file; see KeySource). The database
// holds only sealed values and the key's id. Values are written inside the caller's write (its
// audit event says a secret was set, never what it is) and read by core alone: no route or
// window ever gets one back; they show `set` or not.
//
// Names say whose secret it is: "repository/<id>/credential", "repository/<id>/webhook",
// "connector/<id>/password".
class SecretStore
{
public:
    SecretStore(Store &store, std::shared_ptr<KeySource> keys);

    // Finds the data directory's key, or makes and records one on first start. A missing key
    // is not fatal: everything but secrets works, and reading or setting a secret answers
    // `unavailable` with `problem()`.
    Status open();
    bool ready() const;
    std::string problem() const;

    // Seals `value` under `name`, replacing what was there, inside the caller's write.
    Status put(WriteTx &tx, const std::string &spaceId, const std::string &name,
               std::string_view value);
    void remove(WriteTx &tx, const std::string &name);
    // Removes every secret whose name starts with `prefix` (an owner's, when it goes).
    void removePrefix(WriteTx &tx, const std::string &prefix);
    Result<std::optional<SecretValue>> get(const std::string &name);
    Result<bool> has(const std::string &name);

    // Seals the plain-text credentials an older version kept in repository_secrets and empties
    // those columns, then compacts the file so no freed page keeps them (first open after the
    // upgrade; a no-op afterwards). Returns how many values moved.
    Result<int> migratePlaintext();

private:
    Store &m_store;
    std::shared_ptr<KeySource> m_keys;
    mutable std::mutex m_mutex; // guards m_key, m_keyId and m_problem
    std::optional<SecretKey> m_key;
    std::string m_keyId;
    std::string m_problem = "the secret store is not open";
};

} // namespace pw::core
