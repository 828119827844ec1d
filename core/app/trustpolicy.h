#pragma once

#include "../secrets/secretref.h"

namespace pw::core {

// What the operator opened when starting Pipewright (flags of `pipewright serve` and of the
// window), never a request: everything here is closed by default, and nothing a space admin can
// send opens it. docs/architecture.md, "Trust boundaries", lists what each opens.
struct TrustPolicy
{
    // `--secret-ref`: env:// and file:// references a credential may name.
    SecretRefPolicy secretRefs;
    // `--allow-local-remotes`: file:// URLs and local paths as remotes to clone, fetch and push
    // (never a path inside the data directory, where every space's repositories are).
    bool localRemotes = false;
};

} // namespace pw::core
