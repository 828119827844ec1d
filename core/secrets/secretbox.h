#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "../util/error.h"

namespace pw::core {

// A secret in memory: its bytes are wiped when it goes (a copy is a second wiped buffer), so a
// credential does not linger in freed heap memory after use. Never printed or logged.
class SecretValue
{
public:
    SecretValue() = default;
    // Takes the text and wipes the caller's copy (a moved short string would leave its bytes
    // behind in the source's inline buffer, so it is copied, then wiped).
    explicit SecretValue(std::string &&text) : m_text(text) { wipe(text); }
    SecretValue(const SecretValue &other) : m_text(other.m_text) {}
    SecretValue(SecretValue &&other) : m_text(other.m_text) { other.wipe(); }
    SecretValue &operator=(const SecretValue &other)
    {
        if (this != &other) {
            wipe();
            m_text = other.m_text;
        }
        return *this;
    }
    SecretValue &operator=(SecretValue &&other)
    {
        if (this != &other) {
            wipe();
            m_text = other.m_text;
            other.wipe();
        }
        return *this;
    }
    ~SecretValue() { wipe(); }

    std::string_view view() const { return m_text; }
    const std::string &str() const { return m_text; }
    bool empty() const { return m_text.empty(); }

private:
    static void wipe(std::string &text) noexcept;
    void wipe() noexcept { wipe(m_text); }
    std::string m_text;
};

// The key that seals a data directory's secrets: 32 random bytes (XChaCha20-Poly1305).
class SecretKey
{
public:
    static constexpr size_t kSize = 32;
    SecretKey() = default;
    SecretKey(const SecretKey &) = default;
    SecretKey &operator=(const SecretKey &) = default;
    ~SecretKey();

    static SecretKey generate();
    // From its stored text (64 hex digits); fails on anything else.
    static Result<SecretKey> fromHex(std::string_view hex);
    SecretValue toHex() const;
    const std::array<unsigned char, kSize> &bytes() const { return m_bytes; }

private:
    std::array<unsigned char, kSize> m_bytes{};
};

// Authenticated encryption of one value: XChaCha20-Poly1305 (libsodium's IETF construction)
// with a random 24-byte nonce. `context` is bound to the ciphertext as associated data (the
// secret's name), so a sealed value moved to another name does not open.
std::vector<unsigned char> seal(const SecretKey &key, std::string_view context,
                                std::string_view plaintext);
// The plaintext, or an error when the key, the context or the bytes are not the ones sealed.
Result<SecretValue> unseal(const SecretKey &key, std::string_view context,
                           const std::vector<unsigned char> &sealed);

} // namespace pw::core
