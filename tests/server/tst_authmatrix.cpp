#include <QTest>

#include <chrono>
#include <thread>

#include "core/spec/specio.h"
#include "server/http/apiserver.h"
#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;

namespace {

enum Caller
{
    NoToken,
    Viewer,
    Editor,
    Admin,
    OtherSpace,
    ForeignIds
};
const char *callerName(Caller c)
{
    switch (c) {
    case NoToken:
        return "no token";
    case Viewer:
        return "viewer";
    case Editor:
        return "editor";
    case Admin:
        return "admin";
    case OtherSpace:
        return "other space";
    case ForeignIds:
        return "foreign ids";
    }
    return "?";
}

// A host key a connection of the default space met: what the known-hosts routes act on.
SshHostKey matrixHostKey()
{
    std::string blob("\0\0\0\x0bssh-ed25519\0\0\0\x20", 19);
    blob += std::string(32, '\x42');
    return *hostKeyOfBlob("git.example.com", 2222, blob);
}

std::string suffix(const std::string &pattern)
{
    const std::string base = "/api/v1.0/spaces/{space_slug}/pipeline-authoring";
    return pattern.starts_with(base) ? pattern.substr(base.size()) : pattern;
}

// The DataFlow face (/api/v1) serves the default space: every route is one of its members'.
bool dataFlow(const std::string &route)
{
    return route.starts_with("/api/v1/");
}

// What each caller should get. Reads are for every member; writes need the role; workspace
// access and archive need its owner or a space admin; a member of another space sees nothing.
int expectedStatus(const std::string &method, const std::string &route, int success, Caller caller)
{
    const bool global = route == "/api/openapi.json" || route == "/api/health";
    // Webhooks authenticate by the provider's signature of the body, never by a token: a call
    // without one is refused whoever makes it.
    if (caller == NoToken || route == "/api/v1/git/webhooks")
        return 401;
    if (global)
        return 200;
    // The caller's own account, outside any space: any valid token; another user's token is
    // not found.
    if (route.starts_with("/api/v1.0/me/"))
        return caller == ForeignIds ? 404 : success;
    if (caller == OtherSpace || caller == ForeignIds)
        return 404;
    // Members who see a job's subject see the job; only its creator or an admin cancels it.
    if (route == "/jobs/{job_id}/cancel" && caller != Admin)
        return 403;
    // A space's API tokens are its admins' to list and revoke.
    if (route == "/tokens" || route == "/tokens/{token_id}")
        return caller == Admin ? success : 403;
    const bool read = method == "GET";
    const bool anyMember = route == "/settings" || route == "/compiler/validate" ||
                           route == "/compiler/jobs" || route == "/compiler/compile";
    if (read || anyMember || caller == Admin)
        return success;
    if (caller == Viewer)
        return 403;
    const bool administer = route == "/workspaces/{workspace_id}/access" ||
                            route == "/workspaces/{workspace_id}/archive" ||
                            (dataFlow(route) && (route == "/api/v1/git/repos" ||
                                                 route.starts_with("/api/v1/git/known-hosts/")));
    return administer ? 403 : success;
}

json bodyFor(const std::string &method, const std::string &route, Fixture &f)
{
    if (method == "POST" && route == "/workspaces")
        return {{"name", "Matrix workspace"}};
    if (method == "PATCH" && route == "/workspaces/{workspace_id}")
        return {{"description", "matrix"}};
    if (method == "PUT" && route == "/workspaces/{workspace_id}/access")
        return {{"visibility", "shared"}, {"grants", json::array()}};
    if (method == "PATCH" && route == "/settings")
        return {{"default_repository_id", nullptr}};
    if (method == "POST" && route == "/definitions")
        return {{"name", "Matrix definition"}, {"workspace_id", f.demoWorkspaceId()}};
    if (method == "PATCH" && route == "/definitions/{definition_id}")
        return {{"description", "matrix"}};
    if (method == "POST" && route == "/definitions/{definition_id}/nodes")
        return {{"node", {{"id", "matrix_node"}, {"type", "empty"}}}};
    if (method == "PATCH" && route == "/definitions/{definition_id}/nodes/{node_id}")
        return {{"label", "Matrix"}};
    if (method == "POST" && route == "/definitions/{definition_id}/dependencies")
        return {{"upstream", "clean_accounts"}, {"downstream", "notify_team"}};
    if (method == "DELETE" && route == "/definitions/{definition_id}/dependencies")
        return {{"upstream", "load_customer_renewals"}, {"downstream", "notify_team"}};
    if (method == "PUT" && route == "/definitions/{definition_id}/dependencies")
        return {{"edges",
                 json::array({{{"upstream", "clean_accounts"}, {"downstream", "join_renewals"}}})}};
    if (method == "POST" && route == "/compiler/validate")
        return {{"spec", json::object()}};
    if (method == "POST" && route == "/compiler/compile")
        return {{"spec", {{"nodes", json::array({{{"id", "a"}, {"type", "empty"}}})}}}};
    if (method == "POST" && route == "/compiler/jobs")
        return {{"mode", "validate"}, {"spec", json::object()}};
    if (method == "PUT" && route == "/definitions/{definition_id}/files")
        return {{"path", "matrix/new.py"}, {"content", "print('matrix')\n"}};
    if (method == "POST" && route == "/definitions/{definition_id}/files/uploads")
        return {{"files", json::array({{{"path", "matrix/up.txt"}, {"content", "up"}}})}};
    if (method == "POST" && route == "/definitions/{definition_id}/files/rename")
        return {{"path", "README.md"}, {"new_path", "README2.md"}};
    if (method == "POST" && route == "/definitions/{definition_id}/files/move")
        return {{"moves", json::array({{{"path", "README.md"}, {"new_path", "docs/README.md"}}})}};
    if (method == "POST" && route == "/definitions/{definition_id}/files/reset-override")
        return {{"path", "matrix/override.txt"}};
    if (method == "POST" && route == "/definitions/{definition_id}/commits")
        return {{"branch", "matrix-commit"}, {"message", "matrix"}};
    if (method == "PUT" && route == "/definitions/{definition_id}/readme")
        return {{"content", "# Matrix\n"}};
    if (method == "POST" && route == "/api/v1/git/repos")
        return {{"name", "matrix"}};
    if (method == "POST" && route == "/api/v1/git/branches")
        return {{"name", "matrix-branch"}};
    if (method == "POST" && route == "/api/v1/git/merge")
        return {{"sourceBranch", "matrix-source"}};
    if (method == "POST" && route == "/api/v1/git/known-hosts/accept")
        return {{"host", "git.example.com"},
                {"port", 2222},
                {"fingerprint", fingerprintOf(matrixHostKey().sha256)}};
    if (method == "POST" && route == "/api/v1/git/webhooks")
        return {{"zen", "matrix"}};
    if (method == "POST" && route == "/api/v1/pipelines")
        return {
            {"name", "matrix-pipeline"},
            {"workspaceId", f.demoWorkspaceId()},
            {"yamlDefinition", "version: 1\nsource:\n  connection: a\ntarget:\n  connection: b\n"}};
    if (method == "PUT" && route == "/api/v1/pipelines/{pipeline_id}")
        return {{"description", "matrix"}};
    return nullptr;
}

// `ownTokenId` is another token of the caller (for /me/tokens/{token_id}); every other
// {token_id} is a token of tara, an editor of the default space only.
std::string concretePath(const std::string &pattern, const std::string &space, Fixture &f,
                         const std::string &ownTokenId)
{
    std::string path = pattern;
    auto replace = [&](const std::string &name, const std::string &value) {
        const auto at = path.find("{" + name + "}");
        if (at != std::string::npos)
            path.replace(at, name.size() + 2, value);
    };
    replace("space_slug", space);
    if (path.find("{workspace_id}") != std::string::npos)
        replace("workspace_id", f.demoWorkspaceId());
    if (path.find("{definition_id}") != std::string::npos)
        replace("definition_id", f.demoDefinitionId());
    if (path.find("{version_id}") != std::string::npos)
        replace("version_id", f.core()
                                  .definitions()
                                  .versions(f.local(), f.demoDefinitionId(), {0, 10})
                                  ->items.back()
                                  .id);
    if (path.find("{token_id}") != std::string::npos) {
        const bool own = path.starts_with("/api/v1.0/me/") && !ownTokenId.empty();
        replace("token_id",
                own ? ownTokenId
                    : f.core().access().createToken("default", "tara", Role::Editor, "t")->tokenId);
    }
    replace("node_id", "notify_team");
    replace("pipeline_id", f.demoDefinitionId());
    replace("version", "1");
    // Routes that need something to act on: an override to reset or commit, a branch to merge.
    if (path.ends_with("/files/reset-override") || path.ends_with("/commits"))
        f.core().repositories().save(f.local(), f.demoDefinitionId(),
                                     {"matrix/override.txt", "draft", std::nullopt});
    if (path.ends_with("/git/merge"))
        f.core().repositories().createBranch(f.local(), f.demoRepositoryId(), "matrix-source", "");
    // Routes that read their target from the query.
    if (path.ends_with("/files/search"))
        path += "?q=renewal";
    else if (path.find("/git/diff/") != std::string::npos)
        path += "?from=1&to=1";
    else if (path.ends_with("/files"))
        path += "?path=README.md";
    if (path.find("{run_id}") != std::string::npos) {
        // A run still going (so cancel has something to stop) of a pipeline everyone can see.
        pw::core::DefinitionCreate input;
        input.meta.name = "Matrix run";
        input.meta.workspaceId = f.demoWorkspaceId();
        input.spec =
            pw::core::readSpec(
                json{{"nodes",
                      json::array({{{"id", "wait"}, {"type", "bash"}, {"command", "sleep 30"}}})}})
                .spec;
        auto created = f.core().definitions().create(f.local(), std::move(input));
        pw::core::RunRequest request;
        request.definitionId = created->definition->id;
        replace("run_id", f.core().runs().start(f.local(), request)->id);
    }
    if (path.find("/git/known-hosts/") != std::string::npos) {
        f.core().knownHosts().recordPending(f.local(), matrixHostKey(), std::nullopt);
        if (path.find("{known_host_id}") != std::string::npos)
            replace("known_host_id", *f.core().knownHosts().list(f.local())->entries.front().id);
    }
    if (path.find("{job_id}") != std::string::npos) {
        // A job still going (so cancel has something to stop) on the demo definition, which every
        // member sees; the fixture's end cancels it.
        auto job = f.core().jobs().submit(
            f.local(), "validate", f.demoDefinitionId(),
            [](pw::core::JobContext &context) -> pw::core::Result<json> {
                while (!context.cancelled())
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                return json();
            });
        replace("job_id", job->id);
    }
    return path;
}

} // namespace

class tst_AuthMatrix : public QObject
{
    Q_OBJECT

private slots:
    void everyRouteForEveryCaller_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("pattern");
        QTest::addColumn<int>("success");
        QTest::addColumn<int>("caller");
        QTest::addColumn<QByteArray>("successType");
        Fixture f;
        pw::server::ApiServer server(f.core());
        for (const pw::server::Route &route : server.router().routes()) {
            for (Caller c : {NoToken, Viewer, Editor, Admin, OtherSpace, ForeignIds}) {
                const bool hasIds =
                    route.pattern.find("_id}") != std::string::npos ||
                    (route.method == "POST" && suffix(route.pattern) == "/definitions");
                if (c == ForeignIds && !hasIds)
                    continue;
                const std::string name = route.method.toStdString() + " " + suffix(route.pattern) +
                                         " as " + callerName(c);
                QTest::newRow(name.c_str()) << route.method << QString::fromStdString(route.pattern)
                                            << route.successStatus << int(c) << route.responseType;
            }
        }
    }

    void everyRouteForEveryCaller()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, pattern);
        QFETCH(int, success);
        QFETCH(int, caller);
        QFETCH(QByteArray, successType);
        Fixture f(true);
        QVERIFY(f.core().access().createSpace("other", "Other").has_value());
        CreatedToken created;
        std::string space = "default";
        auto make = [&](Role role, const std::string &name, std::string_view in) {
            created = *f.core().access().createToken(in, name, role, name);
        };
        switch (Caller(caller)) {
        case NoToken:
            break;
        case Viewer:
            make(Role::Viewer, "vic", "default");
            break;
        case Editor:
            make(Role::Editor, "erin", "default");
            break;
        case Admin:
            make(Role::Admin, "ada", "default");
            break;
        case OtherSpace:
            make(Role::Admin, "olga", "other");
            break;
        case ForeignIds:
            make(Role::Admin, "olga", "other");
            space = "other";
            break;
        }
        const std::string token = created.token;
        // A second token of the caller, for the routes that revoke one's own.
        const std::string ownTokenId =
            Caller(caller) == NoToken || Caller(caller) == ForeignIds
                ? std::string()
                : f.core().access().issueToken(created.userId, "second")->tokenId;
        const std::string route = suffix(pattern.toStdString());
        const std::string path = concretePath(pattern.toStdString(), space, f, ownTokenId);
        const json body = bodyFor(method.toStdString(), route, f);
        HttpClient http(f.port(), token);
        const HttpResult r =
            http.request(method.toStdString(), path, body.is_null() ? std::string() : body.dump());
        const int expected = expectedStatus(method.toStdString(), route, success, Caller(caller));
        QVERIFY2(r.status == expected, (std::to_string(r.status) + " (expected " +
                                        std::to_string(expected) + "): " + r.body.substr(0, 300))
                                           .c_str());
        // Errors are always JSON; a success has the route's type (a stream is text/event-stream).
        if (r.status >= 400)
            QCOMPARE(r.header("content-type"), std::string("application/json"));
        else
            QVERIFY2(r.header("content-type").starts_with(successType.toStdString()),
                     r.header("content-type").c_str());
        if (r.status >= 400) {
            const json error = r.json();
            QVERIFY(error.is_object() && error.contains("error"));
            QVERIFY(error["error"]["message"].is_string());
            QVERIFY(error["error"]["details"].is_object());
        }
    }
};

QTEST_GUILESS_MAIN(tst_AuthMatrix)
#include "tst_authmatrix.moc"
