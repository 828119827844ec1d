#pragma once

#include <QString>

#include "core/util/error.h"

namespace pw::ui {

// The one place a core error becomes a message in the window.
QString errorText(const core::Error &error);

} // namespace pw::ui
