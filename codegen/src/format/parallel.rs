//! A parallel map with the results in the order the items were made: scoped threads take
//! each item as soon as it is made, and the thread that makes them works too once done.

use std::sync::mpsc;
use std::sync::Mutex;

/// Stack of each worker: syn's parser recurses per level of nesting, and the main thread's
/// 8 MiB is what the formatting had before it ran on several threads.
const STACK_BYTES: usize = 16 * 1024 * 1024;

/// `f` of every item `produce` sends, in the order sent, computed on every available core.
/// A worker that cannot be started is no error: the calling thread takes what is left.
pub fn map_produced<T: Send, R: Send>(produce: impl FnOnce(&mut dyn FnMut(T)), f: impl Fn(T) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get());
    let (tx, rx) = mpsc::channel::<(usize, T)>();
    let rx = Mutex::new(rx);
    let done: Mutex<Vec<(usize, R)>> = Mutex::new(Vec::new());
    let work = || {
        let mut mine = Vec::new();
        loop {
            // The lock is held only to take the next item, not while working on it.
            let next = match rx.lock() {
                Ok(rx) => rx.recv(),
                Err(_) => break,
            };
            let Ok((i, item)) = next else { break };
            mine.push((i, f(item)));
        }
        if let Ok(mut done) = done.lock() {
            done.extend(mine);
        }
    };
    std::thread::scope(|s| {
        for _ in 1..workers {
            // Spawning fails only when the system is out of threads; the others carry on.
            let _ = std::thread::Builder::new().stack_size(STACK_BYTES).spawn_scoped(s, work);
        }
        let mut n = 0;
        produce(&mut |item| {
            // The receiver lives until the end of this scope, so sending cannot fail.
            let _ = tx.send((n, item));
            n += 1;
        });
        drop(tx);
        work();
    });
    let mut done = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_unstable_by_key(|(i, _)| *i);
    done.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    #[test]
    fn keeps_the_order_of_the_items() {
        let squares = super::map_produced(
            |send| {
                for n in 0..1000u64 {
                    send(n);
                }
            },
            |n| n * n,
        );
        assert_eq!(squares, (0..1000u64).map(|n| n * n).collect::<Vec<_>>());
    }
}
