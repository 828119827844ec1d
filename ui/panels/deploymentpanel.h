#pragma once

#include <map>

#include <QPointer>
#include <QWidget>

#include <nlohmann/json.hpp>

class QCheckBox;
class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;

namespace pw::ui {

class DefinitionDocument;

// The open definition's deployment settings and parameters as a form, so nothing needs
// hand-written YAML: DAG id, description, schedule (with a sentence saying when it fires and the
// next times), start and end date (a calendar to pick from), time zone, catchup, owner, tags,
// retries and their delay, task timeout, active runs; a table of parameters with their types
// and defaults. Every edit is validated by core's validator (the rule the API applies); Apply
// makes the changes one version and one undo step. Settings the form has no field for are kept
// as they are.
class DeploymentPanel : public QWidget
{
    Q_OBJECT
public:
    explicit DeploymentPanel(QWidget *parent = nullptr);

    void setDocument(DefinitionDocument *document);
    DefinitionDocument *document() const { return m_document; }
    bool apply();
    void revert();
    bool isDirty() const { return m_dirty; }
    bool canApply() const;

    // The editor of a deployment key ("dag_id", "schedule", …) or "params" (the table).
    QWidget *editor(const QString &key) const;
    QString scheduleText() const;
    QString nextRunsText() const;
    QString problemsText() const;
    // What the saved version's generated code needs from an orchestrator, as shown.
    QString needsText() const;
    // The message under a field ("" when it has none).
    QString fieldMessage(const QString &key) const;
    // A parameter row added to the table (name, type: text|integer|number|boolean|json, value).
    void addParameter(const QString &name, const QString &type, const QString &value);
    void removeParameter(int row);

Q_SIGNALS:
    void statusMessage(const QString &message);

protected:
    void changeEvent(QEvent *event) override;

private:
    void colourMessages();
    struct Field
    {
        QWidget *widget = nullptr;
        QLabel *message = nullptr;
    };

    void build();
    void load();
    void edited();
    void validate();
    void updateSchedule();
    void updateNeeds();
    void addDateField(const QString &key, const QString &label);
    Field &addField(const QString &key, const QString &label, QWidget *widget);
    int paramRow(const QString &name, const nlohmann::json &value);
    // The form as deployment values (null: not set) and params, or false with why.
    bool collect(nlohmann::json &deployment, nlohmann::json &params, QString *why) const;
    // The definition's spec with the form's changes, or false with why.
    bool candidate(nlohmann::json &deployment, nlohmann::json &params, QString *why) const;

    QPointer<DefinitionDocument> m_document;
    QLabel *m_header = nullptr;
    QFormLayout *m_form = nullptr;
    std::map<QString, Field> m_fields;
    QLineEdit *m_dagId = nullptr;
    QComboBox *m_schedule = nullptr;
    QLabel *m_scheduleText = nullptr;
    QLabel *m_nextRuns = nullptr;
    QComboBox *m_timezone = nullptr;
    QCheckBox *m_catchup = nullptr;
    QSpinBox *m_retries = nullptr;
    QSpinBox *m_retryDelay = nullptr;
    QSpinBox *m_timeout = nullptr;
    QSpinBox *m_activeRuns = nullptr;
    QTableWidget *m_params = nullptr;
    QLabel *m_paramsMessage = nullptr;
    QLabel *m_needs = nullptr;
    QLabel *m_problems = nullptr;
    QPushButton *m_apply = nullptr;
    QPushButton *m_revert = nullptr;
    // What the form held when loaded: a setting it shows unchanged keeps the spec's own value
    // (an absent catchup stays absent, a date-time start date keeps its time).
    nlohmann::json m_loadedDeployment;
    nlohmann::json m_loadedParams;
    bool m_loading = false;
    bool m_dirty = false;
    bool m_valid = true;
};

} // namespace pw::ui
