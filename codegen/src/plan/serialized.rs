//! Which types must implement `Serialize` in every build: those the client sends (request
//! bodies, multipart parts, parameters) and every type they reach. In a crate with features
//! the others, which the client only receives (response and error bodies, webhook
//! payloads), implement it only with the feature [`super::features::SERIALIZE`]: their
//! `Serialize` is a large part of what a build compiles, and a caller that only reads them
//! does not need it. Reachability is a worklist over the types' definitions, with no
//! recursion: linear in the size of the IR.

use crate::ir::{named_in, Api};

/// Per type (by [`crate::ir::TypeId`]): whether the client sends it.
pub fn sent(api: &Api) -> Vec<bool> {
    let n = api.types.len();
    // Every type a definition names, expansion variants included: a sent union serializes
    // whichever variant it holds.
    let edges: Vec<Vec<usize>> = api.types.iter().map(|t| super::features::named_by(t, |_| true)).collect();
    let mut roots = Vec::new();
    for op in &api.operations {
        for ty in op.sent_tys() {
            named_in(ty, &mut roots);
        }
    }
    let mut sent = vec![false; n];
    super::features::walk(roots, &edges, &mut vec![usize::MAX; n], 0, &mut |t| sent[t] = true);
    sent
}
