//! The memory of a build as the machine sees it: `/usr/bin/time` reports the largest single
//! process, but cargo runs up to one rustc per core at once (the model crates of a big spec
//! side by side), so the sum of the rustc processes' resident sets is sampled too, every
//! 100 ms, over the processes descended from the build (other builds on the machine do not
//! count). Linux only (`/proc`); elsewhere there is no figure.

use std::collections::HashMap;
use std::fs;
use std::process::Child;
use std::time::Duration;

/// Waits for `child`, sampling; the peak sum of its rustc descendants' resident sets in KiB
/// (`None` without `/proc`), and its exit status.
pub fn wait_sampling(child: &mut Child) -> std::io::Result<(std::process::ExitStatus, Option<u64>)> {
    let root = child.id();
    let mut peak: Option<u64> = None;
    loop {
        if let Some(status) = child.try_wait()? {
            return Ok((status, peak));
        }
        if let Some(sum) = rustc_sum(root) {
            peak = Some(peak.map_or(sum, |p| p.max(sum)));
        }
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The resident sets of the rustc processes under `root`, summed (KiB).
fn rustc_sum(root: u32) -> Option<u64> {
    let mut children: HashMap<u32, Vec<u32>> = HashMap::new();
    for entry in fs::read_dir("/proc").ok()?.flatten() {
        let Some(pid) = entry.file_name().to_str().and_then(|s| s.parse::<u32>().ok()) else { continue };
        let Ok(stat) = fs::read_to_string(entry.path().join("stat")) else { continue };
        // `pid (comm) state ppid …`: the command may hold spaces and parentheses.
        let Some(ppid) = stat.rsplit_once(')').and_then(|(_, rest)| rest.split_whitespace().nth(1)).and_then(|p| p.parse().ok()) else { continue };
        children.entry(ppid).or_default().push(pid);
    }
    let mut sum = 0;
    let mut stack = vec![root];
    while let Some(pid) = stack.pop() {
        if let Some(kids) = children.get(&pid) {
            stack.extend_from_slice(kids);
        }
        if fs::read_to_string(format!("/proc/{pid}/comm")).is_ok_and(|c| c.trim() == "rustc") {
            sum += fs::read_to_string(format!("/proc/{pid}/status")).ok().as_deref().and_then(vm_rss).unwrap_or(0);
        }
    }
    Some(sum)
}

/// `VmRSS:  123 kB` of a `/proc/<pid>/status`.
fn vm_rss(status: &str) -> Option<u64> {
    status.lines().find_map(|l| l.strip_prefix("VmRSS:")).and_then(|v| v.split_whitespace().next()).and_then(|v| v.parse().ok())
}

#[cfg(test)]
mod tests {
    #[test]
    fn reads_the_resident_set_of_a_status() {
        assert_eq!(super::vm_rss("Name:\trustc\nVmPeak:\t 9 kB\nVmRSS:\t  2048 kB\n"), Some(2048));
        assert_eq!(super::vm_rss("Name:\tzombie\n"), None);
    }
}
