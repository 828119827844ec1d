#include "codelexer.h"

#include <Qsci/qscilexerbash.h>
#include <Qsci/qscilexerdiff.h>
#include <Qsci/qscilexerjson.h>
#include <Qsci/qscilexermarkdown.h>
#include <Qsci/qscilexerpython.h>
#include <Qsci/qscilexersql.h>
#include <Qsci/qscilexeryaml.h>

namespace pw::ui {

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

} // namespace pw::ui
