// libgit2 1.5 retries libssh2's handshake and public-key authentication for as long as libssh2
// answers EAGAIN or TIMEOUT, and libssh2 answers TIMEOUT when a signal interrupts the poll it
// waits in: the InterruptibleScope's signal (a cancel, the idle limit) could never end an SSH
// connection whose server stops answering before authentication, and the job's thread (and
// the process's shutdown, which waits for it) waited forever. The executable's definitions of
// these three libssh2 functions come before libssh2's in the dynamic linker's lookup, so
// libgit2 calls them: each calls libssh2's own (RTLD_NEXT) and, once the calling thread's
// network scope was interrupted, answers "disconnected" instead of "try again", which libgit2
// does not retry. Nothing changes for a connection that is not interrupted.
#include "sshinterrupt.h"

#include <dlfcn.h>

#include <libssh2.h>

#include "../util/interruptible.h"

namespace {

int unlessInterrupted(int rc)
{
    if ((rc == LIBSSH2_ERROR_EAGAIN || rc == LIBSSH2_ERROR_TIMEOUT) &&
        pw::core::InterruptibleScope::currentInterrupted())
        return LIBSSH2_ERROR_SOCKET_DISCONNECT;
    return rc;
}

template <class Fn> Fn libssh2Own(const char *name)
{
    return reinterpret_cast<Fn>(dlsym(RTLD_NEXT, name));
}

} // namespace

extern "C" {

int libssh2_session_handshake(LIBSSH2_SESSION *session, libssh2_socket_t sock)
{
    using Fn = int (*)(LIBSSH2_SESSION *, libssh2_socket_t);
    static const Fn own = libssh2Own<Fn>("libssh2_session_handshake");
    return own ? unlessInterrupted(own(session, sock)) : LIBSSH2_ERROR_SOCKET_DISCONNECT;
}

int libssh2_userauth_publickey_frommemory(LIBSSH2_SESSION *session, const char *username,
                                          size_t usernameLength, const char *publicKey,
                                          size_t publicKeyLength, const char *privateKey,
                                          size_t privateKeyLength, const char *passphrase)
{
    using Fn = int (*)(LIBSSH2_SESSION *, const char *, size_t, const char *, size_t, const char *,
                       size_t, const char *);
    static const Fn own = libssh2Own<Fn>("libssh2_userauth_publickey_frommemory");
    return own ? unlessInterrupted(own(session, username, usernameLength, publicKey,
                                       publicKeyLength, privateKey, privateKeyLength, passphrase))
               : LIBSSH2_ERROR_SOCKET_DISCONNECT;
}

int libssh2_userauth_publickey_fromfile_ex(LIBSSH2_SESSION *session, const char *username,
                                           unsigned int usernameLength, const char *publicKey,
                                           const char *privateKey, const char *passphrase)
{
    using Fn = int (*)(LIBSSH2_SESSION *, const char *, unsigned int, const char *, const char *,
                       const char *);
    static const Fn own = libssh2Own<Fn>("libssh2_userauth_publickey_fromfile_ex");
    return own ? unlessInterrupted(
                     own(session, username, usernameLength, publicKey, privateKey, passphrase))
               : LIBSSH2_ERROR_SOCKET_DISCONNECT;
}

} // extern "C"

namespace pw::core {

bool sshConnectionsInterruptible()
{
    // Whether libgit2 reaches the definitions above (they are the executable's, and exported).
    return dlsym(RTLD_DEFAULT, "libssh2_session_handshake") ==
           reinterpret_cast<void *>(&libssh2_session_handshake);
}

} // namespace pw::core
