//! Signals (std has no API for them; libc is linked anyway).

#[cfg(unix)]
mod imp {
    use std::sync::atomic::{AtomicBool, Ordering};

    static INTERRUPTED: AtomicBool = AtomicBool::new(false);

    extern "C" {
        fn signal(signum: i32, handler: extern "C" fn(i32)) -> usize;
        fn kill(pid: i32, sig: i32) -> i32;
    }

    extern "C" fn on_signal(_: i32) {
        INTERRUPTED.store(true, Ordering::SeqCst);
    }

    /// Ctrl-C, SIGTERM and SIGHUP set a flag instead of killing xtask, so it can clean up
    /// (stop PostgreSQL, the hub) after its children, which get the same Ctrl-C, have exited.
    /// A handler (unlike "ignore") is reset in children on exec, so they still get the default.
    pub fn install() {
        unsafe {
            signal(1, on_signal);
            signal(2, on_signal);
            signal(15, on_signal);
        }
    }

    pub fn interrupted() -> bool {
        INTERRUPTED.load(Ordering::SeqCst)
    }

    pub fn terminate(pid: u32) {
        unsafe {
            kill(pid as i32, 15);
        }
    }
}

#[cfg(not(unix))]
mod imp {
    pub fn install() {}
    pub fn interrupted() -> bool {
        false
    }
    pub fn terminate(_pid: u32) {}
}

pub use imp::{install, interrupted, terminate};
