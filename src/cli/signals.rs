//! Signals: Ctrl-C, `SIGTERM` and `SIGHUP` end a command cleanly, removing
//! the temporary files of unfinished outputs, or set a flag a long command
//! checks so that it can finish whole rows itself.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};

use super::batch;
use std::path::{Path, PathBuf};

/// True once a command stops on signals by a flag it checks ([`stop_on_signal`]).
static COOPERATIVE: AtomicBool = AtomicBool::new(false);

/// The signal registrations of the handler [`cleanup_on_signal`] installed.
#[cfg(unix)]
static WATCHER: Mutex<Option<Vec<signal_hook::SigId>>> = Mutex::new(None);

/// The signals that end a command: Ctrl-C, `SIGTERM` (`kill`, a scheduler)
/// and `SIGHUP` (a closed terminal), unless the process started with it
/// ignored (`nohup`).
#[cfg(unix)]
fn stopping_signals() -> Vec<std::ffi::c_int> {
    use signal_hook::consts::{SIGHUP, SIGINT, SIGTERM};
    let mut signals = vec![SIGINT, SIGTERM];
    if !hangup_ignored() {
        signals.push(SIGHUP);
    }
    signals
}

/// Makes Ctrl-C, `SIGTERM` and `SIGHUP` remove the temporary files of
/// unfinished outputs, then end the process with exit code 130. Installed
/// once, by the first [`Output::open`](super::Output::open); not after [`stop_on_signal`].
pub fn cleanup_on_signal() {
    #[cfg(unix)]
    {
        use std::io::Read;
        if COOPERATIVE.load(Ordering::SeqCst) {
            return;
        }
        let mut watcher = lock(&WATCHER);
        if watcher.is_some() {
            return;
        }
        // A signal writes a byte to the pipe; a thread waits for it. Without
        // a pipe the command runs on, only less tidily stopped.
        let Ok((mut wake, ring)) = std::os::unix::net::UnixStream::pair() else {
            return;
        };
        let mut ids = Vec::new();
        for signal in stopping_signals() {
            if let Ok(ring) = ring.try_clone()
                && let Ok(id) = signal_hook::low_level::pipe::register(signal, ring)
            {
                ids.push(id);
            }
        }
        *watcher = Some(ids);
        std::thread::spawn(move || {
            let mut byte = [0u8];
            loop {
                match wake.read(&mut byte) {
                    Ok(1..) => break,
                    Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
                    _ => return,
                }
            }
            let pending = lock(&PENDING);
            for path in pending.iter() {
                let _ = std::fs::remove_file(path);
            }
            eprintln!("interrupted: nothing written");
            std::process::exit(i32::from(batch::INTERRUPTED));
        });
    }
}

/// Makes Ctrl-C, `SIGTERM` and `SIGHUP` set `flag` instead (a command that
/// stops cleanly by itself: `batch`, `compare --runs`), and withdraws the
/// handler of [`cleanup_on_signal`]: the command then removes or finishes
/// its outputs itself.
pub fn stop_on_signal(flag: &'static AtomicBool) {
    COOPERATIVE.store(true, Ordering::SeqCst);
    #[cfg(unix)]
    {
        // Registering can only fail for signals that may not be handled,
        // which these are not.
        for signal in stopping_signals() {
            let _ = signal_hook::flag::register(signal, flag);
        }
        if let Some(ids) = lock(&WATCHER).take() {
            for id in ids {
                signal_hook::low_level::unregister(id);
            }
        }
    }
    #[cfg(not(unix))]
    let _ = flag;
}

/// True when this process was started with `SIGHUP` ignored (`nohup`), as
/// Linux reports in `/proc/self/status` (`SigIgn`, a hexadecimal mask with
/// bit `n − 1` for signal `n`). Elsewhere, false.
#[cfg(unix)]
fn hangup_ignored() -> bool {
    proc_status("SigIgn:")
        .and_then(|mask| u64::from_str_radix(&mask, 16).ok())
        .is_some_and(|mask| mask & (1 << (signal_hook::consts::SIGHUP - 1)) != 0)
}

// ---------------------------------------------------------------------------
// Temporary files of unfinished outputs.

/// The temporary files of unfinished outputs, removed if a signal ends the
/// process.
pub(super) static PENDING: Mutex<Vec<PathBuf>> = Mutex::new(Vec::new());

/// A temporary file of an unfinished output: removed when dropped, and
/// listed in [`PENDING`] meanwhile.
#[derive(Debug)]
pub(super) struct Pending {
    temp: Option<tempfile::TempPath>,
}

impl Pending {
    /// Lists a temporary file in [`PENDING`], whose lock the caller holds
    /// (taken before the file was created).
    pub(super) fn listed(
        temp: tempfile::TempPath,
        pending: &mut std::sync::MutexGuard<'_, Vec<PathBuf>>,
    ) -> Pending {
        pending.push(temp.to_path_buf());
        Pending { temp: Some(temp) }
    }

    /// Renames the file to `target`; on failure it is removed.
    pub(super) fn persist(mut self, target: &Path) -> std::io::Result<()> {
        let temp = self.temp.take().expect("persisted once");
        let path = temp.to_path_buf();
        let done = temp.persist(target).map_err(|err| err.error);
        forget(&path);
        done
    }
}

impl Drop for Pending {
    fn drop(&mut self) {
        if let Some(temp) = self.temp.take() {
            let path = temp.to_path_buf();
            drop(temp);
            forget(&path);
        }
    }
}

fn forget(path: &Path) {
    let mut pending = lock(&PENDING);
    if let Some(at) = pending.iter().position(|p| p == path) {
        pending.swap_remove(at);
    }
}

/// The list of temporary files, locked: hold it while creating one, so that
/// a signal cannot come between its creation and its listing.
pub(super) fn lock_pending() -> std::sync::MutexGuard<'static, Vec<PathBuf>> {
    lock(&PENDING)
}

pub(super) fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// A line of `/proc/self/status` after its `field` name (Linux only).
pub(super) fn proc_status(field: &str) -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .map(|rest| rest.trim().to_string())
}
