#pragma once

#include <memory>
#include <string>
#include <vector>

#include <QObject>
#include <QUndoStack>

#include "core/access/access.h"
#include "core/definition/definitionservice.h"
#include "core/events/changenotifier.h"

namespace pw::core {
class Core;
}

namespace pw::ui {

using NodePositions = std::vector<std::pair<std::string, core::Position>>;

// One open definition in the window: the current core definition, refreshed only from core
// change events, and the undo stack. Every edit is one core mutation (so one version, or a
// layout change for moves) and one undo step whose undo is the inverse mutation.
class DefinitionDocument : public QObject
{
    Q_OBJECT
public:
    DefinitionDocument(core::Core &core, core::Actor actor, std::string id,
                       QObject *parent = nullptr);

    const std::string &id() const { return m_id; }
    core::Core &core() { return m_core; }
    const core::Actor &actor() const { return m_actor; }
    core::DefinitionPtr definition() const { return m_definition; }
    bool isValid() const { return m_definition != nullptr; }
    bool canEdit() const;
    const core::Problems &problems() const { return m_problems; }
    QUndoStack *undoStack() { return &m_undo; }
    QString name() const;

    // User actions: one undo step each; a failure is reported through failed() and changes
    // nothing. `text` names the undo step in the window; the version's change summary is
    // written by core, in one language for everyone who reads the history.
    bool applyEdit(const core::GraphEdit &edit, const QString &text);
    bool moveNodes(const NodePositions &from, const NodePositions &to, const QString &text);
    bool replaceSpec(const core::Spec &spec, const QString &text);
    bool restoreVersion(const std::string &versionId);

    // The raw mutations the undo commands replay. applyRaw answers the edit that undoes the one
    // applied, as core computed it inside the write (nullopt on failure).
    std::optional<core::GraphEdit> applyRaw(const core::GraphEdit &edit);
    bool setPositionsRaw(const NodePositions &positions);
    bool setSpecRaw(const core::Spec &spec);

public Q_SLOTS:
    void refresh();

Q_SIGNALS:
    // The definition changed: new content, a new version, or only positions.
    void changed(pw::core::DefinitionPtr previous, pw::core::DefinitionPtr current);
    void failed(const QString &message);
    void gone();

private:
    void onCoreChanged(const core::ChangeEvent &event);
    bool report(const core::Error &error);

    core::Core &m_core;
    core::Actor m_actor;
    std::string m_id;
    core::DefinitionPtr m_definition;
    core::Problems m_problems;
    QUndoStack m_undo;
};

} // namespace pw::ui

Q_DECLARE_METATYPE(pw::core::DefinitionPtr)
