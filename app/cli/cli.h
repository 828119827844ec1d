#pragma once

#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

#include <nlohmann/json.hpp>

#include "core/app/trustpolicy.h"

class QCommandLineOption;
class QCommandLineParser;

namespace pw::core {
class Core;
}

namespace pw::app {

// Each command parses its own arguments (args[0] is "pipewright <command>") and returns the
// process exit code: 0 success, 1 failure, 2 usage error or (validate) unreadable input.
int runServe(const QStringList &args);
int runToken(const QStringList &args);
int runSpace(const QStringList &args);
int runValidate(const QStringList &args);
int runCompile(const QStringList &args);
int runLayout(const QStringList &args);
int runRun(const QStringList &args);
int runConnector(const QStringList &args);

// Reads a spec from a JSON or YAML file ("-" is standard input); a definition document stands
// for its "spec". On failure prints why to stderr and returns nothing (the command exits 2).
std::optional<nlohmann::json> readSpecFile(const QString &path);

// The data directory: --data if given, else the default (PIPEWRIGHT_DATA or the user's data
// location), as an absolute path.
QString dataDirectory(const QCommandLineParser &parser, const QCommandLineOption &data);
// Opens the core on a data directory with what the operator opened (closed by default) and the
// app's key sources (the desktop keyring, else a key file); on failure prints why and returns
// null (exit 1).
std::unique_ptr<core::Core> openCore(const QString &dataDir, core::TrustPolicy policy = {});
// The operator's trust flags (--secret-ref, --allow-local-remotes) of serve, run and the window,
// and the policy they make (a usage error says why).
void addTrustOptions(QCommandLineParser &parser);
std::optional<core::TrustPolicy> trustPolicyFrom(const QCommandLineParser &parser);

// Says how local runs' tasks are confined here: bubblewrap, or why not and what follows.
void printSandboxStatus(core::Core &core);

// Quits the running event loop on SIGINT and SIGTERM (self-pipe; no work in the handler), or
// calls `instead` when given.
void quitOnTerminationSignals(std::function<void()> instead = {});

// Prints to stdout / stderr with a newline and flushes.
void out(const QString &text);
void err(const QString &text);

} // namespace pw::app
