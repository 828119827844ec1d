#include "secretbox.h"

#include <mutex>

#include <sodium.h>

namespace pw::core {

namespace {

constexpr unsigned char kFormat = 1; // the first byte of a sealed value: how it was sealed

void ensureSodium()
{
    static std::once_flag once;
    std::call_once(once, [] {
        // sodium_init fails only when the system has no source of randomness: nothing can be
        // sealed safely then.
        if (sodium_init() < 0)
            std::abort();
    });
}

} // namespace

void SecretValue::wipe(std::string &text) noexcept
{
    // The whole buffer, not only the current size: a string that shrank keeps old bytes.
    text.resize(text.capacity());
    sodium_memzero(text.data(), text.size());
    text.clear();
}

SecretKey::~SecretKey()
{
    sodium_memzero(m_bytes.data(), m_bytes.size());
}

SecretKey SecretKey::generate()
{
    ensureSodium();
    SecretKey key;
    crypto_aead_xchacha20poly1305_ietf_keygen(key.m_bytes.data());
    return key;
}

Result<SecretKey> SecretKey::fromHex(std::string_view hex)
{
    ensureSodium();
    while (!hex.empty() && (hex.back() == '\n' || hex.back() == '\r' || hex.back() == ' '))
        hex.remove_suffix(1);
    SecretKey key;
    size_t length = 0;
    const char *end = nullptr;
    if (hex.size() != kSize * 2 ||
        sodium_hex2bin(key.m_bytes.data(), key.m_bytes.size(), hex.data(), hex.size(), nullptr,
                       &length, &end) != 0 ||
        length != kSize)
        return fail(Error::invalid("the key is not 64 hexadecimal digits"));
    return key;
}

SecretValue SecretKey::toHex() const
{
    std::string hex(kSize * 2 + 1, '\0');
    sodium_bin2hex(hex.data(), hex.size(), m_bytes.data(), m_bytes.size());
    hex.pop_back();
    return SecretValue(std::move(hex));
}

std::vector<unsigned char> seal(const SecretKey &key, std::string_view context,
                                std::string_view plaintext)
{
    ensureSodium();
    constexpr size_t nonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    std::vector<unsigned char> out(1 + nonceSize + plaintext.size() +
                                   crypto_aead_xchacha20poly1305_ietf_ABYTES);
    out[0] = kFormat;
    unsigned char *nonce = out.data() + 1;
    randombytes_buf(nonce, nonceSize);
    unsigned long long written = 0;
    crypto_aead_xchacha20poly1305_ietf_encrypt(
        nonce + nonceSize, &written, reinterpret_cast<const unsigned char *>(plaintext.data()),
        plaintext.size(), reinterpret_cast<const unsigned char *>(context.data()), context.size(),
        nullptr, nonce, key.bytes().data());
    out.resize(1 + nonceSize + written);
    return out;
}

Result<SecretValue> unseal(const SecretKey &key, std::string_view context,
                           const std::vector<unsigned char> &sealed)
{
    ensureSodium();
    constexpr size_t nonceSize = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;
    constexpr size_t tagSize = crypto_aead_xchacha20poly1305_ietf_ABYTES;
    auto broken = [] {
        return Error::internal("a stored secret cannot be opened with this data directory's key");
    };
    if (sealed.size() < 1 + nonceSize + tagSize || sealed[0] != kFormat)
        return fail(broken());
    const unsigned char *nonce = sealed.data() + 1;
    const unsigned char *cipher = nonce + nonceSize;
    const size_t cipherSize = sealed.size() - 1 - nonceSize;
    std::string plain(cipherSize - tagSize, '\0');
    unsigned long long length = 0;
    if (crypto_aead_xchacha20poly1305_ietf_decrypt(
            reinterpret_cast<unsigned char *>(plain.data()), &length, nullptr, cipher, cipherSize,
            reinterpret_cast<const unsigned char *>(context.data()), context.size(), nonce,
            key.bytes().data()) != 0)
        return fail(broken());
    plain.resize(length);
    return SecretValue(std::move(plain));
}

} // namespace pw::core
