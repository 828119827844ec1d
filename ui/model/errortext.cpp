#include "errortext.h"

#include <QCoreApplication>

namespace pw::ui {

QString errorText(const core::Error &error)
{
    const char *context = "pw::ui::ErrorText";
    QString prefix;
    switch (error.code) {
    case core::ErrorCode::Invalid: prefix = QCoreApplication::translate(context, "Not valid"); break;
    case core::ErrorCode::Unauthenticated: prefix = QCoreApplication::translate(context, "Not signed in"); break;
    case core::ErrorCode::Forbidden: prefix = QCoreApplication::translate(context, "Not allowed"); break;
    case core::ErrorCode::NotFound: prefix = QCoreApplication::translate(context, "Not found"); break;
    case core::ErrorCode::Conflict: prefix = QCoreApplication::translate(context, "Conflict"); break;
    case core::ErrorCode::Unprocessable: prefix = QCoreApplication::translate(context, "The change would make the pipeline invalid"); break;
    case core::ErrorCode::Unavailable: prefix = QCoreApplication::translate(context, "Unavailable"); break;
    case core::ErrorCode::Internal: prefix = QCoreApplication::translate(context, "Storage error"); break;
    }
    return prefix + QStringLiteral(": ") + QString::fromStdString(error.message);
}

} // namespace pw::ui
