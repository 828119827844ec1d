#include "actionregistry.h"

#include <QAction>

namespace pw::ui {

void ActionRegistry::add(QAction *action, Context context)
{
    m_actions.append({action, context});
}

void ActionRegistry::update(const State &state) const
{
    for (const auto &[action, context] : m_actions) {
        switch (context) {
        case Context::Always:
            action->setEnabled(true);
            break;
        case Context::Document:
            action->setEnabled(state.document);
            break;
        case Context::View:
            action->setEnabled(state.view);
            break;
        case Context::Canvas:
            action->setEnabled(state.canvas);
            break;
        case Context::EditableCanvas:
            action->setEnabled(state.canvas && state.editable);
            break;
        case Context::Editor:
            action->setEnabled(state.editor);
            break;
        case Context::Findable:
            action->setEnabled(state.canvas || state.editor);
            break;
        }
    }
}

ActionRegistry::Context ActionRegistry::contextOf(const QAction *action) const
{
    for (const auto &[a, context] : m_actions) {
        if (a == action)
            return context;
    }
    return Context::Always;
}

} // namespace pw::ui
