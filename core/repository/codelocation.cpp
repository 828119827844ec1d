#include "repositoryinternal.h"

namespace pw::core {

namespace {

// The 1-based line of the first line of `text` starting with `prefix` (after indentation), or 1.
int lineStartingWith(const std::string &text, const std::string &prefix)
{
    int line = 1;
    size_t start = 0;
    while (start <= text.size()) {
        size_t end = text.find('\n', start);
        if (end == std::string::npos)
            end = text.size();
        size_t first = start;
        while (first < end && (text[first] == ' ' || text[first] == '\t'))
            ++first;
        if (text.compare(first, prefix.size(), prefix) == 0)
            return line;
        ++line;
        start = end + 1;
    }
    return 1;
}

} // namespace

Result<CodeLocation> RepositoryService::codeOf(const Actor &actor, const std::string &definitionId,
                                               const std::string &nodeId)
{
    auto view = m_definitions.get(actor, definitionId);
    if (!view)
        return fail(view.error());
    const Node *node = view->definition->spec.findNode(nodeId);
    if (!node)
        return fail(Error::notFound("node '" + nodeId + "' was not found"));
    const nlohmann::json fields = node->fields();
    auto text = [&](const char *key) {
        const auto it = fields.find(key);
        return it != fields.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    if (node->type == "python_module") {
        const std::string module = text("module");
        if (module.empty())
            return fail(Error::notFound("node '" + nodeId + "' names no module"));
        std::string base = module;
        std::replace(base.begin(), base.end(), '.', '/');
        for (const std::string &path : {base + ".py", base + "/__init__.py"}) {
            auto file = read(actor, definitionId, path);
            if (!file) {
                if (file.error().code == ErrorCode::NotFound ||
                    file.error().code == ErrorCode::Invalid)
                    continue;
                return fail(file.error());
            }
            const std::string callable = text("callable");
            return CodeLocation{
                path,
                callable.empty() ? 1 : lineStartingWith(file->content, "def " + callable + "(")};
        }
        return fail(Error::notFound("module '" + module + "' has no file in the draft (" + base +
                                    ".py or " + base + "/__init__.py)"));
    }
    if (node->type == "sql") {
        const std::string query = text("query");
        const bool isPath = query.find('\n') == std::string::npos && query.ends_with(".sql");
        if (!isPath)
            return fail(Error::notFound("node '" + nodeId + "' holds its query inline"));
        auto file = read(actor, definitionId, query);
        if (!file)
            return fail(file.error());
        return CodeLocation{query, 1};
    }
    if (node->type == "bash") {
        // The script a command runs, when its first word is a file of the draft.
        const std::string command = text("command");
        const std::string first = command.substr(0, command.find(' '));
        if (!first.empty() && read(actor, definitionId, first))
            return CodeLocation{first, 1};
    }
    return fail(Error::notFound("node '" + nodeId + "' has no code file"));
}

} // namespace pw::core
