#include "errortext.h"

#include <QCoreApplication>

namespace pw::ui {

QString errorText(const core::Error &error)
{
    QString prefix;
    switch (error.code) {
    case core::ErrorCode::Invalid:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Not valid");
        break;
    case core::ErrorCode::Unauthenticated:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Not signed in");
        break;
    case core::ErrorCode::Forbidden:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Not allowed");
        break;
    case core::ErrorCode::NotFound:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Not found");
        break;
    case core::ErrorCode::Conflict:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Conflict");
        break;
    case core::ErrorCode::Unprocessable:
        prefix = QCoreApplication::translate("pw::ui::ErrorText",
                                             "The change would make the pipeline invalid");
        break;
    case core::ErrorCode::Unavailable:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Unavailable");
        break;
    case core::ErrorCode::TooLarge:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Too large");
        break;
    case core::ErrorCode::TooManyRequests:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Busy");
        break;
    case core::ErrorCode::Internal:
        prefix = QCoreApplication::translate("pw::ui::ErrorText", "Storage error");
        break;
    }
    return prefix + QStringLiteral(": ") + QString::fromStdString(error.message);
}

} // namespace pw::ui
