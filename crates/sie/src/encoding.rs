//! Turning the file's bytes into text: codepage 437 as the specification says, UTF-8 as some
//! programs write anyway, and a clear refusal for encodings that would garble å, ä and ö.

use std::borrow::Cow;

use oem_cp::code_table::{DECODING_TABLE_CP437, ENCODING_TABLE_CP437};

use crate::diag::Diagnostic;
use crate::model::Encoding;

/// The file's text encoding, and its bytes without a UTF-8 byte-order mark. See [`decode`] for
/// how the encoding is told and which are refused; the lines are decoded one by one with [`line`].
pub(crate) fn detect(bytes: &[u8]) -> Result<(&[u8], Encoding), Diagnostic> {
    Ok(match decode_kind(bytes)? {
        Kind::Utf8(t) => (t, Encoding::Utf8),
        Kind::Ascii(t) | Kind::Cp437(t) => (t, Encoding::Cp437),
    })
}

/// One line's text: borrowed when it is ASCII or UTF-8, decoded from codepage 437 otherwise.
pub(crate) fn line(raw: &[u8], encoding: Encoding) -> Cow<'_, str> {
    match std::str::from_utf8(raw) {
        Ok(t) if encoding == Encoding::Utf8 || t.is_ascii() => Cow::Borrowed(t),
        _ if encoding == Encoding::Utf8 => String::from_utf8_lossy(raw),
        _ => Cow::Owned(decode_cp437(raw)),
    }
}

enum Kind<'a> {
    Ascii(&'a [u8]),
    Utf8(&'a [u8]),
    Cp437(&'a [u8]),
}

fn decode_kind(bytes: &[u8]) -> Result<Kind<'_>, Diagnostic> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(Diagnostic::new(
            0,
            "filen är skriven i UTF-16, som SIE inte använder. Exportera den på nytt med \
             teckenkodningen PC8 (IBM 437).",
        ));
    }
    if let Some(pos) = memchr::memchr(0, bytes) {
        return Err(Diagnostic::new(
            line_of(bytes, pos),
            "filen innehåller binära data (en nollbyte) och är ingen SIE-fil som text. \
             Kontrollera att du valt rätt fil.",
        ));
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if let Ok(text) = std::str::from_utf8(bytes) {
        return Ok(if text.is_ascii() {
            Kind::Ascii(bytes)
        } else {
            Kind::Utf8(bytes)
        });
    }
    if let Some(pos) = latin1_letter(bytes) {
        return Err(Diagnostic::new(
            line_of(bytes, pos),
            format!(
                "tecknet med byte {:#04X} är \"{}\" i Windows-1252/ISO 8859-1, men SIE-filer ska \
                 vara skrivna i PC8 (IBM 437), där det blir \"{}\". Exportera filen på nytt med \
                 teckenkodningen PC8 så att å, ä och ö blir rätt.",
                bytes[pos],
                char::from(bytes[pos]),
                decode_byte(bytes[pos])
            ),
        ));
    }
    Ok(Kind::Cp437(bytes))
}

/// Decodes the whole file (the tests' view of it). UTF-8 is recognised by being valid UTF-8 with at least one non-ASCII
/// character (codepage-437 text with å, ä or ö is never valid UTF-8); everything else is read as
/// codepage 437, unless it looks like Windows-1252 or UTF-16, which are refused.
#[cfg(test)]
pub(crate) fn decode(bytes: &[u8]) -> Result<(Cow<'_, str>, Encoding), Diagnostic> {
    Ok(match decode_kind(bytes)? {
        Kind::Ascii(t) => (String::from_utf8_lossy(t), Encoding::Cp437),
        Kind::Utf8(t) => (String::from_utf8_lossy(t), Encoding::Utf8),
        Kind::Cp437(t) => (Cow::Owned(decode_cp437(t)), Encoding::Cp437),
    })
}

/// Codepage 437 to text. Runs of ASCII, nearly all of a file, are copied as they are.
fn decode_cp437(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len() + bytes.len() / 64);
    let mut rest = bytes;
    while !rest.is_empty() {
        let ascii = rest.iter().position(|&b| b >= 0x80).unwrap_or(rest.len());
        // An ASCII run is valid UTF-8; the fallback is never taken.
        out.push_str(std::str::from_utf8(&rest[..ascii]).unwrap_or_default());
        if let Some(&b) = rest.get(ascii) {
            out.push(decode_byte(b));
            rest = &rest[ascii + 1..];
        } else {
            rest = &[];
        }
    }
    out
}

fn decode_byte(b: u8) -> char {
    oem_cp::decode_char_complete_table(b, &DECODING_TABLE_CP437)
}

/// The first byte that is a Swedish letter in Windows-1252 when the file has no Swedish letter
/// in codepage 437: such a file was written in the wrong encoding.
fn latin1_letter(bytes: &[u8]) -> Option<usize> {
    const LATIN1: [u8; 6] = [0xE5, 0xE4, 0xF6, 0xC5, 0xC4, 0xD6];
    const CP437: [u8; 6] = [0x86, 0x84, 0x94, 0x8F, 0x8E, 0x99];
    if bytes.iter().any(|b| CP437.contains(b)) {
        return None;
    }
    bytes.iter().position(|b| LATIN1.contains(b))
}

/// The 1-based line of a byte offset.
pub(crate) fn line_of(bytes: &[u8], pos: usize) -> u32 {
    let newlines = bytes[..pos.min(bytes.len())]
        .iter()
        .filter(|&&b| b == b'\n')
        .count();
    u32::try_from(newlines.saturating_add(1)).unwrap_or(u32::MAX)
}

/// Feeds text to the checksum in the bytes the file had: codepage 437 or UTF-8.
pub(crate) fn feed(hasher: &mut crc32fast::Hasher, text: &str, encoding: Encoding) {
    match encoding {
        Encoding::Utf8 => hasher.update(text.as_bytes()),
        Encoding::Cp437 => {
            if text.is_ascii() {
                hasher.update(text.as_bytes());
            } else {
                for c in text.chars() {
                    let b = oem_cp::encode_char_checked(c, &ENCODING_TABLE_CP437).unwrap_or(b'?');
                    hasher.update(&[b]);
                }
            }
        }
    }
}

/// Encodes text for writing a codepage-437 file; characters 437 lacks become `?`.
pub fn encode_cp437(text: &str) -> Vec<u8> {
    oem_cp::encode_string_lossy(text, &ENCODING_TABLE_CP437)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_codepage_437() {
        let (text, enc) = decode(b"#FNAMN \"\x99vningsbolaget \x86\x84\x94\"").unwrap();
        assert_eq!(text, "#FNAMN \"Övningsbolaget åäö\"");
        assert_eq!(enc, Encoding::Cp437);
        assert_eq!(encode_cp437("Åäö"), vec![0x8F, 0x84, 0x94]);
    }

    #[test]
    fn every_byte_decodes_as_the_table_says() {
        let all: Vec<u8> = (1..=255).collect();
        assert_eq!(
            decode_cp437(&all),
            oem_cp::decode_string_complete_table(&all, &DECODING_TABLE_CP437)
        );
    }

    #[test]
    fn reads_utf8_and_drops_the_bom() {
        let (text, enc) = decode("\u{feff}#FNAMN \"Åre\"".as_bytes()).unwrap();
        assert_eq!(text, "#FNAMN \"Åre\"");
        assert_eq!(enc, Encoding::Utf8);
    }

    #[test]
    fn refuses_windows_1252_with_its_line() {
        let err = decode(b"#FLAGGA 0\n#FNAMN \"G\xF6teborg\"\n").unwrap_err();
        assert_eq!(err.line, 2);
        assert!(err.message.contains("PC8"), "{}", err.message);
    }

    #[test]
    fn refuses_utf16_and_binary() {
        assert!(
            decode(&[0xFF, 0xFE, b'#', 0])
                .unwrap_err()
                .message
                .contains("UTF-16")
        );
        assert!(decode(b"#FLAGGA\0").unwrap_err().message.contains("binära"));
    }
}
