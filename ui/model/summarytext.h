#pragma once

#include <QString>

#include <string>

namespace pw::ui {

// A version's change summary as the user reads it: one core wrote (stored in English, see
// core/definition/changesummary.h) is shown in the window's language, part by part; an
// author's own words are shown as written.
QString displayChangeSummary(const std::string &stored);

} // namespace pw::ui
