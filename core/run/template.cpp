#include "template.h"

#include <cctype>
#include <charconv>
#include <chrono>
#include <optional>

namespace pw::core {

namespace {

using Value = nlohmann::json;

// "2026-11-30T06:05:00Z" → its parts; false when it is not that shape.
struct DateTime
{
    int year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0;
};

bool parseNumber(std::string_view text, int &out)
{
    auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && ptr == text.data() + text.size();
}

std::optional<DateTime> parseDateTime(std::string_view text)
{
    DateTime t;
    if (text.size() < 10 || text[4] != '-' || text[7] != '-')
        return std::nullopt;
    if (!parseNumber(text.substr(0, 4), t.year) || !parseNumber(text.substr(5, 2), t.month) ||
        !parseNumber(text.substr(8, 2), t.day))
        return std::nullopt;
    if (text.size() >= 19 && (text[10] == 'T' || text[10] == ' ')) {
        if (!parseNumber(text.substr(11, 2), t.hour) ||
            !parseNumber(text.substr(14, 2), t.minute) ||
            !parseNumber(text.substr(17, 2), t.second))
            return std::nullopt;
    }
    const std::chrono::year_month_day ymd{std::chrono::year(t.year),
                                          std::chrono::month(unsigned(t.month)),
                                          std::chrono::day(unsigned(t.day))};
    if (!ymd.ok() || t.hour > 23 || t.minute > 59 || t.second > 60)
        return std::nullopt;
    return t;
}

std::string two(int v)
{
    return v < 10 ? "0" + std::to_string(v) : std::to_string(v);
}

std::string dateText(const DateTime &t)
{
    std::string year = std::to_string(t.year);
    while (year.size() < 4)
        year.insert(0, "0");
    return year + "-" + two(t.month) + "-" + two(t.day);
}

std::string timeText(const DateTime &t)
{
    return two(t.hour) + ":" + two(t.minute) + ":" + two(t.second);
}

std::string withoutSeparators(std::string text)
{
    std::erase_if(text, [](char c) { return c == '-' || c == ':'; });
    return text;
}

// How Jinja prints a value: Python's str().
std::string printed(const Value &v)
{
    if (v.is_string())
        return v.get<std::string>();
    if (v.is_boolean())
        return v.get<bool>() ? "True" : "False";
    if (v.is_null())
        return "None";
    return v.dump();
}

class Expression
{
public:
    Expression(std::string_view text, const TemplateContext &context, const DateTime &logical)
        : m_text(text), m_context(context), m_logical(logical)
    {
    }

    Result<Value> parse()
    {
        auto value = primary();
        if (!value)
            return value;
        skipSpace();
        if (m_pos < m_text.size()) {
            if (m_text[m_pos] == '|')
                return fail(problem("Jinja filters are not supported in local runs"));
            return fail(problem("unexpected '" + std::string(m_text.substr(m_pos)) + "'"));
        }
        return value;
    }

private:
    Error problem(const std::string &why) const
    {
        Error e = Error::invalid("template {{ " + trimmed() + " }}: " + why);
        e.details["template"] = "{{ " + trimmed() + " }}";
        return e;
    }

    std::string trimmed() const
    {
        size_t b = m_text.find_first_not_of(" \t\n");
        size_t e = m_text.find_last_not_of(" \t\n");
        return b == std::string_view::npos ? std::string()
                                           : std::string(m_text.substr(b, e - b + 1));
    }

    void skipSpace()
    {
        while (m_pos < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_pos])))
            ++m_pos;
    }

    std::string name()
    {
        const size_t start = m_pos;
        while (m_pos < m_text.size() &&
               (std::isalnum(static_cast<unsigned char>(m_text[m_pos])) || m_text[m_pos] == '_'))
            ++m_pos;
        return std::string(m_text.substr(start, m_pos - start));
    }

    Result<Value> primary()
    {
        skipSpace();
        if (m_pos >= m_text.size())
            return fail(problem("the expression is empty"));
        const char c = m_text[m_pos];
        if (c == '\'' || c == '"') {
            const size_t end = m_text.find(c, m_pos + 1);
            if (end == std::string_view::npos)
                return fail(problem("a string is not closed"));
            Value v = std::string(m_text.substr(m_pos + 1, end - m_pos - 1));
            m_pos = end + 1;
            return v;
        }
        if (std::isdigit(static_cast<unsigned char>(c)) || c == '-') {
            const size_t start = m_pos++;
            while (m_pos < m_text.size() && std::isdigit(static_cast<unsigned char>(m_text[m_pos])))
                ++m_pos;
            int n = 0;
            if (!parseNumber(m_text.substr(start, m_pos - start), n))
                return fail(problem("'" + std::string(m_text.substr(start, m_pos - start)) +
                                    "' is not a whole number"));
            return Value(n);
        }
        std::string path = name();
        if (path.empty())
            return fail(problem("expected a name at '" + std::string(m_text.substr(m_pos)) + "'"));
        std::vector<std::string> parts{path};
        for (;;) {
            skipSpace();
            if (m_pos < m_text.size() && m_text[m_pos] == '.') {
                ++m_pos;
                std::string part = name();
                if (part.empty())
                    return fail(problem("expected a name after '.'"));
                parts.push_back(part);
                path += "." + part;
            } else if (m_pos + 1 < m_text.size() && m_text[m_pos] == '[' &&
                       (m_text[m_pos + 1] == '\'' || m_text[m_pos + 1] == '"')) {
                const char quote = m_text[m_pos + 1];
                const size_t end = m_text.find(quote, m_pos + 2);
                if (end == std::string_view::npos || end + 1 >= m_text.size() ||
                    m_text[end + 1] != ']')
                    return fail(problem("a subscript is not closed"));
                parts.emplace_back(m_text.substr(m_pos + 2, end - m_pos - 2));
                path += "." + parts.back();
                m_pos = end + 2;
            } else {
                break;
            }
        }
        if (m_pos < m_text.size() && m_text[m_pos] == '(')
            return call(path);
        return lookup(parts, path);
    }

    Result<Value> call(const std::string &function)
    {
        ++m_pos; // (
        std::vector<Value> args;
        skipSpace();
        if (m_pos < m_text.size() && m_text[m_pos] == ')') {
            ++m_pos;
        } else {
            for (;;) {
                auto arg = primary();
                if (!arg)
                    return arg;
                args.push_back(std::move(*arg));
                skipSpace();
                if (m_pos < m_text.size() && m_text[m_pos] == ',') {
                    ++m_pos;
                    continue;
                }
                if (m_pos < m_text.size() && m_text[m_pos] == ')') {
                    ++m_pos;
                    break;
                }
                return fail(problem("expected ',' or ')' in the arguments of " + function));
            }
        }
        if (function == "macros.ds_add") {
            if (args.size() != 2 || !args[0].is_string() || !args[1].is_number_integer())
                return fail(
                    problem("macros.ds_add takes a date (YYYY-MM-DD) and a number of days"));
            auto date = parseDateTime(args[0].get<std::string>());
            if (!date)
                return fail(problem("'" + args[0].get<std::string>() + "' is not a date"));
            using namespace std::chrono;
            const sys_days day =
                sys_days(year_month_day{year(date->year), month(unsigned(date->month)),
                                        std::chrono::day(unsigned(date->day))}) +
                days(args[1].get<int>());
            const year_month_day ymd(day);
            DateTime out;
            out.year = int(ymd.year());
            out.month = int(unsigned(ymd.month()));
            out.day = int(unsigned(ymd.day()));
            return Value(dateText(out));
        }
        if (function.starts_with("macros."))
            return fail(problem(function + " is not available in local runs (macros.ds_add is)"));
        return fail(problem("'" + function + "' is not a function local runs know"));
    }

    Result<Value> lookup(const std::vector<std::string> &parts, const std::string &path)
    {
        const std::string &head = parts.front();
        const bool single = parts.size() == 1;
        const std::string ds = dateText(m_logical);
        const std::string ts = ds + "T" + timeText(m_logical) + "+00:00";
        if (single) {
            if (head == "ds")
                return Value(ds);
            if (head == "ds_nodash")
                return Value(withoutSeparators(ds));
            if (head == "ts" || head == "logical_date" || head == "data_interval_start" ||
                head == "data_interval_end")
                return Value(ts);
            if (head == "ts_nodash")
                return Value(withoutSeparators(ds) + "T" + withoutSeparators(timeText(m_logical)));
            if (head == "ts_nodash_with_tz")
                return Value(withoutSeparators(ds) + "T" + withoutSeparators(timeText(m_logical)) +
                             "+0000");
            if (head == "run_id")
                return Value(m_context.runId);
            if (head == "params")
                return m_context.params;
        }
        if (head == "execution_date" || head == "next_ds" || head == "prev_ds" ||
            head == "tomorrow_ds" || head == "yesterday_ds")
            return fail(problem(head + " was removed in Airflow 3; use logical_date or ds"));
        if (parts.size() == 2 && (head == "task" || head == "ti" || head == "task_instance") &&
            parts[1] == "task_id")
            return Value(m_context.taskId);
        if (parts.size() == 2 && head == "dag" && parts[1] == "dag_id")
            return Value(m_context.dagId);
        if (parts.size() == 2 && head == "dag_run" && parts[1] == "run_id")
            return Value(m_context.runId);
        if (head == "params" && !single) {
            const Value *at = &m_context.params;
            for (size_t i = 1; i < parts.size(); ++i) {
                if (!at->is_object() || !at->contains(parts[i]))
                    return fail(problem(path + " is not set: add it to the pipeline's params or "
                                               "pass it with the run"));
                at = &(*at)[parts[i]];
            }
            return *at;
        }
        if (head == "var" || head == "conn")
            return fail(problem("Airflow " +
                                std::string(head == "var" ? "Variables" : "Connections") +
                                " are not available in local runs; use params instead"));
        return fail(problem("'" + path + "' is not a template variable local runs know (" + [] {
            std::string all;
            for (const std::string &v : templateVariables())
                all += (all.empty() ? "" : ", ") + v;
            return all;
        }() + ")"));
    }

    std::string_view m_text;
    size_t m_pos = 0;
    const TemplateContext &m_context;
    const DateTime &m_logical;
};

} // namespace

const std::vector<std::string> &templateVariables()
{
    static const std::vector<std::string> names{"ds",
                                                "ds_nodash",
                                                "ts",
                                                "ts_nodash",
                                                "logical_date",
                                                "data_interval_start",
                                                "data_interval_end",
                                                "run_id",
                                                "params.*",
                                                "task.task_id",
                                                "dag.dag_id",
                                                "macros.ds_add(ds, n)"};
    return names;
}

Result<std::string> renderTemplate(std::string_view text, const TemplateContext &context)
{
    if (text.find('{') == std::string_view::npos)
        return std::string(text);
    auto logical = parseDateTime(context.logicalDate);
    if (!logical)
        return fail(Error::invalid("the run's logical date '" + context.logicalDate +
                                   "' is not a date-time"));
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t open = text.find('{', pos);
        if (open == std::string_view::npos || open + 1 >= text.size()) {
            out.append(text.substr(pos));
            break;
        }
        const char kind = text[open + 1];
        if (kind != '{' && kind != '%' && kind != '#') {
            out.append(text.substr(pos, open + 1 - pos));
            pos = open + 1;
            continue;
        }
        out.append(text.substr(pos, open - pos));
        const std::string closing = kind == '{' ? "}}" : std::string(1, kind) + "}";
        const size_t close = text.find(closing, open + 2);
        if (close == std::string_view::npos)
            return fail(Error::invalid("a template opened with '{" + std::string(1, kind) +
                                       "' is not closed"));
        if (kind == '#') {
            pos = close + 2;
            continue;
        }
        std::string_view inner = text.substr(open + 2, close - open - 2);
        // Whitespace control markers ({{- x -}}) only change spacing.
        if (!inner.empty() && inner.front() == '-')
            inner.remove_prefix(1);
        if (!inner.empty() && inner.back() == '-')
            inner.remove_suffix(1);
        if (kind == '%') {
            Error e = Error::invalid("template {%" + std::string(inner) +
                                     "%}: Jinja statements are not supported in local runs");
            e.details["template"] = "{%" + std::string(inner) + "%}";
            return fail(e);
        }
        auto value = Expression(inner, context, *logical).parse();
        if (!value)
            return fail(value.error());
        out += printed(*value);
        pos = close + 2;
    }
    return out;
}

} // namespace pw::core
