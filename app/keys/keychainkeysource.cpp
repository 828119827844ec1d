#include "keychainkeysource.h"

#include <cstdlib>

#include <QEventLoop>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace pw::app {

namespace {

QString entryName(const std::string &keyId)
{
    return QStringLiteral("data-key-") + QString::fromStdString(keyId);
}

// Runs one keychain job to its end (or the timeout) and says how it ended.
struct Outcome
{
    bool finished = false;
    QKeychain::Error error = QKeychain::NoError;
    QString errorText;
};

Outcome runJob(QKeychain::Job &job, int timeoutMs)
{
    // A local event loop at start only (the key is read once, before any window or server
    // exists): QtKeychain answers through D-Bus signals.
    Outcome outcome;
    QEventLoop loop;
    QObject::connect(&job, &QKeychain::Job::finished, &loop, [&](QKeychain::Job *done) {
        outcome.finished = true;
        outcome.error = done->error();
        outcome.errorText = done->errorString();
        loop.quit();
    });
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    job.setAutoDelete(false);
    job.start();
    if (!outcome.finished)
        loop.exec();
    return outcome;
}

core::Error unavailable(const std::string &what)
{
    return core::Error{core::ErrorCode::Unavailable, what, nlohmann::json::object()};
}

} // namespace

KeychainKeySource::KeychainKeySource(std::string service, int timeoutMs)
    : m_service(std::move(service)), m_timeoutMs(timeoutMs)
{
}

bool KeychainKeySource::available()
{
    if (m_available)
        return *m_available;
    const char *bus = std::getenv("DBUS_SESSION_BUS_ADDRESS");
    if (!bus || !*bus) {
        m_available = false;
        return false;
    }
    QKeychain::ReadPasswordJob probe(QString::fromStdString(m_service));
    probe.setKey(QStringLiteral("probe"));
    const Outcome outcome = runJob(probe, m_timeoutMs);
    m_available = outcome.finished && (outcome.error == QKeychain::NoError ||
                                       outcome.error == QKeychain::EntryNotFound);
    return *m_available;
}

core::Result<std::optional<core::SecretKey>> KeychainKeySource::load(const std::string &keyId)
{
    QKeychain::ReadPasswordJob job(QString::fromStdString(m_service));
    job.setKey(entryName(keyId));
    const Outcome outcome = runJob(job, m_timeoutMs);
    if (!outcome.finished)
        return core::fail(unavailable("the desktop keyring did not answer"));
    if (outcome.error == QKeychain::EntryNotFound)
        return std::optional<core::SecretKey>();
    if (outcome.error != QKeychain::NoError)
        return core::fail(unavailable("the desktop keyring refused to read the key: " +
                                      outcome.errorText.toStdString()));
    core::SecretValue hex(job.textData().toStdString());
    auto key = core::SecretKey::fromHex(hex.view());
    if (!key)
        return core::fail(unavailable("the desktop keyring holds no valid key for this data "
                                      "directory"));
    return std::optional<core::SecretKey>(*key);
}

core::Status KeychainKeySource::store(const std::string &keyId, const core::SecretKey &key)
{
    QKeychain::WritePasswordJob job(QString::fromStdString(m_service));
    job.setKey(entryName(keyId));
    job.setTextData(QString::fromStdString(key.toHex().str()));
    const Outcome outcome = runJob(job, m_timeoutMs);
    if (!outcome.finished)
        return core::fail(unavailable("the desktop keyring did not answer"));
    if (outcome.error != QKeychain::NoError)
        return core::fail(unavailable("the desktop keyring refused to keep the key: " +
                                      outcome.errorText.toStdString()));
    return {};
}

std::shared_ptr<core::KeySource> appKeySources()
{
    // An explicit key folder is a choice (tests, an operator's layout): it is the only place.
    if (const char *dir = std::getenv("PIPEWRIGHT_KEY_DIR"); dir && *dir)
        return std::make_shared<core::FileKeySource>(dir);
    return std::make_shared<core::KeySourceChain>(std::vector<std::shared_ptr<core::KeySource>>{
        std::make_shared<KeychainKeySource>(),
        std::make_shared<core::FileKeySource>(core::FileKeySource::defaultDir())});
}

} // namespace pw::app
