#include "taskfiles.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <linux/openat2.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace pw::core {

namespace {

// Closes a descriptor when it goes out of scope.
struct Fd
{
    int fd = -1;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd &) = delete;
    Fd &operator=(const Fd &) = delete;
    ~Fd()
    {
        if (fd >= 0)
            ::close(fd);
    }
};

// Opens `relative` beneath the folder `dirFd` without following links: openat2 with
// RESOLVE_BENEATH and RESOLVE_NO_SYMLINKS, or (kernels before 5.6) one component at a time.
int openBeneath(int dirFd, const std::string &relative, int flags)
{
    open_how how{};
    how.flags = static_cast<uint64_t>(flags);
    how.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS;
    const long fd = ::syscall(SYS_openat2, dirFd, relative.c_str(), &how, sizeof how);
    if (fd >= 0 || errno != ENOSYS)
        return static_cast<int>(fd);
    int at = ::dup(dirFd);
    size_t from = 0;
    while (at >= 0) {
        const size_t slash = relative.find('/', from);
        const std::string part = relative.substr(from, slash - from);
        const bool last = slash == std::string::npos;
        if (part.empty() || part == "." || part == "..") {
            ::close(at);
            errno = EINVAL;
            return -1;
        }
        const int next =
            ::openat(at, part.c_str(),
                     last ? flags | O_NOFOLLOW : O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
        ::close(at);
        if (last)
            return next;
        at = next;
        from = slash + 1;
    }
    return -1;
}

std::string why(int error)
{
    if (error == ELOOP || error == EXDEV)
        return "it is, or lies behind, a link";
    return std::strerror(error);
}

} // namespace

Result<std::string> readTaskFile(const std::string &folder, const std::string &relativePath,
                                 size_t maxBytes)
{
    Fd dir(::open(folder.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dir.fd < 0)
        return fail(Error::invalid("cannot open " + folder + ": " + why(errno)));
    Fd file(openBeneath(dir.fd, relativePath, O_RDONLY | O_NONBLOCK | O_CLOEXEC));
    if (file.fd < 0)
        return fail(Error::invalid("cannot read '" + relativePath + "': " + why(errno)));
    struct stat st
    {
    };
    if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode))
        return fail(Error::invalid("'" + relativePath + "' is not a regular file"));
    if (static_cast<uint64_t>(st.st_size) > maxBytes)
        return fail(Error::invalid("'" + relativePath + "' is larger than " +
                                   std::to_string(maxBytes) + " bytes"));
    std::string out(static_cast<size_t>(st.st_size), '\0');
    size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(file.fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        done += static_cast<size_t>(n);
    }
    out.resize(done);
    return out;
}

Status writeTaskFile(const std::string &path, std::string_view bytes)
{
    // O_NONBLOCK: opening a FIFO a task left here must not wait for a reader.
    Fd file(::open(path.c_str(), O_WRONLY | O_CREAT | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC, 0644));
    if (file.fd < 0)
        return fail(Error::invalid("cannot write " + path + ": " + why(errno)));
    struct stat st
    {
    };
    if (::fstat(file.fd, &st) != 0 || !S_ISREG(st.st_mode))
        return fail(Error::invalid(path + " is not a regular file"));
    if (::ftruncate(file.fd, 0) != 0)
        return fail(Error::invalid("cannot write " + path + ": " + why(errno)));
    size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(file.fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(Error::invalid("cannot write " + path + ": " + why(errno)));
        done += static_cast<size_t>(n);
    }
    return {};
}

} // namespace pw::core
