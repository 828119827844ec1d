#include "codegen.h"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <set>

#include "python.h"

namespace pw::core {

namespace {

using python::literal;
using python::str;

const std::vector<std::string> kAirflowNames = {"dag",
                                                "DAG",
                                                "pendulum",
                                                "timedelta",
                                                "importlib",
                                                "functools",
                                                "os",
                                                "default_args",
                                                "BashOperator",
                                                "EmptyOperator",
                                                "PythonOperator",
                                                "SQLExecuteQueryOperator",
                                                "HttpOperator",
                                                "call_callable",
                                                "REPOSITORY_ROOT",
                                                "tasks"};

// A command or query ending in a template extension would make Airflow look it up as a file;
// a trailing space keeps it the text it is.
std::string notATemplateFile(std::string value, std::initializer_list<const char *> extensions)
{
    for (const char *ext : extensions) {
        if (value.ends_with(ext))
            return value + " ";
    }
    return value;
}

std::string dateLiteral(const nlohmann::json &deployment)
{
    std::string date = fieldText(deployment, "start_date");
    int y = 2024, m = 1, d = 1;
    if (date.size() >= 10 && std::sscanf(date.c_str(), "%d-%d-%d", &y, &m, &d) != 3) {
        y = 2024;
        m = d = 1;
    }
    std::string tz = fieldText(deployment, "timezone");
    if (tz.empty())
        tz = "UTC";
    return "pendulum.datetime(" + std::to_string(y) + ", " + std::to_string(m) + ", " +
           std::to_string(d) + ", tz=" + str(tz) + ")";
}

} // namespace

CompileResult compileAirflow(const Spec &spec, const std::string &definitionName,
                             std::string_view definitionId)
{
    CompileInput in = compileInput(spec, definitionName, definitionId, kAirflowNames);
    // A task whose id Python cannot take as a variable name (a keyword, a name this file uses)
    // is kept in the `tasks` dict under its id: a variable named otherwise would differ from its
    // task_id (Ruff's AIR001).
    for (size_t i = 0; i < spec.nodes.size(); ++i) {
        auto it = in.renamed.find(spec.nodes[i].id);
        if (it == in.renamed.end())
            continue;
        it->second = "tasks[" + str(spec.nodes[i].id) + "]";
        in.names[i] = it->second;
    }
    const nlohmann::json &deployment = spec.deployment;
    const bool usesSqlFiles = std::any_of(spec.nodes.begin(), spec.nodes.end(), [](const Node &n) {
        return n.type == "sql" && isSqlFilePath(fieldText(n.fields(), "query"));
    });

    // The tasks first, so the header imports exactly what they use (nothing unused: Ruff's F401).
    std::set<std::string> operators;
    std::string out;
    out += "default_args = {\n";
    out +=
        "    \"owner\": " +
        str(fieldText(deployment, "owner").empty() ? "airflow" : fieldText(deployment, "owner")) +
        ",\n";
    if (const nlohmann::json *r = fieldValue(deployment, "retries"))
        out += "    \"retries\": " + literal(*r) + ",\n";
    if (const nlohmann::json *r = fieldValue(deployment, "retry_delay_seconds"))
        out += "    \"retry_delay\": timedelta(seconds=" + literal(*r) + "),\n";
    if (const nlohmann::json *t = fieldValue(deployment, "timeout_seconds"))
        out += "    \"execution_timeout\": timedelta(seconds=" + literal(*t) + "),\n";
    out += "}\n\n";

    out += "with DAG(\n    dag_id=" + str(in.dagId) + ",\n";
    const std::string description = fieldText(deployment, "description");
    out += "    description=" + str(description.empty() ? definitionName : description) + ",\n";
    const nlohmann::json *schedule = fieldValue(deployment, "schedule");
    out += "    schedule=" + (schedule ? literal(*schedule) : std::string("None")) + ",\n";
    out += "    start_date=" + dateLiteral(deployment) + ",\n";
    const nlohmann::json *catchup = fieldValue(deployment, "catchup");
    out +=
        "    catchup=" +
        std::string(catchup && catchup->is_boolean() && catchup->get<bool>() ? "True" : "False") +
        ",\n";
    if (const nlohmann::json *tags = fieldValue(deployment, "tags"))
        out += "    tags=" + literal(*tags) + ",\n";
    if (const nlohmann::json *runs = fieldValue(deployment, "max_active_runs"))
        out += "    max_active_runs=" + literal(*runs) + ",\n";
    if (!spec.params.empty())
        out += "    params=" + literal(spec.params) + ",\n";
    if (usesSqlFiles)
        out += "    template_searchpath=[REPOSITORY_ROOT],\n";
    out += "    default_args=default_args,\n) as dag:\n";
    if (in.order.empty())
        out += "    pass  # no tasks yet\n";
    if (!in.renamed.empty())
        out += "    tasks = {}  # tasks whose ids cannot be variable names\n";

    for (size_t i : in.order) {
        const Node &node = spec.nodes[i];
        const nlohmann::json &f = node.fields();
        const std::string &name = in.names[i];
        out += "    # Node " + node.id +
               (node.label.empty() ? std::string() : ": " + python::comment(node.label)) + " (" +
               node.type + ")\n";
        std::string args = "        task_id=" + str(node.id) + ",\n";
        std::string op;
        if (node.type == "python_module") {
            op = "PythonOperator";
            args += "        python_callable=functools.partial(call_callable, " +
                    str(fieldText(f, "module")) + ", " + str(fieldText(f, "callable")) + "),\n";
            if (const nlohmann::json *kwargs = fieldValue(f, "kwargs"))
                args += "        op_kwargs=" + literal(*kwargs) + ",\n";
        } else if (node.type == "bash") {
            op = "BashOperator";
            args += "        bash_command=" +
                    str(notATemplateFile(fieldText(f, "command"), {".sh", ".bash"})) + ",\n";
            if (const nlohmann::json *env = fieldValue(f, "env"))
                args += "        env=" + literal(*env) + ",\n        append_env=True,\n";
        } else if (node.type == "sql") {
            op = "SQLExecuteQueryOperator";
            const std::string query = fieldText(f, "query");
            args += "        conn_id=" + str(fieldText(f, "connector")) + ",\n";
            args += "        sql=" +
                    str(isSqlFilePath(query) ? query : notATemplateFile(query, {".sql"})) + ",\n";
        } else if (node.type == "http_request") {
            op = "HttpOperator";
            const auto [conn, endpoint] = httpTarget(fieldText(f, "url"));
            args += "        http_conn_id=" + str(conn) + ",\n";
            args += "        endpoint=" + str(endpoint) + ",\n";
            args += "        method=" +
                    str(fieldText(f, "method").empty() ? "GET" : fieldText(f, "method")) + ",\n";
            if (const nlohmann::json *headers = fieldValue(f, "headers"))
                args += "        headers=" + literal(*headers) + ",\n";
            if (const nlohmann::json *body = fieldValue(f, "body"))
                args += "        data=" + literal(*body) + ",\n";
        } else {
            // empty, and data-flow steps (source, transform, filter, target), which run on
            // Pipewright's own engine: a marker task keeps their place in the graph.
            op = "EmptyOperator";
        }
        if (!fieldText(f, "description").empty())
            args += "        doc_md=" + str(fieldText(f, "description")) + ",\n";
        if (const nlohmann::json *r = fieldValue(f, "retries"))
            args += "        retries=" + literal(*r) + ",\n";
        if (const nlohmann::json *t = fieldValue(f, "timeout_seconds"))
            args += "        execution_timeout=timedelta(seconds=" + literal(*t) + "),\n";
        if (!fieldText(f, "trigger_rule").empty())
            args += "        trigger_rule=" + str(fieldText(f, "trigger_rule")) + ",\n";
        operators.insert(op);
        out += "    " + name + " = " + op + "(\n" + args + "    )\n";
    }
    if (!spec.edges.empty()) {
        out += "\n    # Dependencies\n";
        for (size_t i : in.order) {
            for (size_t u : in.upstreams[i])
                out += "    " + in.names[u] + " >> " + in.names[i] + "\n";
        }
    }
    std::string head;
    head += "# Generated by Pipewright from the pipeline definition " +
            python::comment(str(definitionName)) +
            ".\n# Edit the definition and compile again; changes made here are overwritten.\n";
    if (!in.renamed.empty()) {
        head += "# Task ids this file cannot use as variable names, kept in `tasks`:";
        for (const auto &[id, name] : in.renamed)
            head += " " + id;
        head += "\n";
    }
    head += "from __future__ import annotations\n\n";
    const bool usesPython = operators.contains("PythonOperator");
    if (usesPython)
        head += "import functools\nimport importlib\n";
    if (usesSqlFiles)
        head += "import os\n";
    if (out.find("timedelta(") != std::string::npos)
        head += "from datetime import timedelta\n";
    if (usesPython || usesSqlFiles || out.find("timedelta(") != std::string::npos)
        head += "\n";
    // airflow.sdk is Airflow 3's public module (`from airflow import DAG` still works there but
    // is deprecated, Ruff's AIR311); Airflow 2.7+ has only the latter.
    head += "import pendulum\n\n"
            "try:  # Airflow 3\n"
            "    from airflow.sdk import DAG\n"
            "except ImportError:  # Airflow 2.7+\n"
            "    from airflow import DAG\n";
    // The standard operators moved into the standard provider in Airflow 3.
    std::vector<std::pair<const char *, const char *>> standard;
    for (auto [module, op] :
         {std::pair{"bash", "BashOperator"}, std::pair{"empty", "EmptyOperator"},
          std::pair{"python", "PythonOperator"}}) {
        if (operators.contains(op))
            standard.emplace_back(module, op);
    }
    if (!standard.empty()) {
        head += "\ntry:  # Airflow 3: operators of the standard provider\n";
        for (auto [module, op] : standard)
            head += std::string("    from airflow.providers.standard.operators.") + module +
                    " import " + op + "\n";
        head += "except ImportError:  # Airflow 2.7+\n";
        for (auto [module, op] : standard)
            head += std::string("    from airflow.operators.") + module + " import " + op + "\n";
    }
    if (operators.contains("SQLExecuteQueryOperator"))
        head += "from airflow.providers.common.sql.operators.sql import SQLExecuteQueryOperator\n";
    if (operators.contains("HttpOperator"))
        head += "from airflow.providers.http.operators.http import HttpOperator\n";
    if (usesPython)
        head += "\n\ndef call_callable(module, name, **context):\n"
                "    \"\"\"Imports a task's module when the task runs, so parsing this file stays "
                "cheap.\"\"\"\n"
                "    return getattr(importlib.import_module(module), name)(**context)\n";
    if (usesSqlFiles)
        head += "\n\n# .sql files are looked up from the repository root (this file is in dags/).\n"
                "REPOSITORY_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))\n";
    out = head + "\n\n" + out;

    CompileResult result;
    result.files.push_back({generatedFilePath("airflow", in.dagId), std::move(out), "python"});
    result.renamed = std::move(in.renamed);
    return result;
}

} // namespace pw::core
