#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

class QsciLexer;
class QsciScintilla;

namespace pw::ui {

// Colours of the canvas and panels, derived from the application palette so the window follows
// the system's light or dark theme.
struct CanvasColors
{
    QColor background;
    QColor grid;
    QColor nodeFill;
    QColor nodeBorder;
    QColor nodeText;
    QColor nodeSubtext;
    QColor selection;
    QColor edge;
    QColor handle;
    QColor error;
    QColor warning;
    QColor added;
    QColor removed;
    QColor changed;
};

bool isDark(const QPalette &palette);
CanvasColors canvasColors(const QPalette &palette);
// The accent colour of a node type's category (tasks, control, data flow).
QColor typeColor(const QString &type, const QPalette &palette);
// `colour` adjusted in lightness (hue kept) until it reads on `background` with a contrast
// ratio of at least `ratio` (WCAG 2 relative luminance); unchanged when it already does.
QColor readableOn(const QColor &colour, const QColor &background, double ratio = 4.5);
double contrastRatio(const QColor &a, const QColor &b);
// A code editor's lexer in the palette's colours: monospace, the Base paper for every style,
// and every style's colour made readable on it (the lexers' own colours are made for white).
void styleCodeLexer(QsciLexer *lexer, const QPalette &palette, int pointSize);
// A code editor in the palette's colours: its lexer as above, caret, caret line, selection and
// margins. Editors call it when made and again on every palette change.
void styleCodeEditor(QsciScintilla *editor, const QPalette &palette, int pointSize);
// The node type's icon (resources/icons/<icon>.svg), falling back to a generic one.
QIcon typeIcon(const QString &iconName);

} // namespace pw::ui
