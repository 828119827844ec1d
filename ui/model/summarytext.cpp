#include "summarytext.h"

#include <QCoreApplication>
#include <QStringList>

#include "core/definition/changesummary.h"

namespace pw::ui {

namespace {

// The translation context of the summary phrases.
class ChangeSummary
{
    Q_DECLARE_TR_FUNCTIONS(pw::ui::ChangeSummary)

public:
    static QString fieldName(const std::string &field);
    static QString partText(const core::SummaryPart &part);
};

QString ChangeSummary::fieldName(const std::string &field)
{
    if (field == "name")
        return tr("name");
    if (field == "description")
        return tr("description");
    if (field == "target")
        return tr("target");
    if (field == "workspace")
        return tr("workspace");
    if (field == "repository")
        return tr("repository");
    if (field == "spec")
        return tr("spec");
    return QString::fromStdString(field);
}

QString ChangeSummary::partText(const core::SummaryPart &part)
{
    using Kind = core::SummaryPart::Kind;
    const auto arg = [&part](size_t i) { return QString::fromStdString(part.args.at(i)); };
    const auto count = [&part] { return std::stoi(part.args.at(0)); };
    switch (part.kind) {
    case Kind::CreateDefinition:
        return tr("create definition");
    case Kind::RestoreVersion:
        return tr("restore version %1").arg(arg(0));
    case Kind::UpdateFields: {
        QStringList fields;
        for (const std::string &field : part.args)
            fields << fieldName(field);
        return tr("update %1").arg(fields.join(QStringLiteral(", ")));
    }
    case Kind::AddNode:
        return tr("add node %1").arg(arg(0));
    case Kind::AddNodes:
        return tr("add %n node(s)", nullptr, count());
    case Kind::RemoveNode:
        return tr("remove node %1").arg(arg(0));
    case Kind::RemoveNodes:
        return tr("remove %n node(s)", nullptr, count());
    case Kind::UpdateNode:
        return tr("update node %1").arg(arg(0));
    case Kind::UpdateNodes:
        return tr("update %n node(s)", nullptr, count());
    case Kind::AddDependency:
        return tr("add dependency %1 → %2").arg(arg(0), arg(1));
    case Kind::AddDependencies:
        return tr("add %n dependency(s)", nullptr, count());
    case Kind::RemoveDependency:
        return tr("remove dependency %1 → %2").arg(arg(0), arg(1));
    case Kind::RemoveDependencies:
        return tr("remove %n dependency(s)", nullptr, count());
    case Kind::ReplaceDependencies:
        return tr("replace dependencies");
    }
    return {};
}

} // namespace

QString displayChangeSummary(const std::string &stored)
{
    const auto parts = core::parseChangeSummary(stored);
    if (!parts)
        return QString::fromStdString(stored);
    QStringList texts;
    for (const core::SummaryPart &part : *parts)
        texts << ChangeSummary::partText(part);
    QString out = texts.join(QStringLiteral(", "));
    if (!out.isEmpty())
        out[0] = out[0].toUpper();
    return out;
}

} // namespace pw::ui
