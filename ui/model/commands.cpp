#include "commands.h"

namespace pw::ui {

GraphEditCommand::GraphEditCommand(DefinitionDocument *document, core::GraphEdit edit,
                                   core::GraphEdit inverse, const QString &text)
    : QUndoCommand(text), m_document(document), m_edit(std::move(edit)),
      m_inverse(std::move(inverse))
{
}

// Each replay takes its opposite from core's answer, computed against the graph it changed,
// so a step undoes exactly what it did even after other faces changed the definition.
void GraphEditCommand::undo()
{
    auto redo = m_document->applyRaw(m_inverse);
    if (!redo)
        setObsolete(true);
    else
        m_edit = std::move(*redo);
}

void GraphEditCommand::redo()
{
    if (m_done) {
        m_done = false; // carried out before it was pushed
        return;
    }
    auto undo = m_document->applyRaw(m_edit);
    if (!undo)
        setObsolete(true);
    else
        m_inverse = std::move(*undo);
}

MoveCommand::MoveCommand(DefinitionDocument *document, NodePositions from, NodePositions to,
                         const QString &text)
    : QUndoCommand(text), m_document(document), m_from(std::move(from)), m_to(std::move(to))
{
}

void MoveCommand::undo()
{
    if (!m_document->setPositionsRaw(m_from))
        setObsolete(true);
}

void MoveCommand::redo()
{
    if (m_done) {
        m_done = false;
        return;
    }
    if (!m_document->setPositionsRaw(m_to))
        setObsolete(true);
}

SpecCommand::SpecCommand(DefinitionDocument *document, core::Spec before, core::Spec after,
                         const QString &text)
    : QUndoCommand(text), m_document(document), m_before(std::move(before)),
      m_after(std::move(after))
{
}

void SpecCommand::undo()
{
    if (!m_document->setSpecRaw(m_before))
        setObsolete(true);
}

void SpecCommand::redo()
{
    if (m_done) {
        m_done = false;
        return;
    }
    if (!m_document->setSpecRaw(m_after))
        setObsolete(true);
}

} // namespace pw::ui
