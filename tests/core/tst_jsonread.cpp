#include <QTest>

#include "core/spec/yamljson.h"
#include "core/util/jsonread.h"

using namespace pw::core;
using nlohmann::json;

namespace {

std::string nested(int depth)
{
    return std::string(static_cast<size_t>(depth), '[') + "1" +
           std::string(static_cast<size_t>(depth), ']');
}

} // namespace

class tst_JsonRead : public QObject
{
    Q_OBJECT

private slots:
    void readsOneValue()
    {
        QCOMPARE(*parseJson(R"( {"a": [1, 2.5, "x", null, true]} )"),
                 json::parse(R"({"a": [1, 2.5, "x", null, true]})"));
        QCOMPARE(*parseJson("7"), json(7));
        QCOMPARE(*parseJson("18446744073709551615"), json(18446744073709551615ull));
        // Duplicate keys: the last one wins, as in nlohmann's own reader.
        QCOMPARE(*parseJson(R"({"a": 1, "a": 2})"), json::parse(R"({"a": 2})"));
    }

    void refusesWhatIsNotExactlyOneValue_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("words"); // a part of the message
        QTest::addColumn<int>("byte");      // -1: no byte reported
        QTest::newRow("empty") << QByteArray("") << "not valid" << -1;
        QTest::newRow("truncated") << QByteArray("{\"a\": ") << "not valid" << -1;
        QTest::newRow("overflow") << QByteArray("{\"spec\": 1e999}") << "out of range" << 14;
        QTest::newRow("negative overflow") << QByteArray("[-1e999]") << "out of range" << 7;
        QTest::newRow("NUL after the value")
            << QByteArray("{\"name\":\"ws\"}\0garbage", 22) << "NUL" << 13;
        QTest::newRow("NUL inside a string") << QByteArray("[\"a\0b\"]", 7) << "NUL" << 3;
        QTest::newRow("second value") << QByteArray("{} {}") << "not valid" << 4;
        QTest::newRow("bad UTF-8") << QByteArray("[\"\xff\"]") << "not valid" << 3;
        QTest::newRow("lone surrogate") << QByteArray("[\"\\ud800\"]") << "not valid" << -1;
        QTest::newRow("NaN") << QByteArray("[NaN]") << "not valid" << 2;
        QTest::newRow("too deep") << QByteArray::fromStdString(nested(kMaxJsonDepth + 1))
                                  << "deeper than 256" << -1;
    }

    void refusesWhatIsNotExactlyOneValue()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, words);
        QFETCH(int, byte);
        const auto parsed =
            parseJson(std::string_view(text.constData(), static_cast<size_t>(text.size())));
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().code, ErrorCode::Invalid);
        QVERIFY2(parsed.error().message.find(words.toStdString()) != std::string::npos,
                 parsed.error().message.c_str());
        if (byte >= 0)
            QCOMPARE(parsed.error().details["byte"], json(byte));
    }

    void anErrorQuotesLittleOfTheInput()
    {
        // A 400 KB number, or a long token nlohmann stops in, comes back as a short message.
        const std::string number = "[1" + std::string(400000, '0') + "e999999]";
        auto parsed = parseJson(number);
        QVERIFY(!parsed.has_value());
        QVERIFY2(parsed.error().message.find("out of range") != std::string::npos,
                 parsed.error().message.c_str());
        QVERIFY2(parsed.error().message.size() < 200, parsed.error().message.c_str());
        const std::string literal = "[" + std::string(400000, 't') + "]";
        parsed = parseJson(literal);
        QVERIFY(!parsed.has_value());
        QVERIFY2(parsed.error().message.size() < 200, parsed.error().message.c_str());
    }

    void depthLimitIsExact()
    {
        QVERIFY(parseJson(nested(kMaxJsonDepth)).has_value());
        QVERIFY(!parseJson(nested(kMaxJsonDepth + 1)).has_value());
        QCOMPARE(parseJson(nested(kMaxJsonDepth + 1)).error().details["max_depth"],
                 json(kMaxJsonDepth));
        // Far deeper text is refused without a deep recursion anywhere.
        const std::string objects = [] {
            std::string s;
            for (int i = 0; i < 200000; ++i)
                s += "{\"a\":";
            return s + "1" + std::string(200000, '}');
        }();
        QVERIFY(!parseJson(objects).has_value());
        QVERIFY(parseJson("[" + nested(9) + "]", 10).has_value());
        QVERIFY(!parseJson("[" + nested(10) + "]", 10).has_value());
    }

    void depthIsMeasuredWithoutRecursion()
    {
        QCOMPARE(jsonDepth(json(1)), 0);
        QCOMPARE(jsonDepth(json::array()), 1);
        QCOMPARE(jsonDepth(json::parse(R"({"a": [{}], "b": 1})")), 3);
        QCOMPARE(jsonDepth(json::parse(nested(40))), 40);
        json deep = json::parse(nested(kMaxJsonDepth));
        QCOMPARE(jsonDepth(deep, 10), 11); // stops counting past the limit
    }

    void stringMemberNeverThrows()
    {
        QCOMPARE(stringMember(json::parse(R"({"a": "x", "b": 2})"), "a"), std::string("x"));
        QCOMPARE(stringMember(json::parse(R"({"a": "x", "b": 2})"), "b", "fallback"),
                 std::string("fallback"));
        QCOMPARE(stringMember(json::parse("[1]"), "a", "f"), std::string("f"));
        QCOMPARE(stringMember(json(json::value_t::discarded), "a"), std::string());
    }

    void yamlIsBoundedToo()
    {
        // Nesting deeper than JSON may nest.
        std::string deep;
        for (int i = 0; i < kMaxJsonDepth + 1; ++i)
            deep += std::string(static_cast<size_t>(i) * 2, ' ') + "- \n";
        auto parsed = yamlToJson("a: " + nested(kMaxJsonDepth + 1));
        QVERIFY(!parsed.has_value());
        QVERIFY2(parsed.error().message.find("deeper than 256") != std::string::npos,
                 parsed.error().message.c_str());
        QVERIFY(yamlToJson("a: " + nested(kMaxJsonDepth - 1)).has_value());
        // A billion laughs: nine levels of ten aliases expand to 10^9 values; refused quickly.
        std::string bomb =
            "a: &a "
            "[\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
        for (char c = 'b'; c <= 'i'; ++c) {
            const char p = static_cast<char>(c - 1);
            bomb += std::string(1, c) + ": &" + c + " [";
            for (int i = 0; i < 10; ++i)
                bomb += std::string(i ? "," : "") + "*" + p;
            bomb += "]\n";
        }
        parsed = yamlToJson(bomb);
        QVERIFY(!parsed.has_value());
        QVERIFY2(parsed.error().message.find("aliases") != std::string::npos,
                 parsed.error().message.c_str());
        // JSON through the JSON-or-YAML reader gets the same checks and a line number.
        parsed = parseJsonOrYaml("{\n\"a\":\n1e999}");
        QVERIFY(!parsed.has_value());
        QCOMPARE(parsed.error().details["line"], json(3));
    }
};

QTEST_GUILESS_MAIN(tst_JsonRead)
#include "tst_jsonread.moc"
