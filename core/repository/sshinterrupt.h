#pragma once

namespace pw::core {

// Whether an SSH connection waiting before authentication ends when its InterruptibleScope is
// interrupted (sshinterrupt.cpp). GitRepo asks it once, which also links the workaround in.
bool sshConnectionsInterruptible();

} // namespace pw::core
