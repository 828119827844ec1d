#include "secretref.h"

#include <cctype>
#include <cerrno>
#include <climits>
#include <cstdlib>
#include <optional>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace pw::core {

namespace {

constexpr std::string_view kEnv = "env://";
constexpr std::string_view kFile = "file://";
constexpr size_t kMaxSecretFile = 64 * 1024;

bool validEnvName(std::string_view name)
{
    if (name.empty() || name.size() > 256)
        return false;
    for (char c : name) {
        if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_'))
            return false;
    }
    return !std::isdigit(static_cast<unsigned char>(name.front()));
}

std::optional<std::string> realPath(const std::string &path)
{
    char buffer[PATH_MAX];
    if (!::realpath(path.c_str(), buffer))
        return std::nullopt;
    return std::string(buffer);
}

bool within(const std::string &path, const std::string &allowed)
{
    if (path == allowed)
        return true;
    const std::string folder = allowed.ends_with('/') ? allowed : allowed + "/";
    return path.starts_with(folder);
}

Error refused(std::string_view field, const std::string &why)
{
    return Error::invalid(why, field);
}

Error unreadable()
{
    // The same words whatever went wrong: a caller must not learn what the server's files hold.
    return Error{ErrorCode::Unavailable, "the credential reference cannot be read",
                 nlohmann::json::object()};
}

void trimEnd(std::string &text)
{
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r'))
        text.pop_back();
}

} // namespace

Result<SecretRefPolicy> SecretRefPolicy::parse(const std::vector<std::string> &allowed)
{
    SecretRefPolicy policy;
    for (const std::string &raw : allowed) {
        std::string_view item = raw;
        if (item.starts_with(kEnv) ||
            (!item.empty() && item.front() != '/' && item.find("://") == std::string_view::npos)) {
            if (item.starts_with(kEnv))
                item.remove_prefix(kEnv.size());
            if (!validEnvName(item))
                return fail(Error::invalid("--secret-ref '" + raw +
                                           "': name a variable prefix of letters, digits and _ "
                                           "(env://PIPEWRIGHT_GIT_ or PIPEWRIGHT_GIT_)"));
            policy.m_envPrefixes.emplace_back(item);
            continue;
        }
        if (item.starts_with(kFile))
            item.remove_prefix(kFile.size());
        if (item.empty() || item.front() != '/' || item == "/")
            return fail(Error::invalid("--secret-ref '" + raw +
                                       "': name an absolute folder or file other than / "
                                       "(file:///srv/pipewright/secrets)"));
        auto real = realPath(std::string(item));
        if (!real)
            return fail(Error::invalid("--secret-ref '" + raw + "': no such file or folder"));
        policy.m_paths.push_back(*real);
    }
    return policy;
}

std::vector<std::string> SecretRefPolicy::describe() const
{
    std::vector<std::string> out;
    for (const std::string &p : m_envPrefixes)
        out.push_back(std::string(kEnv) + p);
    for (const std::string &p : m_paths)
        out.push_back(std::string(kFile) + p);
    return out;
}

Status SecretRefPolicy::check(std::string_view ref, std::string_view field) const
{
    const std::string how =
        " (the operator allows references with `pipewright serve --secret-ref PREFIX_OR_PATH`)";
    if (ref.starts_with(kEnv)) {
        const std::string_view name = ref.substr(kEnv.size());
        if (!validEnvName(name))
            return fail(refused(field, "'" + std::string(field) +
                                           "' must be env://NAME with a variable name of "
                                           "letters, digits and _"));
        for (const std::string &prefix : m_envPrefixes) {
            if (name.starts_with(prefix))
                return {};
        }
        return fail(refused(field, "environment variable references are not allowed for '" +
                                       std::string(name) + "'" + how));
    }
    if (ref.starts_with(kFile)) {
        const std::string path(ref.substr(kFile.size()));
        if (path.empty() || path.front() != '/' || path.find('\0') != std::string::npos)
            return fail(
                refused(field, "'" + std::string(field) + "' must be file:///absolute/path"));
        // Judged on the lexical path first (so a refusal says nothing of what exists), then,
        // when it is under an allowed folder, on the real path (a link must not lead out).
        bool lexical = false;
        for (const std::string &allowed : m_paths)
            lexical = lexical || within(path, allowed);
        if (lexical) {
            const auto real = realPath(path);
            if (!real)
                return {}; // a file the operator will put there later; resolve() checks again
            for (const std::string &allowed : m_paths) {
                if (within(*real, allowed))
                    return {};
            }
        }
        return fail(refused(field, "file references are not allowed for that path" + how));
    }
    return fail(refused(field, "'" + std::string(field) +
                                   "' must be env://NAME or file:///path (other references, "
                                   "such as vault://, cannot be resolved here)"));
}

Result<std::string> SecretRefPolicy::resolvePath(std::string_view ref) const
{
    if (!ref.starts_with(kFile))
        return fail(unreadable());
    if (auto ok = check(ref); !ok)
        return fail(ok.error());
    const auto real = realPath(std::string(ref.substr(kFile.size())));
    if (!real)
        return fail(unreadable());
    for (const std::string &allowed : m_paths) {
        if (within(*real, allowed))
            return *real;
    }
    return fail(unreadable());
}

Result<SecretValue> SecretRefPolicy::resolve(std::string_view ref) const
{
    if (auto ok = check(ref); !ok)
        return fail(ok.error());
    if (ref.starts_with(kEnv)) {
        const char *value = std::getenv(std::string(ref.substr(kEnv.size())).c_str());
        if (!value)
            return fail(unreadable());
        return SecretValue(std::string(value));
    }
    auto path = resolvePath(ref);
    if (!path)
        return fail(path.error());
    const int fd = ::open(path->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK);
    if (fd < 0)
        return fail(unreadable());
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode) ||
        info.st_size > static_cast<off_t>(kMaxSecretFile)) {
        ::close(fd);
        return fail(unreadable());
    }
    std::string text(static_cast<size_t>(info.st_size), '\0');
    size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::read(fd, text.data() + done, text.size() - done);
        if (n <= 0)
            break;
        done += static_cast<size_t>(n);
    }
    ::close(fd);
    text.resize(done);
    trimEnd(text);
    return SecretValue(std::move(text));
}

} // namespace pw::core
