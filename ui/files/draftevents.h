#pragma once

#include <QObject>

#include "core/app/core.h"
#include "core/events/changeevent.h"
#include "ui/model/definitiondocument.h"

namespace pw::ui {

// Whether a change event may change what the draft of `document` shows: its file edits, and a
// new version (which may name another repository or move the README).
inline bool changesDraftOf(const core::ChangeEvent &event, const DefinitionDocument *document)
{
    return document && event.objectId == document->id() &&
           (event.kind == core::ChangeEvent::Kind::File ||
            event.kind == core::ChangeEvent::Kind::Definition);
}

// Calls `refresh` on `receiver` for every event that changes the draft of `document` (nothing
// for a null document); the returned connection is the subscription to end on a switch.
template <class Receiver>
QMetaObject::Connection followDraft(Receiver *receiver, DefinitionDocument *document,
                                    void (Receiver::*refresh)())
{
    if (!document)
        return {};
    return QObject::connect(&document->core().notifier(), &core::ChangeNotifier::changed, receiver,
                            [receiver, document, refresh](const core::ChangeEvent &event) {
                                if (changesDraftOf(event, document))
                                    (receiver->*refresh)();
                            });
}

} // namespace pw::ui
