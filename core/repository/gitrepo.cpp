#include "gitrepo.h"

#include <algorithm>
#include <cctype>
#include <chrono>
#include <mutex>

#include <git2.h>

#include "../util/interruptible.h"
#include "remoteurl.h"
#include "sshinterrupt.h"

namespace pw::core {

namespace {

// How long a remote may send nothing before a clone, fetch or push gives up.
constexpr std::chrono::milliseconds kNetworkIdleLimit = std::chrono::minutes(2);

void ensureLibgit2()
{
    static std::once_flag once;
    // Never shut down: libgit2's global state lives as long as the process.
    std::call_once(once, [] {
        git_libgit2_init();
        // Blobs are content-addressed, so a cached one is never stale: small ones (source files)
        // stay in libgit2's object cache, and a second search or read of a tree costs no
        // inflating. The cache is bounded as a whole.
        git_libgit2_opts(GIT_OPT_SET_CACHE_OBJECT_LIMIT, GIT_OBJECT_BLOB, size_t(64 * 1024));
        git_libgit2_opts(GIT_OPT_SET_CACHE_MAX_SIZE, ssize_t(96 * 1024 * 1024));
        if (!sshConnectionsInterruptible())
            qWarning("SSH connections cannot be cancelled before they authenticate: libgit2 does "
                     "not call Pipewright's libssh2 wrappers in this executable");
    });
}

// The failure libgit2 recorded on this thread, as an Error; never includes credentials (libgit2
// messages name URLs and paths, not secrets).
Error gitError(std::string what, int code = 0)
{
    const git_error *last = git_error_last();
    std::string message = std::move(what);
    if (last && last->message && *last->message)
        message += ": " + std::string(last->message);
    if (code == GIT_EAUTH)
        return Error{ErrorCode::Unavailable, message, nlohmann::json::object()};
    if (code == GIT_ENOTFOUND)
        return Error::notFound(message);
    if (last && last->klass == GIT_ERROR_NET)
        return Error{ErrorCode::Unavailable, message, nlohmann::json::object()};
    return Error::internal(message);
}

template <class T, void (*Free)(T *)> struct Owned
{
    T *p = nullptr;
    Owned() = default;
    Owned(const Owned &) = delete;
    Owned &operator=(const Owned &) = delete;
    ~Owned()
    {
        if (p)
            Free(p);
    }
    T **out() { return &p; }
    T *get() const { return p; }
};
using Commit = Owned<git_commit, git_commit_free>;
using Tree = Owned<git_tree, git_tree_free>;
using Blob = Owned<git_blob, git_blob_free>;
using Reference = Owned<git_reference, git_reference_free>;
using Index = Owned<git_index, git_index_free>;
using Sig = Owned<git_signature, git_signature_free>;
using RevWalk = Owned<git_revwalk, git_revwalk_free>;
using BranchIter = Owned<git_branch_iterator, git_branch_iterator_free>;
using ConflictIter = Owned<git_index_conflict_iterator, git_index_conflict_iterator_free>;
using TreeEntryOwned = Owned<git_tree_entry, git_tree_entry_free>;

ObjectId hexOf(const git_oid *oid)
{
    char buffer[GIT_OID_HEXSZ + 1];
    git_oid_tostr(buffer, sizeof buffer, oid);
    return buffer;
}

Result<git_oid> oidOf(const ObjectId &hex)
{
    git_oid oid;
    if (hex.size() != GIT_OID_HEXSZ || git_oid_fromstr(&oid, hex.c_str()) != 0)
        return fail(Error::invalid("'" + hex + "' is not a git object id"));
    return oid;
}

TreeFile::Mode modeOf(git_filemode_t mode)
{
    switch (mode) {
    case GIT_FILEMODE_BLOB_EXECUTABLE:
        return TreeFile::Mode::Executable;
    case GIT_FILEMODE_LINK:
        return TreeFile::Mode::Link;
    case GIT_FILEMODE_COMMIT:
        return TreeFile::Mode::Submodule;
    default:
        return TreeFile::Mode::File;
    }
}

git_filemode_t fileModeOf(TreeFile::Mode mode)
{
    switch (mode) {
    case TreeFile::Mode::Executable:
        return GIT_FILEMODE_BLOB_EXECUTABLE;
    case TreeFile::Mode::Link:
        return GIT_FILEMODE_LINK;
    case TreeFile::Mode::Submodule:
        return GIT_FILEMODE_COMMIT;
    case TreeFile::Mode::File:
        break;
    }
    return GIT_FILEMODE_BLOB;
}

std::string refOf(const std::string &branch)
{
    return "refs/heads/" + branch;
}

Result<void> lookupCommit(git_repository *repo, const ObjectId &hex, Commit &out)
{
    auto oid = oidOf(hex);
    if (!oid)
        return fail(oid.error());
    if (int rc = git_commit_lookup(out.out(), repo, &*oid); rc != 0)
        return fail(gitError("commit " + hex + " was not found", rc));
    return {};
}

Result<void> lookupTree(git_repository *repo, const ObjectId &commitId, Tree &out)
{
    Commit commit;
    if (auto ok = lookupCommit(repo, commitId, commit); !ok)
        return ok;
    if (int rc = git_commit_tree(out.out(), commit.get()); rc != 0)
        return fail(gitError("could not read the tree of " + commitId, rc));
    return {};
}

Result<void> signatureNow(const Signature &who, Sig &out)
{
    const std::string email = who.email.empty() ? who.name + "@localhost" : who.email;
    if (int rc = git_signature_now(out.out(), who.name.c_str(), email.c_str()); rc != 0)
        return fail(gitError("the author '" + who.name + "' is not a valid git signature", rc));
    return {};
}

struct CredentialState
{
    const CloneSource *source = nullptr;
    int attempts = 0;
    const std::function<bool()> *cancelled = nullptr;
    std::string rejected;                // a push: the ref the remote refused, and why
    InterruptibleScope *scope = nullptr; // told of every bit of progress (its idle limit)
    int sshPort = 22;                    // libgit2 names the host it connected to, not the port
    std::optional<Error> hostKeyRefusal; // why the SSH host key was refused
};

// The port an ssh remote URL connects to (libgit2's certificate callback gets only the host).
int sshPortOf(const char *url)
{
    auto endpoint = url ? sshEndpointOf(url) : std::nullopt;
    return endpoint ? endpoint->port : 22;
}

// Network I/O with libgit2 can be ended from outside: a cancel, or a remote that stops answering
// (libgit2 1.5 has no timeouts of its own and would wait in a socket read forever).
struct NetworkScope
{
    explicit NetworkScope(CredentialState &state)
        : scope([cancelled = state.cancelled] { return cancelled && *cancelled && (*cancelled)(); },
                kNetworkIdleLimit)
    {
        state.scope = &scope;
    }
    // Why an operation that failed failed, when it was interrupted.
    std::optional<Error> interruption(const std::string &what) const
    {
        if (scope.timedOut())
            return Error{ErrorCode::Unavailable,
                         "the remote did not answer for " +
                             std::to_string(kNetworkIdleLimit.count() / 1000) + " s: " + what +
                             " gave up",
                         nlohmann::json::object()};
        if (scope.interrupted())
            return Error::conflict(what + " was cancelled");
        return std::nullopt;
    }
    InterruptibleScope scope;
};

// A push's answer per ref: a status is the remote's refusal.
int pushUpdateCallback(const char *refname, const char *status, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    if (status)
        state->rejected = std::string(refname) + ": " + status;
    return 0;
}

int transferCallback(const git_indexer_progress *, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    if (state->scope)
        state->scope->progressed();
    return state->cancelled && *state->cancelled && (*state->cancelled)() ? GIT_EUSER : 0;
}

int pushTransferCallback(unsigned int, unsigned int, size_t, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    if (state->scope)
        state->scope->progressed();
    return 0;
}

int sidebandCallback(const char *, int, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    if (state->scope)
        state->scope->progressed();
    return 0;
}

// Answers a credential request once; a second request for the same operation means the answer
// was refused, and asking again would loop (libgit2 calls back until told to stop).
int credentialCallback(git_credential **out, const char *, const char *usernameFromUrl,
                       unsigned int allowed, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    if (++state->attempts > 1)
        return GIT_EAUTH;
    const CloneSource &source = *state->source;
    const char *user = usernameFromUrl && *usernameFromUrl ? usernameFromUrl : "git";
    if (source.credential == CloneSource::Credential::Token &&
        (allowed & GIT_CREDENTIAL_USERPASS_PLAINTEXT)) {
        return git_credential_userpass_plaintext_new(
            out, usernameFromUrl && *usernameFromUrl ? usernameFromUrl : "x-access-token",
            source.secret.str().c_str());
    }
    // An SSH key is held in memory (sealed in the SecretStore), or a file the operator allowed.
    if (source.credential == CloneSource::Credential::SshKey &&
        (allowed & (GIT_CREDENTIAL_SSH_KEY | GIT_CREDENTIAL_SSH_MEMORY))) {
        if (!source.keyPath.empty())
            return git_credential_ssh_key_new(out, user, nullptr, source.keyPath.c_str(), nullptr);
        return git_credential_ssh_key_memory_new(out, user, nullptr, source.secret.str().c_str(),
                                                 nullptr);
    }
    return GIT_PASSTHROUGH;
}

std::string_view rawKeyTypeName(git_cert_ssh_raw_type_t type)
{
    switch (type) {
    case GIT_CERT_SSH_RAW_TYPE_RSA:
        return "ssh-rsa";
    case GIT_CERT_SSH_RAW_TYPE_DSS:
        return "ssh-dss";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_256:
        return "ecdsa-sha2-nistp256";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_384:
        return "ecdsa-sha2-nistp384";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ECDSA_521:
        return "ecdsa-sha2-nistp521";
    case GIT_CERT_SSH_RAW_TYPE_KEY_ED25519:
        return "ssh-ed25519";
    case GIT_CERT_SSH_RAW_TYPE_UNKNOWN:
        break;
    }
    return {};
}

// The key an SSH server presented: its wire-format blob when libgit2 hands it over (type and
// hash taken from it), else the type and SHA-256 libgit2 names.
std::optional<SshHostKey> presentedKey(const git_cert_hostkey &cert, const std::string &host,
                                       int port)
{
    if ((cert.type & GIT_CERT_SSH_RAW) && cert.hostkey && cert.hostkey_len > 0) {
        if (auto key = hostKeyOfBlob(host, port, std::string(cert.hostkey, cert.hostkey_len)))
            return *key;
    }
    if (!(cert.type & GIT_CERT_SSH_SHA256))
        return std::nullopt;
    SshHostKey key;
    key.host = normalHostName(host);
    key.port = port;
    key.type = (cert.type & GIT_CERT_SSH_RAW) ? std::string(rawKeyTypeName(cert.raw_type)) : "";
    key.sha256.assign(reinterpret_cast<const char *>(cert.hash_sha256), sizeof cert.hash_sha256);
    return key;
}

// TLS: certificates libgit2 verified pass, others are refused rather than trusted blindly. SSH:
// libgit2 1.5 checks no known_hosts file (it hands every host key over as not valid), so the key
// is checked here against what the connection may trust (CloneSource::hostKeys); without that,
// SSH is refused.
int certificateCallback(git_cert *cert, int valid, const char *host, void *payload)
{
    auto *state = static_cast<CredentialState *>(payload);
    if (cert->cert_type != GIT_CERT_HOSTKEY_LIBSSH2)
        return valid ? 0 : GIT_ECERTIFICATE;
    const std::string hostName = host ? host : "";
    auto key =
        presentedKey(*reinterpret_cast<const git_cert_hostkey *>(cert), hostName, state->sshPort);
    auto refuse = [&](std::string why) {
        state->hostKeyRefusal =
            Error{ErrorCode::Unavailable, std::move(why), nlohmann::json::object()};
        return GIT_ECERTIFICATE;
    };
    if (!key)
        return refuse("the SSH server " + hostLabel(hostName, state->sshPort) +
                      " presented no host key Pipewright can check: it did not connect");
    if (!state->source->hostKeys)
        return refuse("the SSH host key of " + hostLabel(key->host, key->port) +
                      " cannot be verified here: Pipewright did not connect");
    if (auto ok = state->source->hostKeys->verify(*key); !ok) {
        state->hostKeyRefusal = ok.error();
        return GIT_ECERTIFICATE;
    }
    return 0;
}

} // namespace

ObjectId blobId(std::string_view content)
{
    ensureLibgit2();
    git_oid oid;
    git_odb_hash(&oid, content.data(), content.size(), GIT_OBJECT_BLOB);
    return hexOf(&oid);
}

bool isValidBranchName(const std::string &name)
{
    ensureLibgit2();
    int valid = 0;
    if (name.empty() || name.size() > 255 || git_branch_name_is_valid(&valid, name.c_str()) != 0 ||
        valid == 0)
        return false;
    // libgit2 takes names git itself refuses or reads as something else: "@" (HEAD) as the name
    // or one of its components, the remote's name or a name under it ("origin/main" would shadow
    // the remote-tracking branch, in any case on a case-insensitive disk), and the pseudo-refs
    // (HEAD, FETCH_HEAD, ORIG_HEAD, ...) as its first component.
    const std::string first = name.substr(0, name.find('/'));
    std::string lowered;
    for (const char c : first)
        lowered += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    const bool pseudoRef = first.ends_with("HEAD") &&
                           std::all_of(first.begin(), first.end(),
                                       [](char c) { return (c >= 'A' && c <= 'Z') || c == '_'; });
    const bool atComponent = name == "@" || name.starts_with("@/") || name.ends_with("/@") ||
                             name.find("/@/") != std::string::npos;
    return !atComponent && lowered != "origin" && !pseudoRef;
}

bool gitHasSsh()
{
    ensureLibgit2();
    return (git_libgit2_features() & GIT_FEATURE_SSH) != 0;
}

Result<std::unique_ptr<GitRepo>> GitRepo::open(const std::string &path)
{
    ensureLibgit2();
    git_repository *repo = nullptr;
    if (int rc =
            git_repository_open_ext(&repo, path.c_str(), GIT_REPOSITORY_OPEN_NO_SEARCH, nullptr);
        rc != 0)
        return fail(gitError("'" + path + "' is not a git repository", rc));
    return std::unique_ptr<GitRepo>(new GitRepo(repo, path));
}

Result<std::unique_ptr<GitRepo>> GitRepo::init(const std::string &path, const std::string &branch)
{
    ensureLibgit2();
    git_repository_init_options options = GIT_REPOSITORY_INIT_OPTIONS_INIT;
    options.flags = GIT_REPOSITORY_INIT_MKPATH | GIT_REPOSITORY_INIT_BARE;
    const std::string head = refOf(branch);
    options.initial_head = head.c_str();
    git_repository *repo = nullptr;
    if (int rc = git_repository_init_ext(&repo, path.c_str(), &options); rc != 0)
        return fail(gitError("could not create a git repository at '" + path + "'", rc));
    return std::unique_ptr<GitRepo>(new GitRepo(repo, path));
}

Result<std::unique_ptr<GitRepo>> GitRepo::clone(const CloneSource &source, const std::string &path,
                                                const std::function<bool()> &cancelled)
{
    ensureLibgit2();
    CredentialState state{&source, 0, &cancelled};
    state.sshPort = sshPortOf(source.url.c_str());
    git_clone_options options = GIT_CLONE_OPTIONS_INIT;
    options.fetch_opts.callbacks.credentials = credentialCallback;
    options.fetch_opts.callbacks.certificate_check = certificateCallback;
    options.fetch_opts.callbacks.transfer_progress = transferCallback;
    options.fetch_opts.callbacks.sideband_progress = sidebandCallback;
    options.fetch_opts.callbacks.payload = &state;
    // Bare: Pipewright reads trees and moves refs, so a working directory would only go stale.
    options.bare = 1;
    git_repository *repo = nullptr;
    NetworkScope network(state);
    if (int rc = git_clone(&repo, source.url.c_str(), path.c_str(), &options); rc != 0) {
        if (state.hostKeyRefusal)
            return fail(*state.hostKeyRefusal);
        if (auto why = network.interruption("the clone of '" + source.url + "'"))
            return fail(*why);
        if (rc == GIT_EUSER)
            return fail(Error::conflict("the clone of '" + source.url + "' was cancelled"));
        // A local remote's failure says nothing of the server's files (whether a path exists).
        if (source.url.find("://") == std::string::npos || source.url.starts_with("file://"))
            return fail(Error{ErrorCode::Unavailable,
                              "could not clone '" + source.url +
                                  "': it is not a git repository Pipewright can read",
                              nlohmann::json::object()});
        Error e = gitError("could not clone '" + source.url + "'", rc);
        if (state.attempts > 1 || rc == GIT_EAUTH) {
            e.code = ErrorCode::Unavailable;
            e.message = "the remote refused the credentials for '" + source.url + "'";
        }
        if (e.code == ErrorCode::Internal || e.code == ErrorCode::NotFound)
            e.code = ErrorCode::Unavailable; // the remote, not Pipewright, failed
        return fail(e);
    }
    return std::unique_ptr<GitRepo>(new GitRepo(repo, path));
}

GitRepo::~GitRepo()
{
    git_repository_free(m_repo);
}

Result<std::optional<ObjectId>> GitRepo::branchHead(const std::string &branch)
{
    git_oid oid;
    const int rc = git_reference_name_to_id(&oid, m_repo, refOf(branch).c_str());
    if (rc == GIT_ENOTFOUND)
        return std::optional<ObjectId>();
    if (rc != 0)
        return fail(gitError("could not read branch '" + branch + "'", rc));
    return std::optional<ObjectId>(hexOf(&oid));
}

std::string GitRepo::headBranch()
{
    Reference head;
    if (git_reference_lookup(head.out(), m_repo, "HEAD") != 0)
        return {};
    if (git_reference_type(head.get()) != GIT_REFERENCE_SYMBOLIC)
        return {};
    std::string target = git_reference_symbolic_target(head.get());
    constexpr std::string_view prefix = "refs/heads/";
    return target.starts_with(prefix) ? target.substr(prefix.size()) : std::string();
}

Result<TreeListing> GitRepo::listTree(const ObjectId &commitId)
{
    TreeListing out;
    if (commitId.empty())
        return out;
    Tree tree;
    if (auto ok = lookupTree(m_repo, commitId, tree); !ok)
        return fail(ok.error());
    struct Walk
    {
        TreeListing *out;
    } walk{&out};
    auto visit = [](const char *root, const git_tree_entry *entry, void *payload) -> int {
        auto *w = static_cast<Walk *>(payload);
        const git_object_t type = git_tree_entry_type(entry);
        if (type == GIT_OBJECT_TREE)
            return 0;
        TreeFile file;
        file.path.reserve(std::strlen(root) + 32);
        file.path.append(root).append(git_tree_entry_name(entry));
        file.blob = hexOf(git_tree_entry_id(entry));
        file.mode = modeOf(git_tree_entry_filemode(entry));
        w->out->push_back(std::move(file));
        return 0;
    };
    if (int rc = git_tree_walk(tree.get(), GIT_TREEWALK_PRE, visit, &walk); rc != 0)
        return fail(gitError("could not walk the tree of " + commitId, rc));
    // git orders a tree's entries as if directories ended in '/'; listings are in plain byte
    // order so lookups can binary-search them.
    std::sort(out.begin(), out.end(),
              [](const TreeFile &a, const TreeFile &b) { return a.path < b.path; });
    return out;
}

Result<std::string> GitRepo::readBlob(const ObjectId &blobHex)
{
    auto oid = oidOf(blobHex);
    if (!oid)
        return fail(oid.error());
    Blob blob;
    if (int rc = git_blob_lookup(blob.out(), m_repo, &*oid); rc != 0)
        return fail(gitError("blob " + blobHex + " was not found", rc));
    const auto *data = static_cast<const char *>(git_blob_rawcontent(blob.get()));
    return std::string(data, static_cast<size_t>(git_blob_rawsize(blob.get())));
}

Result<std::optional<ObjectId>> GitRepo::blobAt(const ObjectId &commitId, const std::string &path)
{
    if (commitId.empty())
        return std::optional<ObjectId>();
    Tree tree;
    if (auto ok = lookupTree(m_repo, commitId, tree); !ok)
        return fail(ok.error());
    TreeEntryOwned entry;
    const int rc = git_tree_entry_bypath(entry.out(), tree.get(), path.c_str());
    if (rc == GIT_ENOTFOUND)
        return std::optional<ObjectId>();
    if (rc != 0)
        return fail(gitError("could not look up '" + path + "'", rc));
    if (git_tree_entry_type(entry.get()) != GIT_OBJECT_BLOB)
        return std::optional<ObjectId>();
    return std::optional<ObjectId>(hexOf(git_tree_entry_id(entry.get())));
}

Result<ObjectId> GitRepo::commit(const std::string &branch, const std::optional<ObjectId> &parent,
                                 bool branchExists, const std::vector<TreeChange> &changes,
                                 const std::string &message, const Signature &author)
{
    Commit parentCommit;
    Tree baseline;
    if (parent) {
        if (auto ok = lookupCommit(m_repo, *parent, parentCommit); !ok)
            return fail(ok.error());
        if (int rc = git_commit_tree(baseline.out(), parentCommit.get()); rc != 0)
            return fail(gitError("could not read the tree of " + *parent, rc));
    }
    std::vector<git_tree_update> updates;
    updates.reserve(changes.size());
    for (const TreeChange &change : changes) {
        git_tree_update update{};
        update.path = change.path.c_str();
        if (change.content) {
            if (int rc = git_blob_create_from_buffer(&update.id, m_repo, change.content->data(),
                                                     change.content->size());
                rc != 0)
                return fail(gitError("could not write '" + change.path + "'", rc));
            update.action = GIT_TREE_UPDATE_UPSERT;
            update.filemode = fileModeOf(change.mode);
        } else {
            // Removing a path that is not there is not an error for the caller: the result is
            // the same tree.
            if (!baseline.get())
                continue;
            TreeEntryOwned entry;
            if (git_tree_entry_bypath(entry.out(), baseline.get(), change.path.c_str()) != 0)
                continue;
            update.action = GIT_TREE_UPDATE_REMOVE;
        }
        updates.push_back(update);
    }
    git_oid treeOid;
    if (baseline.get()) {
        if (int rc = git_tree_create_updated(&treeOid, m_repo, baseline.get(), updates.size(),
                                             updates.data());
            rc != 0)
            return fail(gitError("could not build the commit's tree", rc));
    } else {
        // No parent: the tree is built from an in-memory index (no empty tree object is written
        // to update from, which git fsck would report as dangling).
        Index index;
        if (int rc = git_index_new(index.out()); rc != 0)
            return fail(gitError("could not build the first commit's tree", rc));
        for (const git_tree_update &update : updates) {
            if (update.action != GIT_TREE_UPDATE_UPSERT)
                continue;
            git_index_entry entry{};
            entry.mode = static_cast<uint32_t>(update.filemode);
            entry.id = update.id;
            entry.path = update.path;
            if (int rc = git_index_add(index.get(), &entry); rc != 0)
                return fail(gitError(std::string("could not add '") + update.path + "'", rc));
        }
        if (int rc = git_index_write_tree_to(&treeOid, index.get(), m_repo); rc != 0)
            return fail(gitError("could not write the first commit's tree", rc));
    }
    if (baseline.get() && git_oid_equal(&treeOid, git_tree_id(baseline.get()))) {
        Error e =
            Error::conflict("nothing to commit: the files are the same as on '" + branch + "'");
        e.details["branch"] = branch;
        return fail(e);
    }
    Tree tree;
    if (int rc = git_tree_lookup(tree.out(), m_repo, &treeOid); rc != 0)
        return fail(gitError("could not read the new tree", rc));
    Sig signature;
    if (auto ok = signatureNow(author, signature); !ok)
        return fail(ok.error());
    const git_commit *parents[1] = {parentCommit.get()};
    git_oid commitOid;
    if (int rc = git_commit_create(&commitOid, m_repo, nullptr, signature.get(), signature.get(),
                                   "UTF-8", message.c_str(), tree.get(), parent ? 1 : 0, parents);
        rc != 0)
        return fail(gitError("could not create the commit", rc));
    // Compare-and-swap on the branch: it must still be where the commit was built from.
    Reference ref;
    const std::string refName = refOf(branch);
    const std::string log = "commit: " + message.substr(0, message.find('\n'));
    int rc = 0;
    if (branchExists) {
        if (!parent)
            return fail(Error::internal("an existing branch needs its head as the parent"));
        rc = git_reference_create_matching(ref.out(), m_repo, refName.c_str(), &commitOid, 1,
                                           git_commit_id(parentCommit.get()), log.c_str());
    } else {
        rc = git_reference_create(ref.out(), m_repo, refName.c_str(), &commitOid, 0, log.c_str());
    }
    if (rc == GIT_EMODIFIED || rc == GIT_EEXISTS) {
        Error e = Error::conflict("branch '" + branch + "' moved while the commit was built");
        e.details["branch"] = branch;
        return fail(e);
    }
    if (rc != 0)
        return fail(gitError("could not move branch '" + branch + "'", rc));
    return hexOf(&commitOid);
}

Result<std::vector<GitRepo::Branch>> GitRepo::branches(bool includeRemote)
{
    BranchIter iter;
    if (int rc = git_branch_iterator_new(iter.out(), m_repo,
                                         includeRemote ? GIT_BRANCH_ALL : GIT_BRANCH_LOCAL);
        rc != 0)
        return fail(gitError("could not list branches", rc));
    std::vector<Branch> out;
    git_reference *ref = nullptr;
    git_branch_t type;
    while (git_branch_next(&ref, &type, iter.get()) == 0) {
        Reference owned;
        *owned.out() = ref;
        const char *name = nullptr;
        if (git_branch_name(&name, ref) != 0 || git_reference_type(ref) != GIT_REFERENCE_DIRECT)
            continue;
        out.push_back(Branch{name, hexOf(git_reference_target(ref)), type == GIT_BRANCH_REMOTE});
    }
    std::sort(out.begin(), out.end(), [](const Branch &a, const Branch &b) {
        return std::tie(a.remote, a.name) < std::tie(b.remote, b.name);
    });
    return out;
}

Result<ObjectId> GitRepo::createBranch(const std::string &name, const ObjectId &commitId)
{
    Commit commit;
    if (auto ok = lookupCommit(m_repo, commitId, commit); !ok)
        return fail(ok.error());
    Reference ref;
    const int rc = git_branch_create(ref.out(), m_repo, name.c_str(), commit.get(), 0);
    if (rc == GIT_EEXISTS) {
        Error e = Error::conflict("branch '" + name + "' already exists");
        e.details["branch"] = name;
        return fail(e);
    }
    if (rc != 0)
        return fail(gitError("could not create branch '" + name + "'", rc));
    return commitId;
}

Result<MergeOutcome> GitRepo::merge(const std::string &source, const std::string &target,
                                    const std::string &message, const Signature &author)
{
    auto sourceHead = branchHead(source);
    if (!sourceHead)
        return fail(sourceHead.error());
    auto targetHead = branchHead(target);
    if (!targetHead)
        return fail(targetHead.error());
    if (!*sourceHead)
        return fail(Error::notFound("branch '" + source + "' was not found"));
    if (!*targetHead)
        return fail(Error::notFound("branch '" + target + "' was not found"));
    MergeOutcome outcome;
    auto theirs = oidOf(**sourceHead);
    auto ours = oidOf(**targetHead);
    git_oid base;
    const int baseRc = git_merge_base(&base, m_repo, &*ours, &*theirs);
    if (baseRc == 0 && git_oid_equal(&base, &*theirs)) {
        outcome.upToDate = true;
        outcome.commit = **targetHead;
        return outcome;
    }
    outcome.previous = **targetHead;
    if (baseRc == 0 && git_oid_equal(&base, &*ours)) {
        outcome.fastForward = true;
        outcome.commit = **sourceHead;
        return outcome;
    }
    Commit ourCommit, theirCommit;
    if (auto ok = lookupCommit(m_repo, **targetHead, ourCommit); !ok)
        return fail(ok.error());
    if (auto ok = lookupCommit(m_repo, **sourceHead, theirCommit); !ok)
        return fail(ok.error());
    git_merge_options options = GIT_MERGE_OPTIONS_INIT;
    Index index;
    if (int rc =
            git_merge_commits(index.out(), m_repo, ourCommit.get(), theirCommit.get(), &options);
        rc != 0)
        return fail(gitError("could not merge '" + source + "' into '" + target + "'", rc));
    if (git_index_has_conflicts(index.get())) {
        ConflictIter iter;
        if (git_index_conflict_iterator_new(iter.out(), index.get()) == 0) {
            const git_index_entry *ancestor = nullptr, *our = nullptr, *their = nullptr;
            while (git_index_conflict_next(&ancestor, &our, &their, iter.get()) == 0) {
                const git_index_entry *any = our ? our : their ? their : ancestor;
                if (any)
                    outcome.conflicts.emplace_back(any->path);
            }
        }
        std::sort(outcome.conflicts.begin(), outcome.conflicts.end());
        outcome.conflicts.erase(std::unique(outcome.conflicts.begin(), outcome.conflicts.end()),
                                outcome.conflicts.end());
        return outcome;
    }
    git_oid treeOid;
    if (int rc = git_index_write_tree_to(&treeOid, index.get(), m_repo); rc != 0)
        return fail(gitError("could not write the merged tree", rc));
    Tree tree;
    if (int rc = git_tree_lookup(tree.out(), m_repo, &treeOid); rc != 0)
        return fail(gitError("could not read the merged tree", rc));
    Sig signature;
    if (auto ok = signatureNow(author, signature); !ok)
        return fail(ok.error());
    const git_commit *parents[2] = {ourCommit.get(), theirCommit.get()};
    git_oid commitOid;
    if (int rc = git_commit_create(&commitOid, m_repo, nullptr, signature.get(), signature.get(),
                                   "UTF-8", message.c_str(), tree.get(), 2, parents);
        rc != 0)
        return fail(gitError("could not create the merge commit", rc));
    outcome.commit = hexOf(&commitOid);
    return outcome;
}

Status GitRepo::moveBranch(const std::string &branch, const ObjectId &from, const ObjectId &to,
                           const std::string &why)
{
    auto fromOid = oidOf(from);
    auto toOid = oidOf(to);
    if (!fromOid || !toOid)
        return fail(Error::internal("not a commit id"));
    Reference ref;
    const int rc = git_reference_create_matching(ref.out(), m_repo, refOf(branch).c_str(), &*toOid,
                                                 1, &*fromOid, why.c_str());
    if (rc == GIT_EMODIFIED)
        return fail(Error::conflict("branch '" + branch + "' moved meanwhile"));
    if (rc != 0)
        return fail(gitError("could not move branch '" + branch + "'", rc));
    return {};
}

Result<std::optional<ObjectId>> GitRepo::fetchAndFastForward(const std::string &branch,
                                                             const CloneSource &credentials,
                                                             const std::function<bool()> &cancelled)
{
    Owned<git_remote, git_remote_free> remote;
    if (int rc = git_remote_lookup(remote.out(), m_repo, "origin"); rc != 0)
        return fail(gitError("the repository has no remote 'origin'", rc));
    CredentialState state{&credentials, 0, &cancelled};
    state.sshPort = sshPortOf(git_remote_url(remote.get()));
    git_fetch_options options = GIT_FETCH_OPTIONS_INIT;
    options.callbacks.credentials = credentialCallback;
    options.callbacks.certificate_check = certificateCallback;
    options.callbacks.transfer_progress = transferCallback;
    options.callbacks.sideband_progress = sidebandCallback;
    options.callbacks.payload = &state;
    NetworkScope network(state);
    if (int rc = git_remote_fetch(remote.get(), nullptr, &options, "fetch"); rc != 0) {
        if (state.hostKeyRefusal)
            return fail(*state.hostKeyRefusal);
        if (auto why = network.interruption("the fetch"))
            return fail(*why);
        if (rc == GIT_EUSER)
            return fail(Error::conflict("the fetch was cancelled"));
        Error e = gitError("could not fetch 'origin'", rc);
        e.code = ErrorCode::Unavailable;
        return fail(e);
    }
    git_oid remoteOid;
    const std::string remoteRef = "refs/remotes/origin/" + branch;
    if (git_reference_name_to_id(&remoteOid, m_repo, remoteRef.c_str()) != 0)
        return branchHead(branch);
    auto local = branchHead(branch);
    if (!local)
        return fail(local.error());
    Reference ref;
    if (!*local) {
        if (int rc = git_reference_create(ref.out(), m_repo, refOf(branch).c_str(), &remoteOid, 0,
                                          "fetch: create");
            rc != 0)
            return fail(gitError("could not create branch '" + branch + "'", rc));
        return std::optional<ObjectId>(hexOf(&remoteOid));
    }
    auto localOid = oidOf(**local);
    git_oid base;
    if (git_oid_equal(&*localOid, &remoteOid))
        return local;
    if (git_merge_base(&base, m_repo, &*localOid, &remoteOid) != 0 ||
        !git_oid_equal(&base, &*localOid)) {
        Error e = Error::conflict("branch '" + branch + "' has commits origin does not have");
        e.details["branch"] = branch;
        return fail(e);
    }
    if (int rc = git_reference_create_matching(ref.out(), m_repo, refOf(branch).c_str(), &remoteOid,
                                               1, &*localOid, "fetch: fast-forward");
        rc != 0)
        return fail(gitError("could not fast-forward '" + branch + "'", rc));
    return std::optional<ObjectId>(hexOf(&remoteOid));
}

Status GitRepo::push(const std::string &branch, const CloneSource &credentials)
{
    Owned<git_remote, git_remote_free> remote;
    if (int rc = git_remote_lookup(remote.out(), m_repo, "origin"); rc != 0)
        return fail(gitError("the repository has no remote 'origin'", rc));
    CredentialState state{&credentials, 0, nullptr, {}};
    state.sshPort = sshPortOf(git_remote_url(remote.get()));
    git_push_options options = GIT_PUSH_OPTIONS_INIT;
    options.callbacks.credentials = credentialCallback;
    options.callbacks.certificate_check = certificateCallback;
    options.callbacks.push_update_reference = pushUpdateCallback;
    options.callbacks.push_transfer_progress = pushTransferCallback;
    options.callbacks.sideband_progress = sidebandCallback;
    options.callbacks.payload = &state;
    const std::string refspec = refOf(branch) + ":" + refOf(branch);
    std::string writable = refspec; // git_strarray holds non-const strings
    char *specs[] = {writable.data()};
    const git_strarray refspecs = {specs, 1};
    NetworkScope network(state);
    const int rc = git_remote_push(remote.get(), &refspecs, &options);
    if (rc != 0) {
        if (state.hostKeyRefusal)
            return fail(*state.hostKeyRefusal);
        if (auto why = network.interruption("the push of '" + branch + "'"))
            return fail(*why);
    }
    if (!state.rejected.empty()) {
        Error e = Error::conflict("the remote refused the push of " + state.rejected);
        e.details["branch"] = branch;
        return fail(e);
    }
    if (rc == GIT_ENONFASTFORWARD) {
        Error e = Error::conflict("branch '" + branch +
                                  "' on the remote has commits this one does not: not a "
                                  "fast-forward");
        e.details["branch"] = branch;
        return fail(e);
    }
    if (rc != 0) {
        Error e = gitError("could not push '" + branch + "' to 'origin'", rc);
        e.code = ErrorCode::Unavailable;
        return fail(e);
    }
    return {};
}

Result<bool> GitRepo::hasTag(const std::string &name)
{
    git_oid oid;
    const int rc = git_reference_name_to_id(&oid, m_repo, ("refs/tags/" + name).c_str());
    if (rc == GIT_ENOTFOUND || rc == GIT_EINVALIDSPEC)
        return false;
    if (rc != 0)
        return fail(gitError("could not read tag '" + name + "'", rc));
    return true;
}

Result<std::vector<GitRepo::CommitInfo>> GitRepo::log(const std::string &branch, int limit)
{
    std::vector<CommitInfo> out;
    auto head = branchHead(branch);
    if (!head)
        return fail(head.error());
    if (!*head)
        return out;
    RevWalk walk;
    if (int rc = git_revwalk_new(walk.out(), m_repo); rc != 0)
        return fail(gitError("could not walk the history", rc));
    git_revwalk_sorting(walk.get(), GIT_SORT_TIME);
    auto start = oidOf(**head);
    git_revwalk_push(walk.get(), &*start);
    git_oid oid;
    while (static_cast<int>(out.size()) < limit && git_revwalk_next(&oid, walk.get()) == 0) {
        Commit commit;
        if (git_commit_lookup(commit.out(), m_repo, &oid) != 0)
            break;
        const git_signature *who = git_commit_author(commit.get());
        const char *summary = git_commit_summary(commit.get());
        out.push_back(CommitInfo{hexOf(&oid), summary ? summary : "", who ? who->name : "",
                                 static_cast<int64_t>(git_commit_time(commit.get()))});
    }
    return out;
}

} // namespace pw::core
