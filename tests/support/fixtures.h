#pragma once

#include <latch>
#include <memory>
#include <string>

#include <QTemporaryDir>

#include "core/app/core.h"
#include "httpclient.h"
#include "server/http/embeddedserver.h"

namespace pw::test {

// A fresh data directory with the demo data, its core, and optionally the real API server on
// an ephemeral loopback port (on its own thread, as in the window).
class Fixture
{
public:
    explicit Fixture(bool serve = false, core::Core::Options options = {});
    // What an operator who allows local remotes (`--allow-local-remotes`) opens: the tests that
    // clone, fetch and push use bare repositories in temporary folders.
    static core::Core::Options localRemotes();
    ~Fixture();

    core::Core &core() { return *m_core; }
    QString dataDir() const { return m_dir.path(); }
    uint16_t port() const { return m_port; }
    core::Actor local(std::string_view space = "default");
    core::Actor actor(core::Role role, const std::string &name, std::string_view space = "default");
    std::string token(core::Role role, const std::string &name, std::string_view space = "default");

    std::string demoWorkspaceId();
    std::string demoDefinitionId();
    std::string demoRepositoryId();
    static std::string base(std::string_view space = "default");

private:
    QTemporaryDir m_dir;
    std::unique_ptr<core::Core> m_core;
    std::unique_ptr<server::EmbeddedServer> m_server;
    uint16_t m_port = 0;
};

// Opens the data directory `dataDir` (made on first use, with the demo), adds a definition of
// `spec` in its first workspace as the local user, and closes it again: for tests that hand the
// directory to another process (`pipewright run`). Returns the definition's id.
std::string createDefinitionIn(const std::string &dataDir, const std::string &name,
                               core::Spec spec);

// Keeps every job thread of `f`'s core busy, of the lanes asked for, until `release` counts
// down: work submitted meanwhile waits for a thread. False when the jobs could not be submitted.
enum class Lanes
{
    Work,     // long work: jobs, searches, clones, publishes
    Requests, // requests answered off the server thread
    Both,
};
bool occupyJobThreads(Fixture &f, std::latch &release, Lanes lanes = Lanes::Both);

// Unwraps a Result in a test, failing loudly with the error's message.
template <class T> T expectOk(core::Result<T> result, const char *what)
{
    if (!result)
        qFatal("%s failed: %s", what, result.error().message.c_str());
    return std::move(*result);
}

} // namespace pw::test
