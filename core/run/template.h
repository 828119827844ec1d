#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "../util/error.h"

namespace pw::core {

// What a task's templates can name in a local run: the Airflow context variables a spec uses.
struct TemplateContext
{
    std::string logicalDate; // UTC, "2026-11-30T06:00:00Z"
    std::string runId;
    std::string dagId;
    std::string taskId;
    nlohmann::json params = nlohmann::json::object();
};

// Renders the Airflow (Jinja) templates of `text` the way Airflow would for this context:
// `{{ ds }}`, `{{ ds_nodash }}`, `{{ ts }}`, `{{ ts_nodash }}`, `{{ logical_date }}`,
// `{{ data_interval_start }}` / `_end`, `{{ run_id }}`, `{{ params.name }}` (also
// `params['name']`), `{{ task.task_id }}`, `{{ dag.dag_id }}`, `{{ macros.ds_add(ds, n) }}`;
// `{# comments #}` disappear. Anything else — an unknown name, a filter, a `{% statement %}` —
// is an error naming it, so a local run never runs a command with a template left in it.
Result<std::string> renderTemplate(std::string_view text, const TemplateContext &context);

// The names renderTemplate knows, for messages and completion.
const std::vector<std::string> &templateVariables();

} // namespace pw::core
