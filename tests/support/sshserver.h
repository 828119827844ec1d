#pragma once

#include <cstdint>
#include <memory>
#include <string>

#include <QProcess>
#include <QString>
#include <QTemporaryDir>

namespace pw::test {

// A real OpenSSH server (Debian's openssh-server, /usr/sbin/sshd) on a free loopback port, as the
// remote of the tests that clone and fetch over ssh://: a host key of its own made by ssh-keygen in
// a temporary folder, one authorised client key, no PAM, logins as the current user only (root:
// `prohibit-password`). git-upload-pack and git-receive-pack run as that user's commands, so any
// bare repository the user can read is served. A missing sshd fails started(); it never skips.
class SshServer
{
public:
    SshServer();
    ~SshServer();
    SshServer(const SshServer &) = delete;
    SshServer &operator=(const SshServer &) = delete;

    bool started() const { return m_process && m_process->state() == QProcess::Running; }
    // Why it did not start (the tools' own words).
    const QString &errors() const { return m_errors; }
    uint16_t port() const { return m_port; }
    // A folder for the repositories it serves (removed with the server).
    QString dir() const { return m_dir.path(); }

    // ssh://user@127.0.0.1:port/<absolute path>
    std::string url(const QString &path) const;
    // The authorised client key's private half (OpenSSH format): what a repository's SSH_KEY
    // credential holds.
    std::string clientKey() const;
    // The host key's public half as a known_hosts line holds it: "ssh-ed25519 AAAA…".
    std::string hostKey() const;
    // The host key's fingerprint as ssh-keygen -l shows it: "SHA256:…".
    std::string hostFingerprint() const;

    // Makes a new host key and restarts the server with it on the same port: what a replaced (or
    // impersonated) server looks like to its clients.
    bool replaceHostKey();

private:
    bool makeKey(const QString &name);
    bool start();
    void stop();

    QTemporaryDir m_dir;
    std::unique_ptr<QProcess> m_process;
    uint16_t m_port = 0;
    QString m_user;
    QString m_errors;
};

} // namespace pw::test
