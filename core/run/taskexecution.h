#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <QObject>
#include <QProcess>

#include "tasklog.h"

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

// A child process in its own process group (bash -c, python3 -c): output to the log, SIGTERM to
// the group on stop and SIGKILL after a grace period; the kernel kills it if this program dies
// (PR_SET_PDEATHSIG), and what it left in its group is killed when it exits.
class ProcessExecution : public TaskExecution
{
public:
    struct Command
    {
        std::string program;
        std::vector<std::string> arguments;
        std::string workingDirectory;
        std::vector<std::pair<std::string, std::string>> environment; // added to this process's
        int killGraceMs = 5000;
    };
    ProcessExecution(Command command, TaskLog &log, Finished finished);
    ~ProcessExecution() override;

    void start() override;
    void stop() override;
    std::optional<int64_t> pid() const override;

private:
    void killGroup(int signal);
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
class HttpExecution : public TaskExecution
{
public:
    struct Request
    {
        std::string method = "GET";
        std::string url;
        std::vector<std::pair<std::string, std::string>> headers;
        std::string body;
    };
    HttpExecution(QNetworkAccessManager &network, Request request, std::string outputPath,
                  TaskLog &log, Finished finished);
    ~HttpExecution() override;

    void start() override;
    void stop() override;

private:
    QNetworkAccessManager &m_network;
    Request m_request;
    std::string m_outputPath;
    QNetworkReply *m_reply = nullptr;
    bool m_stopped = false;
};

} // namespace pw::core
