#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../util/error.h"
#include "secretbox.h"

namespace pw::core {

// Where a data directory's secret key is kept: never inside the data directory, so a copy of the
// data directory (or a task that could read it) holds only sealed secrets. Keys are found by the
// id the data directory records.
class KeySource
{
public:
    virtual ~KeySource() = default;
    // Where a key is kept, in words, for messages (never the key).
    virtual std::string describe() const = 0;
    // Whether keys can be kept here at all (a keyring needs a desktop session).
    virtual bool available() = 0;
    // The key with this id, or none when this source does not hold it.
    virtual Result<std::optional<SecretKey>> load(const std::string &keyId) = 0;
    virtual Status store(const std::string &keyId, const SecretKey &key) = 0;
};

// A key file per key, `<dir>/<id>.key` (64 hex digits), in a folder only the user can enter
// (0700) with the file readable only by the user (0600); a key file others can read is refused,
// as ssh refuses such a private key.
class FileKeySource : public KeySource
{
public:
    explicit FileKeySource(std::string dir) : m_dir(std::move(dir)) {}
    // $PIPEWRIGHT_KEY_DIR, else the user's configuration folder: ~/.config/pipewright/keys.
    static std::string defaultDir();

    std::string describe() const override;
    bool available() override { return true; }
    Result<std::optional<SecretKey>> load(const std::string &keyId) override;
    Status store(const std::string &keyId, const SecretKey &key) override;
    std::string pathOf(const std::string &keyId) const;

private:
    std::string m_dir;
};

// Several sources in order of preference: a key is loaded from the first that holds it, and a
// new key is stored in the first that is available (the desktop keyring, else a key file).
class KeySourceChain : public KeySource
{
public:
    explicit KeySourceChain(std::vector<std::shared_ptr<KeySource>> sources)
        : m_sources(std::move(sources))
    {
    }
    std::string describe() const override;
    bool available() override;
    Result<std::optional<SecretKey>> load(const std::string &keyId) override;
    Status store(const std::string &keyId, const SecretKey &key) override;

private:
    std::vector<std::shared_ptr<KeySource>> m_sources;
};

} // namespace pw::core
