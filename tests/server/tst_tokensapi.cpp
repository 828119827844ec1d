// API tokens over real HTTP: a caller's own tokens (/api/v1.0/me/tokens) and a space admin's
// view (…/pipeline-authoring/tokens): what each may list and revoke, that no answer holds a
// secret, and that a revoked or expired token is refused from the next request.
#include <QTest>

#include <set>

#include "support/fixtures.h"

using namespace pw::core;
using nlohmann::json;
using pw::test::Fixture;
using pw::test::HttpClient;
using pw::test::HttpResult;

namespace {

const std::string kOwn = "/api/v1.0/me/tokens";

std::string spaceTokens(const std::string &space = "default")
{
    return Fixture::base(space) + "/tokens";
}

std::set<std::string> namesIn(const json &list)
{
    std::set<std::string> out;
    for (const json &t : list)
        out.insert(t.at("name").get<std::string>());
    return out;
}

} // namespace

class tst_TokensApi : public QObject
{
    Q_OBJECT

private slots:
    void ownTokensNeverShowASecretAndMarkTheCurrentOne()
    {
        Fixture f(true);
        auto laptop = f.core().access().createToken("default", "alice", Role::Editor, "laptop");
        auto ci = f.core().access().createToken("default", "alice", Role::Editor, "ci",
                                                std::chrono::days(30));
        f.core().access().createToken("default", "bob", Role::Editor, "bob's");
        HttpClient http(f.port(), laptop->token);
        const HttpResult r = http.get(kOwn);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.header("x-total-count"), std::string("2"));
        QVERIFY(r.header("link").find("rel=\"first\"") != std::string::npos);
        const json list = r.json();
        QCOMPARE(namesIn(list), (std::set<std::string>{"laptop", "ci"}));
        for (const json &t : list) {
            const bool isLaptop = t["id"] == laptop->tokenId;
            QCOMPARE(t["current"].get<bool>(), isLaptop);
            QCOMPARE(t["user_name"], json("alice"));
            QVERIFY(t["created_at"].is_string());
            QVERIFY(t["last_used_at"].is_string() == isLaptop); // ci was never used
            QVERIFY(t["expires_at"].is_string() == !isLaptop);
            QCOMPARE(t["expired"], json(false));
        }
        for (const std::string &secret : {laptop->token, ci->token}) {
            QVERIFY(r.body.find(secret) == std::string::npos);
            QVERIFY(r.body.find(AccessService::hashToken(secret)) == std::string::npos);
        }
        // Paging as every list: page_size 1 gives one, with a next link.
        const HttpResult page = http.get(kOwn + "?page_size=1");
        QCOMPARE(page.json().size(), size_t(1));
        QVERIFY(page.header("link").find("rel=\"next\"") != std::string::npos);
        QCOMPARE(http.get(kOwn + "?page=0").status, 400);
        QCOMPARE(http.get(kOwn + "?page=0").errorCode(), std::string("invalid"));
    }

    void revokingTheCurrentTokenAnswersAndRefusesTheNextRequest()
    {
        Fixture f(true);
        auto laptop = f.core().access().createToken("default", "alice", Role::Editor, "laptop");
        auto ci = f.core().access().createToken("default", "alice", Role::Editor, "ci");
        HttpClient http(f.port(), laptop->token);
        // Another of one's own tokens first.
        HttpResult r = http.del(kOwn + "/" + ci->tokenId);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["current"], json(false));
        QVERIFY(r.json()["revoked_at"].is_string());
        QCOMPARE(HttpClient(f.port(), ci->token).get(kOwn).status, 401);
        // Gone once revoked.
        QCOMPARE(http.del(kOwn + "/" + ci->tokenId).status, 404);
        // Then the current one: its own answer goes out, the next request is refused as an
        // unknown token would be.
        r = http.del(kOwn + "/" + laptop->tokenId);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["current"], json(true));
        const HttpResult after = http.get(kOwn);
        QCOMPARE(after.status, 401);
        const HttpResult unknown = HttpClient(f.port(), "pw_" + std::string(64, 'f')).get(kOwn);
        QCOMPARE(after.json()["error"]["message"], unknown.json()["error"]["message"]);
        QCOMPARE(after.errorCode(), std::string("unauthenticated"));
    }

    void nobodyRevokesAnotherUsersTokenThroughTheirOwnList()
    {
        Fixture f(true);
        auto alice = f.core().access().createToken("default", "alice", Role::Admin, "alice");
        auto bob = f.core().access().createToken("default", "bob", Role::Viewer, "bob");
        // Even a space admin: /me is one's own; another user's token is not found there.
        HttpClient http(f.port(), alice->token);
        QCOMPARE(http.del(kOwn + "/" + bob->tokenId).status, 404);
        QCOMPARE(http.del(kOwn + "/no-such-token").status, 404);
        QCOMPARE(HttpClient(f.port(), bob->token).get(kOwn).status, 200);
    }

    void spaceAdminListsAndRevokesMembersTokens()
    {
        Fixture f(true);
        AccessService &access = f.core().access();
        QVERIFY(access.createSpace("other", "Other").has_value());
        auto ada = access.createToken("default", "ada", Role::Admin, "ada");
        auto erin = access.createToken("default", "erin", Role::Editor, "erin laptop");
        auto vic = access.createToken("default", "vic", Role::Viewer, "vic");
        auto mia = access.createToken("default", "mia", Role::Viewer, "mia");
        QVERIFY(access.createToken("other", "mia", Role::Admin, "mia other").has_value());
        auto olga = access.createToken("other", "olga", Role::Admin, "olga");
        HttpClient admin(f.port(), ada->token);

        HttpResult r = admin.get(spaceTokens());
        QCOMPARE(r.status, 200);
        const std::set<std::string> names = namesIn(r.json());
        QVERIFY(names.contains("erin laptop"));
        QVERIFY(names.contains("vic"));
        // mia also belongs to a space ada does not administer: her tokens are not ada's to
        // see or revoke (nor is "other" mentioned anywhere).
        QVERIFY(!names.contains("mia"));
        QVERIFY(!names.contains("mia other"));
        QVERIFY(!names.contains("olga"));
        QVERIFY(r.body.find("other") == std::string::npos);
        QCOMPARE(r.header("x-total-count"), std::to_string(r.json().size()));
        r = admin.get(spaceTokens() + "?user_id=" + erin->userId);
        QCOMPARE(namesIn(r.json()), std::set<std::string>{"erin laptop"});

        QCOMPARE(admin.del(spaceTokens() + "/" + mia->tokenId).status, 404);
        QCOMPARE(admin.del(spaceTokens() + "/" + olga->tokenId).status, 404);
        QCOMPARE(HttpClient(f.port(), mia->token).get(kOwn).status, 200);

        r = admin.del(spaceTokens() + "/" + erin->tokenId);
        QCOMPARE(r.status, 200);
        QCOMPARE(r.json()["user_id"], json(erin->userId));
        QCOMPARE(HttpClient(f.port(), erin->token).get(kOwn).status, 401);

        // Members who are not admins: forbidden; olga, an admin elsewhere: the space is not
        // found, as for every route of a space one has no role in.
        HttpClient viewer(f.port(), vic->token);
        QCOMPARE(viewer.get(spaceTokens()).status, 403);
        QCOMPARE(viewer.del(spaceTokens() + "/" + ada->tokenId).status, 403);
        QCOMPARE(HttpClient(f.port(), ada->token).get(kOwn).status, 200);
        QCOMPARE(HttpClient(f.port(), olga->token).get(spaceTokens()).status, 404);
        QCOMPARE(HttpClient(f.port(), olga->token).get(spaceTokens("other")).status, 200);
    }

    void oddIdsAndFiltersAreNotFoundOrEmptyAndChangeNothing()
    {
        Fixture f(true);
        auto ada = f.core().access().createToken("default", "ada", Role::Admin, "ada");
        auto erin = f.core().access().createToken("default", "erin", Role::Editor, "erin");
        HttpClient admin(f.port(), ada->token);
        for (const std::string &id :
             {std::string("%27%20OR%201%3D1%20--"), std::string("%00"), std::string(2000, 'a'),
              std::string("..%2F..%2Fetc"), std::string("%E2%80%AE")}) {
            for (const std::string &base : {kOwn, spaceTokens()}) {
                const HttpResult r = admin.del(base + "/" + id);
                QVERIFY2(r.status == 404 || r.status == 400, (base + "/" + id).c_str());
                QCOMPARE(r.header("content-type"), std::string("application/json"));
            }
        }
        const HttpResult filtered = admin.get(spaceTokens() + "?user_id=%27%20OR%20%271%27%3D%271");
        QCOMPARE(filtered.status, 200);
        QCOMPARE(filtered.json().size(), size_t(0));
        QCOMPARE(HttpClient(f.port(), erin->token).get(kOwn).status, 200);
        QCOMPARE(admin.get(spaceTokens()).json().size(), size_t(2));
    }

    void expiredTokenIsRefused()
    {
        Fixture f(true);
        // Set before the server reads the clock.
        auto clock = std::make_shared<std::chrono::system_clock::time_point>(
            std::chrono::system_clock::now() + std::chrono::hours(2));
        auto created = f.core().access().createToken("default", "alice", Role::Editor, "short",
                                                     std::chrono::hours(1));
        f.core().access().setClockForTest([clock] { return *clock; });
        const HttpResult r = HttpClient(f.port(), created->token).get(kOwn);
        QCOMPARE(r.status, 401);
        QCOMPARE(r.errorCode(), std::string("unauthenticated"));
    }
};

QTEST_GUILESS_MAIN(tst_TokensApi)
#include "tst_tokensapi.moc"
