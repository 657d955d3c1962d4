//! What `[roster]` asks to be read, taken from the document tree before it is
//! decoded: the roster's text must join the source map before any span into
//! it is resolved.

use crate::diagnostic::Span;
use crate::scenario::encoding::Encoding;
use crate::scenario::node;

/// What `[roster]` asks to be read, taken from the document tree before
/// decoding starts (the file must join the source map first).
#[derive(Debug, Clone)]
pub struct Request {
    /// `file`, as written.
    pub file: String,
    /// Where `file` is written, for problems with the file as a whole.
    pub span: Span,
    /// `encoding`, when it names a known encoding.
    pub encoding: Encoding,
    /// `sheet` and where it is written.
    #[cfg_attr(
        not(feature = "xlsx"),
        allow(dead_code, reason = "read by the xlsx reader")
    )]
    pub sheet: Option<(String, Span)>,
}

/// The roster `[roster] file` names, when it is a plain string. `None` also
/// when `encoding` or `sheet` is malformed: that is reported when the table
/// is decoded, and reading the file the wrong way would only add noise.
pub fn request(doc: &node::Table) -> Option<Request> {
    let node::Value::Table(roster) = &doc.get("roster")?.value else {
        return None;
    };
    let file = roster.get("file")?;
    let node::Value::Str(name) = &file.value else {
        return None;
    };
    let encoding = match roster.get("encoding").map(|n| &n.value) {
        None => Encoding::Auto,
        Some(node::Value::Str(text)) => Encoding::parse(text)?,
        Some(_) => return None,
    };
    let sheet = match roster.get("sheet") {
        None => None,
        Some(node) => match &node.value {
            node::Value::Str(text) => Some((text.clone(), node.span)),
            _ => return None,
        },
    };
    Some(Request {
        file: name.clone(),
        span: file.span,
        encoding,
        sheet,
    })
}
