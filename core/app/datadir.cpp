#include "datadir.h"

#include <QDir>
#include <QLockFile>
#include <QStandardPaths>

namespace pw::core {

std::string defaultDataDir()
{
    const QByteArray env = qgetenv("PIPEWRIGHT_DATA");
    if (!env.isEmpty())
        return env.toStdString();
    QString base = QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation);
    if (base.isEmpty())
        base = QDir::homePath() + QStringLiteral("/.local/share");
    return QString(base + QStringLiteral("/pipewright")).toStdString();
}

DataDirLock::DataDirLock(const std::string &dataDir)
    : m_lock(std::make_unique<QLockFile>(QString::fromStdString(dataDir) +
                                         QStringLiteral("/pipewright.lock")))
{
    m_lock->setStaleLockTime(0); // a crashed holder's lock is stale as soon as its pid is gone
}

DataDirLock::~DataDirLock() = default;

bool DataDirLock::tryLock()
{
    return m_lock->tryLock(0);
}

long long DataDirLock::holderPid() const
{
    qint64 pid = 0;
    QString host;
    QString app;
    return m_lock->getLockInfo(&pid, &host, &app) ? pid : 0;
}

} // namespace pw::core
