#pragma once

#include <functional>

#include <map>

#include <QPointer>
#include <QWidget>

#include <nlohmann/json.hpp>

#include "core/spec/nodecatalog.h"

class QFormLayout;
class QLabel;
class QLineEdit;
class QComboBox;
class QPushButton;

namespace pw::ui {

class DefinitionDocument;

// The selected node as a form built from the node catalog: label, type, the type's fields and
// the common ones. Every keystroke re-validates the node with core's validator; Apply makes the
// changes one mutation (one version, one undo step).
class PropertiesPanel : public QWidget
{
    Q_OBJECT
public:
    explicit PropertiesPanel(QWidget *parent = nullptr);

    // Shows the node selected in `document`. Unapplied edits of the node shown are never dropped:
    // valid ones are applied (one version), invalid ones ask whether to keep editing (then the
    // panel stays on that node).
    void setTarget(DefinitionDocument *document, const QStringList &selectedIds);
    // The question about invalid edits; true keeps editing. The default asks the user.
    void setInvalidEditPrompt(
        std::function<bool(const QString &nodeId, const QString &problems)> prompt);
    bool apply();
    void revert();
    bool isDirty() const { return m_dirty; }
    bool canApply() const;
    QString nodeId() const { return QString::fromStdString(m_nodeId); }
    // The editor of a field ("label", "type", "module", ...), for tests and focus.
    QWidget *editor(const QString &field) const;
    QString problemsText() const;
    // The message under a field ("" when it has none).
    QString fieldMessage(const QString &field) const;

Q_SIGNALS:
    void statusMessage(const QString &message);

private:
    struct FieldEditor
    {
        core::FieldSpec spec;
        QWidget *widget = nullptr;
        QLabel *error = nullptr;
    };

    void rebuild();
    void buildForm(const core::Node &node);
    void retype();
    void clearForm();
    void addField(const core::FieldSpec &field, const nlohmann::json &value);
    std::optional<nlohmann::json> collect(QString *whyNot) const;
    void onEdited();
    void validate();

    QPointer<DefinitionDocument> m_document;
    std::string m_nodeId;
    QLabel *m_header = nullptr;
    QWidget *m_form = nullptr;
    QFormLayout *m_layout = nullptr;
    QLineEdit *m_label = nullptr;
    QComboBox *m_type = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    std::map<std::string, FieldEditor> m_fields;
    nlohmann::json m_original;
    bool m_dirty = false;
    bool m_building = false;
    bool m_valid = true;
    std::function<bool(const QString &, const QString &)> m_keepInvalidEdit;
};

} // namespace pw::ui
