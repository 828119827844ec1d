#include "deploymentpanel.h"

#include <QCalendarWidget>
#include <QCheckBox>
#include <QComboBox>
#include <QCompleter>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSpinBox>
#include <QTableWidget>
#include <QTimeZone>
#include <QToolButton>
#include <QVBoxLayout>
#include <QWidgetAction>

#include "core/app/core.h"
#include "core/compiler/codegen.h"
#include "core/compiler/deploymentresources.h"
#include "core/spec/specvalidator.h"
#include "core/util/jsonread.h"
#include "formframe.h"
#include "ui/model/definitiondocument.h"
#include "ui/model/scheduletext.h"
#include "ui/theme/theme.h"

namespace pw::ui {

namespace {

constexpr int kNameColumn = 0;
constexpr int kTypeColumn = 1;
constexpr int kValueColumn = 2;

QString text(const nlohmann::json &value)
{
    return value.is_string() ? QString::fromStdString(value.get<std::string>()) : QString();
}

// How a parameter's default is typed in the table.
QString typeOf(const nlohmann::json &value)
{
    if (value.is_string())
        return QStringLiteral("text");
    if (value.is_number_integer())
        return QStringLiteral("integer");
    if (value.is_number())
        return QStringLiteral("number");
    if (value.is_boolean())
        return QStringLiteral("boolean");
    return QStringLiteral("json");
}

QString valueText(const nlohmann::json &value)
{
    if (value.is_string())
        return QString::fromStdString(value.get<std::string>());
    return QString::fromStdString(value.dump());
}

nlohmann::json stringOrNull(const QString &value)
{
    const QString trimmed = value.trimmed();
    return trimmed.isEmpty() ? nlohmann::json() : nlohmann::json(trimmed.toStdString());
}

} // namespace

DeploymentPanel::DeploymentPanel(QWidget *parent) : QWidget(parent)
{
    const FormFrame frame = buildFormFrame(
        this, {tr("Apply"), tr("Save the settings as one new version (Ctrl+Return)"), tr("Revert")},
        [this] { apply(); }, [this] { revert(); });
    m_header = frame.header;
    m_form = frame.form;
    m_problems = frame.problems;
    m_apply = frame.apply;
    m_revert = frame.revert;
    build();
    setDocument(nullptr);
}

DeploymentPanel::Field &DeploymentPanel::addField(const QString &key, const QString &label,
                                                  QWidget *widget)
{
    auto *message = new QLabel;
    message->setWordWrap(true);
    message->setTextFormat(Qt::PlainText);
    message->hide();
    auto *box = new QWidget;
    auto *column = new QVBoxLayout(box);
    column->setContentsMargins(0, 0, 0, 0);
    column->setSpacing(2);
    column->addWidget(widget);
    column->addWidget(message);
    m_form->addRow(label, box);
    Field &field = m_fields[key];
    field.widget = widget;
    field.message = message;
    colourMessages();
    return field;
}

// Field messages in the palette's error colour, again on every switch between light and dark.
void DeploymentPanel::colourMessages()
{
    const QColor error = canvasColors(palette()).error;
    for (auto &[key, field] : m_fields) {
        QPalette p = field.message->palette();
        p.setColor(QPalette::WindowText, error);
        field.message->setPalette(p);
    }
}

void DeploymentPanel::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::PaletteChange)
        colourMessages();
    QWidget::changeEvent(event);
}

void DeploymentPanel::addDateField(const QString &key, const QString &label)
{
    auto *box = new QWidget;
    auto *row = new QHBoxLayout(box);
    row->setContentsMargins(0, 0, 0, 0);
    auto *line = new QLineEdit;
    line->setObjectName(key);
    line->setPlaceholderText(tr("YYYY-MM-DD"));
    line->setClearButtonEnabled(true);
    connect(line, &QLineEdit::textChanged, this, &DeploymentPanel::edited);
    auto *pick = new QToolButton;
    pick->setText(QStringLiteral("…"));
    pick->setToolTip(tr("Pick a date"));
    pick->setPopupMode(QToolButton::InstantPopup);
    auto *menu = new QMenu(pick);
    auto *calendar = new QCalendarWidget;
    calendar->setGridVisible(true);
    auto *action = new QWidgetAction(menu);
    action->setDefaultWidget(calendar);
    menu->addAction(action);
    pick->setMenu(menu);
    connect(menu, &QMenu::aboutToShow, calendar, [line, calendar] {
        const QDate shown = QDate::fromString(line->text().left(10), Qt::ISODate);
        calendar->setSelectedDate(shown.isValid() ? shown : QDate::currentDate());
    });
    connect(calendar, &QCalendarWidget::clicked, this, [line, menu](QDate date) {
        // A picked date keeps the time of a date-time that had one.
        const QString rest = line->text().size() > 10 ? line->text().mid(10) : QString();
        line->setText(date.toString(Qt::ISODate) + rest);
        menu->close();
    });
    row->addWidget(line, 1);
    row->addWidget(pick);
    addField(key, label, box).widget = line;
}

void DeploymentPanel::build()
{
    m_dagId = new QLineEdit;
    connect(m_dagId, &QLineEdit::textChanged, this, &DeploymentPanel::edited);
    addField(QStringLiteral("dag_id"), tr("DAG id"), m_dagId);
    auto *description = new QLineEdit;
    description->setPlaceholderText(tr("What the pipeline is for"));
    connect(description, &QLineEdit::textChanged, this, &DeploymentPanel::edited);
    addField(QStringLiteral("description"), tr("Description"), description);

    m_schedule = new QComboBox;
    m_schedule->setEditable(true);
    m_schedule->setInsertPolicy(QComboBox::NoInsert);
    m_schedule->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_schedule->setMinimumContentsLength(10);
    for (const char *preset :
         {"", "@hourly", "@daily", "@weekly", "@monthly", "@quarterly", "@yearly", "@once",
          "@continuous", "*/15 * * * *", "0 6 * * *", "30 9 * * 1-5", "0 0 L * *"})
        m_schedule->addItem(QString::fromLatin1(preset));
    m_schedule->lineEdit()->setPlaceholderText(tr("none: runs only when triggered"));
    m_schedule->setToolTip(tr("A cron expression (minute hour day-of-month month day-of-week) "
                              "or a preset such as @daily"));
    connect(m_schedule, &QComboBox::currentTextChanged, this, &DeploymentPanel::edited);
    m_scheduleText = new QLabel;
    m_scheduleText->setObjectName(QStringLiteral("scheduleSentence"));
    m_scheduleText->setWordWrap(true);
    m_scheduleText->setTextFormat(Qt::PlainText);
    m_nextRuns = new QLabel;
    m_nextRuns->setObjectName(QStringLiteral("nextRuns"));
    m_nextRuns->setWordWrap(true);
    m_nextRuns->setTextFormat(Qt::PlainText);
    m_nextRuns->setForegroundRole(QPalette::PlaceholderText);
    addField(QStringLiteral("schedule"), tr("Schedule"), m_schedule);
    // The sentence and the next runs across the panel's width, under the schedule.
    auto *scheduleInfo = new QWidget;
    auto *infoColumn = new QVBoxLayout(scheduleInfo);
    infoColumn->setContentsMargins(0, 0, 0, 4);
    infoColumn->setSpacing(2);
    infoColumn->addWidget(m_scheduleText);
    infoColumn->addWidget(m_nextRuns);
    m_form->addRow(scheduleInfo);

    addDateField(QStringLiteral("start_date"), tr("Start date"));
    addDateField(QStringLiteral("end_date"), tr("End date"));

    m_timezone = new QComboBox;
    m_timezone->setEditable(true);
    m_timezone->setInsertPolicy(QComboBox::NoInsert);
    m_timezone->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_timezone->setMinimumContentsLength(10);
    m_timezone->addItem(QString());
    for (const QByteArray &zone : QTimeZone::availableTimeZoneIds())
        m_timezone->addItem(QString::fromUtf8(zone));
    m_timezone->lineEdit()->setPlaceholderText(QStringLiteral("UTC"));
    m_timezone->completer()->setFilterMode(Qt::MatchContains);
    m_timezone->completer()->setCaseSensitivity(Qt::CaseInsensitive);
    m_timezone->completer()->setCompletionMode(QCompleter::PopupCompletion);
    connect(m_timezone, &QComboBox::currentTextChanged, this, &DeploymentPanel::edited);
    addField(QStringLiteral("timezone"), tr("Time zone"), m_timezone);

    m_catchup = new QCheckBox(tr("Run missed intervals"));
    m_catchup->setToolTip(tr("When on, the scheduler runs every interval since the start date "
                             "that has not run yet"));
    connect(m_catchup, &QCheckBox::toggled, this, &DeploymentPanel::edited);
    addField(QStringLiteral("catchup"), tr("Catchup"), m_catchup);
    auto *owner = new QLineEdit;
    connect(owner, &QLineEdit::textChanged, this, &DeploymentPanel::edited);
    addField(QStringLiteral("owner"), tr("Owner"), owner);
    auto *tags = new QLineEdit;
    tags->setPlaceholderText(tr("comma-separated"));
    connect(tags, &QLineEdit::textChanged, this, &DeploymentPanel::edited);
    addField(QStringLiteral("tags"), tr("Tags"), tags);

    auto spin = [this](int low, int high, const QString &special, const QString &suffix) {
        auto *box = new QSpinBox;
        box->setRange(low, high);
        box->setSpecialValueText(special);
        box->setSuffix(suffix);
        box->setAccelerated(true);
        connect(box, &QSpinBox::valueChanged, this, &DeploymentPanel::edited);
        return box;
    };
    m_retries = spin(-1, 100, tr("not set (0)"), {});
    addField(QStringLiteral("retries"), tr("Retries"), m_retries);
    m_retryDelay = spin(-1, 7 * 86400, tr("default (300 s)"), tr(" s"));
    addField(QStringLiteral("retry_delay_seconds"), tr("Retry delay"), m_retryDelay);
    m_timeout = spin(-1, 7 * 86400, tr("none"), tr(" s"));
    m_timeout->setToolTip(tr("A task running longer fails; a node's own timeout overrides it"));
    addField(QStringLiteral("timeout_seconds"), tr("Task timeout"), m_timeout);
    m_activeRuns = spin(0, 1000, tr("not set"), {});
    addField(QStringLiteral("max_active_runs"), tr("Active runs at most"), m_activeRuns);

    auto *paramsBox = new QWidget;
    auto *paramsColumn = new QVBoxLayout(paramsBox);
    paramsColumn->setContentsMargins(0, 0, 0, 0);
    m_params = new QTableWidget(0, 3);
    m_params->setObjectName(QStringLiteral("params"));
    m_params->setHorizontalHeaderLabels({tr("Name"), tr("Type"), tr("Default")});
    m_params->horizontalHeader()->setSectionResizeMode(kNameColumn, QHeaderView::Stretch);
    m_params->horizontalHeader()->setSectionResizeMode(kTypeColumn, QHeaderView::ResizeToContents);
    m_params->horizontalHeader()->setSectionResizeMode(kValueColumn, QHeaderView::Stretch);
    m_params->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    m_params->verticalHeader()->hide();
    m_params->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_params->setMinimumHeight(120);
    connect(m_params, &QTableWidget::itemChanged, this, &DeploymentPanel::edited);
    auto *paramButtons = new QHBoxLayout;
    auto *add = new QPushButton(tr("Add Parameter"));
    auto *remove = new QPushButton(tr("Remove"));
    paramButtons->addWidget(add);
    paramButtons->addWidget(remove);
    paramButtons->addStretch();
    connect(add, &QPushButton::clicked, this, [this] {
        const int row = paramRow(QString(), nlohmann::json(""));
        m_params->setCurrentCell(row, kNameColumn);
        m_params->editItem(m_params->item(row, kNameColumn));
        edited();
    });
    connect(remove, &QPushButton::clicked, this, [this] {
        if (m_params->currentRow() >= 0)
            removeParameter(m_params->currentRow());
    });
    paramsColumn->addWidget(m_params);
    paramsColumn->addLayout(paramButtons);
    auto &params = addField(QStringLiteral("params"), tr("Parameters"), paramsBox);
    params.widget = m_params;
    m_paramsMessage = params.message;

    m_needs = new QLabel;
    m_needs->setObjectName(QStringLiteral("orchestratorNeeds"));
    m_needs->setWordWrap(true);
    m_needs->setTextFormat(Qt::PlainText);
    m_needs->setToolTip(tr("What the generated code needs from Airflow or Dagster before it can "
                           "run there: the saved version's connections, variables and pool"));
    m_form->addRow(tr("Orchestrator needs"), m_needs);
}

int DeploymentPanel::paramRow(const QString &name, const nlohmann::json &value)
{
    const bool loading = m_loading;
    m_loading = true;
    const int row = m_params->rowCount();
    m_params->insertRow(row);
    m_params->setItem(row, kNameColumn, new QTableWidgetItem(name));
    auto *type = new QComboBox;
    type->addItem(tr("text"), QStringLiteral("text"));
    type->addItem(tr("integer"), QStringLiteral("integer"));
    type->addItem(tr("number"), QStringLiteral("number"));
    type->addItem(tr("true/false"), QStringLiteral("boolean"));
    type->addItem(tr("JSON"), QStringLiteral("json"));
    type->setCurrentIndex(type->findData(typeOf(value)));
    connect(type, &QComboBox::currentIndexChanged, this, &DeploymentPanel::edited);
    m_params->setCellWidget(row, kTypeColumn, type);
    m_params->setItem(row, kValueColumn, new QTableWidgetItem(valueText(value)));
    m_loading = loading;
    return row;
}

void DeploymentPanel::addParameter(const QString &name, const QString &type, const QString &value)
{
    const int row = paramRow(name, nlohmann::json(""));
    auto *combo = static_cast<QComboBox *>(m_params->cellWidget(row, kTypeColumn));
    m_loading = true;
    combo->setCurrentIndex(combo->findData(type));
    m_params->item(row, kValueColumn)->setText(value);
    m_loading = false;
    edited();
}

void DeploymentPanel::removeParameter(int row)
{
    m_params->removeRow(row);
    edited();
}

QWidget *DeploymentPanel::editor(const QString &key) const
{
    const auto it = m_fields.find(key);
    return it == m_fields.end() ? nullptr : it->second.widget;
}

QString DeploymentPanel::fieldMessage(const QString &key) const
{
    const auto it = m_fields.find(key);
    return it == m_fields.end() || it->second.message->isHidden() ? QString()
                                                                  : it->second.message->text();
}

QString DeploymentPanel::scheduleText() const
{
    return m_scheduleText->text();
}

QString DeploymentPanel::nextRunsText() const
{
    return m_nextRuns->text();
}

QString DeploymentPanel::needsText() const
{
    return m_needs->text();
}

// The connections (each with its connector's kind, or a warning when the space has none of
// that name), the Variables the templates read and the pool: core's deploymentResources, the
// deployment-resources route's answer.
void DeploymentPanel::updateNeeds()
{
    const core::DefinitionPtr definition = m_document ? m_document->definition() : nullptr;
    if (!definition) {
        m_needs->clear();
        return;
    }
    const core::DeploymentResources needs = core::deploymentResources(
        definition->spec, m_document->core().registry().connectorLookup(definition->spaceId));
    QStringList lines;
    QStringList connections;
    for (const core::DeploymentResource &c : needs.connections) {
        const QString name = QString::fromStdString(c.name);
        connections.append(c.connectorId ? tr("%1 (%2)").arg(name, QString::fromStdString(c.type))
                                         : tr("%1 ⚠ not a connector of this space").arg(name));
    }
    lines.append(
        tr("Connections: %1")
            .arg(connections.isEmpty() ? tr("none") : connections.join(QStringLiteral(", "))));
    QStringList variables;
    for (const core::DeploymentResource &v : needs.variables)
        variables.append(QString::fromStdString(v.name));
    if (!variables.isEmpty())
        lines.append(tr("Variables: %1").arg(variables.join(QStringLiteral(", "))));
    for (const core::DeploymentResource &p : needs.pools)
        lines.append(tr("Pool: %1").arg(QString::fromStdString(p.name)));
    m_needs->setText(lines.join(QLatin1Char('\n')));
}

QString DeploymentPanel::problemsText() const
{
    return m_problems->text();
}

bool DeploymentPanel::canApply() const
{
    return m_apply->isEnabled();
}

void DeploymentPanel::setDocument(DefinitionDocument *document)
{
    if (document == m_document)
        return;
    if (m_document) {
        if (m_dirty && canApply()) {
            if (apply())
                Q_EMIT statusMessage(
                    tr("Applied the deployment settings of %1").arg(m_document->name()));
        } else if (m_dirty) {
            Q_EMIT statusMessage(
                tr("The deployment settings of %1 were not valid and were not applied: %2")
                    .arg(m_document->name(), problemsText()));
        }
        disconnect(m_document, nullptr, this, nullptr);
    }
    m_document = document;
    if (m_document)
        connect(m_document, &DefinitionDocument::changed, this, [this] {
            if (m_dirty)
                validate();
            else
                load();
        });
    load();
}

void DeploymentPanel::load()
{
    m_loading = true;
    const core::DefinitionPtr definition = m_document ? m_document->definition() : nullptr;
    const nlohmann::json empty = nlohmann::json::object();
    const nlohmann::json &d = definition ? definition->spec.deployment : empty;
    const nlohmann::json &params = definition ? definition->spec.params : empty;
    auto value = [&d](const char *key) { return d.contains(key) ? d.at(key) : nlohmann::json(); };
    auto line = [this](const char *key) {
        return static_cast<QLineEdit *>(m_fields.at(QString::fromLatin1(key)).widget);
    };
    m_header->setText(definition ? tr("Deployment of %1").arg(m_document->name())
                                 : tr("No definition is open."));
    m_dagId->setText(text(value("dag_id")));
    if (definition) {
        core::Spec unnamed = definition->spec;
        unnamed.deployment.erase("dag_id");
        m_dagId->setPlaceholderText(QString::fromStdString(core::dagIdOf(unnamed, definition->id)));
    }
    line("description")->setText(text(value("description")));
    m_schedule->setCurrentText(text(value("schedule")));
    line("start_date")->setText(text(value("start_date")));
    line("end_date")->setText(text(value("end_date")));
    m_timezone->setCurrentText(text(value("timezone")));
    m_catchup->setChecked(value("catchup").is_boolean() && value("catchup").get<bool>());
    line("owner")->setText(text(value("owner")));
    QStringList tags;
    for (const auto &tag : value("tags").is_array() ? value("tags") : nlohmann::json::array())
        tags.append(text(tag));
    line("tags")->setText(tags.join(QStringLiteral(", ")));
    auto setSpin = [&](QSpinBox *box, const char *key) {
        const nlohmann::json v = value(key);
        box->setValue(v.is_number_integer() ? static_cast<int>(std::clamp<int64_t>(
                                                  v.get<int64_t>(), box->minimum(), box->maximum()))
                                            : box->minimum());
    };
    setSpin(m_retries, "retries");
    setSpin(m_retryDelay, "retry_delay_seconds");
    setSpin(m_timeout, "timeout_seconds");
    setSpin(m_activeRuns, "max_active_runs");
    m_params->setRowCount(0);
    if (params.is_object()) {
        for (const auto &[name, def] : params.items())
            paramRow(QString::fromStdString(name), def);
    }
    const bool editable = m_document && m_document->canEdit();
    for (auto &[key, field] : m_fields) {
        field.widget->setEnabled(editable);
        if (auto *edit = qobject_cast<QLineEdit *>(field.widget))
            edit->setCursorPosition(0); // the start of a long id, not its end
    }
    QString why;
    m_loadedDeployment = nlohmann::json::object();
    m_loadedParams = nlohmann::json::object();
    collect(m_loadedDeployment, m_loadedParams, &why);
    m_loading = false;
    m_dirty = false;
    updateNeeds();
    validate();
}

void DeploymentPanel::edited()
{
    if (m_loading)
        return;
    m_dirty = true;
    validate();
}

bool DeploymentPanel::collect(nlohmann::json &deployment, nlohmann::json &params,
                              QString *why) const
{
    auto line = [this](const char *key) {
        return static_cast<QLineEdit *>(m_fields.at(QString::fromLatin1(key)).widget)->text();
    };
    deployment = nlohmann::json::object();
    deployment["dag_id"] = stringOrNull(m_dagId->text());
    deployment["description"] = stringOrNull(line("description"));
    deployment["schedule"] = stringOrNull(m_schedule->currentText());
    deployment["start_date"] = stringOrNull(line("start_date"));
    deployment["end_date"] = stringOrNull(line("end_date"));
    deployment["timezone"] = stringOrNull(m_timezone->currentText());
    deployment["catchup"] = m_catchup->isChecked();
    deployment["owner"] = stringOrNull(line("owner"));
    nlohmann::json tags = nlohmann::json::array();
    for (const QString &tag : line("tags").split(QLatin1Char(','), Qt::SkipEmptyParts)) {
        if (!tag.trimmed().isEmpty())
            tags.push_back(tag.trimmed().toStdString());
    }
    deployment["tags"] = tags.empty() ? nlohmann::json() : tags;
    auto spinValue = [](const QSpinBox *box) {
        return box->value() == box->minimum() ? nlohmann::json() : nlohmann::json(box->value());
    };
    deployment["retries"] = spinValue(m_retries);
    deployment["retry_delay_seconds"] = spinValue(m_retryDelay);
    deployment["timeout_seconds"] = spinValue(m_timeout);
    deployment["max_active_runs"] = spinValue(m_activeRuns);

    params = nlohmann::json::object();
    for (int row = 0; row < m_params->rowCount(); ++row) {
        const QString name = m_params->item(row, kNameColumn)->text().trimmed();
        const QString type = static_cast<QComboBox *>(m_params->cellWidget(row, kTypeColumn))
                                 ->currentData()
                                 .toString();
        const QString raw = m_params->item(row, kValueColumn)->text();
        if (params.contains(name.toStdString())) {
            *why = tr("The parameter %1 is there twice").arg(name);
            return false;
        }
        nlohmann::json value;
        bool ok = true;
        if (type == QLatin1String("text")) {
            value = raw.toStdString();
        } else if (type == QLatin1String("integer")) {
            value = static_cast<int64_t>(raw.trimmed().toLongLong(&ok));
        } else if (type == QLatin1String("number")) {
            value = raw.trimmed().toDouble(&ok);
        } else if (type == QLatin1String("boolean")) {
            const QString b = raw.trimmed().toLower();
            ok = b == QLatin1String("true") || b == QLatin1String("false");
            value = b == QLatin1String("true");
        } else {
            auto parsed = core::parseJson(raw.toStdString());
            ok = parsed.has_value();
            if (ok)
                value = std::move(*parsed);
        }
        if (!ok) {
            const QString expected = type == QLatin1String("integer")   ? tr("a whole number")
                                     : type == QLatin1String("number")  ? tr("a number")
                                     : type == QLatin1String("boolean") ? tr("true or false")
                                                                        : tr("JSON");
            *why = tr("The default of %1 must be %2").arg(name, expected);
            return false;
        }
        params[name.toStdString()] = std::move(value);
    }
    return true;
}

bool DeploymentPanel::candidate(nlohmann::json &deployment, nlohmann::json &params,
                                QString *why) const
{
    const core::DefinitionPtr definition = m_document ? m_document->definition() : nullptr;
    if (!definition)
        return false;
    nlohmann::json form;
    nlohmann::json formParams;
    if (!collect(form, formParams, why))
        return false;
    deployment = definition->spec.deployment;
    for (const auto &[key, value] : form.items()) {
        const nlohmann::json &loaded =
            m_loadedDeployment.contains(key) ? m_loadedDeployment.at(key) : nlohmann::json();
        if (value == loaded)
            continue; // shown as it was: the spec's own value stays
        if (value.is_null())
            deployment.erase(key);
        else
            deployment[key] = value;
    }
    params = formParams == m_loadedParams ? definition->spec.params : formParams;
    return true;
}

void DeploymentPanel::updateSchedule()
{
    const QString schedule = m_schedule->currentText();
    m_scheduleText->setText(m_document ? scheduleSentence(schedule) : QString());
    const QString zoneName = m_timezone->currentText().trimmed();
    const QTimeZone zone(zoneName.isEmpty() ? QByteArray("UTC") : zoneName.toUtf8());
    QDateTime after = QDateTime::currentDateTimeUtc();
    const QString start =
        static_cast<QLineEdit *>(m_fields.at(QStringLiteral("start_date")).widget)->text();
    const QDate startDate = QDate::fromString(start.left(10), Qt::ISODate);
    if (zone.isValid() && startDate.isValid() && QDateTime(startDate, QTime(0, 0), zone) > after)
        after = QDateTime(startDate, QTime(0, 0), zone).addSecs(-1);
    const QStringList next =
        zone.isValid() ? nextScheduleTimes(schedule, zone, after, 3) : QStringList();
    m_nextRuns->setText(next.isEmpty()
                            ? QString()
                            : tr("Next runs:") + QLatin1Char('\n') + next.join(QLatin1Char('\n')));
    m_nextRuns->setVisible(!next.isEmpty());
}

void DeploymentPanel::validate()
{
    for (auto &[key, field] : m_fields) {
        field.message->clear();
        field.message->hide();
    }
    updateSchedule();
    nlohmann::json deployment;
    nlohmann::json params;
    QString why;
    if (!candidate(deployment, params, &why)) {
        m_valid = false;
        m_problems->setText(why);
        m_apply->setEnabled(false);
        m_revert->setEnabled(m_dirty);
        if (!why.isEmpty()) {
            m_paramsMessage->setText(why);
            m_paramsMessage->show();
        }
        return;
    }
    core::Spec spec = m_document->definition()->spec;
    const bool changed = deployment != spec.deployment || params != spec.params;
    spec.deployment = std::move(deployment);
    spec.params = std::move(params);
    // Core's validator over the whole spec: the rule the API applies to the same settings.
    const core::Problems problems =
        core::validateSpec(spec, m_document->core().definitions().catalog());
    QStringList lines;
    bool errors = false;
    for (const core::Problem &p : problems) {
        const bool deploymentProblem = p.path.starts_with("deployment");
        if (!deploymentProblem && !p.path.starts_with("params"))
            continue;
        errors = errors || p.isError();
        const QString message = QString::fromStdString(p.message);
        lines.append((p.isError() ? QStringLiteral("✖ ") : QStringLiteral("⚠ ")) + message);
        QString key = deploymentProblem
                          ? QString::fromStdString(p.path).section(QLatin1Char('.'), 1, 1)
                          : QStringLiteral("params");
        if (auto it = m_fields.find(key); it != m_fields.end()) {
            it->second.message->setText(message);
            it->second.message->show();
        }
    }
    m_valid = !errors;
    m_problems->setText(lines.join(QLatin1Char('\n')));
    m_apply->setEnabled(m_valid && changed && m_document->canEdit());
    m_revert->setEnabled(m_dirty);
}

bool DeploymentPanel::apply()
{
    if (!m_document || !canApply())
        return false;
    nlohmann::json deployment;
    nlohmann::json params;
    QString why;
    if (!candidate(deployment, params, &why))
        return false;
    core::Spec spec = m_document->definition()->spec;
    spec.deployment = std::move(deployment);
    spec.params = std::move(params);
    m_dirty = false;
    if (!m_document->replaceSpec(spec, tr("Edit deployment settings"))) {
        m_dirty = true;
        return false;
    }
    load();
    Q_EMIT statusMessage(tr("Saved the deployment settings of %1").arg(m_document->name()));
    return true;
}

void DeploymentPanel::revert()
{
    m_dirty = false;
    load();
}

} // namespace pw::ui
