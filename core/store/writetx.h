#pragma once

#include <functional>
#include <vector>

#include "../audit/auditevent.h"
#include "../events/changeevent.h"
#include "database.h"

namespace pw::core {

// What Store::write hands to a mutation: the connection inside its open transaction and the
// three places of the write pipeline, so no service writes the order by hand:
//   - audit(): the write's one audit event, inside the transaction (its id is the write's
//     sequence number);
//   - afterCommit(): cache updates, run after COMMIT while the write lock is still held, so a
//     later write's cache update can never be overtaken by an earlier one;
//   - notify(): change events, emitted after the lock is released, in commit order.
class WriteTx
{
public:
    explicit WriteTx(Database &db) : m_db(db) {}
    WriteTx(const WriteTx &) = delete;
    WriteTx &operator=(const WriteTx &) = delete;

    Database &db() { return m_db; }
    int64_t audit(const AuditEvent &event);
    void afterCommit(std::function<void()> update) { m_afterCommit.push_back(std::move(update)); }
    void notify(ChangeEvent event) { m_events.push_back(std::move(event)); }
    // The usual end of a write: its audit event and the change event it stands for
    // (changeEventOf), with `version` when the write made one.
    int64_t record(const AuditEvent &event, int version = 0);

    // For Store::write.
    int auditCount() const { return m_audits; }
    int64_t sequence() const { return m_sequence; }
    void runAfterCommit();
    std::vector<ChangeEvent> takeEvents();

private:
    Database &m_db;
    int m_audits = 0;
    int64_t m_sequence = 0;
    std::vector<std::function<void()>> m_afterCommit;
    std::vector<ChangeEvent> m_events;
};

} // namespace pw::core
