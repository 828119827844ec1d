#include "codelexer.h"

#include <algorithm>

#include <Qsci/qsciabstractapis.h>
#include <Qsci/qscilexerbash.h>
#include <Qsci/qscilexerdiff.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexermarkdown.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qscilexeryaml.h>

namespace pw::ui {

namespace {

// The lexer's keywords, sorted, offered for the word being typed.
class KeywordApis : public QsciAbstractAPIs
{
public:
    explicit KeywordApis(QsciLexer *lexer) : QsciAbstractAPIs(lexer)
    {
        for (int set = 1; set <= 9; ++set) {
            if (const char *words = lexer->keywords(set))
                m_words += QString::fromLatin1(words).split(QLatin1Char(' '), Qt::SkipEmptyParts);
        }
        m_words.sort();
        m_words.removeDuplicates();
    }

    void updateAutoCompletionList(const QStringList &context, QStringList &list) override
    {
        const QString typed = context.isEmpty() ? QString() : context.last();
        if (typed.isEmpty())
            return;
        const Qt::CaseSensitivity cs =
            lexer()->caseSensitive() ? Qt::CaseSensitive : Qt::CaseInsensitive;
        for (const QString &word : std::as_const(m_words)) {
            if (word.startsWith(typed, cs) && word != typed && !list.contains(word))
                list << word;
        }
    }

    QStringList callTips(const QStringList &, int, QsciScintilla::CallTipsStyle,
                         QList<int> &) override
    {
        return {};
    }

private:
    QStringList m_words;
};

} // namespace

QsciLexer *lexerForLanguage(const QString &language, QObject *parent)
{
    if (language == QLatin1String("python"))
        return new QsciLexerPython(parent);
    if (language == QLatin1String("yaml"))
        return new QsciLexerYAML(parent);
    if (language == QLatin1String("sql"))
        return new QsciLexerSQL(parent);
    if (language == QLatin1String("json"))
        return new QsciLexerJSON(parent);
    if (language == QLatin1String("markdown"))
        return new QsciLexerMarkdown(parent);
    if (language == QLatin1String("bash"))
        return new QsciLexerBash(parent);
    if (language == QLatin1String("diff"))
        return new QsciLexerDiff(parent);
    return nullptr;
}

void addKeywordCompletion(QsciLexer *lexer)
{
    if (lexer)
        new KeywordApis(lexer); // owned by the lexer, which uses it from now on
}

} // namespace pw::ui
