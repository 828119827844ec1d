#include "tasksandbox.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>

#include <QFileInfo>
#include <QProcess>
#include <QStandardPaths>

namespace pw::core {

namespace {

namespace fs = std::filesystem;

// `path` is `folder` or inside it (both absolute and normal).
bool within(const std::string &path, const std::string &folder)
{
    if (path == folder)
        return true;
    const std::string prefix = folder.ends_with('/') ? folder : folder + "/";
    return path.starts_with(prefix);
}

std::string normal(const std::string &path)
{
    std::string out = fs::path(path).lexically_normal().string();
    while (out.size() > 1 && out.ends_with('/'))
        out.pop_back();
    return out;
}

// The read-only system: the usual top-level folders (a merged-/usr system has links for most),
// with the password hashes masked (the sandbox runs as the server's user, and root reads them).
const std::vector<std::string> &systemArguments()
{
    static const std::vector<std::string> arguments = [] {
        std::vector<std::string> out;
        for (const char *top :
             {"/usr", "/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32", "/etc"}) {
            std::error_code ec;
            const fs::file_status status = fs::symlink_status(top, ec);
            if (ec)
                continue;
            if (fs::is_symlink(status)) {
                const fs::path target = fs::read_symlink(top, ec);
                if (!ec)
                    out.insert(out.end(), {"--symlink", target.string(), top});
            } else if (fs::is_directory(status)) {
                out.insert(out.end(), {"--ro-bind", top, top});
            }
        }
        for (const char *secret :
             {"/etc/shadow", "/etc/gshadow", "/etc/shadow-", "/etc/gshadow-"}) {
            std::error_code ec;
            if (fs::is_regular_file(fs::symlink_status(secret, ec)))
                out.insert(out.end(), {"--ro-bind", "/dev/null", secret});
        }
        // Name resolution where /etc/resolv.conf points outside the system folders (systemd's
        // stub resolver under /run): that one file.
        std::error_code ec;
        if (fs::is_symlink(fs::symlink_status("/etc/resolv.conf", ec))) {
            const fs::path target = fs::canonical("/etc/resolv.conf", ec);
            if (!ec && !within(target.string(), "/etc") && !within(target.string(), "/usr"))
                out.insert(out.end(), {"--ro-bind-try", target.string(), target.string()});
        }
        return out;
    }();
    return arguments;
}

} // namespace

std::vector<std::string> Bubblewrap::arguments(RunNetwork network, const SandboxMounts &mounts,
                                               const std::string &workingDirectory)
{
    // A session of its own (no controlling terminal to push input into), the sandbox's init
    // killed with bwrap, every namespace unshared and a user namespace that allows no further
    // ones, and no capabilities: run as root, bwrap would leave the task all of them.
    std::vector<std::string> out{"--die-with-parent",
                                 "--new-session",
                                 "--unshare-all",
                                 "--unshare-user",
                                 "--disable-userns",
                                 "--cap-drop",
                                 "ALL"};
    if (network == RunNetwork::Host)
        out.push_back("--share-net");
    const std::vector<std::string> &system = systemArguments();
    out.insert(out.end(), system.begin(), system.end());
    // A private /tmp first: later binds may lie under /tmp (a data directory there).
    out.insert(out.end(), {"--proc", "/proc", "--dev", "/dev", "--tmpfs", "/tmp"});
    std::vector<std::string> hidden;
    for (const std::string &h : mounts.hidden)
        hidden.push_back(normal(h));
    auto insideHidden = [&](const std::string &path) {
        return std::any_of(hidden.begin(), hidden.end(),
                           [&](const std::string &h) { return within(path, h); });
    };
    // Writable folders that contain a hidden one (a spec file run from the home folder that
    // holds the data directory) are bound before the hidden folder covers its part of them;
    // the run's own folders inside the data directory after.
    for (const std::string &w : mounts.writable) {
        if (!insideHidden(normal(w)))
            out.insert(out.end(), {"--bind", w, w});
    }
    for (const std::string &h : hidden)
        out.insert(out.end(), {"--tmpfs", h});
    for (const std::string &w : mounts.writable) {
        if (insideHidden(normal(w)))
            out.insert(out.end(), {"--bind", w, w});
    }
    for (const auto &[from, to] : mounts.readOnlyFiles)
        out.insert(out.end(), {"--ro-bind", from, to});
    out.insert(out.end(), {"--chdir", workingDirectory.empty() ? "/" : workingDirectory});
    return out;
}

ProcessExecution::Command Bubblewrap::wrap(ProcessExecution::Command command,
                                           const std::string &program, RunNetwork network,
                                           const SandboxMounts &mounts)
{
    ProcessExecution::Command out;
    out.program = program;
    out.arguments = arguments(network, mounts, command.workingDirectory);
    out.arguments.push_back("--");
    out.arguments.push_back(command.program);
    out.arguments.insert(out.arguments.end(), command.arguments.begin(), command.arguments.end());
    out.workingDirectory = command.workingDirectory;
    out.environment = std::move(command.environment);
    out.killGraceMs = command.killGraceMs;
    out.supervised = true;
    return out;
}

Result<std::string> Bubblewrap::probe(const std::string &program)
{
    static std::mutex mutex;
    static std::map<std::string, Result<std::string>> known;
    // Held while probing: a second caller waits for the first one's answer.
    std::lock_guard lock(mutex);
    if (auto it = known.find(program); it != known.end())
        return it->second;
    auto answer = [&]() -> Result<std::string> {
        const QString name = QString::fromStdString(program);
        const QString path = name.contains(QLatin1Char('/'))
                                 ? (QFileInfo(name).isExecutable() ? name : QString())
                                 : QStandardPaths::findExecutable(name);
        if (path.isEmpty())
            return fail(Error{ErrorCode::Unavailable,
                              "bubblewrap (" + program + ") was not found" +
                                  (program.find('/') == std::string::npos ? " on PATH" : ""),
                              nlohmann::json::object()});
        QProcess probe;
        probe.setProcessChannelMode(QProcess::MergedChannels);
        QStringList arguments;
        for (const std::string &a : Bubblewrap::arguments(RunNetwork::None, {}, "/"))
            arguments << QString::fromStdString(a);
        arguments << QStringLiteral("--") << QStringLiteral("true");
        probe.start(path, arguments);
        const bool ended = probe.waitForFinished(10000);
        const std::string output = probe.readAll().trimmed().left(600).toStdString();
        if (!ended) {
            probe.kill();
            probe.waitForFinished(1000);
            return fail(
                Error{ErrorCode::Unavailable,
                      "bubblewrap (" + path.toStdString() + ") did not start a sandbox within 10 s",
                      nlohmann::json::object()});
        }
        if (probe.exitStatus() != QProcess::NormalExit || probe.exitCode() != 0)
            return fail(Error{
                ErrorCode::Unavailable,
                "bubblewrap (" + path.toStdString() + ") cannot start a sandbox here" +
                    (output.empty()
                         ? std::string(" (exit code ") + std::to_string(probe.exitCode()) + ")"
                         : ": " + output),
                nlohmann::json::object()});
        return path.toStdString();
    }();
    known.emplace(program, answer);
    return answer;
}

} // namespace pw::core
