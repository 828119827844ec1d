#include <QRandomGenerator>
#include <QTest>

#include "core/util/textdiff.h"

using namespace pw::core;

namespace {

std::string join(const std::vector<std::string> &lines)
{
    std::string out;
    for (const std::string &l : lines)
        out += l + "\n";
    return out;
}

// Length of the longest common subsequence, by dynamic programming (the oracle).
size_t lcs(const std::vector<std::string_view> &a, const std::vector<std::string_view> &b)
{
    std::vector<std::vector<size_t>> t(a.size() + 1, std::vector<size_t>(b.size() + 1, 0));
    for (size_t i = 1; i <= a.size(); ++i)
        for (size_t j = 1; j <= b.size(); ++j)
            t[i][j] =
                a[i - 1] == b[j - 1] ? t[i - 1][j - 1] + 1 : std::max(t[i - 1][j], t[i][j - 1]);
    return t[a.size()][b.size()];
}

} // namespace

class tst_TextDiff : public QObject
{
    Q_OBJECT

private slots:
    void equalTextsHaveNoDiff()
    {
        QCOMPARE(unifiedDiff("a\nb\n", "a\nb\n", "x", "y"), std::string());
    }

    void unifiedLayout()
    {
        const std::string a = join({"1", "2", "3", "4", "5", "6", "7", "8", "9", "10"});
        const std::string b = join({"1", "2", "3", "4", "five", "6", "7", "8", "9", "10", "11"});
        const std::string expected = "--- old\n+++ new\n"
                                     "@@ -2,9 +2,10 @@\n"
                                     " 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n 9\n 10\n+11\n";
        QCOMPARE(unifiedDiff(a, b, "old", "new"), expected);
    }

    void separateHunks()
    {
        std::vector<std::string> lines;
        for (int i = 1; i <= 30; ++i)
            lines.push_back(std::to_string(i));
        std::vector<std::string> changed = lines;
        changed[1] = "two";
        changed[27] = "twenty-eight";
        const std::string diff = unifiedDiff(join(lines), join(changed), "a", "b");
        QVERIFY(diff.find("@@ -1,5 +1,5 @@") != std::string::npos);
        QVERIFY(diff.find("@@ -25,6 +25,6 @@") != std::string::npos);
    }

    void insertIntoEmpty()
    {
        QCOMPARE(unifiedDiff("", "a\n", "x", "y"),
                 std::string("--- x\n+++ y\n@@ -0,0 +1 @@\n+a\n"));
    }

    void randomDiffsAreMinimalAndReconstructBothSides()
    {
        QRandomGenerator rng(12345);
        for (int round = 0; round < 300; ++round) {
            std::vector<std::string> a;
            std::vector<std::string> b;
            const int n = static_cast<int>(rng.bounded(25));
            const int m = static_cast<int>(rng.bounded(25));
            for (int i = 0; i < n; ++i)
                a.push_back(std::string(1, static_cast<char>('a' + rng.bounded(4))));
            for (int i = 0; i < m; ++i)
                b.push_back(std::string(1, static_cast<char>('a' + rng.bounded(4))));
            const std::string ta = join(a);
            const std::string tb = join(b);
            const auto lines = diffLines(ta, tb);
            std::vector<std::string> oldSide;
            std::vector<std::string> newSide;
            size_t equal = 0;
            for (const DiffLine &l : lines) {
                if (l.op != DiffLine::Op::Insert)
                    oldSide.emplace_back(l.text);
                if (l.op != DiffLine::Op::Delete)
                    newSide.emplace_back(l.text);
                equal += l.op == DiffLine::Op::Equal ? 1 : 0;
            }
            QCOMPARE(oldSide, a);
            QCOMPARE(newSide, b);
            QCOMPARE(equal, lcs(splitLines(ta), splitLines(tb)));
        }
    }

    void editCapFallsBackToReplacingTheMiddle()
    {
        std::vector<std::string> a;
        std::vector<std::string> b;
        for (int i = 0; i < 100; ++i) {
            a.push_back("a" + std::to_string(i));
            b.push_back("b" + std::to_string(i));
        }
        const auto lines = diffLines(join(a), join(b), 10);
        size_t deletes = 0;
        size_t inserts = 0;
        for (const DiffLine &l : lines) {
            deletes += l.op == DiffLine::Op::Delete;
            inserts += l.op == DiffLine::Op::Insert;
        }
        QCOMPARE(deletes, size_t(100));
        QCOMPARE(inserts, size_t(100));
    }
};

QTEST_GUILESS_MAIN(tst_TextDiff)
#include "tst_textdiff.moc"
