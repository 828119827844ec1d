#include "runmodel.h"

#include <algorithm>
#include <array>
#include <deque>
#include <unordered_map>

namespace pw::core {

namespace {

constexpr std::array kTaskStates{
    std::pair{TaskState::Pending, "PENDING"},
    std::pair{TaskState::Queued, "QUEUED"},
    std::pair{TaskState::Running, "RUNNING"},
    std::pair{TaskState::Completed, "COMPLETED"},
    std::pair{TaskState::Failed, "FAILED"},
    std::pair{TaskState::UpstreamFailed, "UPSTREAM_FAILED"},
    std::pair{TaskState::Skipped, "SKIPPED"},
    std::pair{TaskState::Cancelled, "CANCELLED"},
};

constexpr std::array kRunStates{
    std::pair{RunState::Pending, "PENDING"},     std::pair{RunState::Running, "RUNNING"},
    std::pair{RunState::Completed, "COMPLETED"}, std::pair{RunState::Failed, "FAILED"},
    std::pair{RunState::Cancelled, "CANCELLED"},
};

constexpr std::array kModes{
    std::pair{RunSelection::Mode::All, "all"},
    std::pair{RunSelection::Mode::From, "from"},
    std::pair{RunSelection::Mode::UpTo, "upto"},
    std::pair{RunSelection::Mode::Only, "only"},
};

template <class Table, class E> std::string_view nameIn(const Table &table, E value)
{
    for (const auto &[v, name] : table) {
        if (v == value)
            return name;
    }
    return table.front().second;
}

template <class E, class Table> std::optional<E> valueIn(const Table &table, std::string_view name)
{
    for (const auto &[v, n] : table) {
        if (n == name)
            return v;
    }
    return std::nullopt;
}

} // namespace

std::string_view taskStateName(TaskState state)
{
    return nameIn(kTaskStates, state);
}

std::optional<TaskState> taskStateFromName(std::string_view name)
{
    return valueIn<TaskState>(kTaskStates, name);
}

bool isFinished(TaskState state)
{
    return state == TaskState::Completed || state == TaskState::Failed ||
           state == TaskState::UpstreamFailed || state == TaskState::Skipped ||
           state == TaskState::Cancelled;
}

std::string_view runStateName(RunState state)
{
    return nameIn(kRunStates, state);
}

std::optional<RunState> runStateFromName(std::string_view name)
{
    return valueIn<RunState>(kRunStates, name);
}

std::string_view selectionModeName(RunSelection::Mode mode)
{
    return nameIn(kModes, mode);
}

nlohmann::json RunSelection::toJson() const
{
    return {{"mode", std::string(selectionModeName(mode))}, {"nodes", nodes}};
}

Result<RunSelection> RunSelection::fromJson(const nlohmann::json &json)
{
    RunSelection out;
    if (json.is_null())
        return out;
    if (!json.is_object())
        return fail(Error::invalid("selection must be an object with mode and nodes", "selection"));
    if (auto it = json.find("mode"); it != json.end() && !it->is_null()) {
        auto mode = it->is_string() ? valueIn<RunSelection::Mode>(kModes, it->get<std::string>())
                                    : std::nullopt;
        if (!mode)
            return fail(
                Error::invalid("selection.mode must be all, from, upto or only", "selection.mode"));
        out.mode = *mode;
    }
    if (auto it = json.find("nodes"); it != json.end() && !it->is_null()) {
        if (!it->is_array())
            return fail(
                Error::invalid("selection.nodes must be a list of node ids", "selection.nodes"));
        for (const auto &n : *it) {
            if (!n.is_string())
                return fail(Error::invalid("selection.nodes must be a list of node ids",
                                           "selection.nodes"));
            out.nodes.push_back(n.get<std::string>());
        }
    }
    return out;
}

Result<std::vector<bool>> selectNodes(const Spec &spec, const RunSelection &selection)
{
    const size_t n = spec.nodes.size();
    if (selection.mode == RunSelection::Mode::All)
        return std::vector<bool>(n, true);
    if (selection.nodes.empty())
        return fail(Error::invalid("a run " + std::string(selectionModeName(selection.mode)) +
                                       " nodes needs at least one node",
                                   "selection.nodes"));
    std::unordered_map<std::string_view, size_t> index;
    for (size_t i = 0; i < n; ++i)
        index.emplace(spec.nodes[i].id, i);
    std::vector<bool> selected(n, false);
    std::deque<size_t> queue;
    for (const std::string &id : selection.nodes) {
        auto it = index.find(id);
        if (it == index.end()) {
            Error e = Error::invalid("node '" + id + "' is not in the pipeline", "selection.nodes");
            e.details["node_id"] = id;
            return fail(e);
        }
        if (!selected[it->second]) {
            selected[it->second] = true;
            queue.push_back(it->second);
        }
    }
    if (selection.mode == RunSelection::Mode::Only)
        return selected;
    std::vector<std::vector<size_t>> next(n);
    for (const Edge &e : spec.edges) {
        auto up = index.find(e.upstream);
        auto down = index.find(e.downstream);
        if (up == index.end() || down == index.end())
            continue;
        if (selection.mode == RunSelection::Mode::From)
            next[up->second].push_back(down->second);
        else
            next[down->second].push_back(up->second);
    }
    while (!queue.empty()) {
        const size_t at = queue.front();
        queue.pop_front();
        for (size_t to : next[at]) {
            if (!selected[to]) {
                selected[to] = true;
                queue.push_back(to);
            }
        }
    }
    return selected;
}

int maxAttemptsOf(const Spec &spec, const Node &node)
{
    auto retries = [](const nlohmann::json &fields) -> std::optional<int> {
        const auto it = fields.find("retries");
        if (it == fields.end() || !it->is_number_integer())
            return std::nullopt;
        return std::clamp(it->get<int>(), 0, 100);
    };
    return 1 + retries(node.fields()).value_or(retries(spec.deployment).value_or(0));
}

bool isTriggerRule(std::string_view rule)
{
    for (const char *known : {"all_success", "all_failed", "all_done", "one_success", "one_failed",
                              "none_failed", "none_skipped", "always"}) {
        if (rule == known)
            return true;
    }
    return false;
}

TriggerDecision decideTrigger(std::string_view rule, const UpstreamCounts &u)
{
    const bool allDone = u.done() == u.total;
    if (u.total == 0 || rule == "always")
        return TriggerDecision::Run;
    if (rule.empty() || rule == "all_success") {
        if (u.failed > 0)
            return TriggerDecision::UpstreamFailed;
        if (u.skipped > 0)
            return TriggerDecision::Skip;
        return allDone ? TriggerDecision::Run : TriggerDecision::Wait;
    }
    if (rule == "all_failed") {
        if (u.succeeded > 0 || u.skipped > 0)
            return TriggerDecision::Skip;
        return allDone ? TriggerDecision::Run : TriggerDecision::Wait;
    }
    if (rule == "all_done")
        return allDone ? TriggerDecision::Run : TriggerDecision::Wait;
    if (rule == "one_success") {
        if (u.succeeded > 0)
            return TriggerDecision::Run;
        if (!allDone)
            return TriggerDecision::Wait;
        return u.failed > 0 ? TriggerDecision::UpstreamFailed : TriggerDecision::Skip;
    }
    if (rule == "one_failed") {
        if (u.failed > 0)
            return TriggerDecision::Run;
        return allDone ? TriggerDecision::Skip : TriggerDecision::Wait;
    }
    if (rule == "none_failed") {
        if (u.failed > 0)
            return TriggerDecision::UpstreamFailed;
        return allDone ? TriggerDecision::Run : TriggerDecision::Wait;
    }
    if (rule == "none_skipped") {
        if (u.skipped > 0)
            return TriggerDecision::Skip;
        return allDone ? TriggerDecision::Run : TriggerDecision::Wait;
    }
    return TriggerDecision::UpstreamFailed; // unknown: validation reports it before a run
}

} // namespace pw::core
