#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace pw::core {

// The change summaries core writes into shared history when the author gave none. History is
// read by every face and every user, so it is stored in one language (English); the window
// shows it in the user's language by reading it back into parts (parseChangeSummary) and
// translating each part. One grammar, here, for writing and reading.
struct SummaryPart
{
    enum class Kind
    {
        CreateDefinition,    // no args
        RestoreVersion,      // {number}
        UpdateFields,        // {field, ...}: name, description, target, workspace, ...
        AddNode,             // {id}
        AddNodes,            // {count}
        RemoveNode,          // {id}
        RemoveNodes,         // {count}
        UpdateNode,          // {id}
        UpdateNodes,         // {count}
        AddDependency,       // {upstream, downstream}
        AddDependencies,     // {count}
        RemoveDependency,    // {upstream, downstream}
        RemoveDependencies,  // {count}
        ReplaceDependencies, // no args
    };
    Kind kind;
    std::vector<std::string> args;

    bool operator==(const SummaryPart &) const = default;
};

// "Add node extract, remove 2 dependencies": parts joined by ", ", the first capitalised.
std::string changeSummaryText(const std::vector<SummaryPart> &parts);
// The parts of a text changeSummaryText wrote, or nothing for any other text (an author's own
// summary is shown as written).
std::optional<std::vector<SummaryPart>> parseChangeSummary(std::string_view text);

} // namespace pw::core
