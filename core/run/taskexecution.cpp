#include "taskexecution.h"

#include <csignal>
#include <fstream>
#include <mutex>
#include <thread>

#include <fcntl.h>
#include <linux/close_range.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <QHostAddress>
#include <QHostInfo>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QProcessEnvironment>
#include <QTimer>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "taskfiles.h"

namespace pw::core {

namespace {

QString qs(const std::string &text)
{
    return QString::fromStdString(text);
}

// Between fork and exec: only async-signal-safe calls. close_range marks every descriptor from 3
// on close-on-exec in one call (Linux 5.11); older kernels get the same, one descriptor at a time.
void closeInheritedDescriptors()
{
    if (::syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0)
        return;
    rlimit limit{};
    const rlim_t last = ::getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY
                            ? limit.rlim_cur
                            : 65536;
    for (rlim_t fd = 3; fd < last; ++fd) {
        const int flags = ::fcntl(static_cast<int>(fd), F_GETFD);
        if (flags >= 0 && !(flags & FD_CLOEXEC))
            ::fcntl(static_cast<int>(fd), F_SETFD, flags | FD_CLOEXEC);
    }
}

} // namespace

void TaskExecution::finish(AttemptOutcome outcome)
{
    if (m_done)
        return;
    m_done = true;
    if (m_finished)
        m_finished(outcome);
}

// ---- processes ------------------------------------------------------------------------------

ProcessExecution::ProcessExecution(Command command, TaskLog &log, Finished finished)
    : TaskExecution(log, std::move(finished)), m_command(std::move(command))
{
}

ProcessExecution::~ProcessExecution()
{
    if (!m_process)
        return;
    // The owner is going away (an engine torn down): the process is killed, but its end is not
    // reported to an owner in the middle of its destructor, which would start its downstream
    // tasks from there.
    QObject::disconnect(m_process, nullptr, this, nullptr);
    if (m_process->state() != QProcess::NotRunning) {
        signalTask(SIGKILL);
        m_process->waitForFinished(2000);
    }
}

void ProcessExecution::start()
{
    m_process = new QProcess(this);
    m_process->setProcessChannelMode(QProcess::MergedChannels);
    m_process->setWorkingDirectory(qs(m_command.workingDirectory));
    QProcessEnvironment environment;
    for (const auto &[name, value] : m_command.environment)
        environment.insert(qs(name), qs(value));
    m_process->setProcessEnvironment(environment);
    // In the child, before exec: a session and so a process group of its own (stop reaches what
    // it starts; no controlling terminal a task could push input into), death with this
    // program's runner thread (so a crash leaves no task running), and no descriptor beyond
    // stdin, stdout and stderr: a file or socket some library opened without O_CLOEXEC (the
    // database, a keyring's bus) would otherwise reach the task through the sandbox. They are
    // marked close-on-exec rather than closed, so QProcess still learns of a failed exec.
    m_process->setChildProcessModifier([] {
        ::setsid();
        ::prctl(PR_SET_PDEATHSIG, SIGKILL);
        closeInheritedDescriptors();
    });
    QObject::connect(m_process, &QProcess::readyReadStandardOutput, this, [this] {
        const QByteArray bytes = m_process->readAllStandardOutput();
        m_log.append(std::string_view(bytes.constData(), static_cast<size_t>(bytes.size())));
    });
    QObject::connect(m_process, &QProcess::errorOccurred, this, [this](QProcess::ProcessError e) {
        if (e != QProcess::FailedToStart)
            return;
        const std::string why =
            "could not start " + m_command.program + ": " + m_process->errorString().toStdString();
        m_log.note(why);
        finish({false, why, std::nullopt});
    });
    QObject::connect(
        m_process, &QProcess::finished, this, [this](int exitCode, QProcess::ExitStatus status) {
            const QByteArray rest = m_process->readAllStandardOutput();
            m_log.append(std::string_view(rest.constData(), static_cast<size_t>(rest.size())));
            // Whatever the task left running in its group (a background job) ends with it.
            killGroup(SIGKILL);
            if (m_killTimer)
                m_killTimer->stop();
            AttemptOutcome outcome;
            // A stopped task is "stopped" however it ended: bwrap reports a task killed by a
            // signal as an exit code (128 + the signal), as a shell does.
            if (status == QProcess::NormalExit) {
                outcome.exitCode = exitCode;
                outcome.ok = exitCode == 0 && !m_stopping;
                outcome.message = m_stopping      ? "stopped"
                                  : exitCode == 0 ? "exited with code 0"
                                                  : "exited with code " + std::to_string(exitCode);
            } else {
                outcome.message = m_stopping ? "stopped" : "ended by a signal";
            }
            m_log.note(outcome.message);
            finish(outcome);
        });
    QStringList arguments;
    for (const std::string &a : m_command.arguments)
        arguments << qs(a);
    m_process->start(qs(m_command.program), arguments);
    m_pid = m_process->processId();
}

void ProcessExecution::killGroup(int signal)
{
    if (m_pid <= 0)
        return;
    // Before the child's setsid the group does not exist yet: the process itself gets it.
    if (::kill(-static_cast<pid_t>(m_pid), signal) != 0 &&
        m_process->state() != QProcess::NotRunning)
        ::kill(static_cast<pid_t>(m_pid), signal);
}

namespace {

// The one child of a supervisor (bwrap's sandbox init, the leader of the task's session), or
// none while the supervisor is still setting the sandbox up.
pid_t onlyChildOf(pid_t parent)
{
    std::ifstream children("/proc/" + std::to_string(parent) + "/task/" + std::to_string(parent) +
                           "/children");
    long child = 0;
    if (children >> child)
        return static_cast<pid_t>(child);
    return 0;
}

} // namespace

void ProcessExecution::signalTask(int signal)
{
    if (m_command.supervised && m_pid > 0) {
        if (const pid_t child = onlyChildOf(static_cast<pid_t>(m_pid)); child > 0) {
            // The sandbox's init ignores SIGTERM (it is a namespace's init); its group's other
            // members, the task's processes, get it. SIGKILL ends the init and so the sandbox.
            ::kill(-child, signal);
            if (signal != SIGKILL)
                return;
        }
    }
    killGroup(signal);
}

void ProcessExecution::stop()
{
    if (!m_process || m_process->state() == QProcess::NotRunning || m_stopping)
        return;
    m_stopping = true;
    signalTask(SIGTERM);
    m_killTimer = new QTimer(this);
    m_killTimer->setSingleShot(true);
    QObject::connect(m_killTimer, &QTimer::timeout, this, [this] {
        m_log.note("still running " + std::to_string(m_command.killGraceMs) +
                   " ms after SIGTERM: SIGKILL");
        signalTask(SIGKILL);
    });
    m_killTimer->start(m_command.killGraceMs);
}

std::optional<int64_t> ProcessExecution::pid() const
{
    if (m_pid <= 0)
        return std::nullopt;
    return m_pid;
}

// ---- SQLite ---------------------------------------------------------------------------------

struct SqliteExecution::Shared
{
    std::mutex mutex;
    sqlite3 *db = nullptr;
    bool interrupted = false;
    SqliteExecution *owner = nullptr; // cleared when the execution goes away
    std::thread thread;
};

namespace {

constexpr size_t kMaxRowsKept = 100000;
constexpr size_t kRowsLogged = 20;

nlohmann::json columnValue(sqlite3_stmt *stmt, int column)
{
    switch (sqlite3_column_type(stmt, column)) {
    case SQLITE_INTEGER:
        return sqlite3_column_int64(stmt, column);
    case SQLITE_FLOAT:
        return sqlite3_column_double(stmt, column);
    case SQLITE_NULL:
        return nullptr;
    default: {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(stmt, column));
        return std::string(text ? text : "",
                           static_cast<size_t>(sqlite3_column_bytes(stmt, column)));
    }
    }
}

int refuseAttach(void *, int action, const char *, const char *, const char *, const char *)
{
    return action == SQLITE_ATTACH || action == SQLITE_DETACH ? SQLITE_DENY : SQLITE_OK;
}

struct SqlResult
{
    bool ok = false;
    std::string message;
    std::string log;
};

SqlResult runScript(sqlite3 *db, const std::string &sql, const std::string &outputPath)
{
    SqlResult out;
    const char *at = sql.c_str();
    const char *end = at + sql.size();
    int statementNumber = 0;
    nlohmann::json rows = nlohmann::json::array();
    std::vector<std::string> columns;
    size_t rowCount = 0;
    bool returnedRows = false;
    int64_t changed = 0;
    while (at < end) {
        sqlite3_stmt *stmt = nullptr;
        const char *tail = nullptr;
        int rc = sqlite3_prepare_v2(db, at, static_cast<int>(end - at), &stmt, &tail);
        at = tail ? tail : end;
        if (rc != SQLITE_OK) {
            out.message =
                "statement " + std::to_string(statementNumber + 1) + ": " + sqlite3_errmsg(db);
            return out;
        }
        if (!stmt)
            continue; // only whitespace or a comment
        ++statementNumber;
        const int columnCount = sqlite3_column_count(stmt);
        if (columnCount > 0) {
            returnedRows = true;
            rows = nlohmann::json::array();
            rowCount = 0;
            columns.clear();
            for (int c = 0; c < columnCount; ++c) {
                const char *name = sqlite3_column_name(stmt, c);
                columns.emplace_back(name ? name : "");
            }
        }
        while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
            ++rowCount;
            if (rows.size() >= kMaxRowsKept)
                continue;
            nlohmann::json row = nlohmann::json::object();
            for (int c = 0; c < columnCount; ++c)
                row[columns[static_cast<size_t>(c)]] = columnValue(stmt, c);
            rows.push_back(std::move(row));
        }
        if (rc != SQLITE_DONE) {
            out.message =
                "statement " + std::to_string(statementNumber) + ": " +
                (rc == SQLITE_INTERRUPT ? std::string("interrupted") : sqlite3_errmsg(db));
            sqlite3_finalize(stmt);
            return out;
        }
        if (columnCount == 0)
            changed += sqlite3_changes(db);
        sqlite3_finalize(stmt);
    }
    out.ok = true;
    if (returnedRows) {
        out.log = std::to_string(rowCount) + (rowCount == 1 ? " row" : " rows") + "\n";
        for (size_t i = 0; i < rows.size() && i < kRowsLogged; ++i)
            out.log +=
                rows[i].dump(-1, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
        if (rowCount > kRowsLogged)
            out.log += "…\n";
        out.message = std::to_string(rowCount) + (rowCount == 1 ? " row" : " rows");
        if (rowCount > kMaxRowsKept)
            out.message += " (the first " + std::to_string(kMaxRowsKept) + " kept)";
        if (auto written = writeTaskFile(
                outputPath, rows.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
            !written) {
            out.ok = false;
            out.message = "the rows were not written: " + written.error().message;
            return out;
        }
    } else {
        out.message = std::to_string(statementNumber) +
                      (statementNumber == 1 ? " statement, " : " statements, ") +
                      std::to_string(changed) + " rows changed";
    }
    return out;
}

} // namespace

SqliteExecution::SqliteExecution(std::string databasePath, std::string sql, std::string outputPath,
                                 TaskLog &log, Finished finished)
    : TaskExecution(log, std::move(finished)), m_shared(std::make_shared<Shared>()),
      m_databasePath(std::move(databasePath)), m_sql(std::move(sql)),
      m_outputPath(std::move(outputPath))
{
    m_shared->owner = this;
}

SqliteExecution::~SqliteExecution()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->owner = nullptr;
        m_shared->interrupted = true;
        if (m_shared->db)
            sqlite3_interrupt(m_shared->db);
    }
    if (m_shared->thread.joinable())
        m_shared->thread.join();
}

void SqliteExecution::start()
{
    m_log.note("SQLite " + m_databasePath);
    m_shared->thread =
        std::thread([shared = m_shared, path = m_databasePath, sql = m_sql, output = m_outputPath] {
            SqlResult result;
            sqlite3 *db = nullptr;
            // The database must exist: a mistyped path is an error, not a new empty warehouse.
            if (sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
                result.message = "could not open the SQLite database " + path + ": " +
                                 (db ? sqlite3_errmsg(db) : "out of memory");
            } else {
                {
                    std::lock_guard lock(shared->mutex);
                    shared->db = db;
                    if (shared->interrupted)
                        sqlite3_interrupt(db);
                }
                sqlite3_busy_timeout(db, 10000);
                // The script reaches this database only: no ATTACH (nor VACUUM INTO, which
                // attaches), so no SQL names another file, Pipewright's own database included.
                sqlite3_limit(db, SQLITE_LIMIT_ATTACHED, 0);
                sqlite3_set_authorizer(db, &refuseAttach, nullptr);
                sqlite3_db_config(db, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
                result = runScript(db, sql, output);
                std::lock_guard lock(shared->mutex);
                shared->db = nullptr;
            }
            sqlite3_close(db);
            std::lock_guard lock(shared->mutex);
            if (shared->owner) {
                SqliteExecution *owner = shared->owner;
                QMetaObject::invokeMethod(
                    owner,
                    [owner, result] {
                        if (!result.log.empty())
                            owner->m_log.append(result.log);
                        owner->m_log.note(result.message);
                        owner->finish({result.ok && !owner->m_shared->interrupted, result.message,
                                       std::nullopt});
                    },
                    Qt::QueuedConnection);
            }
        });
}

void SqliteExecution::stop()
{
    std::lock_guard lock(m_shared->mutex);
    m_shared->interrupted = true;
    if (m_shared->db)
        sqlite3_interrupt(m_shared->db);
}

// ---- HTTP -----------------------------------------------------------------------------------

namespace {

constexpr int kMaxRedirects = 10;

bool httpScheme(const QUrl &url)
{
    return url.scheme() == QLatin1String("http") || url.scheme() == QLatin1String("https");
}

std::string text(const QUrl &url)
{
    return url.toDisplayString().toStdString();
}

} // namespace

HttpExecution::HttpExecution(QNetworkAccessManager &network, Request request, HttpPolicy policy,
                             std::string outputPath, TaskLog &log, Finished finished)
    : TaskExecution(log, std::move(finished)), m_network(network), m_request(std::move(request)),
      m_policy(std::move(policy)), m_outputPath(std::move(outputPath))
{
}

HttpExecution::~HttpExecution()
{
    if (m_lookupId >= 0)
        QHostInfo::abortHostLookup(m_lookupId);
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
}

void HttpExecution::refuse(const std::string &why)
{
    m_log.note(why);
    finish({false, why, std::nullopt});
}

void HttpExecution::start()
{
    const QUrl url(qs(m_request.url), QUrl::StrictMode);
    if (!url.isValid() || !httpScheme(url) || url.host().isEmpty()) {
        refuse("'" + m_request.url + "' is not an http:// or https:// address");
        return;
    }
    m_log.note(m_request.method + " " + m_request.url);
    go(url);
}

// One hop: the sandbox the engine routed to, an allow-listed host, or an address that is
// checked before anything connects to it.
void HttpExecution::go(const QUrl &url)
{
    m_current = url;
    const QString host = url.host();
    if (m_hops == 0 && !m_request.sandboxHost.empty() &&
        host == QString::fromStdString(m_request.sandboxHost) &&
        url.port() == m_request.sandboxPort) {
        send(url, nullptr);
        return;
    }
    if (m_policy.allowsHost(host.toStdString())) {
        send(url, nullptr);
        return;
    }
    if (m_policy.network == RunNetwork::None) {
        refuse(noNetworkMessage(m_policy, host.toStdString()));
        return;
    }
    QHostAddress literal;
    if (literal.setAddress(host)) {
        if (auto kind = restrictedAddressKind(literal); kind && !m_policy.allowsAddress(literal)) {
            refuse(refusedDestinationMessage(m_policy, host.toStdString(),
                                             literal.toString().toStdString(), *kind));
            return;
        }
        send(url, &literal);
        return;
    }
    // Resolved on Qt's lookup threads: the runner thread goes on with other tasks meanwhile.
    m_lookupId = QHostInfo::lookupHost(host, this,
                                       [this, url](const QHostInfo &info) { resolved(url, info); });
}

void HttpExecution::resolved(const QUrl &url, const QHostInfo &info)
{
    m_lookupId = -1;
    if (m_stopped)
        return;
    const QString host = url.host();
    const QList<QHostAddress> addresses = info.addresses();
    if (info.error() != QHostInfo::NoError || addresses.isEmpty()) {
        refuse("could not resolve " + host.toStdString() + ": " + info.errorString().toStdString());
        return;
    }
    // Every address the name has must be allowed, whichever one a connection would take.
    for (const QHostAddress &address : addresses) {
        if (auto kind = restrictedAddressKind(address); kind && !m_policy.allowsAddress(address)) {
            refuse(refusedDestinationMessage(m_policy, host.toStdString(),
                                             address.toString().toStdString(), *kind));
            return;
        }
    }
    send(url, &addresses.front());
}

void HttpExecution::send(const QUrl &url, const QHostAddress *pinned)
{
    QUrl target = url;
    QNetworkRequest request;
    bool contentType = false;
    bool hostHeader = false;
    for (const auto &[name, value] : m_request.headers) {
        const QByteArray key = QByteArray::fromStdString(name);
        request.setRawHeader(key, QByteArray::fromStdString(value));
        contentType = contentType || key.toLower() == "content-type";
        hostHeader = hostHeader || key.toLower() == "host";
    }
    if (pinned) {
        // Connect to the address that was checked; the server still sees the name it was
        // asked for, and TLS verifies the certificate against that name.
        target.setHost(pinned->toString());
        if (!hostHeader) {
            QString name = url.host(QUrl::FullyEncoded);
            if (name.contains(QLatin1Char(':')))
                name = QLatin1Char('[') + name + QLatin1Char(']');
            if (url.port() != -1)
                name += QLatin1Char(':') + QString::number(url.port());
            request.setRawHeader("Host", name.toUtf8());
        }
        if (url.scheme() == QLatin1String("https"))
            request.setPeerVerifyName(url.host());
    }
    request.setUrl(target);
    if (!m_request.body.empty() && !contentType) {
        const bool json = nlohmann::json::accept(m_request.body);
        request.setHeader(QNetworkRequest::ContentTypeHeader,
                          json ? QStringLiteral("application/json")
                               : QStringLiteral("text/plain; charset=utf-8"));
    }
    // Redirects are followed here, each hop checked like the first.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute,
                         QNetworkRequest::ManualRedirectPolicy);
    m_reply = m_network.sendCustomRequest(request, QByteArray::fromStdString(m_request.method),
                                          QByteArray::fromStdString(m_request.body));
    QObject::connect(m_reply, &QNetworkReply::finished, this, &HttpExecution::received);
}

void HttpExecution::received()
{
    QNetworkReply *reply = m_reply;
    m_reply = nullptr;
    reply->deleteLater();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    const QByteArray location = reply->rawHeader("Location");
    if (!m_stopped &&
        (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) &&
        !location.isEmpty()) {
        const QUrl next = m_current.resolved(QUrl::fromEncoded(location));
        if (++m_hops > kMaxRedirects) {
            refuse("more than " + std::to_string(kMaxRedirects) + " redirects");
            return;
        }
        if (!next.isValid() || !httpScheme(next) || next.host().isEmpty()) {
            refuse("HTTP " + std::to_string(status) + " redirects to '" + location.toStdString() +
                   "', which is not an http:// or https:// address");
            return;
        }
        if (m_current.scheme() == QLatin1String("https") &&
            next.scheme() == QLatin1String("http")) {
            refuse("refused a redirect from https to http (" + text(next) + ")");
            return;
        }
        // As browsers do: 303 (and 301/302 after a POST) fetch the target with GET, no body.
        if ((status == 303 && m_request.method != "HEAD") ||
            ((status == 301 || status == 302) && m_request.method == "POST")) {
            m_request.method = "GET";
            m_request.body.clear();
        }
        // Credentials do not follow a redirect to another origin.
        if (next.scheme() != m_current.scheme() || next.host() != m_current.host() ||
            next.port() != m_current.port()) {
            std::erase_if(m_request.headers, [](const auto &header) {
                const QByteArray key = QByteArray::fromStdString(header.first).toLower();
                return key == "authorization" || key == "cookie" || key == "host";
            });
        }
        m_log.note("HTTP " + std::to_string(status) + ": redirected to " + text(next));
        go(next);
        return;
    }
    const QByteArray body = reply->readAll();
    AttemptOutcome outcome;
    if (m_stopped) {
        outcome.message = "stopped";
    } else if (status == 0) {
        outcome.message = "the request failed: " + reply->errorString().toStdString();
    } else {
        m_log.append(std::string_view(body.constData(), static_cast<size_t>(body.size())));
        outcome.ok = status < 400;
        outcome.message =
            "HTTP " + std::to_string(status) + ", " + std::to_string(body.size()) + " bytes";
        if (auto written = writeTaskFile(m_outputPath,
                                         std::string_view(body.constData(), size_t(body.size())));
            !written) {
            outcome.ok = false;
            outcome.message += "; the body was not written: " + written.error().message;
        }
    }
    m_log.note(outcome.message);
    finish(outcome);
}

void HttpExecution::stop()
{
    m_stopped = true;
    if (m_lookupId >= 0) {
        QHostInfo::abortHostLookup(m_lookupId);
        m_lookupId = -1;
        m_log.note("stopped");
        finish({false, "stopped", std::nullopt});
        return;
    }
    if (m_reply)
        m_reply->abort();
}

} // namespace pw::core
