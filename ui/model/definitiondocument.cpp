#include "definitiondocument.h"

#include "commands.h"
#include "core/app/core.h"
#include "core/spec/specvalidator.h"
#include "errortext.h"

namespace pw::ui {

DefinitionDocument::DefinitionDocument(core::Core &core, core::Actor actor, std::string id,
                                       QObject *parent)
    : QObject(parent), m_core(core), m_actor(std::move(actor)), m_id(std::move(id))
{
    qRegisterMetaType<pw::core::DefinitionPtr>();
    connect(&m_core.notifier(), &core::ChangeNotifier::changed, this,
            &DefinitionDocument::onCoreChanged);
    refresh();
}

QString DefinitionDocument::name() const
{
    return m_definition ? QString::fromStdString(m_definition->meta.name) : QString();
}

bool DefinitionDocument::canEdit() const
{
    if (!m_definition || m_definition->archivedAt)
        return false;
    auto view = m_core.definitions().get(m_actor, m_id);
    return view && view->permissions.manage;
}

void DefinitionDocument::onCoreChanged(const core::ChangeEvent &event)
{
    if (event.objectId == m_id || event.kind == core::ChangeEvent::Kind::Workspace)
        refresh();
}

void DefinitionDocument::refresh()
{
    auto view = m_core.definitions().get(m_actor, m_id);
    if (!view) {
        if (m_definition) {
            m_definition.reset();
            Q_EMIT gone();
        }
        return;
    }
    const core::DefinitionPtr next = view->definition;
    if (next == m_definition)
        return;
    const core::DefinitionPtr previous = m_definition;
    m_definition = next;
    if (!previous || previous->currentVersion != next->currentVersion)
        m_problems = core::validateSpec(next->spec, m_core.definitions().catalog());
    Q_EMIT changed(previous, next);
}

bool DefinitionDocument::report(const core::Error &error)
{
    Q_EMIT failed(errorText(error));
    return false;
}

std::optional<core::GraphEdit> DefinitionDocument::applyRaw(const core::GraphEdit &edit)
{
    auto result = m_core.definitions().editGraph(m_actor, m_id, edit, {});
    if (!result) {
        report(result.error());
        return std::nullopt;
    }
    refresh();
    return std::move(result->inverse);
}

bool DefinitionDocument::setPositionsRaw(const NodePositions &positions)
{
    auto result = m_core.definitions().setPositions(m_actor, m_id, positions);
    if (!result)
        return report(result.error());
    refresh();
    return true;
}

bool DefinitionDocument::setSpecRaw(const core::Spec &spec)
{
    core::DefinitionPatch patch;
    patch.spec = spec;
    auto result = m_core.definitions().update(m_actor, m_id, patch);
    if (!result)
        return report(result.error());
    refresh();
    return true;
}

bool DefinitionDocument::applyEdit(const core::GraphEdit &edit, const QString &text)
{
    if (!m_definition)
        return false;
    auto inverse = applyRaw(edit);
    if (!inverse)
        return false;
    m_undo.push(new GraphEditCommand(this, edit, std::move(*inverse), text));
    return true;
}

bool DefinitionDocument::moveNodes(const NodePositions &from, const NodePositions &to,
                                   const QString &text)
{
    if (!setPositionsRaw(to))
        return false;
    m_undo.push(new MoveCommand(this, from, to, text));
    return true;
}

bool DefinitionDocument::replaceSpec(const core::Spec &spec, const QString &text)
{
    if (!m_definition)
        return false;
    const core::Spec before = m_definition->spec;
    const int version = m_definition->currentVersion;
    if (!setSpecRaw(spec))
        return false;
    if (m_definition && m_definition->currentVersion != version)
        m_undo.push(new SpecCommand(this, before, spec, text.isEmpty() ? tr("Edit source") : text));
    return true;
}

bool DefinitionDocument::restoreVersion(const std::string &versionId)
{
    if (!m_definition)
        return false;
    const core::Spec before = m_definition->spec;
    auto result = m_core.definitions().restore(m_actor, m_id, versionId, {});
    if (!result)
        return report(result.error());
    refresh();
    m_undo.push(new SpecCommand(this, before, m_definition->spec, tr("Restore version")));
    return true;
}

} // namespace pw::ui
