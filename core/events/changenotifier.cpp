#include "changenotifier.h"

namespace pw::core {

ChangeNotifier::ChangeNotifier(QObject *parent) : QObject(parent)
{
    qRegisterMetaType<pw::core::ChangeEvent>();
}

} // namespace pw::core
