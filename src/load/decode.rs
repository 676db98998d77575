//! Bytes → text, as every article file is read first.

use crate::config::LoadOptions;

/// Bytes → text: BOM dropped, UTF-8 checked (or the fallback encoding used),
/// line endings made LF, control characters other than tab and newline
/// removed (they cannot appear in XML). `Err` carries a line and a message.
pub(crate) fn decode(bytes: &[u8], options: &LoadOptions) -> Result<String, (Option<usize>, String)> {
    let file = bytes;
    let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
    let bytes = &bytes[bom..];
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err((None, "is empty; write the article or delete the file".into()));
    }
    // Offsets and lines are those of the file: the BOM counts, and so does
    // every line break, whether LF, CRLF or a lone CR.
    let line_at = |offset: usize| line_of_offset(file, offset + bom);
    if let Some(offset) = bytes.iter().position(|&b| b == 0) {
        return Err((
            Some(line_at(offset)),
            format!("has a NUL byte at byte {offset}: it is binary or UTF-16, not UTF-8 text; re-encode it as UTF-8"),
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(text) => std::borrow::Cow::Borrowed(text),
        Err(e) => match options.fallback_encoding {
            Some(encoding) => encoding.decode_without_bom_handling(bytes).0,
            None => {
                let offset = e.valid_up_to();
                return Err((
                    Some(line_at(offset)),
                    format!(
                        "is not valid UTF-8: byte 0x{:02X} at offset {} (line {}); re-encode the file as UTF-8, or set fallback_encoding = \"windows-1252\" under [load] in site.toml to read such files in that encoding",
                        bytes[offset],
                        offset + bom,
                        line_at(offset)
                    ),
                ));
            }
        },
    };
    if text.trim().is_empty() {
        return Err((None, "is empty; write the article or delete the file".into()));
    }
    let needs_cleaning = text.bytes().any(|b| b == b'\r' || (b < 0x20 && b != b'\n' && b != b'\t') || b == 0x7F);
    if !needs_cleaning {
        return Ok(text.into_owned());
    }
    let text = text.replace("\r\n", "\n").replace('\r', "\n");
    let text: String = text.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect();
    Ok(text)
}

/// 1-based line of a byte offset, counting LF, CRLF and lone CR as breaks.
pub(crate) fn line_of_offset(bytes: &[u8], offset: usize) -> usize {
    let head = &bytes[..offset.min(bytes.len())];
    let mut line = 1;
    for (i, &b) in head.iter().enumerate() {
        if b == b'\n' || (b == b'\r' && head.get(i + 1) != Some(&b'\n')) {
            line += 1;
        }
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_reports_bad_bytes_with_line() {
        let (line, message) = decode(b"ok\nbad \xff here\n", &LoadOptions::default()).unwrap_err();
        assert_eq!(line, Some(2));
        assert!(message.contains("offset 7") && message.contains("fallback_encoding"), "{message}");
        let latin1 = LoadOptions { fallback_encoding: Some(encoding_rs::WINDOWS_1252), ..LoadOptions::default() };
        assert_eq!(decode(b"caf\xe9\r\n", &latin1).unwrap(), "café\n");
    }
}
