#pragma once

#include <optional>
#include <string>

#include "core/secrets/keysource.h"

namespace pw::app {

// The desktop session's keyring (the Secret Service: GNOME Keyring, KWallet) through QtKeychain,
// where a data directory's key is kept when a keyring answers: the key then never touches the
// disk in the clear. Used only at start (the key is read once), on the main thread: each call
// waits for the keyring's answer, at most a few seconds.
class KeychainKeySource : public core::KeySource
{
public:
    // `service` names the entries (tests use one of their own).
    explicit KeychainKeySource(std::string service = "Pipewright", int timeoutMs = 5000);

    std::string describe() const override { return "the desktop keyring"; }
    // Whether a keyring answers: there is a session bus, and a read of an absent entry comes
    // back as "not found" (not "no backend") in time. Asked once.
    bool available() override;
    core::Result<std::optional<core::SecretKey>> load(const std::string &keyId) override;
    core::Status store(const std::string &keyId, const core::SecretKey &key) override;

private:
    std::string m_service;
    int m_timeoutMs;
    std::optional<bool> m_available;
};

// Where the app keeps data directory keys: the desktop keyring when one answers, else a private
// key file (core::FileKeySource::defaultDir); only the key folder when $PIPEWRIGHT_KEY_DIR names
// one. Every entry point (window, serve, CLI) uses this, so they find the same key.
std::shared_ptr<core::KeySource> appKeySources();

} // namespace pw::app
