#include "remoteurl.h"

#include <cctype>
#include <climits>
#include <cstdlib>

#include <QHostAddress>
#include <QUrl>

namespace pw::core {

namespace {

bool hasControlOrSpace(std::string_view text)
{
    for (unsigned char c : text) {
        if (c <= 0x20 || c == 0x7f)
            return true;
    }
    return false;
}

std::string lexicallyNormal(const std::string &path)
{
    // Only to compare with the data directory: "a/../b" must not hide where it leads.
    char buffer[PATH_MAX];
    if (::realpath(path.c_str(), buffer))
        return buffer;
    return QUrl::fromLocalFile(QString::fromStdString(path))
        .adjusted(QUrl::NormalizePathSegments)
        .toLocalFile()
        .toStdString();
}

bool inside(const std::string &path, const std::string &folder)
{
    if (folder.empty())
        return false;
    const std::string f = folder.ends_with('/') ? folder : folder + "/";
    return path == folder || path.starts_with(f);
}

} // namespace

bool isLoopbackHost(std::string_view host)
{
    std::string h(host);
    if (h.size() > 2 && h.front() == '[' && h.back() == ']')
        h = h.substr(1, h.size() - 2);
    if (h == "localhost")
        return true;
    QHostAddress address;
    return address.setAddress(QString::fromStdString(h)) && address.isLoopback();
}

Result<RemoteKind> checkRemoteUrl(const std::string &url, const TrustPolicy &policy,
                                  const std::string &dataDir, std::string_view field)
{
    auto refuse = [&](const std::string &why) { return fail(Error::invalid(why, field)); };
    if (url.empty() || url.size() > 2048 || hasControlOrSpace(url))
        return refuse("'" + std::string(field) +
                      "' must be an https:// or ssh:// URL without spaces or control characters");
    const bool scpLike = url.find("://") == std::string::npos &&
                         url.find('@') != std::string::npos && url.find(':') != std::string::npos &&
                         url.find('@') < url.find(':') && !url.starts_with("/");
    const bool local =
        url.starts_with("file://") || (url.find("://") == std::string::npos && !scpLike);
    if (local) {
        const std::string how = "local repositories (file:// URLs and paths) cannot be remotes "
                                "unless the operator allows them (pipewright serve "
                                "--allow-local-remotes)";
        if (!policy.localRemotes)
            return refuse(how);
        std::string path = url.starts_with("file://") ? url.substr(7) : url;
        if (path.empty() || path.front() != '/')
            return refuse("a local remote must be an absolute path or file:///path");
        // The same words whether or not the path exists.
        const std::string data = lexicallyNormal(dataDir);
        if (inside(lexicallyNormal(path), data) || inside(path, dataDir))
            return refuse("a local remote may not be inside Pipewright's data directory");
        return RemoteKind::Local;
    }
    if (scpLike)
        return RemoteKind::Ssh;
    const QUrl parsed(QString::fromStdString(url), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return refuse("'" + std::string(field) + "' is not a valid URL");
    if (!parsed.password().isEmpty())
        return refuse("'" + std::string(field) +
                      "' may not hold a password; send it as 'credential' (credentialType TOKEN)");
    const QString scheme = parsed.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return RemoteKind::Https;
    if (scheme == QLatin1String("ssh"))
        return RemoteKind::Ssh;
    if (scheme == QLatin1String("http")) {
        if (isLoopbackHost(parsed.host().toStdString()))
            return RemoteKind::HttpLoopback;
        return refuse("plain http would send the repository and its credentials unencrypted; "
                      "use https:// (http:// is allowed only to this machine)");
    }
    return refuse("'" + std::string(field) +
                  "' must be an https:// or ssh:// URL (or user@host:path)");
}

std::optional<SshEndpoint> sshEndpointOf(const std::string &url)
{
    SshEndpoint out;
    if (url.find("://") == std::string::npos) {
        // scp-like: user@host:path, or user@[v6]:path
        const size_t at = url.find('@');
        if (at == std::string::npos)
            return std::nullopt;
        std::string rest = url.substr(at + 1);
        if (rest.starts_with('[')) {
            const size_t close = rest.find(']');
            if (close == std::string::npos)
                return std::nullopt;
            out.host = rest.substr(1, close - 1);
        } else {
            const size_t colon = rest.find(':');
            if (colon == std::string::npos)
                return std::nullopt;
            out.host = rest.substr(0, colon);
        }
    } else {
        const QUrl parsed(QString::fromStdString(url), QUrl::StrictMode);
        if (!parsed.isValid() || parsed.scheme().toLower() != QLatin1String("ssh"))
            return std::nullopt;
        out.host = parsed.host().toStdString();
        out.port = parsed.port(22);
    }
    if (out.host.empty())
        return std::nullopt;
    for (char &c : out.host)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

Status checkCredentialUrl(const std::string &url, std::string_view field)
{
    const QUrl parsed(QString::fromStdString(url), QUrl::StrictMode);
    if (!parsed.isValid() || parsed.host().isEmpty())
        return fail(Error::invalid("'" + std::string(field) + "' is not a valid URL", field));
    const QString scheme = parsed.scheme().toLower();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http") && isLoopbackHost(parsed.host().toStdString()))
        return {};
    return fail(Error::invalid("'" + std::string(field) +
                                   "' must be an https:// address: a token is never sent over "
                                   "plain http (allowed only to this machine)",
                               field));
}

} // namespace pw::core
