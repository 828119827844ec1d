#pragma once

#include <QUndoCommand>

#include "core/definition/graphedit.h"
#include "definitiondocument.h"

namespace pw::ui {

// Undo steps. Each was already carried out when pushed; redo replays the mutation and undo
// applies its inverse. When another client changed the graph so that a replay no longer
// applies, the step reports why and leaves the stack.
class GraphEditCommand : public QUndoCommand
{
public:
    GraphEditCommand(DefinitionDocument *document, core::GraphEdit edit, core::GraphEdit inverse,
                     const QString &text);
    void undo() override;
    void redo() override;

private:
    DefinitionDocument *m_document;
    core::GraphEdit m_edit;
    core::GraphEdit m_inverse;
    bool m_done = true;
};

class MoveCommand : public QUndoCommand
{
public:
    MoveCommand(DefinitionDocument *document, NodePositions from, NodePositions to,
                const QString &text);
    void undo() override;
    void redo() override;

private:
    DefinitionDocument *m_document;
    NodePositions m_from;
    NodePositions m_to;
    bool m_done = true;
};

class SpecCommand : public QUndoCommand
{
public:
    SpecCommand(DefinitionDocument *document, core::Spec before, core::Spec after,
                const QString &text);
    void undo() override;
    void redo() override;

private:
    DefinitionDocument *m_document;
    core::Spec m_before;
    core::Spec m_after;
    bool m_done = true;
};

} // namespace pw::ui
