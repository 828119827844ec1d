#include "keysource.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDir>
#include <QStandardPaths>

#include "../util/ids.h"

namespace pw::core {

namespace {

// Key ids are UUIDs the data directory recorded; anything else must not become a file name.
bool safeKeyId(const std::string &keyId)
{
    return isUuid(keyId);
}

} // namespace

std::string FileKeySource::defaultDir()
{
    if (const char *dir = std::getenv("PIPEWRIGHT_KEY_DIR"); dir && *dir)
        return dir;
    const QString config = QStandardPaths::writableLocation(QStandardPaths::GenericConfigLocation);
    return (config.isEmpty() ? QDir::homePath() + QStringLiteral("/.config") : config)
               .toStdString() +
           "/pipewright/keys";
}

std::string FileKeySource::describe() const
{
    return "a key file in " + m_dir;
}

std::string FileKeySource::pathOf(const std::string &keyId) const
{
    return m_dir + "/" + keyId + ".key";
}

Result<std::optional<SecretKey>> FileKeySource::load(const std::string &keyId)
{
    if (!safeKeyId(keyId))
        return fail(Error::internal("the data directory names no valid key"));
    const std::string path = pathOf(keyId);
    const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT)
            return std::optional<SecretKey>();
        return fail(Error{ErrorCode::Unavailable,
                          "the key file " + path + " cannot be read: " + std::strerror(errno),
                          nlohmann::json::object()});
    }
    struct stat info
    {
    };
    if (::fstat(fd, &info) != 0 || !S_ISREG(info.st_mode)) {
        ::close(fd);
        return fail(Error{ErrorCode::Unavailable, "the key file " + path + " is not a file",
                          nlohmann::json::object()});
    }
    if ((info.st_mode & 077) != 0) {
        ::close(fd);
        return fail(Error{ErrorCode::Unavailable,
                          "the key file " + path +
                              " can be read by other users; make it private (chmod 600) first",
                          nlohmann::json::object()});
    }
    std::string text(256, '\0');
    const ssize_t n = ::read(fd, text.data(), text.size());
    ::close(fd);
    if (n < 0)
        return fail(Error{ErrorCode::Unavailable, "the key file " + path + " cannot be read",
                          nlohmann::json::object()});
    text.resize(static_cast<size_t>(n));
    SecretValue held(std::move(text));
    auto key = SecretKey::fromHex(held.view());
    if (!key)
        return fail(Error{ErrorCode::Unavailable, "the key file " + path + " holds no valid key",
                          nlohmann::json::object()});
    return std::optional<SecretKey>(*key);
}

Status FileKeySource::store(const std::string &keyId, const SecretKey &key)
{
    if (!safeKeyId(keyId))
        return fail(Error::internal("a key id must be a UUID"));
    auto unavailable = [&](const std::string &what) {
        return fail(Error{ErrorCode::Unavailable, what + ": " + std::strerror(errno),
                          nlohmann::json::object()});
    };
    if (!QDir().mkpath(QString::fromStdString(m_dir)))
        return fail(Error{ErrorCode::Unavailable, "cannot create the key folder " + m_dir,
                          nlohmann::json::object()});
    if (::chmod(m_dir.c_str(), 0700) != 0)
        return unavailable("cannot make the key folder " + m_dir + " private");
    // Written to a temporary name, synced, then linked into place: a crash leaves either no key
    // file or a whole one, never a half-written key the data directory then depends on.
    const std::string path = pathOf(keyId);
    const std::string temporary = path + ".tmp";
    ::unlink(temporary.c_str());
    const int fd = ::open(temporary.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0)
        return unavailable("cannot write the key file " + path);
    const SecretValue held(key.toHex().str() + "\n");
    const bool written = ::write(fd, held.str().data(), held.str().size()) ==
                             static_cast<ssize_t>(held.str().size()) &&
                         ::fsync(fd) == 0;
    ::close(fd);
    if (!written || ::link(temporary.c_str(), path.c_str()) != 0) {
        const int saved = errno;
        ::unlink(temporary.c_str());
        errno = saved;
        return unavailable("cannot write the key file " + path);
    }
    ::unlink(temporary.c_str());
    if (const int dir = ::open(m_dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC); dir >= 0) {
        ::fsync(dir);
        ::close(dir);
    }
    return {};
}

std::string KeySourceChain::describe() const
{
    std::string out;
    for (const auto &source : m_sources)
        out += (out.empty() ? "" : ", or ") + source->describe();
    return out;
}

bool KeySourceChain::available()
{
    for (const auto &source : m_sources) {
        if (source->available())
            return true;
    }
    return false;
}

Result<std::optional<SecretKey>> KeySourceChain::load(const std::string &keyId)
{
    std::optional<Error> firstError;
    for (const auto &source : m_sources) {
        if (!source->available())
            continue;
        auto key = source->load(keyId);
        if (key && *key)
            return key;
        if (!key && !firstError)
            firstError = key.error();
    }
    if (firstError)
        return fail(*firstError);
    return std::optional<SecretKey>();
}

Status KeySourceChain::store(const std::string &keyId, const SecretKey &key)
{
    std::optional<Error> firstError;
    for (const auto &source : m_sources) {
        if (!source->available())
            continue;
        auto stored = source->store(keyId, key);
        if (stored)
            return {};
        if (!firstError)
            firstError = stored.error();
    }
    if (firstError)
        return fail(*firstError);
    return fail(Error{ErrorCode::Unavailable, "no place to keep the secret key is available",
                      nlohmann::json::object()});
}

} // namespace pw::core
