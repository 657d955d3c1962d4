//! The limits of an `.xlsx` workbook's zip archive, checked before calamine
//! opens it.
//!
//! An `.xlsx` file is a zip archive of XML files, so a hostile one can be
//! small on disk and huge unpacked. Its zip directory declares how many files
//! it holds and each one's unpacked size; the archive is refused when it
//! declares more than [`MAX_XLSX_ENTRIES`] files, or more than
//! [`MAX_XLSX_UNPACKED_BYTES`] for one file or in all, before anything is
//! unpacked (the zip reader never unpacks more than an entry declares).
//!
//! The directory is read with the `zip` crate calamine reads it with, through
//! its iterable reader (`zip::unstable::read::ZipIterable`): the file count
//! comes from the end record before any entry is parsed, and entries are
//! walked one at a time, duplicates included, so a directory of millions of
//! tiny entries costs no memory before it is refused. That module is not
//! under semver, so Cargo.toml pins `zip` to the exact version calamine
//! resolves to.
//!
//! calamine sizes its shared-string table from the `uniqueCount` the file
//! declares, before reading a string: `uniqueCount="1000000000000"` in a 2 KB
//! file makes it ask for 24 TB and abort the process (no panic to catch). So
//! the head of every shared-string table is unpacked here (64 KiB at most),
//! its root element read with `quick-xml`, and the declaration checked
//! against [`MAX_XLSX_SHARED_STRINGS`].

use std::io::{Cursor, Read};

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use zip::CompressionMethod;
use zip::read::{Config, ZipFileEntry, ZipReadOptions};
use zip::result::ZipError;
use zip::unstable::read::ZipIterable;

use crate::scenario::limits::{MAX_XLSX_ENTRIES, MAX_XLSX_SHARED_STRINGS, MAX_XLSX_UNPACKED_BYTES};

/// How much of a shared-string table is unpacked to find its root tag.
const SHARED_STRINGS_HEAD: u64 = 64 * 1024;

/// What the `zip` crate says when the bytes hold no end-of-directory record:
/// not a zip archive at all, rather than a damaged one. (The fixture
/// `roster-xlsx-not-a-workbook` pins it.)
const NO_DIRECTORY: &str = "Could not find EOCD";

/// Why a workbook's archive is refused.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    /// The bytes hold no zip directory.
    #[error("it is not an .xlsx workbook (no zip directory found)")]
    NotZip,
    /// The zip directory cannot be read.
    #[error("its zip directory is damaged")]
    Damaged,
    /// The archive has 65,535 files or more, which needs ZIP64.
    #[error("it is a ZIP64 archive (over 65,535 files or 4 GiB)")]
    Zip64,
    /// More files than [`MAX_XLSX_ENTRIES`].
    #[error("it holds {0} files, over the limit of {MAX_XLSX_ENTRIES}")]
    TooManyFiles(usize),
    /// A file declares 4 GiB or more unpacked.
    #[error("`{0}` in it is 4 GiB or more unpacked (ZIP64)")]
    HugeFile(String),
    /// A file declares more than [`MAX_XLSX_UNPACKED_BYTES`] unpacked.
    #[error(
        "`{member}` in it unpacks to {size} bytes, over the limit of {MAX_XLSX_UNPACKED_BYTES}"
    )]
    FileTooBig {
        /// The file's name in the archive.
        member: String,
        /// Its declared unpacked size.
        size: u64,
    },
    /// The files declare more than [`MAX_XLSX_UNPACKED_BYTES`] in all.
    #[error("it unpacks to {0} bytes, over the limit of {MAX_XLSX_UNPACKED_BYTES}")]
    TooBig(u64),
    /// A shared-string table cannot be unpacked, or has no `sst` root.
    #[error("its shared-string table `{0}` is damaged")]
    SharedStringsDamaged(String),
    /// A shared-string table declares more than [`MAX_XLSX_SHARED_STRINGS`].
    #[error(
        "its shared-string table declares {0} strings, over the limit of {MAX_XLSX_SHARED_STRINGS}"
    )]
    TooManySharedStrings(u64),
}

impl Refusal {
    /// What to do about it.
    pub fn hint(&self) -> &'static str {
        match self {
            Refusal::NotZip => {
                "save the roster from Excel as .xlsx (Excel Workbook), or as CSV UTF-8"
            }
            Refusal::Damaged | Refusal::SharedStringsDamaged(_) => {
                "open it in Excel and save it again, or save the sheet as CSV UTF-8"
            }
            Refusal::Zip64
            | Refusal::TooManyFiles(_)
            | Refusal::HugeFile(_)
            | Refusal::FileTooBig { .. }
            | Refusal::TooBig(_) => {
                "a roster workbook is a few megabytes: save the sheet alone, or as CSV UTF-8"
            }
            Refusal::TooManySharedStrings(_) => {
                "a roster has at most a few million distinct texts: save the sheet again, or as CSV UTF-8"
            }
        }
    }
}

/// Checks the sizes an archive's zip directory declares, and the string
/// count its shared-string tables declare, against the limits.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let mut archive =
        ZipIterable::try_new(Cursor::new(bytes), Config::default()).map_err(|err| match err {
            ZipError::InvalidArchive(message) if message == NO_DIRECTORY => Refusal::NotZip,
            _ => Refusal::Damaged,
        })?;
    let files = archive.len();
    if files >= usize::from(u16::MAX) {
        return Err(Refusal::Zip64);
    }
    if files > MAX_XLSX_ENTRIES {
        return Err(Refusal::TooManyFiles(files));
    }
    let entries = archive.files().map_err(|_| Refusal::Damaged)?;
    let mut unpacked: u64 = 0;
    while let Some(entry) = entries.next() {
        let entry = entry.map_err(|_| Refusal::Damaged)?;
        let member = String::from_utf8_lossy(entry.name_raw()).into_owned();
        let size = entry.size();
        if size >= u64::from(u32::MAX) {
            return Err(Refusal::HugeFile(member));
        }
        if size > MAX_XLSX_UNPACKED_BYTES {
            return Err(Refusal::FileTooBig { member, size });
        }
        if member.to_ascii_lowercase().ends_with("sharedstrings.xml") {
            check_shared_strings(entry, entries.reader_mut(), &member)?;
        }
        unpacked += size;
    }
    if unpacked > MAX_XLSX_UNPACKED_BYTES {
        return Err(Refusal::TooBig(unpacked));
    }
    Ok(())
}

/// Unpacks the head of one shared-string table and checks the count its
/// root element declares.
fn check_shared_strings(
    entry: ZipFileEntry<'_>,
    reader: &mut Cursor<&[u8]>,
    member: &str,
) -> Result<(), Refusal> {
    let damaged = || Refusal::SharedStringsDamaged(member.to_string());
    // Excel stores or deflates; anything else is no workbook calamine reads.
    if !matches!(
        entry.compression(),
        CompressionMethod::Stored | CompressionMethod::Deflated
    ) {
        return Err(damaged());
    }
    let file = entry
        .with_reader(reader, ZipReadOptions::new())
        .map_err(|_| damaged())?;
    let mut head = Vec::new();
    // A stream cut short (or failing its checksum at the end) still gives
    // what it decoded, as a truncated file would: the root is near the start.
    if file
        .take(SHARED_STRINGS_HEAD)
        .read_to_end(&mut head)
        .is_err()
        && head.is_empty()
    {
        return Err(damaged());
    }
    match declared_unique_count(&head) {
        Declared::Count(count) if count > MAX_XLSX_SHARED_STRINGS => {
            Err(Refusal::TooManySharedStrings(count))
        }
        Declared::Count(_) | Declared::Unreadable => Ok(()),
        Declared::NoRoot => Err(damaged()),
    }
}

/// What the root tag of a shared-string table declares.
#[derive(Debug, PartialEq, Eq)]
enum Declared {
    /// `uniqueCount` as calamine reads it (digits, leading zeros skipped),
    /// saturating at `u64::MAX`.
    Count(u64),
    /// No `uniqueCount`, or one calamine does not read as a number (so it sizes nothing).
    Unreadable,
    /// The head holds no `sst` root element where calamine would find it.
    NoRoot,
}

/// Finds the first element of an XML text (after its declaration, comments,
/// processing instructions and a doctype): it must be `sst` (any prefix), and
/// its `uniqueCount` attribute is returned.
fn declared_unique_count(head: &[u8]) -> Declared {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    // The head may end inside a character, and a damaged table may hold bytes
    // that are not UTF-8: they are not what is looked for here (calamine
    // reports them), so they become U+FFFD rather than hiding the root.
    let text = String::from_utf8_lossy(head);
    let mut reader = Reader::from_str(&text);
    loop {
        match reader.read_event() {
            Ok(Event::Decl(_) | Event::PI(_) | Event::Comment(_) | Event::DocType(_)) => {}
            Ok(Event::Text(blank)) if blank.trim_ascii().is_empty() => {}
            Ok(Event::Start(root) | Event::Empty(root)) => return root_count(&root),
            // Text, an end tag, the end of the head or malformed XML before
            // any element: no root where calamine would look.
            _ => return Declared::NoRoot,
        }
    }
}

/// The `uniqueCount` of a root element, when it is an `sst` element.
fn root_count(root: &BytesStart<'_>) -> Declared {
    if root.local_name().as_ref() != "sst" {
        return Declared::NoRoot;
    }
    for attribute in root.attributes() {
        let Ok(attribute) = attribute else {
            return Declared::Unreadable;
        };
        if attribute.key.as_ref() != "uniqueCount" {
            continue;
        }
        let value = attribute.value.as_bytes();
        if value.is_empty() || !value.iter().all(u8::is_ascii_digit) {
            return Declared::Unreadable;
        }
        let count = value.iter().fold(0u64, |n, d| {
            n.saturating_mul(10).saturating_add(u64::from(d - b'0'))
        });
        return Declared::Count(count);
    }
    Declared::Unreadable
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use zip::write::SimpleFileOptions;

    use super::*;

    /// A zip archive of `files` (name, contents), each stored or deflated.
    fn archive(files: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
        let mut writer = zip::ZipWriter::new(Cursor::new(Vec::new()));
        let options = SimpleFileOptions::default().compression_method(method);
        for (name, contents) in files {
            writer.start_file(*name, options).unwrap();
            writer.write_all(contents).unwrap();
        }
        writer.finish().unwrap().into_inner()
    }

    #[test]
    fn the_root_tag_declares_the_count() {
        let decl = |text: &str| declared_unique_count(text.as_bytes());
        assert_eq!(
            decl("<?xml version=\"1.0\"?>\n<sst xmlns=\"m\" count=\"9\" uniqueCount=\"7\">"),
            Declared::Count(7)
        );
        assert_eq!(decl("\u{FEFF}<sst uniqueCount=\"7\"/>"), Declared::Count(7));
        assert_eq!(decl("<x:sst uniqueCount='0042'>"), Declared::Count(42));
        assert_eq!(
            decl("<!-- <sst uniqueCount=\"1\"> --><sst uniqueCount=\"99999999999999999999999\">"),
            Declared::Count(u64::MAX)
        );
        assert_eq!(decl("<sst count=\"3\">"), Declared::Unreadable);
        assert_eq!(decl("<sst uniqueCount=\"+5\">"), Declared::Unreadable);
        assert_eq!(decl("<sst uniqueCount=\"1e9\">"), Declared::Unreadable);
        assert_eq!(decl("<other><sst uniqueCount=\"1\">"), Declared::NoRoot);
        assert_eq!(decl("<sst uniqueCount=\"1\""), Declared::NoRoot);
        assert_eq!(decl("junk"), Declared::NoRoot);
        assert_eq!(decl("<!-- never closed"), Declared::NoRoot);
        assert_eq!(decl(""), Declared::NoRoot);
    }

    #[test]
    fn bytes_that_are_not_utf8_do_not_hide_the_root() {
        let mut head = "<sst uniqueCount=\"3\"><si><t>王".as_bytes().to_vec();
        head.pop();
        assert_eq!(declared_unique_count(&head), Declared::Count(3));
        let head = b"<?xml version=\"1.0\" encoding=\"\xFF\"?><sst uniqueCount=\"4\">";
        assert_eq!(declared_unique_count(head), Declared::Count(4));
    }

    #[test]
    fn shared_string_counts_are_checked_stored_or_deflated() {
        let huge = b"<sst uniqueCount=\"1000000000000\"><si><t>a</t></si></sst>";
        let fine = b"<sst uniqueCount=\"1\"><si><t>a</t></si></sst>";
        for method in [CompressionMethod::Stored, CompressionMethod::Deflated] {
            let bytes = archive(&[("xl/sharedStrings.xml", huge)], method);
            assert!(
                matches!(
                    check(&bytes),
                    Err(Refusal::TooManySharedStrings(1_000_000_000_000))
                ),
                "{method:?}"
            );
            let bytes = archive(&[("xl/sharedStrings.xml", fine)], method);
            assert!(check(&bytes).is_ok(), "{method:?}");
            let bytes = archive(&[("xl/sharedStrings.xml", b"junk")], method);
            assert!(
                matches!(check(&bytes), Err(Refusal::SharedStringsDamaged(_))),
                "{method:?}"
            );
        }
    }

    #[test]
    fn too_many_files_are_refused_from_the_directory() {
        let names: Vec<String> = (0..=MAX_XLSX_ENTRIES).map(|i| format!("f{i}")).collect();
        let files: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b""[..])).collect();
        let bytes = archive(&files, CompressionMethod::Stored);
        assert!(matches!(
            check(&bytes),
            Err(Refusal::TooManyFiles(n)) if n == MAX_XLSX_ENTRIES + 1
        ));
    }

    #[test]
    fn non_archives_and_damaged_directories_are_told_apart() {
        for bytes in [&b""[..], b"PK", b"id,name\n1,Li\n"] {
            assert!(matches!(check(bytes), Err(Refusal::NotZip)), "{bytes:?}");
        }
        let mut bytes = archive(&[("a.xml", b"<a/>")], CompressionMethod::Stored);
        // The directory entry's signature, PK\x01\x02, made wrong.
        let at = bytes.windows(4).position(|w| w == b"PK\x01\x02").unwrap();
        bytes[at + 3] = 0x09;
        assert!(
            matches!(check(&bytes), Err(Refusal::Damaged)),
            "{:?}",
            check(&bytes)
        );
    }
}
