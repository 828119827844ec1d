#include "commands.h"

namespace pw::ui {

GraphEditCommand::GraphEditCommand(DefinitionDocument *document, core::GraphEdit edit, core::GraphEdit inverse,
                                   const QString &text)
    : QUndoCommand(text), m_document(document), m_edit(std::move(edit)), m_inverse(std::move(inverse))
{
}

void GraphEditCommand::undo()
{
    if (!m_document->applyRaw(m_inverse, QObject::tr("Undo: %1").arg(text())))
        setObsolete(true);
}

void GraphEditCommand::redo()
{
    if (m_done) {
        m_done = false; // carried out before it was pushed
        return;
    }
    if (!m_document->applyRaw(m_edit, QObject::tr("Redo: %1").arg(text())))
        setObsolete(true);
}

MoveCommand::MoveCommand(DefinitionDocument *document, NodePositions from, NodePositions to, const QString &text)
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

SpecCommand::SpecCommand(DefinitionDocument *document, core::Spec before, core::Spec after, const QString &text)
    : QUndoCommand(text), m_document(document), m_before(std::move(before)), m_after(std::move(after))
{
}

void SpecCommand::undo()
{
    if (!m_document->setSpecRaw(m_before, QObject::tr("Undo: %1").arg(text())))
        setObsolete(true);
}

void SpecCommand::redo()
{
    if (m_done) {
        m_done = false;
        return;
    }
    if (!m_document->setSpecRaw(m_after, QObject::tr("Redo: %1").arg(text())))
        setObsolete(true);
}

} // namespace pw::ui
