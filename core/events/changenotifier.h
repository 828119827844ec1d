#pragma once

#include <string>

#include <QObject>

namespace pw::core {

// What changed after a committed mutation. Faces (window, server) refresh from the service;
// the event only says where to look.
struct ChangeEvent
{
    enum class Kind { Space, Workspace, Definition, Layout, Settings };
    Kind kind = Kind::Definition;
    std::string spaceId;
    std::string objectId;
    int version = 0; // Definition: the new current version
    std::string actorUserId;
    std::string action;
};

// Emits one event after each committed mutation, from the thread that made it; receivers in
// another thread get it queued.
class ChangeNotifier : public QObject
{
    Q_OBJECT
public:
    explicit ChangeNotifier(QObject *parent = nullptr);
    void notify(const ChangeEvent &event) { Q_EMIT changed(event); }

Q_SIGNALS:
    void changed(const pw::core::ChangeEvent &event);
};

} // namespace pw::core

Q_DECLARE_METATYPE(pw::core::ChangeEvent)
