#include "migrations.h"

#include <array>

namespace pw::core {

namespace {

constexpr const char *kInitialSchema = R"sql(
CREATE TABLE meta (
    key TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
CREATE TABLE spaces (
    id TEXT PRIMARY KEY,
    slug TEXT NOT NULL UNIQUE,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE users (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL UNIQUE,
    is_local INTEGER NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL
);
CREATE TABLE space_roles (
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('admin', 'editor', 'viewer')),
    PRIMARY KEY (space_id, user_id)
);
CREATE TABLE api_tokens (
    id TEXT PRIMARY KEY,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at TEXT NOT NULL,
    revoked_at TEXT
);
CREATE TABLE repositories (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    local_path TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE connectors (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    kind TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (space_id, name)
);
CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    default_repository_id TEXT REFERENCES repositories(id),
    owner_user_id TEXT NOT NULL REFERENCES users(id),
    visibility TEXT NOT NULL CHECK (visibility IN ('private', 'shared')),
    query_connector_ids TEXT NOT NULL DEFAULT '[]',
    customization TEXT NOT NULL DEFAULT '{}',
    archived_at TEXT,
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX workspaces_space ON workspaces(space_id);
CREATE TABLE workspace_grants (
    workspace_id TEXT NOT NULL REFERENCES workspaces(id) ON DELETE CASCADE,
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    access TEXT NOT NULL CHECK (access IN ('view', 'manage')),
    PRIMARY KEY (workspace_id, user_id)
);
CREATE TABLE user_settings (
    user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    default_repository_id TEXT REFERENCES repositories(id),
    updated_at TEXT NOT NULL,
    PRIMARY KEY (user_id, space_id)
);
CREATE TABLE definitions (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    workspace_id TEXT NOT NULL REFERENCES workspaces(id),
    repository_id TEXT REFERENCES repositories(id),
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    target TEXT NOT NULL CHECK (target IN ('airflow', 'dagster')),
    status TEXT NOT NULL DEFAULT 'draft',
    current_version INTEGER NOT NULL,
    node_count INTEGER NOT NULL DEFAULT 0,
    archived_at TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    updated_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX definitions_space ON definitions(space_id, updated_at);
CREATE INDEX definitions_workspace ON definitions(workspace_id);
-- The versioned spec never holds node positions: they are layout, kept in node_positions and
-- changed without a new version.
CREATE TABLE definition_versions (
    id TEXT PRIMARY KEY,
    definition_id TEXT NOT NULL REFERENCES definitions(id) ON DELETE CASCADE,
    number INTEGER NOT NULL,
    spec TEXT NOT NULL,
    metadata TEXT NOT NULL,
    change_summary TEXT NOT NULL DEFAULT '',
    author_user_id TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    UNIQUE (definition_id, number)
);
CREATE TABLE node_positions (
    definition_id TEXT NOT NULL REFERENCES definitions(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    x REAL NOT NULL,
    y REAL NOT NULL,
    PRIMARY KEY (definition_id, node_id)
) WITHOUT ROWID;
CREATE TABLE audit_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    actor_user_id TEXT REFERENCES users(id),
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    definition_id TEXT,
    details TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
CREATE INDEX audit_events_definition ON audit_events(definition_id, id);
)sql";

// Every write records one audit event, also writes outside any space (a user's own tokens):
// space_id becomes optional. Ids are kept, so sequence numbers go on growing.
constexpr const char *kAuditOutsideSpaces = R"sql(
CREATE TABLE audit_events_v2 (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    space_id TEXT REFERENCES spaces(id) ON DELETE CASCADE,
    actor_user_id TEXT REFERENCES users(id),
    action TEXT NOT NULL,
    object_type TEXT NOT NULL,
    object_id TEXT NOT NULL,
    definition_id TEXT,
    details TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL
);
INSERT INTO audit_events_v2 SELECT id, space_id, actor_user_id, action, object_type, object_id,
    definition_id, details, created_at FROM audit_events;
DROP TABLE audit_events;
ALTER TABLE audit_events_v2 RENAME TO audit_events;
CREATE INDEX audit_events_definition ON audit_events(definition_id, id);
CREATE INDEX audit_events_space ON audit_events(space_id, id);
)sql";

// Long work (core/jobs): its state is stored, its progress is not.
constexpr const char *kJobs = R"sql(
CREATE TABLE jobs (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    subject_id TEXT,
    created_by TEXT NOT NULL REFERENCES users(id),
    state TEXT NOT NULL,
    progress REAL NOT NULL DEFAULT 0,
    message TEXT NOT NULL DEFAULT '',
    result TEXT,
    error TEXT,
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX jobs_space ON jobs(space_id, created_at);
CREATE INDEX jobs_unfinished ON jobs(state) WHERE state IN ('queued', 'running');
)sql";

// Repositories become git repositories (core/repository): a base branch, a remote when cloned,
// a state while cloning; credentials and webhook secrets apart from everything else; the draft
// overlay of each definition over its repository; webhook deliveries already handled.
constexpr const char *kRepositories = R"sql(
ALTER TABLE repositories ADD COLUMN default_branch TEXT NOT NULL DEFAULT 'main';
ALTER TABLE repositories ADD COLUMN remote_url TEXT;
ALTER TABLE repositories ADD COLUMN state TEXT NOT NULL DEFAULT 'ready'
    CHECK (state IN ('ready', 'cloning', 'failed'));
ALTER TABLE repositories ADD COLUMN state_message TEXT NOT NULL DEFAULT '';
CREATE TABLE repository_secrets (
    repository_id TEXT PRIMARY KEY REFERENCES repositories(id) ON DELETE CASCADE,
    credential_type TEXT NOT NULL DEFAULT 'NONE' CHECK (credential_type IN ('NONE', 'TOKEN', 'SSH_KEY')),
    credential TEXT,
    webhook_secret TEXT
);
CREATE TABLE draft_files (
    id INTEGER PRIMARY KEY,
    definition_id TEXT NOT NULL REFERENCES definitions(id) ON DELETE CASCADE,
    path TEXT NOT NULL,
    content BLOB,   -- NULL: a deletion marker over the repository's file
    sha TEXT,       -- the content's git blob id
    executable INTEGER NOT NULL DEFAULT 0,
    updated_by TEXT NOT NULL REFERENCES users(id),
    updated_at TEXT NOT NULL,
    UNIQUE (definition_id, path)
);
CREATE TABLE draft_bases (
    definition_id TEXT PRIMARY KEY REFERENCES definitions(id) ON DELETE CASCADE,
    base_commit TEXT NOT NULL
);
CREATE TABLE webhook_deliveries (
    provider TEXT NOT NULL,
    delivery_id TEXT NOT NULL,
    repository_id TEXT REFERENCES repositories(id) ON DELETE CASCADE,
    action TEXT NOT NULL,
    received_at TEXT NOT NULL,
    PRIMARY KEY (provider, delivery_id)
);
)sql";

// Local runs (core/run): a run pins one definition version; its task runs keep the state, the
// attempt and the process of each task (so a crashed program's children can be found and
// stopped at the next start). Connectors get their non-secret settings (a SQLite file, an HTTP
// address) so local runs can reach them.
constexpr const char *kRuns = R"sql(
ALTER TABLE connectors ADD COLUMN config TEXT NOT NULL DEFAULT '{}';
CREATE TABLE runs (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    definition_id TEXT NOT NULL REFERENCES definitions(id) ON DELETE CASCADE,
    version INTEGER NOT NULL,
    state TEXT NOT NULL
        CHECK (state IN ('PENDING', 'RUNNING', 'COMPLETED', 'FAILED', 'CANCELLED')),
    trigger TEXT NOT NULL,
    selection TEXT NOT NULL DEFAULT '{}',
    params TEXT NOT NULL DEFAULT '{}',
    logical_date TEXT NOT NULL,
    message TEXT NOT NULL DEFAULT '',
    task_count INTEGER NOT NULL,
    -- The process running it (pid and start time), so a start of another process on the same
    -- data directory tells a live run from one a crashed process left.
    owner_pid INTEGER,
    owner_start INTEGER,
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    started_at TEXT,
    finished_at TEXT
);
CREATE INDEX runs_definition ON runs(definition_id, created_at);
CREATE INDEX runs_unfinished ON runs(state) WHERE state IN ('PENDING', 'RUNNING');
CREATE TABLE task_runs (
    run_id TEXT NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
    node_id TEXT NOT NULL,
    position INTEGER NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('PENDING', 'QUEUED', 'RUNNING', 'COMPLETED', 'FAILED',
        'UPSTREAM_FAILED', 'SKIPPED', 'CANCELLED')),
    attempt INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL DEFAULT 1,
    message TEXT NOT NULL DEFAULT '',
    exit_code INTEGER,
    pid INTEGER,
    started_at TEXT,
    finished_at TEXT,
    PRIMARY KEY (run_id, node_id)
) WITHOUT ROWID;
)sql";

// Publishing (core/publish): where a repository's merge requests are opened (its forge, when
// it has one) and the merge requests opened, on a forge or, without one, kept here for the Git
// merge route.
constexpr const char *kPublish = R"sql(
ALTER TABLE repositories ADD COLUMN forge TEXT CHECK (forge IN ('github', 'gitlab'));
ALTER TABLE repositories ADD COLUMN forge_api_url TEXT;
ALTER TABLE repositories ADD COLUMN forge_project TEXT;
CREATE TABLE merge_requests (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    repository_id TEXT NOT NULL REFERENCES repositories(id) ON DELETE CASCADE,
    definition_id TEXT REFERENCES definitions(id) ON DELETE SET NULL,
    provider TEXT NOT NULL CHECK (provider IN ('local', 'github', 'gitlab')),
    number INTEGER,
    url TEXT,
    source_branch TEXT NOT NULL,
    target_branch TEXT NOT NULL,
    title TEXT NOT NULL,
    body TEXT NOT NULL DEFAULT '',
    head_commit TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('open', 'merged', 'closed')),
    created_by TEXT NOT NULL REFERENCES users(id),
    created_at TEXT NOT NULL,
    merged_at TEXT
);
CREATE INDEX merge_requests_branches ON merge_requests(repository_id, source_branch, state);
)sql";

// One store for every credential (core/secrets): values sealed with a key kept outside the data
// directory, which records only the key's id and a sealed check value. Repository credentials
// move there (references such as env://NAME stay readable: they are not secrets); the old
// columns are emptied by the first open after this migration.
constexpr const char *kSecrets = R"sql(
CREATE TABLE secret_keys (
    id TEXT PRIMARY KEY,
    check_value BLOB NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE secrets (
    name TEXT PRIMARY KEY,
    space_id TEXT REFERENCES spaces(id) ON DELETE CASCADE,
    key_id TEXT NOT NULL REFERENCES secret_keys(id),
    sealed BLOB NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX secrets_space ON secrets(space_id);
ALTER TABLE repository_secrets ADD COLUMN credential_ref TEXT;
)sql";

// Jobs record the process that runs them (pid and start time, as runs do), so a process opening
// the data directory fails only the jobs of a process that is gone, and the token that asked for
// them, which the per-caller queue limit counts by.
constexpr const char *kJobOwners = R"sql(
ALTER TABLE jobs ADD COLUMN owner_pid INTEGER;
ALTER TABLE jobs ADD COLUMN owner_start INTEGER;
ALTER TABLE jobs ADD COLUMN token_id TEXT;
)sql";

// API tokens get a last use (bookkeeping written at most once a minute per token, without an
// audit event) and an optional expiry; tokens made before have neither and keep working.
// Lists of a user's tokens, and a space admin's view (every role of a member), look up by user.
constexpr const char *kTokenLifecycle = R"sql(
ALTER TABLE api_tokens ADD COLUMN last_used_at TEXT;
ALTER TABLE api_tokens ADD COLUMN expires_at TEXT;
CREATE INDEX api_tokens_user ON api_tokens(user_id, created_at);
CREATE INDEX space_roles_user ON space_roles(user_id);
)sql";

// Draft links: an overlay row may hold a symbolic link (its content the link's target text), so
// a link renamed or moved in the draft stays a link instead of becoming a regular file.
constexpr const char *kDraftLinks = R"sql(
ALTER TABLE draft_files ADD COLUMN symlink INTEGER NOT NULL DEFAULT 0 CHECK (symlink IN (0, 1));
)sql";

// Local runs' trust boundary (core/run): per space, the network its task processes get and the
// hosts its http_request tasks may reach although they are loopback or private addresses. A space
// without a row has no network; the default space (the desktop's) keeps the host's.
constexpr const char *kRunSettings = R"sql(
CREATE TABLE space_run_settings (
    space_id TEXT PRIMARY KEY REFERENCES spaces(id) ON DELETE CASCADE,
    network TEXT NOT NULL DEFAULT 'none' CHECK (network IN ('none', 'host')),
    http_allow_hosts TEXT NOT NULL DEFAULT '[]',
    updated_at TEXT NOT NULL
);
INSERT INTO space_run_settings (space_id, network, updated_at)
    SELECT id, 'host', strftime('%Y-%m-%dT%H:%M:%SZ', 'now') FROM spaces WHERE slug = 'default';
)sql";

// SSH host keys each space trusts (core/repository/knownhostservice), and those its connections
// met that no admin accepted yet. Kept per space: an admin of one space accepting a key for a host
// never makes another space trust it. public_key is the key's base64 as known_hosts holds it.
constexpr const char *kKnownHosts = R"sql(
CREATE TABLE known_hosts (
    id TEXT PRIMARY KEY,
    space_id TEXT NOT NULL REFERENCES spaces(id) ON DELETE CASCADE,
    host TEXT NOT NULL,
    port INTEGER NOT NULL CHECK (port BETWEEN 1 AND 65535),
    key_type TEXT NOT NULL,
    public_key TEXT NOT NULL DEFAULT '',
    fingerprint TEXT NOT NULL,
    state TEXT NOT NULL CHECK (state IN ('pending', 'trusted')),
    repository_id TEXT REFERENCES repositories(id) ON DELETE SET NULL,
    seen_at TEXT NOT NULL,
    accepted_by TEXT REFERENCES users(id),
    accepted_at TEXT,
    UNIQUE (space_id, host, port, fingerprint)
);
CREATE INDEX known_hosts_state ON known_hosts(space_id, state, seen_at);
)sql";

constexpr std::array kMigrations{
    Migration{1, kInitialSchema},  Migration{2, kAuditOutsideSpaces},
    Migration{3, kJobs},           Migration{4, kRepositories},
    Migration{5, kRuns},           Migration{6, kPublish},
    Migration{7, kSecrets},        Migration{8, kJobOwners},
    Migration{9, kTokenLifecycle}, Migration{10, kDraftLinks},
    Migration{11, kRunSettings},   Migration{12, kKnownHosts},
};

} // namespace

std::span<const Migration> migrations()
{
    return kMigrations;
}

} // namespace pw::core
