#include "serverprocess.h"

#include <QFile>
#include <QRegularExpression>

#include <cstring>

#include <signal.h>
#include <sys/prctl.h>

#include "core/app/core.h"

namespace pw::test {

ServerProcess::ServerProcess(std::function<void()> childSetup)
{
    const QString binary = qEnvironmentVariable("PIPEWRIGHT_BIN");
    if (binary.isEmpty() || !m_dir.isValid())
        return;
    {
        // The demo data and the tokens are made before the server takes the directory.
        auto core = core::Core::open(m_dir.path().toStdString());
        if (!core)
            return;
        auto &access = (*core)->access();
        m_admin = access.createToken("default", "ada", core::Role::Admin, "ada")->token;
        m_editor = access.createToken("default", "erin", core::Role::Editor, "erin")->token;
        m_viewer = access.createToken("default", "vic", core::Role::Viewer, "vic")->token;
        auto local = (*core)->localActor("default");
        if (!local)
            return;
        auto workspaces = (*core)->workspaces().list(*local, {});
        auto definitions = (*core)->definitions().list(*local, {});
        if (!workspaces || workspaces->items.empty() || !definitions || definitions->items.empty())
            return;
        m_workspace = workspaces->items.front().workspace->id;
        m_definition = definitions->items.front().id;
    }
    m_process.setProgram(binary);
    m_process.setArguments({QStringLiteral("serve"), QStringLiteral("--data"), m_dir.path(),
                            QStringLiteral("--port"), QStringLiteral("0")});
    // The server dies with the test, even when a failing test is ended by Qt Test's watchdog
    // (a leftover server would hold its port and keep using CPU).
    m_process.setChildProcessModifier([childSetup] {
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        if (childSetup)
            childSetup();
    });
    m_process.start();
    if (!m_process.waitForStarted(10000))
        return;
    QByteArray output;
    while (!output.contains('\n') && m_process.waitForReadyRead(20000))
        output += m_process.readAllStandardOutput();
    const auto match =
        QRegularExpression(QStringLiteral(":(\\d+)/api/v1\\.0")).match(QString::fromUtf8(output));
    if (match.hasMatch())
        m_port = static_cast<uint16_t>(match.captured(1).toUInt());
}

ServerProcess::~ServerProcess()
{
    if (m_process.state() != QProcess::NotRunning) {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
        m_process.waitForFinished(5000);
    }
}

bool ServerProcess::alive() const
{
    // Let a pending exit be noticed before answering.
    m_process.waitForFinished(0);
    return m_process.state() == QProcess::Running;
}

long processStatusKiB(qint64 pid, const char *field)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n')) {
        if (line.startsWith(field))
            return line.mid(static_cast<qsizetype>(std::strlen(field)))
                .trimmed()
                .split(' ')
                .front()
                .toLong();
    }
    return -1;
}

QByteArray ServerProcess::errors()
{
    return m_process.readAllStandardError();
}

} // namespace pw::test
