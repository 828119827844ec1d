#pragma once

#include <QString>

namespace pw::ui {

// What the window needs of the embedded API server. The app implements it over the server
// layer, so ui/ never depends on server/.
class ServerControl
{
public:
    virtual ~ServerControl() = default;
    virtual bool start(quint16 port, QString *error) = 0;
    virtual void stop() = 0;
    virtual bool isRunning() const = 0;
    virtual QString baseUrl() const = 0;
};

} // namespace pw::ui
