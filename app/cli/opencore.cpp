#include <QCommandLineParser>
#include <QDir>

#include "app/keys/keychainkeysource.h"
#include "cli.h"
#include "core/app/core.h"
#include "core/app/datadir.h"
#include "server/sandbox/loopbacksandbox.h"

namespace pw::app {

QString dataDirectory(const QCommandLineParser &parser, const QCommandLineOption &data)
{
    return QDir(parser.isSet(data) ? parser.value(data)
                                   : QString::fromStdString(core::defaultDataDir()))
        .absolutePath();
}

std::unique_ptr<core::Core> openCore(const QString &dataDir, core::TrustPolicy policy)
{
    core::Core::Options options;
    options.policy = std::move(policy);
    options.keys = appKeySources();
    auto opened = core::Core::open(dataDir.toStdString(), std::move(options));
    if (!opened) {
        err(QStringLiteral("cannot open %1: %2")
                .arg(dataDir, QString::fromStdString(opened.error().message)));
        return nullptr;
    }
    // Local runs send sandboxed HTTP connections' requests to a loopback responder.
    (*opened)->runs().setHttpSandboxFactory(
        [] { return std::make_unique<server::LoopbackSandbox>(); });
    return std::move(*opened);
}

namespace {

QCommandLineOption secretRefOption()
{
    return QCommandLineOption(
        QStringLiteral("secret-ref"),
        QStringLiteral("Let credentials name env://NAME_PREFIX variables or files under "
                       "file:///path (repeatable; none by default)."),
        QStringLiteral("prefix-or-path"));
}

QCommandLineOption localRemotesOption()
{
    return QCommandLineOption(
        QStringLiteral("allow-local-remotes"),
        QStringLiteral("Let repositories be cloned from file:// URLs and local paths (never from "
                       "inside the data directory)."));
}

} // namespace

void addTrustOptions(QCommandLineParser &parser)
{
    parser.addOption(secretRefOption());
    parser.addOption(localRemotesOption());
}

std::optional<core::TrustPolicy> trustPolicyFrom(const QCommandLineParser &parser)
{
    core::TrustPolicy policy;
    std::vector<std::string> refs;
    for (const QString &ref : parser.values(secretRefOption()))
        refs.push_back(ref.toStdString());
    auto parsed = core::SecretRefPolicy::parse(refs);
    if (!parsed) {
        err(QString::fromStdString(parsed.error().message));
        return std::nullopt;
    }
    policy.secretRefs = std::move(*parsed);
    policy.localRemotes = parser.isSet(localRemotesOption());
    return policy;
}

void printSandboxStatus(core::Core &core)
{
    auto sandbox = core.runs().sandboxCheck();
    if (sandbox)
        out(QStringLiteral("Tasks run sandboxed by %1.").arg(QString::fromStdString(*sandbox)));
    else if (core.runs().unsandboxedRunsAllowed())
        out(QStringLiteral("Tasks run WITHOUT a sandbox (allowed): %1")
                .arg(QString::fromStdString(sandbox.error().message)));
    else
        out(QStringLiteral(
                "Runs with bash or Python tasks are refused: %1. See --unsandboxed-runs.")
                .arg(QString::fromStdString(sandbox.error().message)));
}

} // namespace pw::app
