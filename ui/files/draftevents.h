#pragma once

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

} // namespace pw::ui
