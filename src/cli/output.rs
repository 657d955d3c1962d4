//! Outputs: stdout and `-o FILE`. docs/robustness.md ("Writing outputs")
//! states the rules these functions keep: what a target may be, how it is
//! replaced, and what is left when a signal ends the process.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};

use super::bad_input;
use super::signals::{Pending, cleanup_on_signal, lock_pending, proc_status};

/// Who may read a new output file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Privacy {
    /// Created with mode 0666 less the umask, as most programs create files.
    Shared,
    /// One row per person (`reorg run --people`): a new file is created
    /// 0600, readable by its owner only.
    Private,
}

/// Writes command output to stdout, or to `path` as [`Output`] does (a new
/// file readable as the umask allows).
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> anyhow::Result<()> {
    Destination::open(path, Privacy::Shared)?.write(bytes)
}

/// Where a command's result goes: stdout, or an [`Output`] opened before
/// the work starts, so that a target reorg will not write is refused before
/// any run.
#[derive(Debug)]
pub enum Destination {
    /// Standard output.
    Stdout,
    /// A file given with `-o`, and the handle its bytes go to.
    File(Output, File),
}

impl Destination {
    /// Stdout when `path` is `None`, else [`Output::open`].
    pub fn open(path: Option<&Path>, privacy: Privacy) -> anyhow::Result<Destination> {
        Ok(match path {
            None => Destination::Stdout,
            Some(path) => {
                let (output, file) = Output::open(path, privacy)?;
                Destination::File(output, file)
            }
        })
    }

    /// Writes the whole result and finishes: flushes stdout, or commits the file.
    pub fn write(self, bytes: &[u8]) -> anyhow::Result<()> {
        match self {
            Destination::Stdout => write_stdout(bytes),
            Destination::File(output, mut file) => {
                file.write_all(bytes).map_err(|err| output.failure(err))?;
                output.commit(file)
            }
        }
    }
}

/// Writes to stdout and flushes; a failure says it was stdout.
pub fn write_stdout(bytes: &[u8]) -> anyhow::Result<()> {
    let mut stdout = std::io::stdout().lock();
    stdout
        .write_all(bytes)
        .and_then(|()| stdout.flush())
        .map_err(|err| write_failure("to stdout", err))
}

/// An I/O error while writing output, saying what could not be written.
/// Exit code 2 when the path is at fault (a missing folder, no permission,
/// a read-only file system: the command must change), 1 when the machine
/// failed (out of space, over quota, a file too large, an I/O error: the
/// same command may work once that is fixed).
pub fn write_failure(what: &str, err: std::io::Error) -> anyhow::Error {
    use std::io::ErrorKind::*;
    let path_at_fault = matches!(
        err.kind(),
        NotFound
            | PermissionDenied
            | ReadOnlyFilesystem
            | IsADirectory
            | NotADirectory
            | InvalidFilename
            | AlreadyExists
    );
    let err = anyhow::Error::new(err).context(format!("cannot write {what}"));
    if path_at_fault { bad_input(err) } else { err }
}

/// A file being written for `-o FILE`. [`Output::open`] decides what the
/// target is and how it is written:
///
/// - absent, or a regular file: the bytes go to a temporary file beside it,
///   created exclusively under an unpredictable name (`.NAME.XXXXXXXXXXXX.tmp`),
///   and [`Output::commit`] renames it over the target, so the target holds
///   either its old bytes or all the new ones. A file replaced keeps its
///   permission bits and, where the user may give it away (root), its owner
///   and group; a new file is created as [`Privacy`] says;
/// - a character device or a FIFO (`/dev/null`, `/dev/stdout`, a named
///   pipe): written through, never replaced;
/// - a folder, a socket, a block device: refused (exit code 2);
/// - a symbolic link: followed to what it names, which is then treated as
///   above (a regular file is replaced where it is, and the link kept); a
///   link to nothing is refused, and so is a link in a folder anyone may
///   write to (`/tmp`) owned by someone else, as Linux's
///   `fs.protected_symlinks` would refuse to follow it.
///
/// Dropped without [`Output::commit`] (an error, an interrupted command),
/// the temporary file is removed; Ctrl-C, `SIGTERM` or `SIGHUP` remove it
/// too (see [`cleanup_on_signal`]).
#[derive(Debug)]
pub struct Output {
    /// The path as given, which messages name.
    path: PathBuf,
    how: How,
}

#[derive(Debug)]
enum How {
    /// Written to `temp`, then renamed over `target` (the given path with
    /// any symbolic links resolved).
    Replace {
        temp: Pending,
        target: PathBuf,
        keep: Option<Kept>,
    },
    /// Written straight into the target (a character device or a FIFO).
    Through,
}

/// What a replaced file keeps: its permission bits, owner and group.
#[derive(Debug, Clone, Copy)]
struct Kept {
    #[cfg(unix)]
    mode: u32,
    #[cfg(unix)]
    uid: u32,
    #[cfg(unix)]
    gid: u32,
    #[cfg(not(unix))]
    readonly: bool,
}

impl Kept {
    fn of(meta: &std::fs::Metadata) -> Kept {
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            Kept {
                mode: meta.mode() & 0o777,
                uid: meta.uid(),
                gid: meta.gid(),
            }
        }
        #[cfg(not(unix))]
        Kept {
            readonly: meta.permissions().readonly(),
        }
    }

    /// Gives `file` these permissions, and the owner and group where this
    /// user may (root may give a file to anyone; others may pass it to a
    /// group they are in, and keep it otherwise).
    fn restore(self, file: &File) -> std::io::Result<()> {
        #[cfg(unix)]
        {
            use std::os::unix::fs::{MetadataExt, PermissionsExt, fchown};
            let now = file.metadata()?;
            if (now.uid(), now.gid()) != (self.uid, self.gid)
                && fchown(file, Some(self.uid), Some(self.gid)).is_err()
            {
                let _ = fchown(file, None, Some(self.gid));
            }
            // After the owner: changing it may clear mode bits.
            file.set_permissions(std::fs::Permissions::from_mode(self.mode))
        }
        #[cfg(not(unix))]
        {
            let mut permissions = file.metadata()?.permissions();
            permissions.set_readonly(self.readonly);
            file.set_permissions(permissions)
        }
    }
}

/// The kinds of file a target can be.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    File,
    Folder,
    Link,
    /// A character device or a FIFO: written through.
    Stream,
    /// A socket, a block device, anything else: refused.
    Other(&'static str),
}

fn kind_of(file_type: std::fs::FileType) -> Kind {
    if file_type.is_symlink() {
        return Kind::Link;
    }
    if file_type.is_file() {
        return Kind::File;
    }
    if file_type.is_dir() {
        return Kind::Folder;
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if file_type.is_char_device() || file_type.is_fifo() {
            return Kind::Stream;
        }
        if file_type.is_socket() {
            return Kind::Other("a socket");
        }
        if file_type.is_block_device() {
            return Kind::Other("a block device (a disk)");
        }
    }
    Kind::Other("neither a file, a folder, a character device nor a FIFO")
}

/// The most symbolic links followed from an output path (Linux's own limit).
const MAX_LINKS: usize = 40;

impl Output {
    /// Opens `path` for writing, as the type's documentation says, and
    /// returns the handle to write to. Nothing under `path` changes until
    /// [`Output::commit`] (except a device or FIFO, which is written as the
    /// bytes come).
    pub fn open(path: &Path, privacy: Privacy) -> anyhow::Result<(Output, File)> {
        cleanup_on_signal();
        let shown = path.display();
        let refuse = |why: String| bad_input(anyhow::anyhow!("cannot write `{shown}`: {why}"));
        let folder = || {
            bad_input(anyhow::anyhow!(
                "`{shown}` is a folder; give the name of a file to write"
            ))
        };
        if path.file_name().is_none() {
            return Err(if path.is_dir() {
                folder()
            } else {
                refuse("not a file name".into())
            });
        }
        let meta = match std::fs::symlink_metadata(path) {
            Ok(meta) => meta,
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                return Output::create(path, path, None, privacy);
            }
            Err(err) => return Err(write_failure(&format!("`{shown}`"), err)),
        };
        let mut kind = kind_of(meta.file_type());
        let mut seen = meta;
        if kind == Kind::Link {
            seen = match std::fs::metadata(path) {
                Ok(meta) => meta,
                Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                    let to = std::fs::read_link(path).unwrap_or_default();
                    return Err(refuse(format!(
                        "it is a symbolic link to `{}`, which does not exist; reorg replaces the file a link names but does not create one through a link",
                        to.display()
                    )));
                }
                Err(err) => return Err(write_failure(&format!("`{shown}`"), err)),
            };
            kind = kind_of(seen.file_type());
        }
        match kind {
            Kind::File => {
                let target = follow_links(path)?;
                // Replaced where it lives, so it must be found there.
                if !std::fs::symlink_metadata(&target).is_ok_and(|meta| meta.is_file()) {
                    return Err(refuse(format!(
                        "it links to `{}`, which is not a regular file reorg can replace",
                        target.display()
                    )));
                }
                Output::create(path, &target, Some(Kept::of(&seen)), privacy)
            }
            Kind::Stream => {
                // Checked as a link to a file is, though the kernel follows it.
                follow_links(path)?;
                Output::through(path)
            }
            Kind::Folder => Err(folder()),
            Kind::Other(what) => Err(refuse(format!(
                "it is {what}; `-o` writes regular files (replaced whole), character devices and FIFOs (written through)"
            ))),
            // `metadata` follows links: not met.
            Kind::Link => Err(refuse("a symbolic link reorg cannot follow".into())),
        }
    }

    /// A temporary file beside `target`, to be renamed over it.
    fn create(
        path: &Path,
        target: &Path,
        keep: Option<Kept>,
        privacy: Privacy,
    ) -> anyhow::Result<(Output, File)> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut prefix = std::ffi::OsString::from(".");
        prefix.push(target.file_name().unwrap_or_default());
        prefix.push(".");
        let mut builder = tempfile::Builder::new();
        builder.prefix(&prefix).suffix(".tmp").rand_bytes(12);
        // Until it is renamed, only its owner may read it; a new shared
        // file is created as the umask says.
        #[cfg(unix)]
        if keep.is_none() && privacy == Privacy::Shared {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        #[cfg(not(unix))]
        let _ = privacy;
        // Held from creating the file until it is listed, so that a signal
        // in between waits for the listing and then removes the file.
        let mut pending = lock_pending();
        let created = builder.tempfile_in(dir).map_err(|err| {
            if !dir.is_dir() {
                bad_input(anyhow::anyhow!(
                    "cannot write `{}`: the folder `{}` does not exist",
                    path.display(),
                    dir.display()
                ))
            } else {
                write_failure(&format!("`{}`", path.display()), err)
            }
        })?;
        let (file, temp) = created.into_parts();
        let output = Output {
            path: path.to_path_buf(),
            how: How::Replace {
                temp: Pending::listed(temp, &mut pending),
                target: target.to_path_buf(),
                keep,
            },
        };
        Ok((output, file))
    }

    /// The device or FIFO itself, opened for writing.
    fn through(path: &Path) -> anyhow::Result<(Output, File)> {
        let failure = |err| write_failure(&format!("`{}`", path.display()), err);
        // A FIFO blocks here until something reads it; Ctrl-C still ends
        // reorg, by the handler `cleanup_on_signal` installed.
        let file = File::options().write(true).open(path).map_err(failure)?;
        // What was opened, which the path may name by now instead of what was looked at.
        if kind_of(file.metadata().map_err(failure)?.file_type()) != Kind::Stream {
            return Err(bad_input(anyhow::anyhow!(
                "cannot write `{}`: it changed while reorg opened it",
                path.display()
            )));
        }
        let output = Output {
            path: path.to_path_buf(),
            how: How::Through,
        };
        Ok((output, file))
    }

    /// `err`, met while writing this output, as an error naming it
    /// ([`write_failure`]).
    pub fn failure(&self, err: std::io::Error) -> anyhow::Error {
        write_failure(&format!("`{}`", self.path.display()), err)
    }

    /// Finishes the output once `file` holds every byte (flushed): a
    /// temporary file is synced to disk, given the replaced file's
    /// permissions, and renamed over the target.
    pub fn commit(self, file: File) -> anyhow::Result<()> {
        let How::Replace { temp, target, keep } = self.how else {
            return Ok(());
        };
        let failure = |err| write_failure(&format!("`{}`", self.path.display()), err);
        file.sync_all().map_err(failure)?;
        if let Some(keep) = keep {
            keep.restore(&file).map_err(failure)?;
        }
        drop(file);
        // Renaming replaces whatever the target is by now: make sure it is
        // still a file (or nothing).
        if let Ok(meta) = std::fs::symlink_metadata(&target)
            && !meta.is_file()
        {
            return Err(bad_input(anyhow::anyhow!(
                "cannot write `{}`: `{}` is no longer a regular file",
                self.path.display(),
                target.display()
            )));
        }
        temp.persist(&target).map_err(failure)
    }
}

/// Follows the symbolic links from `path`, each checked as [`may_follow`]
/// says, to the first path that is not a link, and returns it. A link the
/// kernel alone resolves (`/proc/self/fd/1` to `pipe:[…]`) ends the walk at
/// a path that does not exist.
fn follow_links(path: &Path) -> anyhow::Result<PathBuf> {
    let failure = |err| write_failure(&format!("`{}`", path.display()), err);
    #[cfg(unix)]
    let me = effective_uid();
    let mut current = path.to_path_buf();
    for _ in 0..=MAX_LINKS {
        let Ok(meta) = std::fs::symlink_metadata(&current) else {
            return Ok(current);
        };
        if !meta.file_type().is_symlink() {
            return Ok(current);
        }
        let dir = match current.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir.to_path_buf(),
            _ => PathBuf::from("."),
        };
        #[cfg(unix)]
        {
            use std::os::unix::fs::MetadataExt;
            let folder = std::fs::metadata(&dir).map_err(failure)?;
            if !may_follow(folder.mode(), folder.uid(), meta.uid(), me) {
                return Err(bad_input(anyhow::anyhow!(
                    "cannot write `{}`: `{}` is a symbolic link in a folder anyone may write to, and someone else's; reorg does not follow it (as Linux's fs.protected_symlinks does not)",
                    path.display(),
                    current.display()
                )));
            }
        }
        current = dir.join(std::fs::read_link(&current).map_err(failure)?);
    }
    Err(bad_input(anyhow::anyhow!(
        "cannot write `{}`: more than {MAX_LINKS} symbolic links",
        path.display()
    )))
}

/// Whether a symbolic link may be followed, by the rule of Linux's
/// `fs.protected_symlinks`: yes, unless the link lies in a sticky folder
/// anyone may write to (such as `/tmp`), where only a link owned by the
/// user following it (`me`) or by the folder's owner is followed. That
/// keeps a link planted in `/tmp` from turning `reorg run -o /tmp/x` (as
/// root) into a write over `/etc/passwd`.
pub fn may_follow(folder_mode: u32, folder_uid: u32, link_uid: u32, me: Option<u32>) -> bool {
    let shared = folder_mode & 0o1002 == 0o1002;
    !shared || me == Some(link_uid) || link_uid == folder_uid
}

/// This process's effective user id, as Linux reports it in
/// `/proc/self/status`; `None` where it cannot be read.
fn effective_uid() -> Option<u32> {
    proc_status("Uid:")?.split_whitespace().nth(1)?.parse().ok()
}
