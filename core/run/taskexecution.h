#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QProcess>
#include <QUrl>

#include "httppolicy.h"
#include "tasklog.h"

class QHostAddress;
class QHostInfo;
class QNetworkAccessManager;
class QNetworkReply;
class QTimer;

namespace pw::core {

// How one attempt of a task ended.
struct AttemptOutcome
{
    bool ok = false;
    std::string message;
    std::optional<int> exitCode;
};

// One attempt of one task, started and stopped on the runner's thread. `finished` is called
// exactly once, after the work has really ended (a stopped process has exited).
class TaskExecution : public QObject
{
public:
    using Finished = std::function<void(const AttemptOutcome &)>;
    TaskExecution(TaskLog &log, Finished finished) : m_log(log), m_finished(std::move(finished)) {}

    virtual void start() = 0;
    // Asks the attempt to end (cancel, timeout); `finished` follows when it has.
    virtual void stop() = 0;
    // The process a crash recovery would look for.
    virtual std::optional<int64_t> pid() const { return std::nullopt; }

protected:
    void finish(AttemptOutcome outcome);
    TaskLog &m_log;

private:
    Finished m_finished;
    bool m_done = false;
};

// A child process in a session and process group of its own (bash -c, python3 -c, or bwrap
// running one of them): output to the log, SIGTERM to the task's group on stop and SIGKILL after
// a grace period; the kernel kills it if this program dies (PR_SET_PDEATHSIG), and what it left
// in its group is killed when it exits.
class ProcessExecution : public TaskExecution
{
public:
    struct Command
    {
        std::string program;
        std::vector<std::string> arguments;
        std::string workingDirectory;
        // The whole environment: nothing of this process's own is passed on.
        std::vector<std::pair<std::string, std::string>> environment;
        int killGraceMs = 5000;
        // The program is a supervisor (bwrap) whose one child leads the task's processes in a
        // session of their own: stop sends SIGTERM to that child's group (the supervisor would
        // die of it and take the sandbox down at once) and SIGKILL to both groups.
        bool supervised = false;
    };
    ProcessExecution(Command command, TaskLog &log, Finished finished);
    ~ProcessExecution() override;

    void start() override;
    void stop() override;
    std::optional<int64_t> pid() const override;

private:
    void killGroup(int signal);
    void signalTask(int signal);
    Command m_command;
    QProcess *m_process = nullptr;
    QTimer *m_killTimer = nullptr;
    int64_t m_pid = 0;
    bool m_stopping = false;
};

// An SQL script on a SQLite database through the C API, on its own thread; stop interrupts it.
// The rows of its last statement go to the log (the first ones) and to `outputPath` as JSON.
class SqliteExecution : public TaskExecution
{
public:
    SqliteExecution(std::string databasePath, std::string sql, std::string outputPath, TaskLog &log,
                    Finished finished);
    ~SqliteExecution() override;

    void start() override;
    void stop() override;

private:
    struct Shared;
    std::shared_ptr<Shared> m_shared;
    std::string m_databasePath;
    std::string m_sql;
    std::string m_outputPath;
};

// One HTTP request through Qt's network stack; a status of 400 or more fails the attempt (as
// Airflow's HttpOperator's response check does). The body goes to the log and to `outputPath`.
// Every hop (the first and each redirect, followed here, at most 10) is checked against the
// space's HttpPolicy on the address actually connected to: a name is resolved (off this thread),
// every address it has is checked, and the request goes to the checked address with the name
// as Host and TLS peer name, so a second resolution cannot swap in another address.
class HttpExecution : public TaskExecution
{
public:
    struct Request
    {
        std::string method = "GET";
        std::string url;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
        // The HTTP sandbox's address ("127.0.0.1", port) when the engine routed the request to
        // it: reachable on the first hop whatever the policy (a redirect from it is checked).
        std::string sandboxHost;
        int sandboxPort = -1;
    };
    HttpExecution(QNetworkAccessManager &network, Request request, HttpPolicy policy,
                  std::string outputPath, TaskLog &log, Finished finished);
    ~HttpExecution() override;

    void start() override;
    void stop() override;

private:
    void go(const QUrl &url);
    void resolved(const QUrl &url, const QHostInfo &info);
    void send(const QUrl &url, const QHostAddress *pinned);
    void received();
    void refuse(const std::string &why);

    QNetworkAccessManager &m_network;
    Request m_request;
    HttpPolicy m_policy;
    std::string m_outputPath;
    QNetworkReply *m_reply = nullptr;
    int m_lookupId = -1;
    int m_hops = 0;
    QUrl m_current; // this hop's URL as the task wrote or was redirected to (not pinned)
    bool m_stopped = false;
};

} // namespace pw::core
