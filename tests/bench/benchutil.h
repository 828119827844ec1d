#pragma once

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace pw::bench {

using Clock = std::chrono::steady_clock;

inline double msSince(Clock::time_point start)
{
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

inline double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    const size_t n = values.size();
    return n == 0 ? 0 : (n % 2 ? values[n / 2] : (values[n / 2 - 1] + values[n / 2]) / 2);
}

// One JSON line per result, so runs can be compared by tools.
inline void report(const std::string &name, const nlohmann::json &fields)
{
    nlohmann::json line = fields;
    line["bench"] = name;
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
}

// A random layered DAG of `nodes` nodes and `edges` edges: nodes are spread over layers of
// about sqrt(nodes) and every edge points from a lower to a higher layer, mostly to the next
// few layers (as real pipelines do). Deterministic for a seed. Node types cycle through the
// catalog with their required fields so the spec validates.
inline nlohmann::json randomDagSpec(int nodes, int edges, unsigned seed = 42)
{
    std::mt19937 rng(seed);
    const int layers = std::max(2, static_cast<int>(std::sqrt(nodes)));
    std::vector<int> layerOf(static_cast<size_t>(nodes));
    for (int i = 0; i < nodes; ++i)
        layerOf[static_cast<size_t>(i)] = i * layers / nodes;
    nlohmann::json list = nlohmann::json::array();
    for (int i = 0; i < nodes; ++i) {
        const std::string id = "task_" + std::to_string(i);
        nlohmann::json node = {{"id", id}, {"label", "Task " + std::to_string(i)}};
        switch (i % 5) {
        case 0:
            node["type"] = "python_module";
            node["module"] = "pipelines.step" + std::to_string(i % 97);
            node["callable"] = "run";
            break;
        case 1:
            node["type"] = "bash";
            node["command"] = "scripts/run.sh " + std::to_string(i);
            break;
        case 2:
            node["type"] = "sql";
            node["connector"] = "warehouse";
            node["query"] = "SELECT * FROM t" + std::to_string(i);
            break;
        case 3:
            node["type"] = "http_request";
            node["method"] = "POST";
            node["url"] = "https://api.example.com/" + std::to_string(i);
            break;
        default:
            node["type"] = "empty";
            break;
        }
        list.push_back(std::move(node));
    }
    // Nodes by layer, so an edge can pick a target a few layers down.
    std::vector<std::vector<int>> byLayer(static_cast<size_t>(layers));
    for (int i = 0; i < nodes; ++i)
        byLayer[static_cast<size_t>(layerOf[static_cast<size_t>(i)])].push_back(i);
    std::set<std::pair<int, int>> seen;
    nlohmann::json edgeList = nlohmann::json::array();
    std::uniform_int_distribution<int> pickNode(0, nodes - 1);
    std::geometric_distribution<int> span(0.6);
    while (static_cast<int>(edgeList.size()) < edges) {
        const int from = pickNode(rng);
        const int layer = layerOf[static_cast<size_t>(from)];
        if (layer == layers - 1)
            continue;
        const int target = std::min(layers - 1, layer + 1 + span(rng));
        const auto &candidates = byLayer[static_cast<size_t>(target)];
        const int to =
            candidates[std::uniform_int_distribution<size_t>(0, candidates.size() - 1)(rng)];
        if (!seen.insert({from, to}).second)
            continue;
        edgeList.push_back({{"upstream", "task_" + std::to_string(from)},
                            {"downstream", "task_" + std::to_string(to)}});
    }
    return {
        {"nodes", std::move(list)},
        {"edges", std::move(edgeList)},
        {"deployment", {{"dag_id", "bench"}, {"schedule", "@daily"}, {"start_date", "2026-01-01"}}},
        {"params", nlohmann::json::object()}};
}

} // namespace pw::bench
