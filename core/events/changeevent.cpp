#include "changeevent.h"

namespace pw::core {

std::string_view changeKindName(ChangeEvent::Kind kind)
{
    switch (kind) {
    case ChangeEvent::Kind::Space: return "space";
    case ChangeEvent::Kind::Access: return "access";
    case ChangeEvent::Kind::Workspace: return "workspace";
    case ChangeEvent::Kind::Settings: return "settings";
    case ChangeEvent::Kind::Registry: return "registry";
    case ChangeEvent::Kind::Definition: return "definition";
    case ChangeEvent::Kind::Layout: return "layout";
    case ChangeEvent::Kind::File: return "file";
    case ChangeEvent::Kind::Run: return "run";
    case ChangeEvent::Kind::TaskRun: return "task_run";
    case ChangeEvent::Kind::Job: return "job";
    case ChangeEvent::Kind::Chat: return "chat";
    case ChangeEvent::Kind::Schedule: return "schedule";
    }
    return "unknown";
}

} // namespace pw::core
