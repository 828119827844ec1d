#include "sshserver.h"

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QHostAddress>
#include <QTcpServer>

namespace pw::test {

namespace {

constexpr const char *kSshd = "/usr/sbin/sshd";
constexpr const char *kSshKeygen = "ssh-keygen";

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

uint16_t freeLoopbackPort()
{
    QTcpServer probe;
    if (!probe.listen(QHostAddress(QHostAddress::LocalHost), 0))
        return 0;
    return probe.serverPort();
}

} // namespace

SshServer::SshServer()
{
    if (!m_dir.isValid()) {
        m_errors = QStringLiteral("cannot create a temporary folder");
        return;
    }
    if (!QFile::exists(QString::fromLatin1(kSshd))) {
        m_errors = QStringLiteral("%1 is missing: install openssh-server "
                                  "(installers/install-deps.sh)")
                       .arg(QString::fromLatin1(kSshd));
        return;
    }
    const passwd *user = getpwuid(getuid());
    m_user = QString::fromLocal8Bit(user ? user->pw_name : "root");
    // sshd refuses to start without its privilege separation folder, which Debian's service
    // makes at boot; a test machine without the service may not have it.
    if (getuid() == 0 && !QDir(QStringLiteral("/run/sshd")).exists())
        ::mkdir("/run/sshd", 0755);
    if (!makeKey(QStringLiteral("host_key")) || !makeKey(QStringLiteral("client_key")))
        return;
    if (!QFile::copy(m_dir.filePath(QStringLiteral("client_key.pub")),
                     m_dir.filePath(QStringLiteral("authorized_keys")))) {
        m_errors = QStringLiteral("cannot write authorized_keys");
        return;
    }
    QFile config(m_dir.filePath(QStringLiteral("sshd_config")));
    if (!config.open(QIODevice::WriteOnly)) {
        m_errors = QStringLiteral("cannot write sshd_config");
        return;
    }
    const QString d = m_dir.path();
    config.write(QStringLiteral("ListenAddress 127.0.0.1\n"
                                "HostKey %1/host_key\n"
                                "PidFile %1/sshd.pid\n"
                                "AuthorizedKeysFile %1/authorized_keys\n"
                                "AllowUsers %2\n"
                                "PermitRootLogin prohibit-password\n"
                                "PubkeyAuthentication yes\n"
                                "PasswordAuthentication no\n"
                                "KbdInteractiveAuthentication no\n"
                                "UsePAM no\n"
                                "StrictModes no\n"
                                "UseDNS no\n"
                                "PrintMotd no\n")
                     .arg(d, m_user)
                     .toUtf8());
    config.close();
    // The port is free when probed; another process may take it before sshd binds it, so a few
    // tries.
    for (int attempt = 0; attempt < 5 && !started(); ++attempt) {
        m_port = freeLoopbackPort();
        start();
    }
}

SshServer::~SshServer()
{
    stop();
}

bool SshServer::makeKey(const QString &name)
{
    QProcess keygen;
    keygen.start(QString::fromLatin1(kSshKeygen),
                 {QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"),
                  QStringLiteral("-N"), QString(), QStringLiteral("-C"), name, QStringLiteral("-f"),
                  m_dir.filePath(name)});
    if (!keygen.waitForFinished(30000) || keygen.exitCode() != 0) {
        m_errors = QStringLiteral("ssh-keygen failed: ") +
                   QString::fromLocal8Bit(keygen.readAllStandardError()) + keygen.errorString();
        return false;
    }
    return true;
}

bool SshServer::start()
{
    m_process = std::make_unique<QProcess>();
    m_process->setProcessChannelMode(QProcess::SeparateChannels);
    m_process->setReadChannel(QProcess::StandardError); // what waitForReadyRead waits for
    m_process->start(QString::fromLatin1(kSshd),
                     {QStringLiteral("-D"), QStringLiteral("-e"), QStringLiteral("-f"),
                      m_dir.filePath(QStringLiteral("sshd_config")), QStringLiteral("-p"),
                      QString::number(m_port)});
    if (!m_process->waitForStarted(10000)) {
        m_errors = QStringLiteral("sshd did not start: ") + m_process->errorString();
        return false;
    }
    // sshd says when it listens (-e: its log on stderr).
    QByteArray log;
    const QDeadlineTimer deadline(15000);
    while (!log.contains("Server listening on") && m_process->state() == QProcess::Running &&
           !deadline.hasExpired()) {
        m_process->waitForReadyRead(int(std::max<qint64>(deadline.remainingTime(), 1)));
        log += m_process->readAllStandardError();
    }
    if (!log.contains("Server listening on")) {
        m_process->kill();
        m_process->waitForFinished(5000);
        log += m_process->readAllStandardError();
        m_errors = QStringLiteral("sshd did not listen: ") + QString::fromLocal8Bit(log);
        return false;
    }
    return true;
}

void SshServer::stop()
{
    if (!m_process)
        return;
    if (m_process->state() != QProcess::NotRunning) {
        m_process->terminate();
        if (!m_process->waitForFinished(10000)) {
            m_process->kill();
            m_process->waitForFinished(5000);
        }
    }
    m_process.reset();
}

bool SshServer::replaceHostKey()
{
    stop();
    QFile::remove(m_dir.filePath(QStringLiteral("host_key")));
    QFile::remove(m_dir.filePath(QStringLiteral("host_key.pub")));
    if (!makeKey(QStringLiteral("host_key")))
        return false;
    return start();
}

std::string SshServer::url(const QString &path) const
{
    return QStringLiteral("ssh://%1@127.0.0.1:%2%3")
        .arg(m_user)
        .arg(m_port)
        .arg(path)
        .toStdString();
}

std::string SshServer::clientKey() const
{
    return readFile(m_dir.filePath(QStringLiteral("client_key"))).toStdString();
}

std::string SshServer::hostKey() const
{
    const QList<QByteArray> fields =
        readFile(m_dir.filePath(QStringLiteral("host_key.pub"))).trimmed().split(' ');
    return fields.size() >= 2 ? QByteArray(fields[0] + ' ' + fields[1]).toStdString()
                              : std::string();
}

std::string SshServer::hostFingerprint() const
{
    QProcess keygen;
    keygen.start(QString::fromLatin1(kSshKeygen),
                 {QStringLiteral("-l"), QStringLiteral("-E"), QStringLiteral("sha256"),
                  QStringLiteral("-f"), m_dir.filePath(QStringLiteral("host_key.pub"))});
    keygen.waitForFinished(30000);
    // "256 SHA256:… host_key (ED25519)"
    const QList<QByteArray> fields = keygen.readAllStandardOutput().split(' ');
    return fields.size() >= 2 ? fields[1].toStdString() : std::string();
}

} // namespace pw::test
