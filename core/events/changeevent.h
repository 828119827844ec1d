#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "../audit/auditevent.h"

namespace pw::core {

// What changed in one committed write. Faces (window, server, streams) refresh from the
// service; the event says where to look and where it stands in the order of writes.
struct ChangeEvent
{
    enum class Kind
    {
        Space,      // a space was created
        Access,     // users, roles and API tokens
        Workspace,  // workspace metadata, visibility, grants, archive
        Settings,   // a user's settings in a space
        Registry,   // repositories, connectors and SSH known hosts of a space
        Definition, // a new version (or archive) of a definition
        Layout,     // node positions only: no version
        File,       // draft files of a definition's repository
        Run,
        TaskRun,
        Job,
        Chat,
        Schedule,
    };
    Kind kind = Kind::Definition;
    std::string spaceId; // empty for changes outside any space (a user's own tokens)
    std::string objectId;
    int version = 0; // Definition: the new current version
    std::string actorUserId;
    std::string action; // the audit action: "definition.node_added", "workspace.archived", ...
    // The id of the write's audit event: it grows in commit order, so events can be ordered
    // and a stream resumed after the last one a client saw (SSE Last-Event-ID).
    int64_t sequence = 0;
    std::string definitionId; // the definition the change belongs to (runs, files), if any
};

std::string_view changeKindName(ChangeEvent::Kind kind);

// The change event a write's audit event stands for: what the write emitted live, and what a
// stream replays from the audit log after a client's last event. One mapping for both.
ChangeEvent changeEventOf(const AuditEvent &event);

} // namespace pw::core
