//! Reading a whole file that a user named, within a size limit.
//!
//! A scenario or roster path can name anything: a directory, `/dev/zero`
//! (which never ends), a FIFO (which blocks until someone writes to it), or a
//! file far larger than any real input. [`read`] refuses all of them before
//! reading a byte, and never reads more than the limit even when the file
//! grows after its size was checked. Each caller words the refusal for its
//! own users, so the error says only what happened.

use std::io::Read;
use std::path::Path;

/// Why a file was not read.
#[derive(Debug, thiserror::Error)]
pub enum BoundedReadError {
    /// The path could not be looked at (missing, or no permission).
    #[error("{0}")]
    Inspect(#[source] std::io::Error),
    /// The path is a directory.
    #[error("it is a directory")]
    Directory,
    /// The path is not a regular file: a device, pipe or socket, which has no
    /// size to check and may never end.
    #[error("it is not a regular file (a device, pipe or socket)")]
    NotRegular,
    /// The path leads into `/proc` or `/sys`: files the kernel makes up as
    /// they are read (`/proc/self/environ` is the environment, secrets and
    /// all). They are regular files of size 0, so nothing else stops them,
    /// and a diagnostic would quote their lines back.
    #[error("it is a file of the kernel's `/proc` or `/sys`, not a data file")]
    Kernel,
    /// The file holds more than the limit: `len` is its size, or the limit
    /// plus one when it grew past the limit while being read.
    #[error("it is {len} bytes, over the limit of {limit}")]
    TooBig {
        /// The size found.
        len: u64,
        /// The limit.
        limit: u64,
    },
    /// Opening or reading the file failed.
    #[error("{0}")]
    Read(#[source] std::io::Error),
}

/// The bytes of the regular file at `path`, if it holds at most `limit` bytes.
pub fn read(path: &Path, limit: u64) -> Result<Vec<u8>, BoundedReadError> {
    let meta = std::fs::metadata(path).map_err(BoundedReadError::Inspect)?;
    if meta.is_dir() {
        return Err(BoundedReadError::Directory);
    }
    if !meta.is_file() {
        return Err(BoundedReadError::NotRegular);
    }
    if is_kernel_file(path) {
        return Err(BoundedReadError::Kernel);
    }
    if meta.len() > limit {
        return Err(BoundedReadError::TooBig {
            len: meta.len(),
            limit,
        });
    }
    // The size is only a hint: reading stops one byte past the limit, so a
    // file that grew since `metadata` is refused without being read whole.
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    std::fs::File::open(path)
        .and_then(|file| file.take(limit.saturating_add(1)).read_to_end(&mut bytes))
        .map_err(BoundedReadError::Read)?;
    if bytes.len() as u64 > limit {
        return Err(BoundedReadError::TooBig {
            len: bytes.len() as u64,
            limit,
        });
    }
    Ok(bytes)
}

/// Whether `path`, links and `..` resolved, lies under `/proc` or `/sys`.
fn is_kernel_file(path: &Path) -> bool {
    std::fs::canonicalize(path)
        .is_ok_and(|real| real.starts_with("/proc") || real.starts_with("/sys"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_file_up_to_the_limit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("f");
        std::fs::write(&path, b"12345").unwrap();
        assert_eq!(read(&path, 5).unwrap(), b"12345");
        assert!(matches!(
            read(&path, 4),
            Err(BoundedReadError::TooBig { len: 5, limit: 4 })
        ));
    }

    #[test]
    fn refuses_what_is_not_a_regular_file() {
        let dir = tempfile::tempdir().unwrap();
        assert!(matches!(
            read(dir.path(), 10),
            Err(BoundedReadError::Directory)
        ));
        let missing = read(&dir.path().join("missing"), 10);
        assert!(
            matches!(&missing, Err(BoundedReadError::Inspect(err)) if err.kind() == std::io::ErrorKind::NotFound),
            "{missing:?}"
        );
        #[cfg(unix)]
        assert!(matches!(
            read(Path::new("/dev/zero"), 10),
            Err(BoundedReadError::NotRegular)
        ));
        #[cfg(target_os = "linux")]
        {
            // The environment, named directly and through a link and `..`.
            assert!(matches!(
                read(Path::new("/proc/self/environ"), 1 << 20),
                Err(BoundedReadError::Kernel)
            ));
            let link = dir.path().join("roster.csv");
            std::os::unix::fs::symlink("/proc/self/environ", &link).unwrap();
            assert!(matches!(
                read(&link, 1 << 20),
                Err(BoundedReadError::Kernel)
            ));
            let dots = Path::new("/usr/../proc/self/environ");
            assert!(matches!(read(dots, 1 << 20), Err(BoundedReadError::Kernel)));
        }
    }
}
