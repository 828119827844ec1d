#pragma once

#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QString>

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
// The node type's icon (resources/icons/<icon>.svg), falling back to a generic one.
QIcon typeIcon(const QString &iconName);

} // namespace pw::ui
