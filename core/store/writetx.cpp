#include "writetx.h"

namespace pw::core {

int64_t WriteTx::audit(const AuditEvent &event)
{
    ++m_audits;
    m_sequence = insertAuditEvent(m_db, event);
    return m_sequence;
}

int64_t WriteTx::record(const AuditEvent &event, int version)
{
    const int64_t sequence = audit(event);
    ChangeEvent change = changeEventOf(event);
    if (version)
        change.version = version;
    notify(std::move(change));
    return sequence;
}

void WriteTx::runAfterCommit()
{
    for (auto &update : m_afterCommit)
        update();
    m_afterCommit.clear();
}

std::vector<ChangeEvent> WriteTx::takeEvents()
{
    for (ChangeEvent &event : m_events)
        event.sequence = m_sequence;
    return std::move(m_events);
}

} // namespace pw::core
