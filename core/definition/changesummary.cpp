#include "changesummary.h"

#include <algorithm>
#include <array>
#include <cctype>

#include "../spec/spec.h"

namespace pw::core {

namespace {

using Kind = SummaryPart::Kind;

// Parts naming one node: the words before its id.
struct NodePhrase
{
    Kind kind;
    std::string_view prefix;
};
constexpr std::array kNodePhrases{NodePhrase{Kind::AddNode, "add node "},
                                  NodePhrase{Kind::RemoveNode, "remove node "},
                                  NodePhrase{Kind::UpdateNode, "update node "}};

// Parts counting things: verb, count, noun in the count's number.
struct CountPhrase
{
    Kind kind;
    std::string_view verb;
    std::string_view one;
    std::string_view many;
};
constexpr std::array kCountPhrases{
    CountPhrase{Kind::AddNodes, "add", "node", "nodes"},
    CountPhrase{Kind::RemoveNodes, "remove", "node", "nodes"},
    CountPhrase{Kind::UpdateNodes, "update", "node", "nodes"},
    CountPhrase{Kind::AddDependencies, "add", "dependency", "dependencies"},
    CountPhrase{Kind::RemoveDependencies, "remove", "dependency", "dependencies"}};

// Parts naming one dependency.
struct EdgePhrase
{
    Kind kind;
    std::string_view prefix;
};
constexpr std::array kEdgePhrases{EdgePhrase{Kind::AddDependency, "add dependency "},
                                  EdgePhrase{Kind::RemoveDependency, "remove dependency "}};
constexpr std::string_view kArrow = " → ";

// The definition fields an update names.
constexpr std::array<std::string_view, 6> kFields{"name",      "description", "target",
                                                  "workspace", "repository",  "spec"};

bool isField(std::string_view word)
{
    return std::find(kFields.begin(), kFields.end(), word) != kFields.end();
}

bool isCount(std::string_view text)
{
    return !text.empty() && text.size() < 10 && text[0] != '0' &&
           std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string partText(const SummaryPart &part)
{
    const auto &a = part.args;
    switch (part.kind) {
    case Kind::CreateDefinition:
        return "create definition";
    case Kind::RestoreVersion:
        return "restore version " + a.at(0);
    case Kind::ReplaceDependencies:
        return "replace dependencies";
    case Kind::UpdateFields: {
        std::string out = "update ";
        for (size_t i = 0; i < a.size(); ++i)
            out += (i ? ", " : "") + a[i];
        return out;
    }
    default:
        break;
    }
    for (const NodePhrase &p : kNodePhrases) {
        if (p.kind == part.kind)
            return std::string(p.prefix) + a.at(0);
    }
    for (const EdgePhrase &p : kEdgePhrases) {
        if (p.kind == part.kind)
            return std::string(p.prefix) + a.at(0) + std::string(kArrow) + a.at(1);
    }
    for (const CountPhrase &p : kCountPhrases) {
        if (p.kind == part.kind)
            return std::string(p.verb) + " " + a.at(0) + " " +
                   std::string(a.at(0) == "1" ? p.one : p.many);
    }
    return {};
}

std::optional<SummaryPart> parsePart(std::string_view piece)
{
    if (piece == "create definition")
        return SummaryPart{Kind::CreateDefinition, {}};
    if (piece == "replace dependencies")
        return SummaryPart{Kind::ReplaceDependencies, {}};
    if (piece.starts_with("restore version ") && isCount(piece.substr(16)))
        return SummaryPart{Kind::RestoreVersion, {std::string(piece.substr(16))}};
    for (const NodePhrase &p : kNodePhrases) {
        if (piece.starts_with(p.prefix) && isValidNodeId(piece.substr(p.prefix.size())))
            return SummaryPart{p.kind, {std::string(piece.substr(p.prefix.size()))}};
    }
    for (const EdgePhrase &p : kEdgePhrases) {
        if (!piece.starts_with(p.prefix))
            continue;
        const std::string_view ends = piece.substr(p.prefix.size());
        const size_t arrow = ends.find(kArrow);
        if (arrow == std::string_view::npos)
            continue;
        const std::string_view up = ends.substr(0, arrow);
        const std::string_view down = ends.substr(arrow + kArrow.size());
        if (isValidNodeId(up) && isValidNodeId(down))
            return SummaryPart{p.kind, {std::string(up), std::string(down)}};
    }
    for (const CountPhrase &p : kCountPhrases) {
        if (!piece.starts_with(p.verb) || piece.size() <= p.verb.size() ||
            piece[p.verb.size()] != ' ')
            continue;
        const std::string_view rest = piece.substr(p.verb.size() + 1);
        const size_t space = rest.find(' ');
        if (space == std::string_view::npos)
            continue;
        const std::string_view count = rest.substr(0, space);
        const std::string_view noun = rest.substr(space + 1);
        if (isCount(count) && noun == (count == "1" ? p.one : p.many))
            return SummaryPart{p.kind, {std::string(count)}};
    }
    return std::nullopt;
}

} // namespace

std::string changeSummaryText(const std::vector<SummaryPart> &parts)
{
    std::string out;
    for (const SummaryPart &part : parts)
        out += (out.empty() ? "" : ", ") + partText(part);
    if (!out.empty())
        out[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(out[0])));
    return out;
}

std::optional<std::vector<SummaryPart>> parseChangeSummary(std::string_view text)
{
    if (text.empty() || text.size() > 4096)
        return std::nullopt;
    std::string lowered(text);
    lowered[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(lowered[0])));
    std::vector<std::string_view> pieces;
    std::string_view rest = lowered;
    for (size_t comma; (comma = rest.find(", ")) != std::string_view::npos;) {
        pieces.push_back(rest.substr(0, comma));
        rest = rest.substr(comma + 2);
    }
    pieces.push_back(rest);
    std::vector<SummaryPart> parts;
    for (size_t i = 0; i < pieces.size(); ++i) {
        // "update name, description": the fields after the first are bare words.
        if (pieces[i].starts_with("update ") && isField(pieces[i].substr(7))) {
            SummaryPart update{Kind::UpdateFields, {std::string(pieces[i].substr(7))}};
            while (i + 1 < pieces.size() && isField(pieces[i + 1]))
                update.args.emplace_back(pieces[++i]);
            parts.push_back(std::move(update));
            continue;
        }
        auto part = parsePart(pieces[i]);
        if (!part)
            return std::nullopt;
        parts.push_back(std::move(*part));
    }
    // Only what this grammar writes, exactly: anything else is an author's own words.
    if (changeSummaryText(parts) != text)
        return std::nullopt;
    return parts;
}

} // namespace pw::core
