#pragma once

#include <QString>

class QObject;
class QsciLexer;

namespace pw::ui {

// The QScintilla lexer for a core language name (python, yaml, sql, json, markdown, bash,
// diff), or nullptr for plain text. Its keywords also feed the editor's completion list.
QsciLexer *lexerForLanguage(const QString &language, QObject *parent);

} // namespace pw::ui
