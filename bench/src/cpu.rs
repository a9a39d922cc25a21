//! The calling thread's CPU time, and pinning threads to one CPU, so that the client benchmark's client thread and server
//! thread share it: a request then costs one context switch on that CPU, not the wake-up of
//! an idle (virtual) CPU, which took three quarters of the time and varied with where the
//! scheduler happened to put the threads.

/// The CPU the calling thread runs on now, if the system says.
pub fn current() -> Option<usize> {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: `sched_getcpu` takes no arguments and only reads the calling thread's state.
        let cpu = unsafe { libc::sched_getcpu() };
        usize::try_from(cpu).ok()
    }
    #[cfg(not(target_os = "linux"))]
    None
}

/// Keeps the calling thread on `cpu` from now on; whether that worked.
pub fn pin(cpu: usize) -> bool {
    #[cfg(target_os = "linux")]
    {
        if cpu >= libc::CPU_SETSIZE as usize {
            return false;
        }
        // SAFETY: the set is a plain bit mask owned here, `cpu` is below its size (checked
        // above), and pid 0 is the calling thread.
        unsafe {
            let mut set: libc::cpu_set_t = std::mem::zeroed();
            libc::CPU_SET(cpu, &mut set);
            libc::sched_setaffinity(0, std::mem::size_of::<libc::cpu_set_t>(), &set) == 0
        }
    }
    #[cfg(not(target_os = "linux"))]
    {
        let _ = cpu;
        false
    }
}

/// The CPU time the calling thread has used so far (user and system), if the system says:
/// unlike wall time, it does not count the time the thread waits or is preempted by other
/// processes, so a loaded machine changes it much less.
pub fn thread_time() -> Option<std::time::Duration> {
    #[cfg(target_os = "linux")]
    {
        let mut now = libc::timespec { tv_sec: 0, tv_nsec: 0 };
        // SAFETY: `now` is a valid timespec owned here, written by the call.
        let ok = unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) } == 0;
        let secs = u64::try_from(now.tv_sec).ok()?;
        let nanos = u32::try_from(now.tv_nsec).ok()?;
        ok.then(|| std::time::Duration::new(secs, nanos))
    }
    #[cfg(not(target_os = "linux"))]
    None
}
