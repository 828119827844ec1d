#pragma once

#include <QString>

class QObject;
class QsciLexer;

namespace pw::ui {

// The QScintilla lexer for a core language name (python, yaml, sql, json, markdown, bash,
// diff), or nullptr for plain text. Its keywords also feed the editor's completion list.
QsciLexer *lexerForLanguage(const QString &language, QObject *parent);

// Completes the lexer's keywords (with the document's own words, which the editor adds). Kept
// synchronous on purpose: QsciAPIs prepares its list on a worker thread that its destructor
// terminates after 500 ms, which aborts the process when an editor closes on a busy machine.
void addKeywordCompletion(QsciLexer *lexer);

} // namespace pw::ui
