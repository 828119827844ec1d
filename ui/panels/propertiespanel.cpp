#include "propertiespanel.h"

#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QVBoxLayout>

#include "core/app/core.h"
#include "core/definition/graphedit.h"
#include "core/spec/specio.h"
#include "core/spec/specvalidator.h"
#include "core/util/jsonread.h"
#include "formframe.h"
#include "ui/model/definitiondocument.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

QString jsonText(const nlohmann::json &value)
{
    return value.is_null() ? QString() : QString::fromStdString(value.dump(2));
}

// A field's message line: always in the form and one line high, so a message coming or going
// never moves the fields under the pointer. A long message is elided; the tooltip has it all.
class FieldMessage : public QLabel
{
public:
    FieldMessage()
    {
        setFixedHeight(fontMetrics().height());
        setTextFormat(Qt::PlainText);
    }
    void setMessage(const QString &message)
    {
        m_message = message;
        setToolTip(message);
        showElided();
    }
    QString message() const { return m_message; }

protected:
    void resizeEvent(QResizeEvent *event) override
    {
        QLabel::resizeEvent(event);
        showElided();
    }

private:
    void showElided()
    {
        setText(fontMetrics().elidedText(m_message, Qt::ElideRight, std::max(0, width())));
    }
    QString m_message;
};

} // namespace

PropertiesPanel::PropertiesPanel(QWidget *parent) : QWidget(parent)
{
    const FormFrame frame = buildFormFrame(
        this, {tr("Apply"), tr("Save the changes as one new version (Ctrl+Return)"), tr("Revert")},
        [this] { apply(); }, [this] { revert(); });
    m_header = frame.header;
    m_header->setTextFormat(Qt::RichText);
    m_form = frame.formBox;
    m_layout = frame.form;
    m_problems = frame.problems;
    m_apply = frame.apply;
    m_revert = frame.revert;
    setTarget(nullptr, {});
}

void PropertiesPanel::setInvalidEditPrompt(
    std::function<bool(const QString &, const QString &)> prompt)
{
    m_keepInvalidEdit = std::move(prompt);
}

void PropertiesPanel::setTarget(DefinitionDocument *document, const QStringList &selectedIds)
{
    const std::string nodeId =
        selectedIds.size() == 1 ? selectedIds.front().toStdString() : std::string();
    const bool leaving = document != m_document || nodeId != m_nodeId;
    if (leaving && m_dirty && m_document) {
        // The edit is kept: applied when valid; when not, the user decides.
        if (canApply()) {
            const QString node = QString::fromStdString(m_nodeId);
            if (apply())
                Q_EMIT statusMessage(tr("Applied the changes to %1").arg(node));
        } else {
            const QString node = QString::fromStdString(m_nodeId);
            const bool keep =
                m_keepInvalidEdit
                    ? m_keepInvalidEdit(node, problemsText())
                    : QMessageBox::question(this, tr("Unapplied changes"),
                                            tr("The changes to %1 are not valid:\n%2\n\nKeep "
                                               "editing them?")
                                                .arg(node, problemsText()),
                                            QMessageBox::Yes | QMessageBox::Discard,
                                            QMessageBox::Yes) == QMessageBox::Yes;
            if (keep)
                return; // the panel stays on the node being edited
        }
    }
    if (document != m_document) {
        if (m_document)
            disconnect(m_document, nullptr, this, nullptr);
        m_document = document;
        if (m_document)
            connect(m_document, &DefinitionDocument::changed, this, [this] {
                if (!m_dirty)
                    rebuild();
            });
    } else if (nodeId == m_nodeId) {
        return;
    }
    m_nodeId = nodeId;
    m_dirty = false;
    if (!m_document)
        m_header->setText(tr("No definition is open."));
    else if (selectedIds.size() > 1)
        m_header->setText(tr("Nodes selected: %n.", nullptr, static_cast<int>(selectedIds.size())));
    else if (selectedIds.isEmpty())
        m_header->setText(tr("Select a node to see its properties."));
    rebuild();
}

void PropertiesPanel::clearForm()
{
    while (m_layout->rowCount() > 0)
        m_layout->removeRow(0);
    m_fields.clear();
    m_label = nullptr;
    m_type = nullptr;
}

void PropertiesPanel::rebuild()
{
    m_building = true;
    clearForm();
    m_problems->clear();
    const core::DefinitionPtr definition = m_document ? m_document->definition() : nullptr;
    const core::Node *node =
        definition && !m_nodeId.empty() ? definition->spec.findNode(m_nodeId) : nullptr;
    m_apply->setEnabled(false);
    m_revert->setEnabled(false);
    if (!node) {
        m_original = nullptr;
        m_building = false;
        return;
    }
    m_original = core::nodeToJson(*node, false);
    buildForm(*node);
    m_building = false;
    validate();
}

void PropertiesPanel::buildForm(const core::Node &node)
{
    const core::NodeCatalog &catalog = m_document->core().definitions().catalog();
    const core::NodeType *type = catalog.find(node.type);
    m_header->setText(
        QStringLiteral("<b>%1</b><br><span style='font-family:monospace'>%2</span>")
            .arg(QString::fromStdString(type ? type->label : node.type).toHtmlEscaped(),
                 QString::fromStdString(node.id).toHtmlEscaped()));
    const bool editable = m_document->canEdit();
    m_label = new QLineEdit(QString::fromStdString(node.label));
    m_label->setPlaceholderText(QString::fromStdString(node.id));
    m_label->setReadOnly(!editable);
    connect(m_label, &QLineEdit::textEdited, this, &PropertiesPanel::onEdited);
    m_layout->addRow(tr("Label"), m_label);
    m_type = new QComboBox;
    for (const core::NodeType &t : catalog.types())
        m_type->addItem(typeIcon(QString::fromStdString(t.icon)), QString::fromStdString(t.label),
                        QString::fromStdString(t.type));
    m_type->setCurrentIndex(m_type->findData(QString::fromStdString(node.type)));
    m_type->setEnabled(editable);
    connect(m_type, &QComboBox::currentIndexChanged, this, [this] {
        if (m_building)
            return;
        // Another type has other fields: rebuild the form from the edited node once this
        // signal has returned (the rebuild deletes the combo box that sends it).
        QMetaObject::invokeMethod(this, &PropertiesPanel::retype, Qt::QueuedConnection);
    });
    m_layout->addRow(tr("Type"), m_type);
    const nlohmann::json &fields = node.fields();
    if (type) {
        for (const core::FieldSpec &f : type->fields)
            addField(f, fields.contains(f.name)
                            ? fields.at(f.name)
                            : (node.id == m_nodeId && m_dirty ? f.defaultValue : nlohmann::json()));
    }
    for (const core::FieldSpec &f : catalog.commonFields())
        addField(f, fields.contains(f.name) ? fields.at(f.name) : nlohmann::json());
    // Fields no catalog entry describes stay editable as JSON.
    nlohmann::json other = nlohmann::json::object();
    for (const auto &[key, value] : fields.items()) {
        if (!(type && type->field(key)) && !catalog.commonField(key))
            other[key] = value;
    }
    core::FieldSpec otherSpec;
    otherSpec.name = "*";
    otherSpec.kind = core::FieldKind::Object;
    otherSpec.label = tr("Other fields").toStdString();
    addField(otherSpec, other);
    for (auto &[name, editor] : m_fields)
        editor.widget->setEnabled(editable);
}

void PropertiesPanel::retype()
{
    QString why;
    const auto candidate = collect(&why);
    if (!candidate)
        return;
    const core::NodeRead read = core::readNode(*candidate, "node");
    m_dirty = true;
    m_building = true;
    clearForm();
    buildForm(read.node);
    m_building = false;
    validate();
}

void PropertiesPanel::addField(const core::FieldSpec &field, const nlohmann::json &value)
{
    FieldEditor editor{field, nullptr, new FieldMessage};
    QPalette errorPalette = editor.error->palette();
    errorPalette.setColor(QPalette::WindowText, canvasColors(palette()).error);
    editor.error->setPalette(errorPalette);
    if (field.formatKind == core::FieldFormat::Connector) {
        // The space's connectors to pick from; another name can still be typed (a connector
        // that is registered later, or one the orchestrator has).
        auto *combo = new QComboBox;
        combo->setEditable(true);
        combo->setInsertPolicy(QComboBox::NoInsert);
        const core::DefinitionPtr definition = m_document->definition();
        if (auto connectors = m_document->core().registry().connectors(definition->spaceId)) {
            for (const core::Connector &c : *connectors) {
                combo->addItem(QString::fromStdString(c.name));
                combo->setItemData(combo->count() - 1,
                                   tr("%1 connector").arg(QString::fromStdString(c.kind)),
                                   Qt::ToolTipRole);
            }
        }
        combo->setCurrentText(value.is_string() ? QString::fromStdString(value.get<std::string>())
                                                : QString());
        connect(combo, &QComboBox::currentTextChanged, this, &PropertiesPanel::onEdited);
        editor.widget = combo;
    } else {
        switch (field.kind) {
        case core::FieldKind::String:
        case core::FieldKind::Integer:
        case core::FieldKind::Number:
        case core::FieldKind::StringList: {
            auto *line = new QLineEdit;
            if (field.kind == core::FieldKind::StringList && value.is_array()) {
                QStringList items;
                for (const auto &item : value)
                    items.append(item.is_string() ? QString::fromStdString(item.get<std::string>())
                                                  : QString::fromStdString(item.dump()));
                line->setText(items.join(QStringLiteral(", ")));
            } else if (value.is_string()) {
                line->setText(QString::fromStdString(value.get<std::string>()));
            } else if (!value.is_null()) {
                line->setText(QString::fromStdString(value.dump()));
            }
            if (field.kind == core::FieldKind::StringList)
                line->setPlaceholderText(tr("comma-separated"));
            connect(line, &QLineEdit::textEdited, this, &PropertiesPanel::onEdited);
            editor.widget = line;
            break;
        }
        case core::FieldKind::Text:
        case core::FieldKind::Object: {
            auto *text = new QPlainTextEdit;
            if (field.kind == core::FieldKind::Object)
                text->setPlainText(value.is_null() || (field.name == "*" && value.empty())
                                       ? QString()
                                       : jsonText(value));
            else
                text->setPlainText(value.is_string()
                                       ? QString::fromStdString(value.get<std::string>())
                                       : jsonText(value));
            if (field.language != "markdown") {
                QFont mono(QStringLiteral("monospace"));
                mono.setStyleHint(QFont::Monospace);
                text->setFont(mono);
            }
            text->setFixedHeight(field.kind == core::FieldKind::Object ? 70 : 90);
            text->setTabChangesFocus(true);
            connect(text, &QPlainTextEdit::textChanged, this, &PropertiesPanel::onEdited);
            editor.widget = text;
            break;
        }
        case core::FieldKind::Enum:
        case core::FieldKind::Boolean: {
            auto *combo = new QComboBox;
            if (!field.required)
                combo->addItem(tr("(not set)"), QString());
            const std::vector<std::string> options = field.kind == core::FieldKind::Boolean
                                                         ? std::vector<std::string>{"true", "false"}
                                                         : field.options;
            for (const std::string &o : options)
                combo->addItem(QString::fromStdString(o), QString::fromStdString(o));
            const QString current =
                value.is_string()    ? QString::fromStdString(value.get<std::string>())
                : value.is_boolean() ? QString::fromLatin1(value.get<bool>() ? "true" : "false")
                                     : QString();
            const int index = combo->findData(current);
            combo->setCurrentIndex(index >= 0 ? index : 0);
            connect(combo, &QComboBox::currentIndexChanged, this, &PropertiesPanel::onEdited);
            editor.widget = combo;
            break;
        }
        }
    }
    const QString label = QString::fromStdString(field.label.empty() ? field.name : field.label) +
                          (field.required ? QStringLiteral(" *") : QString());
    editor.widget->setToolTip(QString::fromStdString(field.description));
    auto *box = new QWidget;
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(editor.widget);
    column->addWidget(editor.error);
    m_layout->addRow(label, box);
    m_fields[field.name] = editor;
}

QWidget *PropertiesPanel::editor(const QString &field) const
{
    if (field == QLatin1String("label"))
        return m_label;
    if (field == QLatin1String("type"))
        return m_type;
    const auto it = m_fields.find(field.toStdString());
    return it == m_fields.end() ? nullptr : it->second.widget;
}

QString PropertiesPanel::fieldMessage(const QString &field) const
{
    const auto it = m_fields.find(field.toStdString());
    return it == m_fields.end() ? QString()
                                : static_cast<FieldMessage *>(it->second.error)->message();
}

QString PropertiesPanel::problemsText() const
{
    return m_problems->text();
}

// The node as the form describes it, or nullopt with the reason (a field that does not parse).
std::optional<nlohmann::json> PropertiesPanel::collect(QString *whyNot) const
{
    if (m_original.is_null() || !m_label || !m_type)
        return std::nullopt;
    nlohmann::json node = nlohmann::json::object();
    node["id"] = m_nodeId;
    node["type"] = m_type->currentData().toString().toStdString();
    if (!m_label->text().isEmpty())
        node["label"] = m_label->text().toStdString();
    for (const auto &[name, editor] : m_fields) {
        const core::FieldSpec &f = editor.spec;
        nlohmann::json value;
        QString text;
        if (auto *line = qobject_cast<QLineEdit *>(editor.widget))
            text = line->text();
        else if (auto *plain = qobject_cast<QPlainTextEdit *>(editor.widget))
            text = plain->toPlainText();
        else if (auto *combo = qobject_cast<QComboBox *>(editor.widget))
            text = combo->isEditable() ? combo->currentText().trimmed()
                                       : combo->currentData().toString();
        if (text.trimmed().isEmpty() && f.kind != core::FieldKind::Text &&
            f.kind != core::FieldKind::String)
            continue;
        switch (f.kind) {
        case core::FieldKind::String:
        case core::FieldKind::Text:
        case core::FieldKind::Enum:
            if (text.isEmpty())
                continue;
            value = text.toStdString();
            break;
        case core::FieldKind::Boolean:
            value = text == QLatin1String("true");
            break;
        case core::FieldKind::Integer: {
            bool ok = false;
            const qlonglong number = text.trimmed().toLongLong(&ok);
            if (!ok) {
                *whyNot = tr("%1 must be a whole number").arg(QString::fromStdString(f.label));
                return std::nullopt;
            }
            value = static_cast<int64_t>(number);
            break;
        }
        case core::FieldKind::Number: {
            bool ok = false;
            const double number = text.trimmed().toDouble(&ok);
            if (!ok) {
                *whyNot = tr("%1 must be a number").arg(QString::fromStdString(f.label));
                return std::nullopt;
            }
            value = number;
            break;
        }
        case core::FieldKind::StringList: {
            value = nlohmann::json::array();
            for (const QString &part : text.split(QLatin1Char(','), Qt::SkipEmptyParts))
                value.push_back(part.trimmed().toStdString());
            break;
        }
        case core::FieldKind::Object: {
            auto parsed = core::parseJson(text.toStdString());
            if (!parsed || !parsed->is_object()) {
                *whyNot = tr("%1 must be a JSON object").arg(QString::fromStdString(f.label));
                return std::nullopt;
            }
            value = std::move(*parsed);
            break;
        }
        }
        if (name == "*") {
            for (const auto &[key, item] : value.items())
                node[key] = item;
        } else {
            node[name] = value;
        }
    }
    return node;
}

void PropertiesPanel::onEdited()
{
    if (m_building)
        return;
    m_dirty = true;
    validate();
}

void PropertiesPanel::validate()
{
    for (auto &[name, editor] : m_fields)
        static_cast<FieldMessage *>(editor.error)->setMessage({});
    QString why;
    const auto candidate = collect(&why);
    if (!candidate) {
        m_valid = false;
        m_problems->setText(why);
        m_apply->setEnabled(false);
        m_revert->setEnabled(m_dirty);
        return;
    }
    // The whole spec with this node replaced, validated by core: the same rule the API applies.
    core::Spec spec = m_document->definition()->spec;
    const int index = spec.indexOfNode(m_nodeId);
    if (index >= 0)
        spec.nodes[static_cast<size_t>(index)] = core::readNode(*candidate, "node").node;
    const core::Problems problems =
        core::validateSpec(spec, m_document->core().definitions().catalog());
    QStringList lines;
    bool errors = false;
    for (const core::Problem &p : problems) {
        if (p.nodeId != m_nodeId)
            continue;
        errors = errors || p.isError();
        lines.append((p.isError() ? QStringLiteral("✖ ") : QStringLiteral("⚠ ")) +
                     QString::fromStdString(p.message));
        const auto dot = p.path.rfind('.');
        const std::string field = dot == std::string::npos ? std::string() : p.path.substr(dot + 1);
        if (auto it = m_fields.find(field); it != m_fields.end()) {
            // Beside the field, the clause about its value is enough (the list below has the
            // whole sentence).
            const auto reason = p.details.find("reason");
            static_cast<FieldMessage *>(it->second.error)
                ->setMessage(QString::fromStdString(reason != p.details.end() && reason->is_string()
                                                        ? reason->get<std::string>()
                                                        : p.message));
        }
    }
    // A connector the space does not have: the node validates, but a local run cannot use it
    // and the orchestrator needs a connection of that name.
    for (const auto &[name, editor] : m_fields) {
        auto *combo = qobject_cast<QComboBox *>(editor.widget);
        if (editor.spec.formatKind != core::FieldFormat::Connector || !combo ||
            combo->currentText().trimmed().isEmpty() ||
            combo->findText(combo->currentText().trimmed()) >= 0)
            continue;
        const QString message =
            tr("This space has no connector named %1: a local run cannot use it")
                .arg(combo->currentText().trimmed());
        lines.append(QStringLiteral("⚠ ") + message);
        static_cast<FieldMessage *>(editor.error)->setMessage(message);
    }
    m_valid = !errors;
    m_problems->setText(lines.join(QLatin1Char('\n')));
    const bool changed = *candidate != m_original;
    m_apply->setEnabled(m_valid && changed && m_document->canEdit());
    m_revert->setEnabled(m_dirty);
}

bool PropertiesPanel::canApply() const
{
    return m_apply->isEnabled();
}

bool PropertiesPanel::apply()
{
    if (!m_document || !canApply())
        return false;
    QString why;
    const auto candidate = collect(&why);
    if (!candidate)
        return false;
    // A merge patch: changed keys with their new values, removed keys as null.
    nlohmann::json patch = nlohmann::json::object();
    for (const auto &[key, value] : candidate->items()) {
        if (key != "id" && (!m_original.contains(key) || m_original.at(key) != value))
            patch[key] = value;
    }
    for (const auto &[key, value] : m_original.items()) {
        if (!candidate->contains(key))
            patch[key] = nullptr;
    }
    if (patch.empty())
        return false;
    core::GraphEdit edit;
    edit.updateNodes.push_back({m_nodeId, patch});
    m_dirty = false;
    if (!m_document->applyEdit(edit, tr("Edit %1").arg(QString::fromStdString(m_nodeId)))) {
        m_dirty = true;
        return false;
    }
    rebuild();
    Q_EMIT statusMessage(tr("Saved %1").arg(QString::fromStdString(m_nodeId)));
    return true;
}

void PropertiesPanel::revert()
{
    m_dirty = false;
    rebuild();
}

} // namespace pw::ui
