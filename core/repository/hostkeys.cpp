#include "hostkeys.h"

#include <cctype>

#include <QByteArray>
#include <QCryptographicHash>
#include <QMessageAuthenticationCode>

namespace pw::core {

namespace {

std::string lower(std::string_view text)
{
    std::string out(text);
    for (char &c : out)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

// OpenSSH's wildcards: `*` any run of characters, `?` one character.
bool globMatch(std::string_view pattern, std::string_view text)
{
    size_t p = 0, t = 0, star = std::string_view::npos, resume = 0;
    while (t < text.size()) {
        if (p < pattern.size() && (pattern[p] == '?' || pattern[p] == text[t])) {
            ++p;
            ++t;
        } else if (p < pattern.size() && pattern[p] == '*') {
            star = p++;
            resume = t;
        } else if (star != std::string_view::npos) {
            p = star + 1;
            t = ++resume;
        } else {
            return false;
        }
    }
    while (p < pattern.size() && pattern[p] == '*')
        ++p;
    return p == pattern.size();
}

// A hashed known_hosts name, `|1|` base64(salt) `|` base64(HMAC-SHA1(salt, name)).
bool hashedMatch(std::string_view pattern, const std::string &name)
{
    const std::string_view rest = pattern.substr(3);
    const size_t bar = rest.find('|');
    if (bar == std::string_view::npos)
        return false;
    const auto salt =
        QByteArray::fromBase64Encoding(QByteArray(rest.data(), static_cast<qsizetype>(bar)),
                                       QByteArray::AbortOnBase64DecodingErrors);
    const auto hash = QByteArray::fromBase64Encoding(
        QByteArray(rest.data() + bar + 1, static_cast<qsizetype>(rest.size() - bar - 1)),
        QByteArray::AbortOnBase64DecodingErrors);
    if (!salt || !hash || salt.decoded.isEmpty())
        return false;
    const QByteArray mac = QMessageAuthenticationCode::hash(QByteArray::fromStdString(name),
                                                            salt.decoded, QCryptographicHash::Sha1);
    return mac == hash.decoded;
}

bool sameKey(const HostKeyRule &rule, const SshHostKey &presented)
{
    if (!rule.blob.empty() && !presented.blob.empty())
        return rule.blob == presented.blob;
    return !rule.sha256.empty() && rule.sha256 == presented.sha256;
}

Error refusal(std::string_view reason, const SshHostKey &key, std::string message)
{
    Error e{ErrorCode::Unavailable, std::move(message), nlohmann::json::object()};
    e.details["reason"] = reason;
    e.details["host"] = key.host;
    e.details["port"] = key.port;
    e.details["type"] = key.type;
    e.details["fingerprint"] = fingerprintOf(key.sha256);
    return e;
}

std::string typeOr(const std::string &type)
{
    return type.empty() ? std::string("(unknown type)") : type;
}

} // namespace

std::string normalHostName(std::string_view host)
{
    if (host.size() > 2 && host.front() == '[' && host.back() == ']')
        host = host.substr(1, host.size() - 2);
    return lower(host);
}

std::string fingerprintOf(std::string_view sha256)
{
    const QByteArray hash(sha256.data(), static_cast<qsizetype>(sha256.size()));
    return "SHA256:" + hash.toBase64(QByteArray::OmitTrailingEquals).toStdString();
}

std::string keyTypeOfBlob(std::string_view blob)
{
    if (blob.size() < 4)
        return {};
    const auto byte = [&](size_t i) {
        return static_cast<uint32_t>(static_cast<uint8_t>(blob[i]));
    };
    const uint32_t length = byte(0) << 24 | byte(1) << 16 | byte(2) << 8 | byte(3);
    if (length == 0 || length > 64 || length > blob.size() - 4)
        return {};
    const std::string_view type = blob.substr(4, length);
    for (char c : type) {
        if (c <= 0x20 || c >= 0x7f)
            return {};
    }
    return std::string(type);
}

Result<SshHostKey> hostKeyOfBlob(std::string host, int port, std::string blob)
{
    SshHostKey key;
    key.type = keyTypeOfBlob(blob);
    if (key.type.empty())
        return fail(Error::invalid("not an SSH public key", "key"));
    key.host = normalHostName(host);
    key.port = port;
    key.sha256 =
        QCryptographicHash::hash(QByteArray::fromStdString(blob), QCryptographicHash::Sha256)
            .toStdString();
    key.blob = std::move(blob);
    return key;
}

std::string hostLabel(std::string_view host, int port)
{
    return "'" + std::string(host) + "' (port " + std::to_string(port) + ")";
}

HostPatterns HostPatterns::exact(std::string host, int port)
{
    HostPatterns out;
    out.m_host = normalHostName(host);
    out.m_text = out.m_host;
    out.m_port = port;
    return out;
}

HostPatterns HostPatterns::openSsh(std::string patterns)
{
    HostPatterns out;
    out.m_exact = false;
    out.m_text = std::move(patterns);
    return out;
}

bool HostPatterns::matches(std::string_view host, int port) const
{
    const std::string h = normalHostName(host);
    if (m_exact)
        return h == m_host && port == m_port;
    // OpenSSH looks a host up as `host` on port 22 and as `[host]:port` on any other.
    const std::string name = port == 22 ? h : "[" + h + "]:" + std::to_string(port);
    bool matched = false;
    size_t start = 0;
    while (start <= m_text.size()) {
        size_t end = m_text.find(',', start);
        if (end == std::string::npos)
            end = m_text.size();
        std::string_view pattern(m_text.data() + start, end - start);
        start = end + 1;
        if (pattern.empty())
            continue;
        const bool negated = pattern.front() == '!';
        if (negated)
            pattern.remove_prefix(1);
        const bool hit = pattern.starts_with("|1|") ? hashedMatch(pattern, name)
                                                    : globMatch(lower(pattern), name);
        if (hit && negated)
            return false; // a negated pattern excludes the host whatever else matches
        matched = matched || hit;
    }
    return matched;
}

Status HostKeyCheck::verify(const SshHostKey &presented)
{
    const std::string where = hostLabel(presented.host, presented.port);
    const std::string fingerprint = fingerprintOf(presented.sha256);
    for (const HostKeyRule &rule : m_rules) {
        if (rule.kind == HostKeyRule::Kind::Revoked &&
            rule.hosts.matches(presented.host, presented.port) && sameKey(rule, presented))
            return fail(refusal(kHostKeyRevoked, presented,
                                "the SSH host key of " + where + " (" + typeOr(presented.type) +
                                    " " + fingerprint + ") is revoked in " + rule.origin +
                                    ": Pipewright did not connect"));
    }
    const HostKeyRule *sameType = nullptr;
    std::vector<std::string> otherTypes;
    for (const HostKeyRule &rule : m_rules) {
        if (rule.kind != HostKeyRule::Kind::Trusted ||
            !rule.hosts.matches(presented.host, presented.port))
            continue;
        const bool typesAgree =
            presented.type.empty() || rule.type.empty() || rule.type == presented.type;
        if (typesAgree && sameKey(rule, presented))
            return {};
        if (typesAgree) {
            if (!sameType)
                sameType = &rule;
        } else {
            otherTypes.push_back(rule.type);
        }
    }
    if (sameType) {
        const std::string fix =
            sameType->fromOperator
                ? "If the server's key was replaced, the operator updates that file."
                : "If the server's key was replaced, a space admin can remove the known key and "
                  "accept the new one.";
        Error e =
            refusal(kHostKeyChanged, presented,
                    "the host key of " + where + " changed: the server presented " +
                        typeOr(presented.type) + " " + fingerprint + ", but the known key (in " +
                        sameType->origin + ") is " + fingerprintOf(sameType->sha256) +
                        ". Pipewright did not connect: someone may be intercepting the "
                        "connection. " +
                        fix);
        e.details["known_fingerprint"] = fingerprintOf(sameType->sha256);
        return fail(e);
    }
    m_unknown = presented;
    std::string others;
    if (!otherTypes.empty()) {
        others = " (keys of other types are known for it: ";
        for (size_t i = 0; i < otherTypes.size(); ++i)
            others += (i ? ", " : "") + otherTypes[i];
        others += ")";
    }
    return fail(refusal(kHostKeyUnknown, presented,
                        "the SSH host key of " + where + " is unknown: " + typeOr(presented.type) +
                            " " + fingerprint + others +
                            ". Pipewright did not connect and sent no credential. A space admin "
                            "can accept the key among the space's known hosts once its "
                            "fingerprint is confirmed with the server's operator; then connect "
                            "again."));
}

} // namespace pw::core
