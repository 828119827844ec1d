#include <QDir>
#include <QFile>
#include <QMessageAuthenticationCode>
#include <QProcess>
#include <QRegularExpression>
#include <QTest>

#include <sqlite3.h>

#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;

namespace {

std::string hmac(const std::string &secret, const std::string &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(QByteArray::fromStdString(body),
                                                        QByteArray::fromStdString(secret),
                                                        QCryptographicHash::Sha256)
                           .toHex()
                           .toStdString();
}

std::string urlEncode(const std::string &text)
{
    return QUrl::toPercentEncoding(QString::fromStdString(text)).toStdString();
}

// Runs SQL on the data directory's database from a connection of its own, as another program
// (or an older Pipewright) would.
bool execSql(const QString &dataDir, const std::string &sql)
{
    sqlite3 *db = nullptr;
    const QByteArray file = (dataDir + QStringLiteral("/pipewright.db")).toUtf8();
    bool ok = sqlite3_open_v2(file.constData(), &db, SQLITE_OPEN_READWRITE, nullptr) == SQLITE_OK;
    ok = ok && sqlite3_busy_timeout(db, 10000) == SQLITE_OK &&
         sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr) == SQLITE_OK;
    sqlite3_close(db);
    return ok;
}

} // namespace

// The draft-file, README and DataFlow Git routes over real HTTP, with real repositories.
class tst_RepositoryApi : public QObject
{
    Q_OBJECT

    std::unique_ptr<Fixture> f;
    std::unique_ptr<HttpClient> http;
    std::string def;

    std::string d() const { return Fixture::base() + "/definitions/" + def; }

private slots:
    void init()
    {
        f = std::make_unique<Fixture>(true, Fixture::localRemotes());
        http = std::make_unique<HttpClient>(f->port(), f->token(Role::Admin, "ada"));
        def = f->demoDefinitionId();
    }
    void cleanup()
    {
        http.reset();
        f.reset();
    }

    void treeReadAndSaveWithBaseSha()
    {
        HttpResult r = http->get(d() + "/tree");
        QCOMPARE(r.status, 200);
        json tree = r.json();
        QCOMPARE(tree["branch"], "main");
        QVERIFY(tree["head"].is_string());
        QVERIFY(tree["counts"]["files"].get<int>() >= 9);
        bool script = false;
        for (const json &e : tree["entries"])
            script =
                script || (e["path"] == "scripts/refresh_dashboard.sh" && e["executable"] == true);
        QVERIFY(script);

        r = http->get(d() + "/files?path=" + urlEncode("sql/extract_customer_renewals.sql"));
        QCOMPARE(r.status, 200);
        json file = r.json();
        QCOMPARE(file["language"], "sql");
        QCOMPARE(file["encoding"], "utf-8");
        QCOMPARE(file["status"], "unchanged");
        QCOMPARE(file["size"].get<size_t>(), file["content"].get<std::string>().size());
        const std::string sha = file["sha"].get<std::string>();

        r = http->put(d() + "/files", {{"path", "sql/extract_customer_renewals.sql"},
                                       {"content", "SELECT 1\n"},
                                       {"base_sha", sha}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["status"], "modified");
        QCOMPARE(r.json()["sha"], blobId("SELECT 1\n"));
        // The same base_sha again is stale: 409 with the current sha, and nothing changes.
        r = http->put(d() + "/files", {{"path", "sql/extract_customer_renewals.sql"},
                                       {"content", "SELECT 2\n"},
                                       {"base_sha", sha}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json()["error"]["details"]["current_sha"], blobId("SELECT 1\n"));
        QCOMPARE(http->get(d() + "/files?path=sql/extract_customer_renewals.sql").json()["content"],
                 "SELECT 1\n");
        // Binary content in base64 both ways, never mangled.
        const std::string bytes("\x00\xff\x10\x80 binary", 11);
        r = http->put(d() + "/files",
                      {{"path", "data/raw.bin"},
                       {"content", QByteArray::fromStdString(bytes).toBase64().toStdString()},
                       {"encoding", "base64"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["binary"], true);
        json raw = http->get(d() + "/files?path=data/raw.bin").json();
        QCOMPARE(raw["encoding"], "base64");
        QCOMPARE(
            QByteArray::fromBase64(QByteArray::fromStdString(raw["content"].get<std::string>()))
                .toStdString(),
            bytes);
        QCOMPARE(raw["sha"], blobId(bytes));
    }

    void badRequestsAreClearErrors()
    {
        struct Case
        {
            std::string method, path;
            json body;
            int status;
            std::string code;
        };
        const std::vector<Case> cases = {
            {"GET", d() + "/files", nullptr, 400, "invalid"},
            {"GET", d() + "/files?path=" + urlEncode("../etc/passwd"), nullptr, 400, "invalid"},
            {"GET", d() + "/files?path=" + urlEncode("%2e%2e/x"), nullptr, 400, "invalid"},
            {"GET", d() + "/files?path=nope.txt", nullptr, 404, "not_found"},
            {"PUT", d() + "/files", {{"path", ".git/config"}, {"content", "x"}}, 400, "invalid"},
            {"PUT", d() + "/files", {{"path", "a.txt"}}, 400, "invalid"},
            {"PUT", d() + "/files", {{"path", "a.txt"}, {"content", 5}}, 400, "invalid"},
            {"PUT",
             d() + "/files",
             {{"path", "a.txt"}, {"content", "%%"}, {"encoding", "base64"}},
             400,
             "invalid"},
            {"PUT",
             d() + "/files",
             {{"path", "a.txt"}, {"content", "x"}, {"base_sha", "abc"}},
             400,
             "invalid"},
            {"GET", d() + "/files/search", nullptr, 400, "invalid"},
            {"GET", d() + "/files/search?q=x&limit=0", nullptr, 400, "invalid"},
            {"GET", d() + "/files/search?q=" + urlEncode("(") + "&regex=true", nullptr, 400,
             "invalid"},
            {"POST", d() + "/files/move", {{"moves", json::array({1})}}, 400, "invalid"},
            {"POST", d() + "/files/reset-override", {{"path", "README.md"}}, 404, "not_found"},
            {"DELETE", d() + "/files?path=nope.txt", nullptr, 404, "not_found"},
            {"GET", Fixture::base() + "/definitions/00000000-0000-0000-0000-000000000000/tree",
             nullptr, 404, "not_found"},
        };
        for (const Case &c : cases) {
            const HttpResult r =
                http->request(c.method, c.path, c.body.is_null() ? "" : c.body.dump());
            QVERIFY2(r.status == c.status,
                     (c.method + " " + c.path + " -> " + std::to_string(r.status) + " " + r.body)
                         .c_str());
            QCOMPARE(r.errorCode(), c.code);
        }
        // A file over 5 MiB is a 413 that says the limit.
        const HttpResult big =
            http->put(d() + "/files",
                      {{"path", "big.txt"}, {"content", std::string(5 * 1024 * 1024 + 1, 'x')}});
        QCOMPARE(big.status, 413);
        QCOMPARE(big.errorCode(), std::string("payload_too_large"));
        QCOMPARE(big.json()["error"]["details"]["max_bytes"].get<int64_t>(),
                 int64_t(5 * 1024 * 1024));
        QCOMPARE(http->get(d() + "/tree").json()["counts"]["modified"].get<int>() +
                     http->get(d() + "/tree").json()["counts"]["added"].get<int>(),
                 0);
    }

    void pathsGitRefusesAreRefusedAndCommitsKeepWorking()
    {
        // An editor's probe: each of these once saved, and every later commit of the definition
        // answered 500 with libgit2's text. Each is a 400 that says why, through every write.
        const std::vector<std::string> bad = {".git.",           ".git ",
                                              ".git..",          "GIT~1",
                                              "git~1",           "a/.GIT./hooks",
                                              ".git\u200b",      "x\u007f",
                                              "x\u0085",         "x\u009b[31m",
                                              "evil\u202eyp.sh", "a\u200db",
                                              "\ufeffREADME.md", ".git::$INDEX_ALLOCATION"};
        for (const std::string &path : bad) {
            HttpResult r = http->put(d() + "/files", {{"path", path}, {"content", "x"}});
            QVERIFY2(r.status == 400, (path + " -> " + r.body).c_str());
            QCOMPARE(r.json()["error"]["details"]["field"], "path");
            QVERIFY(!r.json()["error"]["details"]["reason"].get<std::string>().empty());
            r = http->post(d() + "/files/uploads",
                           {{"files", json::array({{{"path", path}, {"content", "x"}}})}});
            QVERIFY2(r.status == 400, (path + " -> " + r.body).c_str());
            r = http->post(d() + "/files/rename", {{"path", "README.md"}, {"new_path", path}});
            QVERIFY2(r.status == 400, (path + " -> " + r.body).c_str());
        }
        const json counts = http->get(d() + "/tree").json()["counts"];
        QCOMPARE(counts["added"].get<int>() + counts["modified"].get<int>() +
                     counts["deleted"].get<int>(),
                 0);
        QCOMPARE(http->put(d() + "/files", {{"path", "notes.txt"}, {"content", "x\n"}}).status,
                 200);
        const HttpResult r = http->post(d() + "/commits", {{"branch", "after-probe"}});
        QVERIFY2(r.status == 201, r.body.c_str());
    }

    void aStoredPathGitRefusesIsAConflictThatCanBeReset()
    {
        // A row an older version accepted: the commit names it (409, no libgit2 text) and a
        // reset drops it, after which commits work again.
        QCOMPARE(http->put(d() + "/files", {{"path", "notes.txt"}, {"content", "x\n"}}).status,
                 200);
        QVERIFY(execSql(f->dataDir(),
                        "INSERT INTO draft_files (definition_id, path, content, sha, executable, "
                        "updated_by, updated_at) SELECT definition_id, '.git.', content, sha, 0, "
                        "updated_by, updated_at FROM draft_files WHERE path = 'notes.txt'"));
        HttpResult r = http->post(d() + "/commits", {{"branch", "legacy"}});
        QVERIFY2(r.status == 409, r.body.c_str());
        QCOMPARE(r.json()["error"]["details"]["paths"], json::array({".git."}));
        QVERIFY2(r.body.find("tree entry") == std::string::npos, r.body.c_str());
        r = http->post(d() + "/files/reset-override", {{"path", ".git."}});
        QVERIFY2(r.status == 200, r.body.c_str());
        r = http->post(d() + "/commits", {{"branch", "legacy"}});
        QVERIFY2(r.status == 201, r.body.c_str());
    }

    void anInternalFailureIsA500WithoutItsText()
    {
        // libgit2 fails on a corrupted branch ref: the answer is a bare 500; the text (naming
        // the repository's folder) goes to the log only.
        const QString dir =
            QString::fromStdString(f->core()
                                       .registry()
                                       .repository(f->local().spaceId, f->demoRepositoryId())
                                       ->value()
                                       .localPath);
        QFile ref(dir + QStringLiteral("/refs/heads/main"));
        if (!ref.exists()) {
            // A packed ref: write a loose one over it.
            QVERIFY(QDir(dir).mkpath(QStringLiteral("refs/heads")));
        }
        QVERIFY(ref.open(QIODevice::WriteOnly | QIODevice::Truncate));
        ref.write("this is not an object id\n");
        ref.close();
        QTest::ignoreMessage(QtCriticalMsg,
                             QRegularExpression(QStringLiteral("answered 500 for an internal")));
        const HttpResult r = http->get(d() + "/tree");
        QCOMPARE(r.status, 500);
        QCOMPARE(r.errorCode(), std::string("internal"));
        QCOMPARE(r.json()["error"]["details"], json::object());
        QVERIFY2(r.body.find("refs/heads") == std::string::npos, r.body.c_str());
        QVERIFY2(r.body.find(dir.toStdString()) == std::string::npos, r.body.c_str());
    }

    void multipartUploadAsCurlSendsIt()
    {
        // What `curl -F "files=@hello.py;filename=src/hello.py" -F "files=@logo.bin;filename=..."
        // -F directory=assets` sends: its boundary style, a Content-Type per file.
        const std::string boundary = "------------------------d74496d66958873e";
        const std::string binary("\x89PNG\r\n\x1a\n\x00\x01", 10);
        std::string body;
        body += "--" + boundary +
                "\r\nContent-Disposition: form-data; name=\"directory\"\r\n\r\nassets\r\n";
        body += "--" + boundary +
                "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"src/hello.py\"\r\n"
                "Content-Type: text/x-python\r\n\r\nprint('hi')\r\n\r\n";
        body += "--" + boundary +
                "\r\nContent-Disposition: form-data; name=\"files\"; filename=\"logo.bin\"\r\n"
                "Content-Type: application/octet-stream\r\n\r\n" +
                binary + "\r\n";
        body += "--" + boundary + "--\r\n";
        HttpResult r = http->request("POST", d() + "/files/uploads", body,
                                     {{"Content-Type", "multipart/form-data; boundary=" + boundary},
                                      {"Expect", "100-continue"}});
        QVERIFY2(r.status == 201, r.body.c_str());
        QCOMPARE(r.json()["files"].size(), size_t(2));
        QCOMPARE(http->get(d() + "/files?path=assets/src/hello.py").json()["content"],
                 "print('hi')\r\n");
        json logo = http->get(d() + "/files?path=assets/logo.bin").json();
        QCOMPARE(
            QByteArray::fromBase64(QByteArray::fromStdString(logo["content"].get<std::string>()))
                .toStdString(),
            binary);
        // JSON uploads too, and all or nothing: one bad path refuses every file.
        r = http->post(d() + "/files/uploads",
                       {{"files", json::array({{{"path", "ok.txt"}, {"content", "ok"}},
                                               {{"path", "../bad.txt"}, {"content", "bad"}}})}});
        QCOMPARE(r.status, 400);
        QCOMPARE(http->get(d() + "/files?path=ok.txt").status, 404);
        // A form without a file, and a body that is neither JSON nor a form.
        r = http->request("POST", d() + "/files/uploads",
                          "--b\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\n1\r\n--b--\r\n",
                          {{"Content-Type", "multipart/form-data; boundary=b"}});
        QCOMPARE(r.status, 400);
        r = http->request("POST", d() + "/files/uploads", "x", {{"Content-Type", "text/plain"}});
        QCOMPARE(r.status, 415);
        // Other routes do not take forms.
        r = http->request("PUT", d() + "/files", "--b--\r\n",
                          {{"Content-Type", "multipart/form-data; boundary=b"}});
        QCOMPARE(r.status, 415);
    }

    void multipartFileNamesAreRefusedNotRewritten()
    {
        // Each of these was once stored under another name than the one sent ("..\x" as
        // "..x", a name cut at a raw LF, the first of two names, filename* ignored). Each is a
        // 400 that says why, and nothing is written.
        struct Case
        {
            const char *what;
            std::string disposition;
            const char *reason; // a word the message must hold
        };
        const std::vector<Case> cases = {
            {"backslash", "form-data; name=\"files\"; filename=\"..\\x\"", "backslash"},
            {"escaped quote", "form-data; name=\"files\"; filename=\"a\\\"b.py\"", "backslash"},
            {"unquoted backslash", "form-data; name=\"files\"; filename=..\\x", "backslash"},
            {"raw LF", "form-data; name=\"files\"; filename=\"ok.py\nevil.py\"", "LF"},
            {"raw CR", "form-data; name=\"files\"; filename=\"ok.py\revil.py\"", "CR"},
            {"control character", "form-data; name=\"files\"; filename=\"a\x01.py\"", "control"},
            {"DEL", "form-data; name=\"files\"; filename=\"a\x7f.py\"", "control"},
            {"two filenames", "form-data; name=\"files\"; filename=\"a.py\"; filename=\"b.py\"",
             "twice"},
            {"two filenames, other case",
             "form-data; name=\"files\"; filename=\"a.py\"; FILENAME=\"b.py\"", "twice"},
            {"filename*", "form-data; name=\"files\"; filename*=UTF-8''%C3%A9.py", "5987"},
            {"filename and filename*",
             "form-data; name=\"files\"; filename=\"a.py\"; filename*=UTF-8''b.py", "5987"},
            {"unterminated quote", "form-data; name=\"files\"; filename=\"a.py", "end"},
            {"C1 control (UTF-8)", "form-data; name=\"files\"; filename=\"a\xc2\x85.py\"",
             "control"},
            {"bidi override (UTF-8)",
             "form-data; name=\"files\"; filename=\"evil\xe2\x80\xaeyp.sh\"", "invisible"},
        };
        const std::string boundary = "XyZ";
        for (const Case &c : cases) {
            const std::string body = "--" + boundary + "\r\nContent-Disposition: " + c.disposition +
                                     "\r\nContent-Type: text/plain\r\n\r\nx\r\n--" + boundary +
                                     "--\r\n";
            const HttpResult r =
                http->request("POST", d() + "/files/uploads", body,
                              {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
            QVERIFY2(r.status == 400, (std::string(c.what) + " -> " + r.body).c_str());
            const std::string message = r.json()["error"]["message"].get<std::string>();
            QVERIFY2(message.find(c.reason) != std::string::npos,
                     (std::string(c.what) + ": " + message).c_str());
        }
        // A folded header line and two Content-Disposition headers are refused too.
        for (const std::string &headers :
             {std::string("Content-Disposition: form-data; name=\"files\";\r\n filename=\"a\""),
              std::string("Content-Disposition: form-data; name=\"files\"; filename=\"a\"\r\n"
                          "Content-Disposition: form-data; name=\"files\"; filename=\"b\"")}) {
            const std::string body = "--b\r\n" + headers + "\r\n\r\nx\r\n--b--\r\n";
            const HttpResult r =
                http->request("POST", d() + "/files/uploads", body,
                              {{"Content-Type", "multipart/form-data; boundary=b"}});
            QVERIFY2(r.status == 400, r.body.c_str());
        }
        const json counts = http->get(d() + "/tree").json()["counts"];
        QCOMPARE(counts["added"].get<int>() + counts["modified"].get<int>(), 0);
        // A UTF-8 name in filename is taken as it is.
        const std::string body = "--b\r\nContent-Disposition: form-data; name=\"files\"; "
                                 "filename=\"docs/za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87.md\"\r\n\r\n"
                                 "# ok\r\n--b--\r\n";
        const HttpResult r = http->request("POST", d() + "/files/uploads", body,
                                           {{"Content-Type", "multipart/form-data; boundary=b"}});
        QVERIFY2(r.status == 201, r.body.c_str());
        QCOMPARE(r.json()["files"][0]["path"], "docs/za\xc5\xbc\xc3\xb3\xc5\x82\xc4\x87.md");
    }

    void renameMoveDeleteResetAndChanges()
    {
        HttpResult r = http->post(d() + "/files/rename",
                                  {{"path", "README.md"}, {"new_path", "docs/README.md"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["status"], "added");
        r = http->post(
            d() + "/files/move",
            {{"moves", json::array({{{"path", "docs/README.md"}, {"new_path", "README.md"}},
                                    {{"path", "scripts/refresh_dashboard.sh"},
                                     {"new_path", "sql/extract_customer_renewals.sql"}}})}});
        QCOMPARE(r.status, 409); // the second lands on an existing file: neither moves
        QCOMPARE(http->get(d() + "/files?path=docs/README.md").status, 200);
        r = http->del(d() + "/files?path=pipelines/__init__.py");
        QCOMPARE(r.status, 200);
        bool deleted = false;
        const json tree = r.json();
        for (const json &e : tree["entries"])
            deleted = deleted || (e["path"] == "pipelines/__init__.py" && e["status"] == "deleted");
        QVERIFY2(deleted, r.body.substr(0, 2000).c_str());
        r = http->get(d() + "/changes");
        QCOMPARE(r.status, 200);
        std::map<std::string, std::string> statuses;
        const json changes = r.json();
        for (const json &c : changes["changes"]) {
            statuses[c["path"].get<std::string>()] = c["status"].get<std::string>();
            if (c["path"] == "README.md")
                QVERIFY(c["diff"].get<std::string>().starts_with("--- a/README.md"));
        }
        QCOMPARE(statuses["README.md"], std::string("deleted"));
        QCOMPARE(statuses["docs/README.md"], std::string("added"));
        QCOMPARE(statuses["pipelines/__init__.py"], std::string("deleted"));
        r = http->post(d() + "/files/reset-override", {{"path", "pipelines/__init__.py"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(http->get(d() + "/files?path=pipelines/__init__.py").status, 200);
        // Commit the rest to a branch: the overlay empties.
        r = http->post(d() + "/commits", {{"branch", "docs-move"}, {"message", "Move the README"}});
        QVERIFY2(r.status == 201, r.body.c_str());
        QCOMPARE(r.json()["created_branch"], true);
        QCOMPARE(r.json()["spec_path"], "pipelines/customer_renewal_load.yaml");
        // The spec did not change: the commit does not list (or touch) its file.
        QCOMPARE(r.json()["files"], json::array({"README.md", "docs/README.md"}));
        QCOMPARE(http->get(d() + "/changes").json()["changes"].size(), size_t(0));
        r = http->post(d() + "/commits", {{"branch", "docs-move"}});
        QCOMPARE(r.status, 409);
        r = http->post(d() + "/commits", {{"branch", "bad name"}});
        QCOMPARE(r.status, 400);
    }

    void changesAreCappedAsCompareIs()
    {
        // Five added text files of 3 MiB: their diffs were answered whole (16 MiB here; 82 MB
        // in the probe). Each diff is cut at 2 MiB and all of them stop at 8 MiB.
        std::string text;
        for (int line = 0; text.size() < 3 * 1024 * 1024; ++line)
            text += "line " + std::to_string(line) + " of a large generated file\n";
        for (int i = 0; i < 5; ++i) {
            const HttpResult r =
                http->put(d() + "/files",
                          {{"path", "big/f" + std::to_string(i) + ".txt"}, {"content", text}});
            QVERIFY2(r.status == 200, r.body.c_str());
        }
        const HttpResult r = http->get(d() + "/changes");
        QCOMPARE(r.status, 200);
        QVERIFY2(r.body.size() < 9 * 1024 * 1024, std::to_string(r.body.size()).c_str());
        const json changes = r.json();
        QCOMPARE(changes["truncated"], json(true));
        QCOMPARE(changes["changes"].size(), size_t(5));
        size_t total = 0;
        for (const json &c : changes["changes"]) {
            const std::string diff = c["diff"].get<std::string>();
            QVERIFY(diff.size() <= 2 * 1024 * 1024);
            QVERIFY(diff.empty() || diff.back() == '\n'); // cut at a line end
            QCOMPARE(c["diff_truncated"], json(true));
            QCOMPARE(c["status"], json("added"));
            QVERIFY(c["draft_sha"].is_string());
            total += diff.size();
        }
        QVERIFY(total <= 8 * 1024 * 1024);
        QVERIFY(changes["changes"][0]["diff"].get<std::string>().starts_with("--- /dev/null"));
        QCOMPARE(changes["changes"][4]["diff"], json("")); // past the total: left out
        // A small change is answered whole and says so.
        QCOMPARE(http->post(d() + "/files/reset-override", {{"path", "big/f0.txt"}}).status, 200);
        for (int i = 1; i < 5; ++i)
            QCOMPARE(http->post(d() + "/files/reset-override",
                                {{"path", "big/f" + std::to_string(i) + ".txt"}})
                         .status,
                     200);
        QCOMPARE(http->put(d() + "/files", {{"path", "README.md"}, {"content", "short\n"}}).status,
                 200);
        const json small = http->get(d() + "/changes").json();
        QCOMPARE(small["truncated"], json(false));
        QCOMPARE(small["changes"][0]["diff_truncated"], json(false));
    }

    void draftsHaveAQuotaPerDefinition()
    {
        // Uploads of 9 MiB each grew the database without bound. The 64 MiB quota answers 413
        // naming itself, and what was stored stays under it.
        const std::string content(4 * 1024 * 1024 + 512 * 1024, 'q');
        int stored = 0;
        HttpResult refused;
        for (int request = 0; request < 10 && refused.status == 0; ++request) {
            json files = json::array();
            for (int i = 0; i < 2; ++i)
                files.push_back(
                    {{"path", "data/" + std::to_string(request) + "-" + std::to_string(i) + ".txt"},
                     {"content", content}});
            const HttpResult r = http->post(d() + "/files/uploads", {{"files", files}});
            if (r.status == 201)
                stored += 2;
            else
                refused = r;
        }
        QCOMPARE(refused.status, 413);
        QCOMPARE(refused.errorCode(), std::string("payload_too_large"));
        const std::string message = refused.json()["error"]["message"].get<std::string>();
        QVERIFY2(message.find("64 MiB") != std::string::npos, message.c_str());
        QCOMPARE(refused.json()["error"]["details"]["max_bytes"].get<int64_t>(),
                 int64_t(64 * 1024 * 1024));
        QVERIFY(int64_t(stored) * int64_t(content.size()) <= 64 * 1024 * 1024);
        QCOMPARE(stored, 14); // 14 files fit, the 15th and 16th do not
        // Nothing of the refused request was stored; other definitions have their own quota.
        QCOMPARE(http->get(d() + "/files?path=data/7-0.txt").status, 404);
        // Making room lets the next one in.
        QCOMPARE(http->post(d() + "/files/reset-override", {{"path", "data/0-0.txt"}}).status, 200);
        QCOMPARE(
            http->put(d() + "/files", {{"path", "data/more.txt"}, {"content", content}}).status,
            200);
    }

    void readmeResolvesAndPersistsItsPath()
    {
        HttpResult r = http->get(d() + "/readme");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["path"], "dags/customer_renewal_load.md"); // deployment.readme_path
        QCOMPARE(r.json()["exists"], true);
        const std::string sha = r.json()["sha"].get<std::string>();
        const int version = http->get(d()).json()["current_version"].get<int>();
        r = http->put(d() + "/readme", {{"content", "# New text\n"}, {"base_sha", sha}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["status"], "modified");
        QCOMPARE(http->get(d()).json()["current_version"].get<int>(),
                 version); // a file, not a version
        r = http->put(d() + "/readme", {{"content", "# Stale\n"}, {"base_sha", sha}});
        QCOMPARE(r.status, 409);
        // A new path persists deployment.readme_path: one new version.
        r = http->put(d() + "/readme", {{"path", "docs/pipeline.md"}, {"content", "# Moved\n"}});
        QCOMPARE(r.status, 200);
        json definition = http->get(d()).json();
        QCOMPARE(definition["current_version"].get<int>(), version + 1);
        QCOMPARE(definition["spec"]["deployment"]["readme_path"], "docs/pipeline.md");
        QCOMPARE(http->get(d() + "/readme").json()["content"], "# Moved\n");
        // Delete: an added README goes away; the resolution still names its path.
        r = http->del(d() + "/readme");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["exists"], false);
        QCOMPARE(r.json()["path"], "docs/pipeline.md");
        QCOMPARE(http->del(d() + "/readme").status, 404);
        // Without readme_path, the DAG path with .md.
        json spec = definition["spec"];
        spec["deployment"].erase("readme_path");
        QCOMPARE(http->patch(d(), {{"spec", spec}}).status, 200);
        QCOMPARE(http->get(d() + "/readme").json()["path"], "dags/customer_renewal_load.md");
    }

    void dataFlowGitRoutes()
    {
        const std::string g = "/api/v1/git";
        const std::string repo = f->demoRepositoryId();
        HttpResult r = http->get(g + "/repos");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().size(), size_t(1));
        QCOMPARE(r.json()[0]["defaultBranch"], "main");
        QCOMPARE(r.json()[0]["workspaceIds"].size(), size_t(1));
        // A local repository; its secret never comes back.
        r = http->post(g + "/repos", {{"name", "analytics"},
                                      {"webhookSecret", "very-secret-value"},
                                      {"credentialType", "TOKEN"},
                                      {"credential", "token-value-123"}});
        QVERIFY2(r.status == 201, r.body.c_str());
        QCOMPARE(r.json()["state"], "ready");
        QVERIFY(r.body.find("very-secret-value") == std::string::npos);
        QVERIFY(r.body.find("token-value-123") == std::string::npos);
        const std::string listed = http->get(g + "/repos").body;
        QVERIFY(listed.find("very-secret-value") == std::string::npos);
        QVERIFY(listed.find("token-value-123") == std::string::npos);
        QCOMPARE(http->post(g + "/repos", {{"remoteUrl", "ftp://x/y"}}).status, 400);
        r = http->post(g + "/repos", {{"remoteUrl", "https://me:hunter2@example.com/r.git"}});
        QCOMPARE(r.status, 400);
        QVERIFY(r.body.find("hunter2") == std::string::npos);
        QCOMPARE(http->post(g + "/repos", {{"name", "v"}, {"credentialRef", "vault://x"}}).status,
                 400);
        // Two repositories now: branches need to know which.
        QCOMPARE(http->get(g + "/branches").status, 400);
        r = http->post(g + "/branches", {{"repositoryId", repo}, {"name", "feature/x"}});
        QCOMPARE(r.status, 201);
        QCOMPARE(
            http->post(g + "/branches", {{"repositoryId", repo}, {"name", "feature/x"}}).status,
            409);
        QCOMPARE(http->post(g + "/branches", {{"repositoryId", repo}, {"name", "a..b"}}).status,
                 400);
        r = http->get(g + "/branches?workspaceSlug=" + urlEncode("Demo workspace"));
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json().size(), size_t(2));
        // Merge: conflicting changes answer 409 with the paths.
        QCOMPARE(http->put(d() + "/files", {{"path", "README.md"}, {"content", "x\n"}}).status,
                 200);
        QCOMPARE(http->post(d() + "/commits", {{"branch", "feature/x"}}).status, 201);
        QCOMPARE(http->put(d() + "/files", {{"path", "README.md"}, {"content", "y\n"}}).status,
                 200);
        QCOMPARE(http->post(d() + "/commits", {{"branch", "main"}}).status, 201);
        r = http->post(g + "/merge", {{"repositoryId", repo}, {"sourceBranch", "feature/x"}});
        QCOMPARE(r.status, 409);
        QCOMPARE(r.json()["error"]["details"]["conflicts"], json::array({"README.md"}));
        QCOMPARE(
            http->post(g + "/merge", {{"repositoryId", repo}, {"sourceBranch", "nope"}}).status,
            404);
        // History, diff and rollback answer from the definition's versions.
        QCOMPARE(http->patch(d(), {{"description", "second"}}).status, 200);
        json spec = http->get(d()).json()["spec"];
        spec["nodes"][0]["label"] = "Changed label";
        QCOMPARE(http->patch(d(), {{"spec", spec}, {"change_summary", "Relabel"}}).status, 200);
        r = http->get(g + "/history/" + def + "?maxVersions=2");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["versions"].size(), size_t(2));
        const int latest = r.json()["versions"][0]["version"].get<int>();
        r = http->get(g + "/diff/" + def + "?from=1&to=" + std::to_string(latest));
        QCOMPARE(r.status, 200);
        QVERIFY(r.json()["diff"].get<std::string>().find("+    label: Changed label") !=
                std::string::npos);
        QCOMPARE(http->get(g + "/diff/" + def + "?from=1").status, 400);
        r = http->post(g + "/rollback/" + def + "/1", json::object());
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["newVersion"].get<int>(), latest + 1);
        QCOMPARE(
            http->get(Fixture::base() + "/definitions/" + def).json()["current_version"].get<int>(),
            latest + 1);
        QCOMPARE(http->post(g + "/rollback/" + def + "/999", json::object()).status, 404);
        // A viewer reads but cannot branch or merge.
        HttpClient viewer(f->port(), f->token(Role::Viewer, "vic"));
        QCOMPARE(viewer.get(g + "/branches?repositoryId=" + repo).status, 200);
        QCOMPARE(viewer.post(g + "/branches", {{"repositoryId", repo}, {"name", "v"}}).status, 403);
    }

    void webhooksVerifySignaturesAndIgnoreReplays()
    {
        // A repository connected from a remote, with a webhook secret.
        QTemporaryDir remote;
        const QString bare = remote.filePath(QStringLiteral("r.git"));
        QProcess init;
        init.start(QStringLiteral("git"),
                   {QStringLiteral("init"), QStringLiteral("-q"), QStringLiteral("--bare"),
                    QStringLiteral("--initial-branch=main"), bare});
        QVERIFY(init.waitForFinished());
        const std::string url = "file://" + bare.toStdString();
        HttpResult r =
            http->post("/api/v1/git/repos",
                       {{"remoteUrl", url}, {"defaultBranch", "main"}, {"webhookSecret", "hook"}});
        QVERIFY2(r.status == 201, r.body.c_str());
        const std::string repoId = r.json()["id"].get<std::string>();
        QTRY_VERIFY_WITH_TIMEOUT(
            http->get("/api/v1/git/repos").body.find("\"cloning\"") == std::string::npos, 20000);

        HttpClient anonymous(f->port());
        const std::string body =
            json{{"ref", "refs/heads/main"}, {"repository", {{"clone_url", url}}}}.dump();
        auto github = [&](const std::string &delivery, const std::string &signature,
                          const std::string &event) {
            return anonymous.request("POST", "/api/v1/git/webhooks", body,
                                     {{"X-GitHub-Event", event},
                                      {"X-GitHub-Delivery", delivery},
                                      {"X-Hub-Signature-256", signature}});
        };
        r = github("d-1", hmac("hook", body), "push");
        QVERIFY2(r.status == 200 && r.json()["action"] == "SYNC", r.body.c_str());
        QCOMPARE(r.json()["action"], "SYNC");
        QCOMPARE(r.json()["repositoryId"], repoId);
        QCOMPARE(r.json()["replayed"], false);
        r = github("d-1", hmac("hook", body), "push");
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["action"], "IGNORE");
        QCOMPARE(r.json()["replayed"], true);
        // A bad signature, a signature of another body, or none: 401 and nothing recorded.
        QCOMPARE(github("d-2", hmac("wrong", body), "push").status, 401);
        QCOMPARE(github("d-3", hmac("hook", body + " "), "push").status, 401);
        QCOMPARE(anonymous.request("POST", "/api/v1/git/webhooks", body).status, 401);
        r = github("d-2", hmac("hook", body), "ping");
        QCOMPARE(r.json()["action"], "IGNORE");
        QCOMPARE(r.json()["replayed"], false); // d-2 was not recorded when it was refused
        // GitLab: the token header, constant-time compared.
        const std::string gitlabBody = json{
            {"object_attributes", {{"action", "open"}, {"target_branch", "main"}}},
            {"project",
             {{"git_http_url", url}}}}.dump();
        r = anonymous.request("POST", "/api/v1/git/webhooks", gitlabBody,
                              {{"X-Gitlab-Event", "Merge Request Hook"},
                               {"X-Gitlab-Event-UUID", "g-1"},
                               {"X-Gitlab-Token", "hook"}});
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["action"], "VALIDATE");
        QCOMPARE(anonymous
                     .request("POST", "/api/v1/git/webhooks", gitlabBody,
                              {{"X-Gitlab-Event", "Merge Request Hook"}, {"X-Gitlab-Token", "hoo"}})
                     .status,
                 401);
        // A bearer token does not replace the signature.
        QCOMPARE(http->request("POST", "/api/v1/git/webhooks", body).status, 401);
    }
};

QTEST_GUILESS_MAIN(tst_RepositoryApi)
#include "tst_repositoryapi.moc"
