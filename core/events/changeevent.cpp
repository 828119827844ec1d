#include "changeevent.h"

namespace pw::core {

std::string_view changeKindName(ChangeEvent::Kind kind)
{
    switch (kind) {
    case ChangeEvent::Kind::Space:
        return "space";
    case ChangeEvent::Kind::Access:
        return "access";
    case ChangeEvent::Kind::Workspace:
        return "workspace";
    case ChangeEvent::Kind::Settings:
        return "settings";
    case ChangeEvent::Kind::Registry:
        return "registry";
    case ChangeEvent::Kind::Definition:
        return "definition";
    case ChangeEvent::Kind::Layout:
        return "layout";
    case ChangeEvent::Kind::File:
        return "file";
    case ChangeEvent::Kind::Run:
        return "run";
    case ChangeEvent::Kind::TaskRun:
        return "task_run";
    case ChangeEvent::Kind::Job:
        return "job";
    case ChangeEvent::Kind::Chat:
        return "chat";
    case ChangeEvent::Kind::Schedule:
        return "schedule";
    }
    return "unknown";
}

ChangeEvent changeEventOf(const AuditEvent &event)
{
    ChangeEvent out;
    const std::string &type = event.objectType;
    if (type == "definition")
        out.kind = event.action == "definition.layout_changed" ? ChangeEvent::Kind::Layout
                                                               : ChangeEvent::Kind::Definition;
    else if (type == "draft_file")
        out.kind = ChangeEvent::Kind::File;
    else if (type == "workspace")
        out.kind = ChangeEvent::Kind::Workspace;
    else if (type == "user_settings")
        out.kind = ChangeEvent::Kind::Settings;
    else if (type == "repository" || type == "connector" || type == "known_host")
        out.kind = ChangeEvent::Kind::Registry;
    else if (type == "space")
        out.kind = ChangeEvent::Kind::Space;
    else if (type == "job")
        out.kind = ChangeEvent::Kind::Job;
    else if (type == "run")
        out.kind = ChangeEvent::Kind::Run;
    else
        out.kind = ChangeEvent::Kind::Access; // api_token, user
    out.spaceId = event.spaceId;
    out.objectId = event.objectId;
    out.definitionId = event.definitionId;
    if (const auto it = event.details.find("version");
        it != event.details.end() && it->is_number_integer())
        out.version = it->get<int>();
    out.actorUserId = event.actorUserId;
    out.action = event.action;
    out.sequence = event.id;
    return out;
}

} // namespace pw::core
