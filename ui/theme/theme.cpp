#include "theme.h"

#include <QFile>
#include <QFont>
#include <QHash>

#include <Qsci/qscilexer.h>
#include <Qsci/qsciscintilla.h>

#include <cmath>

namespace pw::ui {

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

CanvasColors canvasColors(const QPalette &palette)
{
    const bool dark = isDark(palette);
    CanvasColors c;
    c.background = palette.color(QPalette::Base);
    c.grid = dark ? c.background.lighter(130) : c.background.darker(106);
    c.nodeFill =
        dark ? palette.color(QPalette::Window).lighter(125) : palette.color(QPalette::Base);
    c.nodeBorder = dark ? QColor(0x6b, 0x72, 0x80) : QColor(0xb4, 0xbb, 0xc6);
    c.nodeText = palette.color(QPalette::Text);
    c.nodeSubtext = palette.color(QPalette::PlaceholderText);
    c.selection = palette.color(QPalette::Highlight);
    c.edge = dark ? QColor(0x9a, 0xa3, 0xb2) : QColor(0x6b, 0x74, 0x82);
    c.handle = palette.color(QPalette::Highlight);
    c.error = dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xd3, 0x2f, 0x2f);
    c.warning = dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xe0, 0x8e, 0x0b);
    c.added = dark ? QColor(0x4a, 0xde, 0x80) : QColor(0x1f, 0x9d, 0x55);
    c.removed = dark ? QColor(0xf8, 0x71, 0x71) : QColor(0xd3, 0x2f, 0x2f);
    c.changed = dark ? QColor(0xfb, 0xbf, 0x24) : QColor(0xd9, 0x8e, 0x04);
    return c;
}

QColor typeColor(const QString &type, const QPalette &palette)
{
    const bool dark = isDark(palette);
    QColor base;
    if (type == QLatin1String("source") || type == QLatin1String("transform") ||
        type == QLatin1String("filter") || type == QLatin1String("target"))
        base = QColor(0x0e, 0xa5, 0xa5); // data flow
    else if (type == QLatin1String("empty"))
        base = QColor(0x8b, 0x93, 0xa1); // control
    else if (type == QLatin1String("sql"))
        base = QColor(0x7c, 0x5c, 0xd6);
    else if (type == QLatin1String("http_request"))
        base = QColor(0xd9, 0x77, 0x06);
    else if (type == QLatin1String("bash"))
        base = QColor(0x3f, 0x9e, 0x4e);
    else
        base = QColor(0x25, 0x6e, 0xd8); // python and anything else
    return dark ? base.lighter(125) : base;
}

static double luminance(const QColor &colour)
{
    auto channel = [](double c) {
        return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
    };
    const QColor rgb = colour.toRgb();
    return 0.2126 * channel(rgb.redF()) + 0.7152 * channel(rgb.greenF()) +
           0.0722 * channel(rgb.blueF());
}

double contrastRatio(const QColor &a, const QColor &b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

QColor readableOn(const QColor &colour, const QColor &background, double ratio)
{
    if (contrastRatio(colour, background) >= ratio)
        return colour;
    // Away from the background: lighter on dark paper, darker on light paper.
    const bool lighten = luminance(background) < 0.18;
    float h = 0;
    float s = 0;
    float l = 0;
    colour.toHsl().getHslF(&h, &s, &l);
    QColor best = colour;
    for (int step = 1; step <= 20; ++step) {
        const float target =
            lighten ? l + (1.0f - l) * float(step) / 20.0f : l - l * float(step) / 20.0f;
        best = QColor::fromHslF(h < 0 ? 0 : h, s, target).toRgb();
        if (contrastRatio(best, background) >= ratio)
            break;
    }
    return best;
}

void styleCodeLexer(QsciLexer *lexer, const QPalette &palette, int pointSize)
{
    QFont mono(QStringLiteral("monospace"));
    mono.setStyleHint(QFont::Monospace);
    mono.setPointSize(pointSize);
    lexer->setDefaultFont(mono);
    lexer->setFont(mono);
    const QColor paper = palette.color(QPalette::Base);
    lexer->setDefaultPaper(paper);
    lexer->setPaper(paper);
    lexer->setDefaultColor(palette.color(QPalette::Text));
    // Style 0 is plain text (YAML values, for one): the palette's text colour, as everywhere.
    lexer->setColor(palette.color(QPalette::Text), 0);
    for (int style = 1; style < 128; ++style) {
        if (lexer->description(style).isEmpty())
            continue;
        lexer->setColor(readableOn(lexer->color(style), paper), style);
    }
}

void styleCodeEditor(QsciScintilla *editor, const QPalette &palette, int pointSize)
{
    if (QsciLexer *lexer = editor->lexer())
        styleCodeLexer(lexer, palette, pointSize);
    editor->setPaper(palette.color(QPalette::Base));
    editor->setColor(palette.color(QPalette::Text));
    editor->setCaretLineBackgroundColor(palette.color(QPalette::AlternateBase));
    editor->setCaretForegroundColor(palette.color(QPalette::Text));
    editor->setSelectionBackgroundColor(palette.color(QPalette::Highlight));
    editor->setSelectionForegroundColor(palette.color(QPalette::HighlightedText));
    editor->setMarginsBackgroundColor(palette.color(QPalette::Window));
    editor->setMarginsForegroundColor(palette.color(QPalette::PlaceholderText));
    editor->setFoldMarginColors(palette.color(QPalette::Window), palette.color(QPalette::Window));
}

QIcon typeIcon(const QString &iconName)
{
    static QHash<QString, QIcon> cache;
    auto it = cache.find(iconName);
    if (it != cache.end())
        return *it;
    QString path = QStringLiteral(":/pipewright/icons/%1.svg").arg(iconName);
    if (!QFile::exists(path))
        path = QStringLiteral(":/pipewright/icons/task.svg");
    return *cache.insert(iconName, QIcon(path));
}

} // namespace pw::ui
