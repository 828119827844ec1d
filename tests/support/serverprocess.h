#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include <QProcess>
#include <QTemporaryDir>

namespace pw::test {

// A field of /proc/<pid>/status in KiB ("VmRSS:", "VmHWM:"), or -1.
long processStatusKiB(qint64 pid, const char *field);

// `pipewright serve` as a child process, the way a user runs it, on a fresh data directory with
// the demo data and one token per role. For tests that must show the server process survives
// what they send.
class ServerProcess
{
public:
    // `childSetup` runs in the child between fork and exec (to lower its open-files limit, say).
    explicit ServerProcess(std::function<void()> childSetup = {});
    ~ServerProcess();

    bool started() const { return m_port != 0; }
    uint16_t port() const { return m_port; }
    // Still running, not ended by a signal or an exit.
    bool alive() const;
    qint64 pid() const { return m_process.processId(); }
    long statusKiB(const char *field) const { return processStatusKiB(pid(), field); }
    // What the server printed on stderr so far (for failure messages).
    QByteArray errors();
    QString dataDir() const { return m_dir.path(); }

    const std::string &adminToken() const { return m_admin; }
    const std::string &editorToken() const { return m_editor; }
    const std::string &viewerToken() const { return m_viewer; }
    const std::string &workspaceId() const { return m_workspace; }
    const std::string &definitionId() const { return m_definition; }
    static std::string base() { return "/api/v1.0/spaces/default/pipeline-authoring"; }

private:
    QTemporaryDir m_dir;
    mutable QProcess m_process;
    uint16_t m_port = 0;
    std::string m_admin, m_editor, m_viewer, m_workspace, m_definition;
};

} // namespace pw::test
