#pragma once

#include <QList>
#include <QPair>

class QAction;

namespace pw::ui {

// Which window actions can run now: each action is registered with the context it needs, and
// one update enables them all from the window's state (instead of guessing from names).
class ActionRegistry
{
public:
    enum class Context
    {
        Always,         // settings, palette, help
        Document,       // a definition is open in the current tab (source, compare)
        View,           // the current tab shows a graph: a canvas or a comparison (zoom)
        Canvas,         // the current tab is a canvas (select, export)
        EditableCanvas, // ... and its definition may be changed (add, delete, layout)
        Editor,         // the current tab is a code editor (save, replace, go to line)
        Findable,       // the current tab can find: a canvas (nodes) or an editor (text)
    };
    struct State
    {
        bool document = false;
        bool view = false;
        bool canvas = false;
        bool editable = false;
        bool editor = false;
    };

    void add(QAction *action, Context context);
    void update(const State &state) const;
    Context contextOf(const QAction *action) const;

private:
    QList<QPair<QAction *, Context>> m_actions;
};

} // namespace pw::ui
