#include "spec.h"

namespace pw::core {

const nlohmann::json &Node::fields() const
{
    static const nlohmann::json empty = nlohmann::json::object();
    return m_fields ? *m_fields : empty;
}

void Node::setFields(nlohmann::json fields)
{
    m_fields = std::make_shared<const nlohmann::json>(std::move(fields));
}

nlohmann::json &Node::editFields()
{
    auto copy = std::make_shared<nlohmann::json>(fields());
    nlohmann::json &ref = *copy;
    m_fields = std::move(copy);
    return ref;
}

int Spec::indexOfNode(std::string_view id) const
{
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (nodes[i].id == id)
            return static_cast<int>(i);
    }
    return -1;
}

const Node *Spec::findNode(std::string_view id) const
{
    const int i = indexOfNode(id);
    return i < 0 ? nullptr : &nodes[static_cast<size_t>(i)];
}

Node *Spec::findNode(std::string_view id)
{
    const int i = indexOfNode(id);
    return i < 0 ? nullptr : &nodes[static_cast<size_t>(i)];
}

int Spec::indexOfEdge(std::string_view upstream, std::string_view downstream) const
{
    for (size_t i = 0; i < edges.size(); ++i) {
        if (edges[i].upstream == upstream && edges[i].downstream == downstream)
            return static_cast<int>(i);
    }
    return -1;
}

bool Spec::sameContent(const Spec &other) const
{
    if (nodes.size() != other.nodes.size() || edges != other.edges ||
        deployment != other.deployment || params != other.params || extra != other.extra)
        return false;
    for (size_t i = 0; i < nodes.size(); ++i) {
        if (!nodes[i].sameContent(other.nodes[i]))
            return false;
    }
    return true;
}

bool isValidNodeId(std::string_view id)
{
    if (id.empty() || id.size() > 128 || id[0] < 'a' || id[0] > 'z')
        return false;
    for (char c : id) {
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'))
            return false;
    }
    return true;
}

} // namespace pw::core
